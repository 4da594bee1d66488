"""Diagrams: the talk's model drawn as inline SVG at build time, from the validated Talk.

Four pictures the model already is: the context map (the Cynefin domains the contexts' hardest
decisions sit in, side by side), a context's stance (who leads, who advises, who builds with
them), the fit grid (which pattern fits which context, under who leads there) and the remedy map (which patterns and tools answer which
anti-pattern). No browser-side library and nothing fetched: the SVG is in the page, so it works
from file://, in the single file, in the PDFs and in the reading view.

Every picture is drawn at its displayed size (one SVG unit is one CSS pixel of the 1920x1080
slide), so a 32-unit label is 32 px in the room. Colours are CSS classes styled by the theme
(static/theme/deck.css), so the light and dark themes both apply. Labels are placed with the
font's own advance widths (deck/metrics.py); tests measure them in Chromium.

Each diagram is a <figure class="diagram"> holding the <svg role="img"> (role="group" when its boxes
are links) with its <title> and <desc>, and a text alternative (<div class="diagram-text">) that screen readers and the reading
view get.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

from markupsafe import Markup, escape

from .language import Labels
from .metrics import WIDTHS_400, WIDTHS_700

MIN_LABEL = 32  # px at 1920x1080: the theme's floor for any text in the room
PRACTICE_LABEL = 40  # the context map's practices, about 36 px once the map is fitted to the stage
WIDTH = 1696  # the slide's 1920 px less the theme's padding either side

# Cynefin's domains in their usual places: complex top left, complicated top right, chaotic
# bottom left, clear bottom right, confused in the middle; each named, with how one acts there,
# in the talk's language (labels domain_NAME and practice_NAME).
DOMAINS = ("complex", "complicated", "chaotic", "clear", "confused")
QUADRANTS = {"complex": (0, 0), "complicated": (1, 0), "chaotic": (0, 1), "clear": (1, 1)}

# Team Topologies' interaction modes, each drawn in the book's own shapes.
MODES = ("collaboration", "x-as-a-service", "facilitating")


@dataclass(frozen=True)
class Diagram:
    """One drawn picture: its SVG, what it says in words, and how it is named for assistive tech."""

    name: str
    svg: Markup
    text: Markup  # the text alternative: a list or table with everything the picture shows

    def figure(self, extra_class: str = "") -> Markup:
        classes = f"diagram diagram-{self.name}" + (f" {extra_class}" if extra_class else "")
        return Markup('<figure class="{}" data-diagram="{}">{}<div class="diagram-text">{}</div></figure>').format(
            classes, self.name, self.svg, self.text)


# ---------------------------------------------------------------- text measure and layout

def text_width(text: str, size: float, bold: bool = False) -> float:
    return _width_in_ems(text, bold) * size


@lru_cache(maxsize=8192)
def _width_in_ems(text: str, bold: bool) -> float:
    """Kept by the text: fitting a deck's labels measures the same words ~10,000 times."""
    widths = WIDTHS_700 if bold else WIDTHS_400
    return sum(map(widths.get, text, repeat(0.545 if bold else 0.509)))


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Greedy line breaking by the font's advance widths; a word longer than the line keeps its own."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(lines[-1] + " " + word, size, bold) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def fit(text: str, width: float, lines: int, bold: bool = False, sizes=(36, 34, 32)) -> tuple[float, list[str]]:
    """The largest size (never under 32, the room's floor) at which text wraps into at most `lines` lines of `width`."""
    for size in sizes:
        wrapped = wrap(text, size, width, bold)
        if len(wrapped) <= lines and all(text_width(line, size, bold) <= width for line in wrapped):
            return size, wrapped
    return sizes[-1], wrap(text, sizes[-1], width, bold)


# Pictures kept by what they were drawn from. `serve` redraws every slide on each save, and fitting
# a picture's words and placing its labels clear of its lines is much of a rebuild: a picture whose
# records (plain records and pydantic models: their repr is their content) and words are unchanged is
# the same picture. Bounded, as serve runs for hours.
_DRAWN: dict = {}
_DRAWN_MOST = 512


