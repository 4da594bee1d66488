"""Chromium for the exports: which browser prints, how every session of it is confined, and the
one error a missing or failing browser gives.

Every page the engine opens in Chromium (the PDFs, and any picture of a slide an export takes)
gets its browser context from confined_context: it may read the files of the one folder it was
given (the staging folder) and nothing else, neither another file:// URL (/etc/passwd in a frame)
nor any network address, refused by the browser itself whatever the page asks. run() drives such
a session on a thread of its own, so Ctrl+C stops it at once.

Only the standard library at import: build.py imports this module on every run to catch
BrowserError, so it must cost nothing at start-up. Playwright is imported only when a browser runs.
"""
from __future__ import annotations

import os
import shutil
import threading
from contextlib import asynccontextmanager
from pathlib import Path

# Searched in this order after the CHROME environment variable. Chromium's headless shell first: the
# same Blink and Skia without the browser around them, it loads and paints a deck for a third of the
# full browser's CPU (eight loads of the real deck: 3.4 core-seconds against 9.9).
CANDIDATES = ("chromium-headless-shell", "chrome-headless-shell", "chromium", "chromium-browser", "google-chrome")

# The print session's device pixels per CSS pixel: the PowerPoint file's pictures are taken at
# twice the CSS pixels, and a contact sheet is painted at the same scale wherever it is made, so
# Chromium's rasteriser draws the same bytes in a build and in `build.py sheet`.
PRINT_SCALE = 2

# Headless printing on a build machine or CI: no sandbox (often root in a container), no GPU, and
# nothing that phones home (updates, sync, field trials): the deck itself never touches the network.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage",
        # No host name resolves (not even a DNS prefetch can leave), and WebRTC sends nothing
        # outside a proxy, of which there is none: a second wall behind confined_context's.
        "--host-resolver-rules=MAP * ~NOTFOUND", "--force-webrtc-ip-handling-policy=disable_non_proxied_udp"]

INSTALL_HINT = ("install it with 'sudo apt-get install chromium-headless-shell' (Debian; 'make deck' does "
                "this when run as root), 'sudo apt-get install chromium' (Ubuntu) or 'brew install --cask "
                "chromium' (macOS), or set CHROME to a Chromium or Chrome binary; the build with --no-pdf "
                "makes everything but the PDFs")


class BrowserError(Exception):
    """The PDFs cannot be printed (no browser, or the browser failed); dist/ is left as it was."""


class ChromiumNotFound(BrowserError):
    pass


def in_browser(work, what: str, viewport: dict | None = None, folder: Path | None = None, scale: float = 1):
    """`await work(context)` in a headless Chromium of its own, closed afterwards; what it returns.

    The context may load `folder`'s files and nothing else, and without a folder nothing at all
    (confined_context): a page set from a string (a plot) needs no request. `scale`: its device
    pixels per CSS pixel.
    A browser that fails is a BrowserError saying what could not be done (`what`); Playwright is
    imported here, only when a browser is needed; Ctrl+C stops the session (run).
    """
    async def session():
        from playwright.async_api import Error as PlaywrightError

        try:
            async with launched(find_chromium()) as browser:
                context = await confined_context(browser, folder, viewport=viewport, device_scale_factor=scale)
                return await work(context)
        except PlaywrightError as error:
            raise BrowserError(f"Chromium could not {what}: {str(error).splitlines()[0]}") from None

    return run(session())


def find_chromium(environ: os._Environ | dict | None = None) -> str:
    """The browser to print with: $CHROME, then the first of CANDIDATES on PATH."""
    environ = os.environ if environ is None else environ
    chosen = environ.get("CHROME")
    if chosen:
        path = shutil.which(chosen, path=environ.get("PATH"))
        if path is None:
            raise ChromiumNotFound(f"CHROME is set to '{chosen}', which is not an executable file; "
                                   f"fix or unset it, or {INSTALL_HINT}")
        return path
    for name in CANDIDATES:
        path = shutil.which(name, path=environ.get("PATH"))
        if path is not None:
            return str(Path(path))
    raise ChromiumNotFound(f"no Chromium found to print the PDFs (looked for $CHROME, then "
                           f"{', '.join(CANDIDATES)} on PATH): {INSTALL_HINT}")


