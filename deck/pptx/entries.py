"""A model entry's slide as the room sees it: the parts slide.show chooses (an anti-pattern's one
symptom, a context's question and stance, a pattern's when-to-use ...), in order and at the deck's
sizes for the slide's density, as text or as the diagram the deck draws there; and the entry's full
detail as lines for the notes pane, where the reader's words wait (the PowerPoint file is the
presenting edition: what is not projected is not on a slide's face).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..validate import Slide
from .blocks import Para, Run, para
from .capture import Diagram
from .layout import BOTTOM, GAP, HEIGHT, LINE, MIN_TEXT, TOP, longest_word_fits, text_height, text_width
from .shapes import Shapes

# The stage's type for each density (static/theme/deck.css): 1.4em, 1.2em, 1em and 0.95em of 40 px.
DENSITY = {"sparse": 56, "roomy": 48, "normal": 40, "dense": 38}


@dataclass
class Part:
    """One shown part: paragraphs, a pair side by side (helps when / stop when), or a diagram."""
    paragraphs: list[Para] = field(default_factory=list)
    beside: list[Para] = field(default_factory=list)
    diagram: Diagram | None = None
    pair: bool = False  # a when-to-use panel: the next one goes beside it
    picture: object = None  # the entry's own picture (model), where the file draws it in shapes of its own


class Entries(Shapes):
    def density(self, slide: Slide) -> str:
        from ..render import density

        return density(slide)

    def base_size(self, slide: Slide) -> float:
        return DENSITY.get(self.density(slide), 40)

    def label(self, text: str, base: float) -> Para:
        """A part's small-capitals heading (h3: 0.8em), never under MIN_TEXT."""
        return para(text, size=max(MIN_TEXT, base * 0.8), bold=True, colour="muted", caps=True, after=0.25)

    def tagged(self, tag: str, text: str, base: float) -> Para:
        return Para([Run(tag.upper() + "  ", bold=True), Run(text)], size=base, after=0.4)

    def shown_parts(self, slide: Slide, drawn: list[Diagram]) -> list[Part]:
        """slide.show in order, each as the template projects it; `drawn` are the slide's diagrams
        (the locator aside) in the order the template draws them."""
        t = self.deck.labels
        entry = slide.subject
        base = self.base_size(slide)
        diagrams = iter(drawn)
        parts: list[Part] = []
        for index, name in enumerate(slide.show):
            made = len(parts)
            if name in ("remedies", "stance", "grid", "picture"):
                diagram = next(diagrams, None)  # a tool's example or a pattern's evidence, as the deck drew it
                if diagram is not None:
                    heading = [self.label(t("remedies"), base)] if name == "remedies" else []
                    parts.append(Part(heading, diagram=diagram,
                                      picture=getattr(entry, "picture", None) if name == "picture" else None))
            elif name == "summary":
                parts.append(Part([para(entry.summary, size=base * 1.15, after=0.6)]))
            elif name == "question":
                parts.append(Part([para(entry.question, size=base * 1.3, after=0.6)]))
            elif name in ("symptom", "cost") and slide.quoted:
                # said at work, full frame and flush left, and its cost in one line under it, at the
                # sizes static/theme/deck.css gives .quote-only .symptom-quote (2.6em) and .cost-line (1.3em)
                if name == "symptom":
                    parts.append(Part([para(entry.symptoms[0], size=base * 2.6, bold=True, align="left")]))
                else:
                    parts.append(Part([para(entry.consequences[0], size=base * 1.3, bold=True, colour="warn",
                                            align="left")]))
                    if slide.datum:  # the published figure under the cost, as .quote-only .datum (0.95em)
                        parts.append(Part([para(slide.datum, size=max(MIN_TEXT, base * 0.95), bold=True, align="left")]))
            elif name in ("symptom", "cost"):
                heading, text = ((t("spot_it"), entry.symptoms[0]) if name == "symptom"
                                 else (t("what_it_costs"), entry.consequences[0]))
                parts.append(Part([self.label(heading, base),
                                   para(text, size=base * 1.2, bold=True, colour="warn" if name == "cost" else "ink",
                                        after=0.6)]))
            elif name in ("symptoms", "costs"):
                heading, items = ((t("spot_it"), entry.symptoms) if name == "symptoms"
                                  else (t("what_it_costs"), entry.consequences))
                parts.append(Part([self.label(heading, base)] +
                                  [para(item, size=base, bullet="•", after=0.15) for item in items]))
            elif name == "hurts-most" and entry.hurts_most:
                parts.append(Part([self.links(t("hurts_most_in"), entry.hurts_most, base)]))
            elif name == "outcome" and entry.outcome:
                parts.append(Part([self.tagged(t("outcome"), entry.outcome, base)]))
            elif name == "why":
                parts.append(Part([para(entry.why, size=base)]))
            elif name == "win" and getattr(entry, "win", ""):  # under the grid, as the deck's .said.datum
                parts.append(Part([para(entry.win, size=max(MIN_TEXT, base * 0.7), bold=True, align="center")]))
            elif name == "gap" and getattr(entry, "gap", None):
                parts.append(Part([self.tagged(t("bridges"), entry.gap, base)]))
            elif name in ("helps-when", "stop-when"):
                text = [self.label(t(name.replace("-", "_")), base),
                        para(entry.helps_when if name == "helps-when" else entry.stop_when, size=base, after=0)]
                if parts and parts[-1].pair and not parts[-1].beside:
                    parts[-1].beside = text
                else:
                    parts.append(Part(text, pair=True))
            elif name == "fits":
                parts.append(Part([self.links(t("fits"), entry.contexts, base)]))
            elif name == "supports":
                parts.append(Part([self.links(t("supports"), entry.supports, base)]))
            elif name == "remedy-for":
                remedy_for = [anti.id for anti in self.deck.talk.anti_patterns if entry.id in anti.remedies]
                if remedy_for:
                    parts.append(Part([self.links(t("remedy_for"), remedy_for, base)]))
            elif name == "source" and getattr(entry, "source", None):
                parts.append(Part([para(entry.source, size=max(MIN_TEXT, base * 0.8), italic=True, colour="muted")]))
            if slide.steps and index and not slide.quoted:  # a click reveals it, as the template's step()
                self.step_parts(parts[made:] or ([Part(parts[-1].beside)] if name.endswith("-when") else []), index)
        if slide.datum and slide.kind == "pattern":  # the published figure under the picture, as .datum
            parts.append(Part([para(slide.datum, size=base, bold=True, align="center")]))
        return parts

    def step_parts(self, parts: list[Part], step: int) -> None:
        """Parts the deck reveals on click `step` (its data-fragment-index): their words, and a diagram
        (drawn later, by its picture's bytes: Shapes.picture)."""
        for part in parts:
            for paragraph in part.paragraphs + part.beside:
                paragraph.step = paragraph.step or step
            if part.diagram is not None:
                self.stepped.append((part.diagram.png, step))

    def told_as_said(self, slide: Slide, page) -> None:
        """An anti-pattern as it is said at work (slide.quoted), as the deck sets it: its side's colour
        in a band down the left edge (both sides: one above the other), a kicker naming its root and,
        on a chip of that colour, its side; its name as the title, then the quote and its cost; the
        claim the title would have made is in the notes (detail)."""
        from ..grid import kicker

        tone = slide.subject.tone
        bands = {"accent": ["side-accent"], "deep": ["side-deep"], "shared": ["side-accent", "side-deep"]}
        for index, colour in enumerate(bands.get(tone, [])):
            share = HEIGHT / len(bands[tone])
            self.panel(page, (0, index * share, 48, share), colour, name="Side")
        root, side = kicker(self.deck, slide.subject)
        root = root or self.deck.labels("kind_anti_pattern")
        height = MIN_TEXT * LINE
        wide = text_width(root.upper(), MIN_TEXT, bold=True) * 1.1 + 8
        self.text(page, (self.left, TOP, wide, height), [para(root, size=MIN_TEXT, bold=True, colour="accent", caps=True,
                                                              after=0)], shrink=False, name="Kicker")
        if side:  # the side on a chip of its colour, explaining the band
            self.side_chip(page, tone, side, self.left + wide + 16, TOP)
        y = TOP + height + 16
        y += self.heading(page, slide.subject.name, self.left, y, self.content, 68) + 28
        self._stack_parts(page, self.shown_parts(slide, []), y, self.left, self.content)  # (SlideKinds)

    def side_chip(self, page, tone: str, side: str, x: float, y: float) -> None:
        """A side named on a chip of its colour, as the deck's .side-chip; both sides: a neutral
        chip, the two sides' colours in a swatch each before its words (none of them on a colour)."""
        height, chip = MIN_TEXT * LINE, text_width(side.upper(), MIN_TEXT, bold=True) * 1.1 + 32
        if tone != "shared":
            self.panel(page, (x, y, chip, height), f"side-{tone}", name="Side chip")
            self.text(page, (x, y, chip, height), [para(side, size=MIN_TEXT, bold=True, caps=True, align="center",
                                                        after=0)], shrink=False, name="Side named")
            return
        swatch = MIN_TEXT * 0.8
        lead = 16 + 2 * swatch + 8
        self.panel(page, (x, y, lead + chip, height), "chip", name="Side chip")
        for index, colour in enumerate(("side-accent", "side-deep")):
            self.panel(page, (x + 16 + index * (swatch + 8), y + (height - swatch) / 2, swatch, swatch), colour,
                       name="Side swatch")
        self.text(page, (x + lead, y, chip, height), [para(side, size=MIN_TEXT, bold=True, caps=True, align="center",
                                                           after=0)], shrink=False, name="Side named")

    @staticmethod
    def _side_word(anti, side: str) -> tuple[str, str] | None:
        """On the talk's first root, a name that begins with its side's word puts that word on its
        side's colour, as templates/slides/root.html does: the
        key to the bars with no word added. (word, the rest of the name), or None."""
        first, _, rest = anti.name.partition(" ")
        if side and anti.tone in ("accent", "deep") and rest and side.lower().startswith(first.lower()):
            return first, rest
        return None

    @staticmethod
    def _chip_width(word: str) -> float:
        """A word on a chip at the names' 40 px: its width and .25em either side, as .side-word."""
        return text_width(word, 40, bold=True) * 1.05 + 20

    def told_by_root(self, slide: Slide, page) -> None:
        """A root and its anti-patterns side by side, as templates/slides/root.html sets them: one
        column each, its side's colour in a bar across its top, its name in the cost colour (the remedy map's red) in a box of
        its own as tall as the row's longest name (so the quotes start level), the quote large and
        its cost under it in the cost colour, one text box (the cost follows its quote in any
        application's line breaking); the columns share one top, the row a line under the title,
        every word real text."""
        from ..grid import side_name

        y = self.heading_top(page, slide)
        count = len(slide.grows)
        width = (self.content - GAP * (count - 1)) / count
        quote_size, cost_size = {1: (144, 68), 2: (92, 64)}.get(count, (92, 60))  # the deck's 3.6em, 2.3em, 2.3em
        # One size for every quote of the row, lowered until each one's longest word fits its column.
        while quote_size > MIN_TEXT and not all(longest_word_fits(anti.symptoms[0], quote_size, width, bold=True)
                                                for anti in slide.grows):
            quote_size -= 2
        chip_h = 16 + 24 if any(side_name(self.deck, anti.tone) for anti in slide.grows) else 0  # the side's bar
        top = y + 20
        first_root = bool(self.deck.talk.roots) and slide.grows[0].root == self.deck.talk.roots[0].id
        chips = [self._side_word(anti, side_name(self.deck, anti.tone)) if first_root else None for anti in slide.grows]
        names = [[para(chip[1] if chip else anti.name, size=40, bold=True, colour="ink", align="left", after=0)]
                 for anti, chip in zip(slide.grows, chips)]
        name_h = max(text_height(name, width - (self._chip_width(chip[0]) + 12 if chip else 0))
                     for name, chip in zip(names, chips)) + 16
        while True:  # lowered, the quote with its cost, until the row ends above the slide's foot
            # (a published figure stands in the first column's cost row, as templates/slides/root.html)
            columns = [[para(anti.symptoms[0], size=quote_size, bold=True, align="left", after=0.3),
                        para(slide.datum if slide.datum and not index else anti.consequences[0], size=cost_size,
                             bold=True, colour="warn", align="left", after=0)]
                       for index, anti in enumerate(slide.grows)]
            tall = max(text_height(column, width) for column in columns)
            if top + chip_h + name_h + tall <= BOTTOM or cost_size <= MIN_TEXT:
                break
            quote_size, cost_size = quote_size - 4, max(MIN_TEXT, cost_size - 2)
        for index, anti in enumerate(slide.grows):
            x = self.left + index * (width + GAP)
            side = side_name(self.deck, anti.tone)
            if side:  # the side's colour in a bar across the column, as .side-mark (both: half each)
                halves = ["side-accent", "side-deep"] if anti.tone == "shared" else [f"side-{anti.tone}"]
                for half, colour in enumerate(halves):
                    share = width / len(halves)
                    self.panel(page, (x + half * share, top, share, 16), colour, name=f"Side: {side}")
            if chips[index]:  # the side's word on its side's colour, the rest of the name beside it
                word, chip_w = chips[index][0], self._chip_width(chips[index][0])
                self.panel(page, (x, top + chip_h, chip_w, 40 * 1.3), f"side-{anti.tone}", name="Side word chip")
                self.text(page, (x, top + chip_h, chip_w, 40 * 1.3), [para(word, size=40, bold=True, colour="ink",
                                                                          align="center", after=0)],
                          shrink=False, name="Side word")
                self.text(page, (x + chip_w + 12, top + chip_h, width - chip_w - 12, name_h), names[index], shrink=False,
                          name="Anti-pattern named")
            else:
                self.text(page, (x, top + chip_h, width, name_h), names[index], shrink=False, name="Anti-pattern named")
            self.text(page, (x, top + chip_h + name_h, width, tall), columns[index], shrink=False, name="Symptom and cost")

    def exercise(self, page, halves: list[list], y: float) -> None:
        """An exercise in two columns (a clock on the slide), as static/theme/layouts.css sets it: the
        room's steps bold at 1.3 times the body's 40 px on the left, the path they follow at 1.1 times
        in a panel on the right, the two level in the middle of the stage."""
        text = lambda half, size, bold: [replace(p, size=size, bold=bold or p.bold)
                                         for block in half if isinstance(block, list) for p in block]
        steps, path = text(halves[0], 52, True), text(halves[1], 44, False)
        left_w = (self.content - GAP) * 0.45
        right_w = self.content - GAP - left_w
        tall = [text_height(steps, left_w), text_height(path, right_w - 32) + 32]
        top = y + max(0, (BOTTOM - y - max(tall)) / 2)
        self.text(page, (self.left, top + (max(tall) - tall[0]) / 2, left_w, tall[0]), steps, name="Steps")
        self.text(page, (self.left + left_w + GAP, top + (max(tall) - tall[1]) / 2, right_w, tall[1]), path,
                  fill="panel", name="Path")

    def detail(self, slide: Slide) -> list[str]:
        """Everything a reader gets about the slide's entry (the reading view's detail), as lines."""
        t = self.deck.labels
        term = lambda key, value: f"{t('term_colon', term=t(key))} {value}"
        names = lambda refs: ", ".join(getattr(self.deck.subject(ref), "name", ref) for ref in refs)
        entry = slide.subject
        lines: list[str] = []
        # An anti-pattern in full: how it is spotted, what it costs, what answers it.
        told = lambda anti: ([anti.summary, t("term_colon", term=t("spot_it"))] + [f"• {s}" for s in anti.symptoms]
                             + [t("term_colon", term=t("what_it_costs"))] + [f"• {c}" for c in anti.consequences]
                             + [f"{t('remedies_list')} {names(anti.remedies)}"])
        for anti in slide.grows:  # a root's slide: each anti-pattern it shows, under its name
            lines += [anti.name, *told(anti)]
        if slide.kind == "anti-pattern":
            lines += [slide.title] if slide.quoted and slide.title != entry.name else []
            lines += told(entry)
            if entry.hurts_most:
                lines.append(f"{t('hurts_most_in')} {names(entry.hurts_most)}")
        elif slide.kind == "context":
            stance = entry.stance
            lines += [entry.summary, term("question_term", entry.question)]
            lines += [term("outcome", entry.outcome)] if entry.outcome else []
            lines += [term("leads", stance.leads), term("advises", stance.advises), term("builds_with_them", stance.co_creates)]
            lines += [term("decided_together", stance.decided_together)] if stance.decided_together else []
            lines += [term("interaction_mode", t.mode(stance.mode))] if stance.mode else []
            lines.append(term("why", entry.why))
        elif slide.kind in ("pattern", "tool"):
            lines.append(entry.summary)
            if getattr(entry, "gap", None):
                lines.append(t("bridges_line", gap=entry.gap))
            lines += [term("helps_when", entry.helps_when), term("stop_when", entry.stop_when)]
            refs = entry.contexts if slide.kind == "pattern" else entry.supports
            lines.append(f"{t('fits' if slide.kind == 'pattern' else 'supports')} {names(refs)}")
            remedy_for = [anti.id for anti in self.deck.talk.anti_patterns if entry.id in anti.remedies]
            if remedy_for:
                lines.append(f"{t('remedy_for')} {names(remedy_for)}")
            if entry.source:
                lines.append(entry.source)
        elif slide.kind == "recap":
            from .ranked import page_number

            for takeaway in self.deck.talk.takeaways:
                where = [str(page_number(self.deck.slides, other)) for other in self.deck.slides
                         if other.delivers == takeaway and other is not slide]
                if where:
                    lines.append(f"{takeaway.short}: {t('slide_word', count=len(where))} {', '.join(where)}")
        if slide.delivers:
            takeaways = self.deck.talk.takeaways
            lines.append(t("takeaway_badge", n=takeaways.index(slide.delivers) + 1, total=len(takeaways),
                           short=slide.delivers.short))
        return [" ".join(line.split()) for line in lines if line and line.strip()]