def drawn(key: tuple, draw):
    """What draw() returns, kept for an equal key: the picture drawn before when nothing it shows changed."""
    if key not in _DRAWN:
        if len(_DRAWN) >= _DRAWN_MOST:
            _DRAWN.clear()
        _DRAWN[key] = draw()
    return _DRAWN[key]


def label(x: float, y: float, lines: list[str], size: float, css: str, anchor: str = "start",
          leading: float = 1.2) -> str:
    """A multi-line label; y is the first line's baseline."""
    from .markup import typographic

    # The first line's dy is left out: 0 is SVG's default, and the single file carries hundreds of them.
    steps = [""] + [f' dy="{size * leading:g}"'] * (len(lines) - 1)
    spans = "".join(f'<tspan x="{x:g}"{step}>{escape(typographic(line))}</tspan>' for step, line in zip(steps, lines))
    return f'<text class="{css}" x="{x:g}" y="{y:g}" font-size="{size:g}" text-anchor="{anchor}">{spans}</text>'


def svg(uid: str, width: float, height: float, title: str, desc: str, body: list[str]) -> Markup:
    # A picture is one image to assistive tech; one whose boxes are links is a group, so the
    # links inside stay reachable (an image's children are not).
    role = "group" if any(part.startswith("<a ") for part in body) else "img"
    return Markup(
        f'<svg role="{role}" aria-labelledby="{uid}-title {uid}-desc" width="{width:g}" height="{height:g}" '
        f'viewBox="0 0 {width:g} {height:g}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{uid}-title">{escape(title)}</title><desc id="{uid}-desc">{escape(desc)}</desc>'
        + "".join(body) + "</svg>")


def listing(items: list[tuple[str, str]]) -> Markup:
    """The text alternative: a definition list, term and what the picture says of it."""
    return Markup("<dl>{}</dl>").format(Markup("").join(
        Markup("<dt>{}</dt><dd>{}</dd>").format(term, value) for term, value in items))


def short_lead(leads: str) -> str:
    """Who leads, up to the first comma: 'Design, on the flow' is 'Design' on a strip."""
    return leads.split(",")[0].strip()


def domain_of(context) -> str:
    return context.domain.lower() if context.domain else ""


# ---------------------------------------------------------------- context map

def domain_words(t: Labels, name: str) -> tuple[str, str]:
    """A domain's name and practice in the talk's words."""
    return t(f"domain_{name}"), t(f"practice_{name}")