async def confined_context(browser, folder: Path | None, **options):
    """A new browser context whose pages may load the files inside folder (with None: no file)
    and nothing else.

    Every request (documents, frames, images, styles, fonts, fetches) outside folder is aborted,
    every WebSocket closed, before it leaves the browser; the refused addresses are kept on the
    context as `refused` (a page that asks for them is not the engine's).
    """
    from urllib.parse import unquote, urlsplit

    inside = folder.resolve() if folder is not None else None
    context = await browser.new_context(**options)
    context.refused = []

    def allowed(url: str) -> bool:
        parts = urlsplit(url)
        if inside is None or parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        try:
            return Path(unquote(parts.path)).resolve().is_relative_to(inside)
        except (OSError, RuntimeError, ValueError):
            return False

    async def guard(route):
        if allowed(route.request.url):
            await route.continue_()
        else:
            context.refused.append(route.request.url)
            await route.abort("blockedbyclient")

    async def no_socket(socket_route):
        context.refused.append(socket_route.url)
        await socket_route.close()

    await context.route(_outside_or_unsure(inside), guard)
    await context.route_web_socket("**/*", no_socket)
    return context


def _outside_or_unsure(inside: Path | None):
    """The addresses confined_context's guard must judge: all of them, but for a file plainly inside
    the folder, which Playwright's driver lets through itself (the deck's 17 files: no round trip
    through this process each, while the page waits to be laid out).

    Plainly inside: the folder's own address, then names of letters, digits and `._~-` that do not
    start with a dot (so no '..', nothing escaped), and only while the folder holds no symbolic
    link (any link, and the guard judges every address: it resolves where a link leads)."""
    import re

    if inside is None or any(path.is_symlink() for path in inside.rglob("*")):
        return "**/*"
    name = r"[A-Za-z0-9_~-][A-Za-z0-9._~-]*"
    # JavaScript reads the pattern too (the driver matches it): only syntax both languages share.
    return re.compile(r"^(?!" + re.escape(inside.as_uri() + "/") + rf"(?:{name}/)*{name}(?:[?#][\s\S]*)?$)")


async def present(page, deck_url: str, viewport: dict) -> None:
    """The deck at deck_url in its presenting view on `page`, at viewport's size, ready to be
    photographed: reveal.js set up, its fonts loaded, and no motion (a transition caught half-way
    would differ from build to build)."""
    await page.set_viewport_size(viewport)
    await page.emulate_media(reduced_motion="reduce")
    await page.goto(deck_url, wait_until="load")
    await page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    await page.evaluate("() => document.fonts.ready.then(() => true)")


# The first element `selector` finds, brought into view, and the whole CSS pixels around its box in the
# document's coordinates (as Playwright rounds an element's screenshot): the clip Chromium's own
# screenshot takes.
ELEMENT_CLIP = """(selector) => {
  const element = document.querySelector(selector);
  element.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  const box = element.getBoundingClientRect();
  const x = Math.floor(box.left + 1e-3), y = Math.floor(box.top + 1e-3);
  return { x: x + window.scrollX, y: y + window.scrollY,
           width: Math.ceil(box.right - 1e-3) - x, height: Math.ceil(box.bottom - 1e-3) - y };
}"""


async def element_screenshot(page, devtools, selector: str, scale: float = PRINT_SCALE) -> bytes:
    """A PNG of the element at `selector` on `page` as it is drawn, `scale` device pixels to a CSS
    pixel, taken by Chromium itself through `devtools` (the page's CDP session): Playwright's element
    screenshot waits for the element to hold still and for animations to stop on every call, where a
    laid-out page that no longer moves needs neither. The same pixels, byte for byte. Chromium sets
    the clip's scale for the shot and then drops the context's 2x: a page photographed so is used
    for nothing else after."""
    from base64 import b64decode

    clip = await page.evaluate(ELEMENT_CLIP, selector)
    taken = await devtools.send("Page.captureScreenshot", {"format": "png", "clip": {**clip, "scale": scale}})
    return b64decode(taken["data"])


def start_ahead() -> None:
    """Start the browser's thread now, and on it Playwright's driver (a Node process, about a third
    of a second) and Chromium, while this thread loads and renders the talk: the next run() takes
    them. A command that then prints nothing (its print kept, a mistake in the talk) just exits: the
    driver ends when its pipe closes, and closes its browser."""
    if _AHEAD.get("thread") is None:
        _AHEAD["thread"] = _BrowserThread(ahead=True)


def run(coroutine):
    """Run a browser session (a coroutine) on a thread with its own event loop, and return its
    result. This works whether or not the caller runs a loop already (a test's browser, serve).
    Ctrl+C cancels the session (its browser closes) instead of waiting for it to time out."""
    thread = _AHEAD.pop("thread", None) or _BrowserThread()
    return thread.run(coroutine)


