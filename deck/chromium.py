"""Chromium discovery: which browser prints the PDFs, and the one error a missing browser gives.

Only the standard library here: build.py imports this module on every run to catch BrowserError,
so it must cost nothing at start-up. Playwright is imported by deck/pdf.py, and only when PDFs
are printed.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

# Searched in this order after the CHROME environment variable.
CANDIDATES = ("chromium", "chromium-browser", "google-chrome")

# Headless printing on a build machine or CI: no sandbox (often root in a container), no GPU, and
# nothing that phones home (updates, sync, field trials): the deck itself never touches the network.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage"]

INSTALL_HINT = ("install it with 'sudo apt-get install chromium' (Debian, Ubuntu; 'make deck' does this "
                "when run as root) or 'brew install --cask chromium' (macOS), or set CHROME to a Chromium "
                "or Chrome binary; 'python build.py --no-pdf' builds everything but the PDFs")


class BrowserError(Exception):
    """The PDFs cannot be printed (no browser, or the browser failed); dist/ is left as it was."""


class ChromiumNotFound(BrowserError):
    pass


def in_browser(work, what: str, viewport: dict | None = None):
    """`await work(context)` in a headless Chromium of its own, closed afterwards; what it returns.

    A browser that fails is a BrowserError saying what could not be done (`what`); Playwright is
    imported here, only when a browser is needed.
    """
    import asyncio

    async def run():
        from playwright.async_api import Error as PlaywrightError
        from playwright.async_api import async_playwright

        try:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path=find_chromium(), args=ARGS)
                try:
                    return await work(await browser.new_context(viewport=viewport))
                finally:
                    await browser.close()
        except PlaywrightError as error:
            raise BrowserError(f"Chromium could not {what}: {str(error).splitlines()[0]}") from None

    return asyncio.run(run())


def find_chromium(environ: os._Environ | dict | None = None) -> str:
    """The browser to print with: $CHROME, then chromium, chromium-browser, google-chrome on PATH."""
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