def context_map(talk, uid: str, highlight: set[str] = frozenset(), t: Labels | None = None) -> Diagram:
    """The Cynefin domains the talk's decisions sit in, side by side, each with its decisions.

    Only the domains that hold a decision are drawn: Snowden's framework is not a 2x2 to fill, and
    an empty Clear or Chaotic box says nothing the talk means. Two domains read as the one
    distinction most talks need: probe on the left, analyse on the right."""
    t = t or Labels(talk.language, talk.labels)
    placed = {name: [c for c in talk.contexts if domain_of(c) == name] for name in DOMAINS}
    used = [name for name in DOMAINS if placed[name]]
    width, gap = WIDTH, 24
    column_w = (width - gap * (len(used) - 1)) / max(len(used), 1)
    body, bottom = [], 0.0
    # Every decision on one line at one size, 40 px or more, where all fit so: a column of three
    # decisions stays inside the stage, and no chip reads louder than another.
    fitted = [fit(c.decision or c.name, column_w - 136, 1, bold=True, sizes=(48, 44, 40)) for c in talk.contexts]
    one_line = min(size for size, _ in fitted) if all(len(lines) == 1 for _, lines in fitted) else None
    for index, name in enumerate(used):
        x = index * (column_w + gap)
        lit = not highlight or any(c.id in highlight for c in placed[name])
        # The panel's height is known once the tallest column is laid out: a placeholder for now.
        body.append(f'<rect class="domain{" lit" if lit and highlight else ""}" x="{x:g}" y="0" '
                    f'width="{column_w:g}" height="HEIGHT" rx="18"/>')
        title, practice = domain_words(t, name)
        # The map is the slide: it is drawn large enough to fill the stage's height, not only its
        # width, so the room reads the domain and its practice before the decisions under them.
        body.append(label(x + 40, 84, [title], 60, "domain-name"))
        size, lines = fit(practice, column_w - 80, 2, sizes=(48, 44, PRACTICE_LABEL))
        body.append(label(x + 40, 160, lines, size, "domain-practice"))
        pill_w, cy = column_w - 80, 160 + len(lines) * size * 1.2 + 40
        for context in placed[name]:
            size, lines = ((one_line, [context.decision or context.name]) if one_line else
                           fit(context.decision or context.name, pill_w - 56, 2, bold=True, sizes=(48, 44, 40, 36)))
            pill_h = len(lines) * size * 1.2 + 48
            on = not highlight or context.id in highlight
            body.append(f'<rect class="pill{"" if on else " off"}" x="{x + 40:g}" y="{cy:g}" width="{pill_w:g}" '
                        f'height="{pill_h:g}" rx="{min(pill_h / 2, 32):g}"/>')
            body.append(label(x + 68, cy + 24 + size * 0.9, lines, size, "pill-label" + ("" if on else " off")))
            cy += pill_h + 28
        bottom = max(bottom, cy)
    height = bottom + 28
    body = [part.replace('height="HEIGHT"', f'height="{height:g}"') for part in body]
    items = [(f"{title} ({practice})", ", ".join(c.decision or c.name for c in placed[name]))
             for name in used for title, practice in [domain_words(t, name)]]
    summary = "; ".join(f"{t(f'domain_{n}')}: {', '.join(c.name for c in placed[n])}" for n in used)
    title = t("context_map_title")
    if highlight:
        title = t("highlighting", title=title, names=", ".join(c.name for c in talk.contexts if c.id in highlight))
    return Diagram("context-map", svg(uid, width, height, title, summary, body), listing(items))


def locator(talk, uid: str, here: set[str], t: Labels | None = None) -> Diagram:
    """A small context map, 'you are here': the slide's context(s) filled, their domain lit."""
    t = t or Labels(talk.language, talk.labels)
    width, height, gap = 460, 240, 8
    qw, qh = (width - gap) / 2, (height - gap) / 2
    body = []
    for name, (col, row) in QUADRANTS.items():
        x, y = col * (qw + gap), row * (qh + gap)
        contexts = [c for c in talk.contexts if domain_of(c) == name]
        lit = any(c.id in here for c in contexts)
        body.append(f'<rect class="domain{" lit" if lit else ""}{"" if contexts else " dim"}" x="{x:g}" y="{y:g}" '
                    f'width="{qw:g}" height="{qh:g}" rx="10"/>')
        right, top = col == 1, row == 0
        tx = x + qw - 16 if right else x + 16
        if lit:  # 'you are here': only where the room is gets a name; the rest is shape
            body.append(label(tx, y + 40 if top else y + qh - 18, [t(f"domain_{name}")], MIN_LABEL,
                              "domain-name", "end" if right else "start"))
        for index, context in enumerate(contexts):
            dx = (x + qw - 30 - index * 44) if right else (x + 30 + index * 44)
            dy = y + qh - 30 if top else y + 30
            css = "dot here" if context.id in here else "dot"
            body.append(f'<circle class="{css}" cx="{dx:g}" cy="{dy:g}" r="14"/>')
    names = [c for c in talk.contexts if c.id in here]
    where = "; ".join(f"{c.name} ({t(f'domain_{domain_of(c)}') if domain_of(c) in DOMAINS else t('no_domain')})"
                      for c in names)
    title = t("you_are_here", where=where)
    desc = t("locator_desc")
    return Diagram("locator", svg(uid, width, height, title, desc, body), Markup("<p>{}</p>").format(title))