@asynccontextmanager
async def launched(chromium: str):
    """Chromium (with ARGS) under Playwright's driver, both closed at the end: the ones start_ahead
    began on this session's thread, or started now (a failure then says what it always said)."""
    import asyncio

    from playwright.async_api import async_playwright

    ahead = _LAUNCHING.pop(asyncio.get_running_loop(), None)
    begun = await ahead if ahead is not None else None
    if begun is not None and begun[0] == chromium:
        _, manager, browser = begun
    else:
        if begun is not None:
            await _closed(begun)
        _node_compile_cache()
        manager = async_playwright()
        playwright = await manager.start()
        try:
            browser = await playwright.chromium.launch(executable_path=chromium, args=ARGS)
        except BaseException:
            await manager.__aexit__(None, None, None)
            raise
    try:
        yield browser
    finally:
        await _closed((chromium, manager, browser))


def _node_compile_cache() -> None:
    """Playwright's driver is a Node process that compiles the same JavaScript at every start: Node
    keeps the compiled code in the user's cache folder when NODE_COMPILE_CACHE names one (the
    driver's start, ~0.30 s -> ~0.25 s). A folder that cannot be made leaves Node as it was."""
    if "NODE_COMPILE_CACHE" in os.environ:
        return
    from .files import cache_folder

    folder = cache_folder("node")
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return
    os.environ["NODE_COMPILE_CACHE"] = str(folder)


async def _launch():
    """(chromium, Playwright's context manager, the browser), or None where either would not start:
    the session then starts them itself and says why not."""
    from playwright.async_api import async_playwright

    _node_compile_cache()
    manager = async_playwright()
    try:
        chromium = find_chromium()
        playwright = await manager.start()
    except Exception:
        return None
    try:
        return chromium, manager, await playwright.chromium.launch(executable_path=chromium, args=ARGS)
    except Exception:
        await manager.__aexit__(None, None, None)
        return None


async def _closed(begun) -> None:
    _, manager, browser = begun
    try:
        await browser.close()
    finally:
        await manager.__aexit__(None, None, None)


_AHEAD: dict = {}  # the thread start_ahead began, until a session takes it
_LAUNCHING: dict = {}  # a started-ahead loop -> its task starting the driver and Chromium


class _BrowserThread:
    """A thread with its own event loop that runs one browser session. Started ahead, it begins
    Playwright and Chromium at once and waits for the session to be handed over."""

    def __init__(self, ahead: bool = False):
        self.state: dict = {}
        self.started, self.done, self.waiting = threading.Event(), threading.Event(), threading.Event()
        self.ahead = ahead
        threading.Thread(target=self.work, name="browser", daemon=True).start()

    def report(self, loop, context):
        if not self.state.get("interrupted"):  # once stopped on purpose, what breaks then is expected
            loop.default_exception_handler(context)

    async def session(self):
        import asyncio

        loop = asyncio.get_running_loop()
        loop.set_exception_handler(self.report)
        given = loop.create_future()
        self.state["given"] = given
        if self.ahead:
            _LAUNCHING[loop] = asyncio.ensure_future(_launch())
        self.waiting.set()
        coroutine = await given
        self.state["task"] = asyncio.current_task()
        self.started.set()
        try:
            return await coroutine
        finally:
            launching = _LAUNCHING.pop(loop, None)
            if launching is not None and (begun := await launching) is not None:
                await _closed(begun)

    def work(self):
        import asyncio

        try:
            with asyncio.Runner() as runner:  # cancels what is left, closes the loop and its executor
                self.state["loop"] = runner.get_loop()
                self.state["result"] = runner.run(self.session())
        except BaseException as error:  # noqa: B036 - handed to the caller's thread as it is
            self.state["error"] = error
        finally:
            self.waiting.set()
            self.started.set()
            self.done.set()

    def run(self, coroutine):
        state = self.state
        self.waiting.wait()  # the loop runs and waits for its session
        if "given" in state:
            state["loop"].call_soon_threadsafe(state["given"].set_result, coroutine)
        try:
            while not self.done.wait(0.1):
                pass
        except KeyboardInterrupt:
            state["interrupted"] = True  # Ctrl+C in a terminal stops Playwright's driver too
            self.started.wait(5)
            if "task" in state and not self.done.is_set():
                state["loop"].call_soon_threadsafe(state["task"].cancel)
            self.done.wait(10)  # the browser closes; a session that will not end is left to the process's exit
            raise
        if "error" in state:
            raise state["error"]
        return state["result"]
