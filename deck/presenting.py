"""What the presenting window and `serve` tell each other while the talk is rehearsed or given.

    deck (present.js) --POST report--> Presenting --> Recorder (rehearsals/, deck/rehearsal.py)
                                                  --> Remote (what the phone shows, deck/remote.py)
    phone --POST go--> Remote --> Presenting.commands --Server-Sent Events--> deck: Reveal.next()

Everything here sits under /__live__/present/ on serve's own 127.0.0.1 server; server.py only
routes those paths here (and the build imports this module for WORDS alone, so the rest is
imported when serve first needs it). The words the speaker view and the phone show come from the
talk's language table (deck/labels/*.yaml), by the names in WORDS.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

PREFIX = "/__live__/present/"
SCRIPT = Path(__file__).resolve().parent / "present.js"
MAX_REPORT_BYTES = 4096
MAX_SLIDES = 100_000  # far beyond any deck; an index past it is not a report

# Every fixed word the speaker view's additions and the phone remote show: the name the scripts
# and the phone's page use, and its entry in the language table.
WORDS = {
    "pauseClock": "speaker_pause_clock",
    "resumeClock": "speaker_resume_clock",
    "clockPaused": "speaker_clock_paused",
    "remoteHeading": "remote_heading",
    "remoteHint": "remote_hint",
    "next": "remote_next",
    "previous": "remote_previous",
    "nextUp": "remote_next_up",
    "end": "remote_end",
    "notes": "remote_notes",
    "elapsed": "remote_elapsed",
    "paused": "remote_paused",
    "waiting": "remote_waiting",
    "lost": "remote_lost",
    "remoteTitle": "remote_title",
    # reveal's speaker view, in the talk's language (static/speaker.js writes them into it)
    "upcoming": "speaker_upcoming",
    "time": "speaker_time",
    "reset": "speaker_reset",
    "pacing": "speaker_pacing",
    "secondsLeft": "speaker_seconds_left",  # a timed edition's slide, as it advances by itself
    "fellBehind": "speaker_fell_behind",  # ...and moved on before the speaker said done with it (serve)
    "speakerNotes": "speaker_notes",
    "layout": "speaker_layout",
    "layoutDefault": "speaker_layout_default",
    "layoutWide": "speaker_layout_wide",
    "layoutTall": "speaker_layout_tall",
    "layoutNotesOnly": "speaker_layout_notes_only",
}
# The ones the built deck itself needs (the speaker view's pause works without serve too).
SPEAKER_WORDS = ("pauseClock", "resumeClock", "clockPaused", "upcoming", "time", "reset", "pacing", "speakerNotes",
                 "layout", "layoutDefault", "layoutWide", "layoutTall", "layoutNotesOnly", "secondsLeft",
                 "fellBehind")


def words(labels, names=tuple(WORDS)) -> dict[str, str]:
    """The words by their scripts' names, in the talk's language (labels: the deck's Labels), as
    written: a script fills in a placeholder ({name}) itself."""
    return {name: labels.entries[WORDS[name]] for name in names}


def speaker_words(labels) -> dict[str, str]:
    return words(labels, SPEAKER_WORDS)


class Presenting:
    """serve's end of the presenting window: its reports, the log, and the phone's presses."""

    def __init__(self, root: Path, remote=None):
        from .rehearsal import Recorder
        from .web import Channel

        self.recorder = Recorder(root)
        self.remote = remote
        self.commands = Channel()  # the phone's presses, to every presenting window
        self._slides: list[dict] = []
        self._shown: dict | None = None  # the presenting window's last report
        self._refusal_said = False  # rehearsals/ leads out of the talk: said once, not at every slide
        if remote is not None:
            remote.on_press = self.press

    def planned(self, deck) -> None:
        """After each good build: the slides as they now are (titles, minutes, notes)."""
        from .rehearsal import PlannedSlide, edition_of

        self._slides = [{"id": slide.anchor, "title": slide.title, "notes": slide.notes} for slide in deck.slides]
        if self.remote is not None:  # the phone's page in the talk's language, as it now is
            self.remote.words = words(deck.labels)
            self.remote.language = deck.talk.language
        talk = deck.talk
        self.recorder.plan(talk.title, talk.slot_minutes - talk.questions_minutes,
                           [PlannedSlide(slide.anchor, slide.title, slide.seconds) for slide in deck.slides],
                           edition_of(deck), timed=bool(deck.edition and deck.edition.timed))
        self._tell_phone()

    def press(self, to: str) -> None:
        self.commands.publish("go", json.dumps({"to": to}))

    def stop(self, log) -> None:
        """serve stops: the phone's listener closes and the current run is written as it stands."""
        if self.remote is not None:
            self.remote.stop()
        saved = self.recorder.finish()
        if saved is not None:
            from .problems import display_path
            from .rehearsal import read_run

            run = read_run(saved, self.recorder.root)
            log(f"rehearsal saved: {display_path(saved, self.recorder.root)} ({run.status}, {len(run.slides)} slides, "
                f"{run.seconds / 60:.1f} min)")

    # -- HTTP, on serve's 127.0.0.1 server ---------------------------------------------------------

    def get(self, handler, path: str, body: bool = True) -> None:
        from .web import send, stream

        name = path[len(PREFIX):]
        if name == "present.js":
            return send(handler, 200, "text/javascript; charset=utf-8", SCRIPT.read_bytes(), body)
        if not _same_origin(handler):
            return send(handler, 403, "text/plain; charset=utf-8", b"Forbidden.\n", body)
        if name == "remote.json":  # null without --remote: the deck asks every time it loads
            info = None if self.remote is None else {"url": self.remote.url, "qr": self.remote.qr_svg(),
                                                     "words": self.remote.words}
            return send(handler, 200, "application/json", json.dumps(info).encode(), body)
        if name == "commands" and self.remote is not None and body:
            return stream(handler, self.commands.events())
        return send(handler, 404, "text/plain; charset=utf-8", b"Not found.\n", body)

    def post(self, handler, path: str) -> None:
        from .web import send

        kind = (handler.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if path != PREFIX + "report" or not _same_origin(handler) or kind != "application/json":
            handler.close_connection = True
            return send(handler, 403, "text/plain; charset=utf-8", b"Forbidden.\n")
        length = (handler.headers.get("Content-Length") or "").strip()
        if not length.isdecimal() or int(length) == 0:  # 'abc', '-1', '1e3': no body can be read by it
            handler.close_connection = True
            return send(handler, 400, "text/plain; charset=utf-8", b"Expected a Content-Length.\n")
        if int(length) > MAX_REPORT_BYTES:
            handler.close_connection = True
            return send(handler, 413, "text/plain; charset=utf-8", b"Too large.\n")
        report = _report(handler.rfile.read(int(length)))
        if report is None:
            return send(handler, 400, "text/plain; charset=utf-8", b"Expected {slide, index, counting}.\n")
        slide, index, counting, done = report
        self.recorder.report(slide, index, counting)
        if done is not None:
            self.recorder.done(*done)
        if self.recorder.refused is not None and not self._refusal_said:
            self._refusal_said = True
            print(self.recorder.refused, file=sys.stderr, flush=True)
        self._shown = {"slide": slide, "index": index}
        self._tell_phone()
        send(handler, 204, "text/plain", b"")

    # -- what the phone shows ----------------------------------------------------------------------

    def phone_state(self) -> dict:
        elapsed, counting = self.recorder.current()
        state = {"connected": self._shown is not None, "elapsed": round(elapsed, 1), "counting": counting,
                 "total": len(self._slides)}
        if self._shown is not None and self._slides:
            index = next((i for i, slide in enumerate(self._slides) if slide["id"] == self._shown["slide"]),
                         min(self._shown["index"], len(self._slides) - 1))
            slide = self._slides[index]
            following = self._slides[index + 1] if index + 1 < len(self._slides) else None
            state.update(number=index + 1, title=slide["title"], next=following["title"] if following else None,
                         notes=[" ".join(block.split()) for block in slide["notes"].split("\n\n") if block.strip()])
        return state

    def _tell_phone(self) -> None:
        if self.remote is not None:
            self.remote.show(json.dumps(self.phone_state()))


def _report(body: bytes) -> tuple[str, int, bool, tuple[str, float] | None] | None:
    """The presenting window's report {slide, index, counting} (a timed deck's also says when the
    speaker was done with a slide: done {slide, early}), or None when it is not one: the index a
    whole number a deck can have (not 1e400, not true), counting true or false, early finite seconds."""
    try:
        report = json.loads(body)
        slide, index, counting = report["slide"], report["index"], report["counting"]
        done = report.get("done")
        if done is not None:
            done = (done["slide"], done["early"])
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None
    if (not isinstance(slide, str) or isinstance(index, bool) or not isinstance(index, int)
            or not 0 <= index <= MAX_SLIDES or not isinstance(counting, bool)):
        return None
    if done is not None and (not isinstance(done[0], str) or isinstance(done[1], bool)
                             or not isinstance(done[1], (int, float)) or not abs(done[1]) <= MAX_SLIDES):
        return None
    return slide[:200], index, counting, (None if done is None else (done[0][:200], float(done[1])))


def _same_origin(handler) -> bool:
    """Only the deck's own pages may report or listen: a page elsewhere in the browser may not.

    Browsers name the requesting page's origin (Origin, Sec-Fetch-Site); a request without them
    comes from a program on this machine, which could read the deck's files anyway.
    """
    site = handler.headers.get("Sec-Fetch-Site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = handler.headers.get("Origin")
    if origin is None:
        return True
    host = handler.headers.get("Host") or ""
    parts = urlsplit(origin)
    return parts.scheme == "http" and parts.netloc == host


def start(rebuilder, server, remote: bool, log) -> Presenting | None:
    """serve has started: log the presenting window's runs, and with --remote listen for the phone."""
    phone = None
    if remote:
        from .remote import Remote, network_address

        host = network_address()
        if host is None:
            print("--remote: this machine has no address on a local network; join the network the phone is on",
                  file=sys.stderr)
            return None
        port = server.server_address[1]
        try:
            from .language import Labels

            labels = rebuilder.deck.labels if rebuilder.deck is not None else Labels()
            phone = Remote(host, port, words(labels))
        except OSError as error:
            print(f"--remote: cannot listen on {host}:{port}: {error.strerror}; choose another port with --port",
                  file=sys.stderr)
            return None
        phone.start()
    presenting = Presenting(rebuilder.root, phone)
    if rebuilder.deck is not None:
        presenting.planned(rebuilder.deck)
    server.presenting = presenting
    if phone is not None:
        log(f"phone remote: {phone.url} - open it on a phone on the same network (or scan the code, also in the "
            f"speaker view); a new address each start")
        phone.terminal_qr(sys.stderr)
    return presenting