# ---------------------------------------------------------------- stance

def mode_icon(mode: str, x: float, y: float) -> str:
    """Team Topologies' notation: collaboration overlaps (hatched), X-as-a-service meets at a
    bracket, facilitating is a dotted circle over the team it helps. About 120x64."""
    key = mode.lower().replace(" ", "-")
    if key == "collaboration":
        return (f'<rect class="team" x="{x:g}" y="{y + 8:g}" width="76" height="48" rx="10"/>'
                f'<rect class="team" x="{x + 44:g}" y="{y + 8:g}" width="76" height="48" rx="10"/>'
                f'<rect class="overlap" x="{x + 44:g}" y="{y + 8:g}" width="32" height="48"/>')
    if key == "x-as-a-service":
        return (f'<rect class="team" x="{x:g}" y="{y + 8:g}" width="52" height="48" rx="10"/>'
                f'<path class="bracket" d="M{x + 58:g} {y + 8:g} h6 v48 h-6 M{x + 62:g} {y + 32:g} h8"/>'
                f'<rect class="team" x="{x + 72:g}" y="{y + 8:g}" width="48" height="48" rx="10"/>')
    if key == "facilitating":
        return (f'<rect class="team" x="{x + 40:g}" y="{y + 8:g}" width="80" height="48" rx="10"/>'
                f'<circle class="facilitator" cx="{x + 36:g}" cy="{y + 32:g}" r="30"/>')
    return ""


def stance(context, uid: str, height: float = 500, t: Labels | None = None) -> Diagram:
    """Who leads (filled), who advises (an arrow of advice into the lead), who builds with them
    and what they decide together (a band joining both), and the interaction mode's notation."""
    s = context.stance
    t = t or Labels()
    mode = t.mode(s.mode) if s.mode else ""
    width = WIDTH
    box_w, box_h, top = 700, 190, 8
    body = ['<defs><marker id="{0}-arrow" viewBox="0 0 12 12" refX="10" refY="6" markerWidth="10" '
            'markerHeight="10" orient="auto-start-reverse"><path class="arrowhead" d="M0 0 L12 6 L0 12 z"/>'
            '</marker></defs>'.format(uid)]
    lead_x, advise_x = 0, width - box_w
    body.append(f'<rect class="lead" x="{lead_x}" y="{top}" width="{box_w}" height="{box_h}" rx="20"/>')
    body.append(label(lead_x + 36, top + 50, [t("leads").upper()], MIN_LABEL, "role-name on-lead"))
    size, lines = fit(s.leads, box_w - 72, 2, bold=True, sizes=(44, 40, 36, 32))
    body.append(label(lead_x + 36, top + 50 + 20 + size, lines, size, "role on-lead"))
    body.append(f'<rect class="advise" x="{advise_x}" y="{top}" width="{box_w}" height="{box_h}" rx="20"/>')
    body.append(label(advise_x + 36, top + 50, [t("advises").upper()], MIN_LABEL, "role-name"))
    size, lines = fit(s.advises, box_w - 72, 2, bold=True, sizes=(40, 36, 32))
    body.append(label(advise_x + 36, top + 50 + 20 + size, lines, size, "role"))
    arrow_y = top + box_h / 2
    body.append(f'<line class="advice" x1="{advise_x - 16}" y1="{arrow_y:g}" x2="{lead_x + box_w + 16}" '
                f'y2="{arrow_y:g}" marker-end="url(#{uid}-arrow)"/>')
    band_y, band_x, band_w = top + box_h + 70, 160, width - 320
    band_h = min(height - band_y - 8, 230 if s.decided_together else 170)
    body.append(f'<path class="join" d="M{lead_x + box_w / 2:g} {top + box_h:g} V{band_y:g} '
                f'M{advise_x + box_w / 2:g} {top + box_h:g} V{band_y:g}"/>')
    body.append(f'<rect class="together" x="{band_x}" y="{band_y:g}" width="{band_w}" height="{band_h:g}" rx="20"/>')
    body.append(label(band_x + 36, band_y + 46, [t("builds_with_them").upper()], MIN_LABEL, "role-name"))
    icon = mode_icon(s.mode, band_x + band_w - 156, band_y + 14) if s.mode else ""
    text_w = band_w - 72 - (170 if icon else 0)
    lines_left = 2 if s.decided_together else 3
    size, lines = fit(s.co_creates, text_w, lines_left, bold=True, sizes=(36, 32))
    y = band_y + 46 + 16 + size
    body.append(label(band_x + 36, y, lines, size, "role"))
    if s.decided_together:
        y += (len(lines) - 1) * size * 1.2 + 14 + 28
        decided = wrap(t("decide_together_line", what=s.decided_together), MIN_LABEL, text_w)
        body.append(label(band_x + 36, y, decided[:2], MIN_LABEL, "role-note"))
    if icon:
        body.append(icon)
        body.append(label(band_x + band_w - 96, band_y + 118, [mode], MIN_LABEL, "mode-name", "middle"))
    items = [(t("leads"), s.leads), (t("advises"), s.advises), (t("builds_with_them"), s.co_creates)]
    if s.decided_together:
        items.append((t("decided_together"), s.decided_together))
    if s.mode:
        items.append((t("interaction_mode"), mode))
    title = t("stance_title", context=context.name, leads=short_lead(s.leads), advises=short_lead(s.advises))
    desc = t("stance_desc", leads=s.leads, advises=s.advises, co_creates=s.co_creates)
    return Diagram("stance", svg(uid, width, band_y + band_h + 8, title, desc, body), listing(items))


