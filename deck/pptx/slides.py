"""Each slide kind made from what the model says it shows: a title slide, a section divider, an
anti-pattern's symptoms and costs, a context's stance, a pattern's or tool's when-to-use, the fit
grid, the recap, the closing QR codes, a Markdown slide's blocks; a slide the browser took as a
picture goes in whole, its title still text. A new slide kind is a kind_<name> method here (and
its name in KINDS, deck/pptx/capture.py).
"""
from __future__ import annotations

import io

from ..validate import Slide, qr_code
from .blocks import Para, Picture, Run, Table, markdown_blocks, para
from .capture import BESIDE, Diagram
from .layout import BOTTOM, CONTENT, GAP, HEIGHT, LEFT, MIN_TEXT, TOP, WIDTH, line_count, table_height, text_height
from .shapes import Shapes


class SlideKinds(Shapes):
    """fill() draws one slide by its kind; notes() puts its script in the notes pane."""

    def fill(self, slide: Slide, page) -> None:
        background = page.background.fill
        background.solid()
        background.fore_color.rgb = self.rgb("section-paper" if slide.kind == "section" else "paper")
        if slide.anchor in self.pictures.slides:
            self.picture(page, (0, 0, WIDTH, HEIGHT), self.pictures.slides[slide.anchor],
                         self._slide_alt(slide), name="Slide as projected", fill=True)
            self.title(page, slide.title, (self.left, TOP, self.content, 80), 68, hidden=True)
        elif slide.kind in BESIDE and self.pictures.diagrams.get(slide.anchor):
            # The template draws diagrams on this entry's slide: the model's text on the left,
            # the diagrams stacked on the right, each as the room sees it.
            self.content = round((CONTENT - GAP) * 0.56)
            getattr(self, "kind_" + slide.kind.replace("-", "_"))(slide, page)
            self.content = CONTENT
            diagrams = self.pictures.diagrams[slide.anchor]
            x = LEFT + round((CONTENT - GAP) * 0.56) + GAP
            height = (BOTTOM - TOP - 24 * (len(diagrams) - 1)) / len(diagrams)
            for index, diagram in enumerate(diagrams):
                self.picture(page, (x, TOP + index * (height + 24), WIDTH - LEFT - x, height), diagram.png,
                             diagram.alt, name=f"Diagram {diagram.name}")
        else:
            getattr(self, "kind_" + slide.kind.replace("-", "_"), self.kind_diagrams)(slide, page)
        if slide.delivers:
            takeaways = self.deck.talk.takeaways
            badge = self.deck.labels("takeaway_badge", n=takeaways.index(slide.delivers) + 1, total=len(takeaways),
                                     short=slide.delivers.short)
            width = min(self.content, 30 * 0.55 * len(badge) + 60)
            self.text(page, (WIDTH - self.left - width, 1080 - 40 - 60, width, 56),
                      [para(badge, size=30, bold=True, colour="accent-ink", after=0)], fill="accent", shrink=False,
                      name="Takeaway")

    def _slide_alt(self, slide: Slide) -> str:
        diagrams = self.pictures.diagrams.get(slide.anchor, [])
        return " ".join([self.deck.labels("slide_alt", n=slide.number, title=slide.title)] +
                        [diagram.alt for diagram in diagrams])

    def notes(self, slide: Slide, page) -> None:
        frame = page.notes_slide.notes_text_frame
        blocks = [" ".join(block.split()) for block in slide.notes.split("\n\n") if block.strip()]
        frame.text = blocks[0] if blocks else ""
        for block in blocks[1:]:
            frame.add_paragraph().text = block

    def kind_title(self, slide: Slide, page) -> None:
        talk = self.deck.talk
        lines = line_count(slide.title, 104, 1560, bold=True)
        self.title(page, slide.title, (self.left, 200, 1560, lines * 104 * 1.12), 104)
        y = 200 + lines * 104 * 1.12 + 40
        below = []
        if talk.subtitle:
            below.append(para(talk.subtitle, size=48, colour="muted", after=1.2))
        byline = [Run(talk.speaker.name, bold=True)] + ([Run(f", {talk.speaker.role}")] if talk.speaker.role else [])
        below.append(Para(byline, size=44, after=0.2))
        event = " · ".join(part for part in (talk.event.name, talk.event.date, talk.event.location) if part)
        below.append(para(event, size=44, colour="muted"))
        self.text(page, (self.left, y, self.content, BOTTOM - y), below)
        for shape in list(page.placeholders):  # the layout's empty subtitle would show its prompt
            if shape.placeholder_format.idx != 0:
                shape._element.getparent().remove(shape._element)

    def kind_section(self, slide: Slide, page) -> None:
        outline = self.deck.talk.outline
        self.text(page, (self.left, 260, self.content, 50), [para(self.deck.labels("section_part", n=outline.index(slide.section) + 1, total=len(outline)),
                                                        size=36, bold=True, colour="section-muted", caps=True)],
                  shrink=False)
        self.title(page, slide.title, (self.left, 330, 1700, 2 * 120 * 1.1), 120, colour="section-ink")

    def kind_anti_pattern(self, slide: Slide, page) -> None:
        anti = slide.subject
        t = self.deck.labels
        y = self.heading_top(page, slide, t("kind_anti_pattern"))
        y = self._lede(page, anti.summary, y)
        column = (self.content - GAP) / 2
        bottom = BOTTOM - 80
        for index, (label, items) in enumerate(((t("spot_it"), anti.symptoms), (t("what_it_costs"), anti.consequences))):
            x = self.left + index * (column + GAP)
            self.text(page, (x, y, column, bottom - y),
                      [para(label, size=32, bold=True, colour="muted", caps=True, after=0.3)] +
                      [para(item, bullet="•", after=0.15) for item in items])
        self.text(page, (self.left, bottom, self.content, 64), [self.links(t("remedies_list"), anti.remedies)])

    def _lede(self, page, text: str, y: float, size: float = 46) -> float:
        height = line_count(text, size, min(self.content, 34 * size)) * size * 1.3
        self.text(page, (self.left, y, min(self.content, 34 * size), height), [para(text, size=size, after=0)], name="Lede")
        return y + height + 32

    def kind_context(self, slide: Slide, page) -> None:
        context = slide.subject
        t = self.deck.labels
        eyebrow = t("kind_context") + (f" · {t.domain(context.domain)}" if context.domain else "")
        y = self.heading_top(page, slide, eyebrow)
        y = self._lede(page, context.question, y)
        width = (self.content - 2 * 32) / 3
        stance = context.stance
        heights = max(line_count(value, 40, width - 32) for value in (stance.leads, stance.advises, stance.co_creates))
        box_height = 40 + 32 + heights * 40 * 1.25
        for index, (label, value) in enumerate(((t("leads"), stance.leads), (t("advises"), stance.advises),
                                                (t("co_creates"), stance.co_creates))):
            self.text(page, (self.left + index * (width + 32), y, width, box_height),
                      [para(label, size=30, bold=True, colour="muted", caps=True, after=0.1), para(value, after=0)],
                      fill="panel")
        y += box_height + 32
        below = []
        if stance.mode:
            below.append(Para([Run(t("term_colon", term=t("interaction_mode")) + " "), Run(t.mode(stance.mode), bold=True)],
                              colour="muted"))
        below.append(para(context.why))
        self.text(page, (self.left, y, self.content, BOTTOM - y), below)

    def _technique(self, slide: Slide, page, eyebrow: str, label: str, refs: list[str]) -> None:
        technique = slide.subject
        y = self.heading_top(page, slide, eyebrow)
        y = self._lede(page, technique.summary, y)
        column = (self.content - GAP) / 2
        remedy_for = [anti.id for anti in self.deck.talk.anti_patterns if technique.id in anti.remedies]
        footer = [self.links(label, refs)] + ([self.links(self.deck.labels("remedy_for"), remedy_for)] if remedy_for else [])
        if technique.source:
            footer.append(para(technique.source, size=32, italic=True, colour="muted"))
        footer_height = sum(line_count("".join(r.text for r in p.runs), p.size, self.content) * p.size * 1.4 for p in footer)
        bottom = BOTTOM - footer_height
        for index, (head, text) in enumerate(((self.deck.labels("helps_when"), technique.helps_when),
                                                 (self.deck.labels("stop_when"), technique.stop_when))):
            self.text(page, (self.left + index * (column + GAP), y, column, bottom - y - 16),
                      [para(head, size=32, bold=True, colour="muted", caps=True, after=0.3), para(text)])
        self.text(page, (self.left, bottom, self.content, footer_height), footer)

    def kind_pattern(self, slide: Slide, page) -> None:
        self._technique(slide, page, self.deck.labels("kind_pattern"), self.deck.labels("fits"), slide.subject.contexts)

    def kind_tool(self, slide: Slide, page) -> None:
        self._technique(slide, page, self.deck.labels("kind_tool"), self.deck.labels("supports"), slide.subject.supports)

    def kind_matrix(self, slide: Slide, page) -> None:
        talk = self.deck.talk
        y = self.heading_top(page, slide)
        rows = [[[Run(self.deck.labels(key))] for key in ("kind_context", "leads", "advises", "co_creates", "patterns")]]
        for context in talk.contexts:
            anchor = self.deck.anchor_of(context.id)
            patterns: list[Run] = []
            for pattern in [p for p in talk.patterns if context.id in p.contexts]:
                if patterns:
                    patterns.append(Run(", "))
                target = self.deck.anchor_of(pattern.id)
                patterns.append(Run(pattern.name, href=f"#{target}" if target else ""))
            rows.append([[Run(context.name, bold=True, href=f"#{anchor}" if anchor else "")],
                         [Run(context.stance.leads)], [Run(context.stance.advises)], [Run(context.stance.co_creates)],
                         patterns])
        self.table(page, (self.left, y, self.content, BOTTOM - y), Table(rows), size=28, widths=(0.17, 0.15, 0.16, 0.16, 0.36))

    def kind_recap(self, slide: Slide, page) -> None:
        y = self.heading_top(page, slide)
        items = []
        for takeaway in self.deck.talk.takeaways:
            runs = [Run(takeaway.short, bold=True), Run(f": {takeaway.text}")]
            where = [other for other in self.deck.slides if other.delivers == takeaway and other is not slide]
            if where:
                runs.append(Run(f" ({self.deck.labels('slide_word', count=len(where))} "))
                for index, other in enumerate(where):
                    runs.append(Run(str(other.number), href=f"#{other.anchor}"))
                    runs.append(Run(", " if index < len(where) - 1 else ")"))
            items.append(Para(runs, bullet="1.", after=0.8))
        self.text(page, (self.left, y, self.content, BOTTOM - y), items)

    def kind_closing(self, slide: Slide, page) -> None:
        links = self.deck.talk.links
        y = self.heading_top(page, slide)
        t = self.deck.labels
        for index, (label, url, qr) in enumerate(((t("slides_link"), links.slides, t("qr_slides", url=links.slides)),
                                                  (t("feedback_link"), links.feedback,
                                                   t("qr_feedback", url=links.feedback)))):
            x = self.left + index * (400 + GAP)
            code = qr_code(url)
            if code is not None:
                png = io.BytesIO()
                code.save(png, kind="png", scale=10, border=4, dark="#000", light="#fff")
                self.picture(page, (x, y, 400, 400), png.getvalue(), qr, name=f"QR {label}")
            self.text(page, (x, y + 416, 400, 150),
                      [para(label, size=40, bold=True, after=0.1),
                       Para([Run(url.replace("https://", ""), href=url)], size=28, colour="muted")])
        if links.more:
            x = self.left + 2 * (400 + GAP) + 24
            self.text(page, (x, y, WIDTH - self.left - x, BOTTOM - y),
                      [para(t("read_more"), size=32, bold=True, colour="muted", caps=True, after=0.3)] +
                      [Para([Run(link.label, href=link.url)], bullet="•", after=0.15) for link in links.more])

    def kind_markdown(self, slide: Slide, page) -> None:
        y = self.heading_top(page, slide)
        blocks = markdown_blocks(slide.body_html)
        diagrams = self.pictures.diagrams.get(slide.anchor, [])
        centred = slide.layout == "centered"
        columns = 2 if slide.layout == "two-columns" else 1
        self._stack(page, slide, blocks, diagrams, y, centred, columns)

    def kind_diagrams(self, slide: Slide, page) -> None:
        """A kind this module does not know, that shows only a title and diagrams: those, as they are."""
        y = self.heading_top(page, slide)
        diagrams = self.pictures.diagrams.get(slide.anchor, [])
        self._stack(page, slide, [Picture(d.alt, diagram=i) for i, d in enumerate(diagrams)], diagrams, y, False, 1)

    def _stack(self, page, slide: Slide, blocks: list, diagrams: list[Diagram], y: float, centred: bool,
               columns: int) -> None:
        """Blocks top to bottom: text at the height it needs (shrunk together if they do not all fit),
        tables likewise, pictures sharing what is left."""
        available = BOTTOM - y
        pictures = [block for block in blocks if isinstance(block, Picture)]
        for block in blocks:
            if isinstance(block, list) and centred:
                for paragraph in block:
                    paragraph.align = "center"
        needed = lambda block, scale: (text_height(block, self.content / columns, scale) if isinstance(block, list)
                                       else table_height(block, self.content, scale) if isinstance(block, Table) else 0)
        scale = 1.0
        reserve = 300 * len(pictures)
        while scale > MIN_TEXT / 40 and sum(needed(b, scale) for b in blocks) + reserve + 24 * len(blocks) > available:
            scale -= 0.05
        picture_height = (available - sum(needed(b, scale) for b in blocks) - 24 * len(blocks)) / max(1, len(pictures))
        for block in blocks:
            if isinstance(block, list):
                for paragraph in block:
                    paragraph.size = max(MIN_TEXT, paragraph.size * scale)
                height = needed(block, 1.0)
                self.text(page, (self.left, y, self.content, min(height, BOTTOM - y)), block, columns=columns)
            elif isinstance(block, Table):
                height = needed(block, scale)
                self.table(page, (self.left, y, self.content, height), block, size=max(MIN_TEXT, 34 * scale))
            else:
                height = max(120, picture_height)
                if block.diagram is not None and block.diagram < len(diagrams):
                    diagram = diagrams[block.diagram]
                    self.picture(page, (self.left, y, self.content, height), diagram.png, diagram.alt, name=f"Diagram {diagram.name}")
                elif block.source is not None:
                    source = block.source if isinstance(block.source, bytes) else self.deck.root / block.source
                    self.picture(page, (self.left, y, self.content, height), source, block.alt, name="Picture")
            y += height + 24