# ---------------------------------------------------------------- fit grid

def fit_grid(talk, uid: str, height: float = 800, t: Labels | None = None,
             show=("patterns", "tools")) -> Diagram:
    """Patterns (dots) and tools (rings, through the patterns they support) against contexts,
    under a strip that says who leads in each context; `show` picks the rows the room reads."""
    t = t or Labels(talk.language, talk.labels)
    contexts = talk.contexts
    rows = [(p, {*p.contexts}, "pattern") for p in talk.patterns if "patterns" in show]
    pattern_contexts = {p.id: set(p.contexts) for p in talk.patterns}
    rows += [(t, set().union(*(pattern_contexts.get(ref, set()) for ref in t.supports)), "tool")
             for t in talk.tools if "tools" in show]
    label_w = 520
    col_w = (WIDTH - label_w) / max(len(contexts), 1)
    heads = [fit(context.short or context.name, col_w - 20, 3, bold=True, sizes=(34, 32)) for context in contexts]
    strip_h = 64
    head_h = max(len(lines) * size * 1.15 for size, lines in heads) + 24
    legend_h = 52 if "tools" in show else 0
    grid_top = strip_h + 12 + head_h
    row_h = (height - grid_top - legend_h - 8) / max(len(rows), 1)
    row_size = MIN_LABEL if row_h < 48 else 34
    body = []
    for index, context in enumerate(contexts):
        x = label_w + index * col_w
        lead = short_lead(context.stance.leads)
        size, lines = fit(lead, col_w - 28, 1, bold=True, sizes=(34, 32))
        body.append(f'<rect class="strip" x="{x + 6:g}" y="0" width="{col_w - 12:g}" height="{strip_h}" rx="12"/>')
        body.append(label(x + col_w / 2, strip_h / 2 + size * 0.36, lines[:1], size, "strip-label", "middle"))
        size, lines = heads[index]
        first = grid_top - 14 - (len(lines) - 1) * size * 1.15
        body.append(label(x + col_w / 2, first, lines, size, "col-head", "middle", leading=1.15))
    legend_y = height - legend_h / 2
    if legend_h:  # a key only when rings (tools) stand beside the dots
        body.append(f'<circle class="fit" cx="{label_w + 20:g}" cy="{legend_y:g}" r="14"/>')
        body.append(label(label_w + 46, legend_y + 10, [t("legend_pattern_fits")], MIN_LABEL, "legend"))
        # The second key sits after the first, however long the first is in the talk's language.
        second = label_w + max(300, 46 + text_width(t("legend_pattern_fits"), MIN_LABEL) + 48)
        body.append(f'<circle class="fit-through" cx="{second:g}" cy="{legend_y:g}" r="14"/>')
        body.append(label(second + 26, legend_y + 10, [t("legend_tool_through")], MIN_LABEL, "legend"))
    body.append(label(0, strip_h / 2 + 10, [t("who_leads")], MIN_LABEL, "strip-name"))
    for index, (entry, fits, kind) in enumerate(rows):
        y = grid_top + index * row_h
        if index % 2 == 0:
            body.append(f'<rect class="band" x="0" y="{y:g}" width="{WIDTH}" height="{row_h:g}" rx="8"/>')
        if kind == "tool" and (index == 0 or rows[index - 1][2] != "tool"):
            body.append(f'<line class="divider" x1="0" x2="{WIDTH}" y1="{y:g}" y2="{y:g}"/>')
        name = wrap(entry.name, row_size, label_w - 24)
        text = name[0] if len(name) == 1 else entry.name
        body.append(label(12, y + row_h / 2 + row_size * 0.36, [text], row_size,
                          "row-head" + (" tool" if kind == "tool" else "")))
        for col, context in enumerate(contexts):
            if context.id in fits:
                cx = label_w + col * col_w + col_w / 2
                r = min(row_h * 0.32, 16)
                body.append(f'<circle class="{"fit" if kind == "pattern" else "fit-through"}" cx="{cx:g}" '
                            f'cy="{y + row_h / 2:g}" r="{r:g}"/>')
    items = [(t(f"fit_row_{kind}", name=entry.name), ", ".join(c.name for c in contexts if c.id in fits)
              or t("no_context")) for entry, fits, kind in rows]
    items = [(t("who_leads_in", context=c.name), c.stance.leads) for c in contexts] + items
    title = t("fit_grid_title")
    desc = t("fit_grid_desc", leads=", ".join(t("who_leads_where", lead=short_lead(c.stance.leads), context=c.name)
                                              for c in contexts))
    return Diagram("fit-grid", svg(uid, WIDTH, height, title, desc, body), listing(items))


# ---------------------------------------------------------------- remedy map

def remedy_map(talk, uid: str, highlight: str | None = None, only: str | None = None,
               height: float | None = None, width: float = WIDTH, anchor_of=lambda ref: None,
               t: Labels | None = None) -> Diagram:
    """Anti-patterns on the left, the patterns and tools that answer them on the right, joined
    from `remedies`. `highlight` lights one anti-pattern's links; `only` draws just its extract.
    A box whose entry has a slide (`anchor_of`) is a link to it, as in-deck links are."""
    t = t or Labels(talk.language, talk.labels)
    antis = [a for a in talk.anti_patterns if only is None or a.id == only]
    names = {entry.id: entry.name for entry in (*talk.patterns, *talk.tools)}
    # Remedies in the order of the anti-patterns that name them: fewer crossing lines.
    remedies = list(dict.fromkeys(ref for a in antis for ref in a.remedies))
    if only is None:
        left_w = right_w = 560
    else:  # the extract beside an anti-pattern's words: its name small, the remedies larger
        left_w = 270 if width < 1000 else 440  # drawn alone (an anti-pattern in brief), wider
        right_w = width - left_w - (130 if width < 1000 else 240)
    right_x = width - right_w
    node = {}  # id -> (lines, size) of each box's label, at most two lines
    for a in antis:
        node[a.id] = fit(a.name, left_w - 40, 3 if only else 2, bold=True, sizes=(36, 34, 32))
    for ref in remedies:
        node[ref] = fit(names.get(ref, ref), right_w - 40, 2, bold=True, sizes=(40, 36, 34, 32) if width >= 1000
                        else (34, 32))

    def box_h(ident):
        size, lines = node[ident]
        return len(lines) * size * 1.15 + 24

    rows = max(len(antis), len(remedies), 1)
    needed = max(sum(box_h(a.id) + 14 for a in antis), sum(box_h(ref) + 14 for ref in remedies))
    height = height or max(needed, rows * (74 if only is None else 90)) + 8

    def centres(idents):
        total = sum(box_h(i) for i in idents)
        spare = (height - 8 - total) / max(len(idents), 1)
        y, out = 4 + spare / 2, {}
        for ident in idents:
            out[ident] = y + box_h(ident) / 2
            y += box_h(ident) + spare
        return out

    left_y, right_y = centres([a.id for a in antis]), centres(remedies)
    body = []
    lit = {only} if only else ({highlight} if highlight else set())
    lit_remedies = {ref for a in antis if a.id in lit for ref in a.remedies}
    for a in antis:  # links first, under the boxes
        for ref in a.remedies:
            y1, y2 = left_y[a.id], right_y[ref]
            mid = (left_w + right_x) / 2
            css = "link lit" if a.id in lit else ("link dim" if lit else "link")
            body.append(f'<path class="{css}" d="M{left_w:g} {y1:g} C{mid:g} {y1:g} {mid:g} {y2:g} {right_x:g} {y2:g}"/>')

    def draw(ident, x, w, y_centre, kind, state):
        size, lines = node[ident]
        h = box_h(ident)
        anchor = anchor_of(ident) if ident != only else None  # the extract's own slide is this one
        if anchor:
            body.append(f'<a class="ref" href="#/{escape(anchor)}">')
        body.append(f'<rect class="{kind}{state}" x="{x:g}" y="{y_centre - h / 2:g}" width="{w:g}" height="{h:g}" rx="12"/>')
        first = y_centre - (len(lines) - 1) * size * 1.15 / 2 + size * 0.36
        body.append(label(x + 20, first, lines, size, f"{kind}-label{state}", leading=1.15))
        if anchor:
            body.append("</a>")

    for a in antis:
        draw(a.id, 0, left_w, left_y[a.id], "anti", " lit" if a.id in lit else (" dim" if lit else ""))
    for ref in remedies:
        draw(ref, right_x, right_w, right_y[ref], "remedy", " lit" if ref in lit_remedies else (" dim" if lit else ""))
    items = [(a.name, ", ".join(names.get(ref, ref) for ref in a.remedies)) for a in antis]
    if only:
        title = t("remedies_for", name=antis[0].name) if antis else t("remedies")
    else:
        title = t("remedy_map_title")
        if highlight:
            title = t("highlighting", title=title, names=", ".join(a.name for a in antis if a.id == highlight))
    desc = "; ".join(t("answered_by", name=name, remedies=value) for name, value in items) + "."
    return Diagram("remedy-map", svg(uid, width, height, title, desc, body), listing(items))


def for_slide(deck, slide) -> Diagram:
    """The diagram a `kind: diagram` slide names, drawn for that slide."""
    talk, uid, t = deck.talk, f"dg-{slide.anchor}", deck.labels
    ref = slide.subject.id if slide.subject is not None else None
    if slide.diagram == "context-map":
        return context_map(talk, uid, {ref} if ref else set(), t=t)
    if slide.diagram == "stance":
        return stance(slide.subject, uid, height=720, t=t)
    if slide.diagram == "fit-grid":
        return fit_grid(talk, uid, t=t, show=slide.show or ("patterns", "tools"))
    return remedy_map(talk, uid, highlight=ref, anchor_of=deck.anchor_of, t=t)
