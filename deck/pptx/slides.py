"""Each slide kind drawn as the presenter deck projects it: a title slide, a section divider, a model
entry's shown parts (deck/pptx/entries.py) with its diagrams at the size the slide gives them, the
fit grid, the recap, the closing QR codes, a Markdown slide's blocks; a slide the browser took as a
picture goes in whole, its title still text. What readers get besides (an entry's full detail, the
takeaway it delivers, the recap's slide numbers) is in the notes pane, after the speaker's notes.
A new slide kind is a kind_<name> method here (and its name in KINDS, deck/pptx/capture.py).
"""
from __future__ import annotations

import io

from ..script import cuttable_minutes, part_starts, slide_credit
from ..validate import Slide, qr_code
from .blocks import (Para, Picture, Run, Table, Unmappable, as_the_room_reads, halves, markdown_blocks, para, picture_rows,
                     plain, projected_words, spaced_list)
from .capture import Diagram
from .entries import Entries, Part
from .layout import (BOTTOM, GAP, HEIGHT, LEFT, MIN_TEXT, SLACK, TOP, WIDTH, address_lines, columns_height,
                     table_height, text_height, text_width)
from .shapes import heading_size

# A diagram is given at least half the slide's width or 60% of its height, whichever its shape reaches first.
HALF_WIDTH, MOST_HEIGHT = WIDTH / 2, HEIGHT * 0.6
QR, CAPTION = 220, 340  # px: a QR code's side beside its caption, and the caption's width
BIG_QR = 460  # px: each code on the closing slide and the recap, read by a phone from the back of a large hall
LOCATOR_TOP = 56  # the 'you are here' map's place, top right (static/theme/deck.css)


class SlideKinds(Entries):
    """fill() draws one slide by its kind; notes() puts its script, then the reader's detail, in the notes pane."""

    def write_slides(self, layout_of, fill) -> bytes:
        """A slide per deck slide on layout_of(slide), all made before any is filled (in-deck links
        need their targets), each filled by fill(slide, page) and given its notes; the file's bytes."""
        from .ranked import FIRST_STATE, two_states
        from .theme import reproducible, set_properties

        made, before = [], {}
        for slide in self.deck.slides:
            if two_states(slide):  # a list that re-ranks on a click: a slide as it opens, then as it ends
                before[slide.anchor] = self.prs.slides.add_slide(layout_of(slide))
                before[slide.anchor]._element.cSld.set("name", FIRST_STATE)
            made.append(self.prs.slides.add_slide(layout_of(slide)))
            self.slides[slide.anchor] = before.get(slide.anchor, made[-1])
            if slide.on_request:  # as in the deck: shown when someone asks for it, never played in turn
                made[-1]._element.set("show", "0")
        for number, (slide, page) in enumerate(zip(self.deck.slides, made), start=1):
            if slide.anchor in before:  # as it opens, its notes up to the click cue
                self.then = False
                fill(slide, before[slide.anchor])
                self.notes(slide, before[slide.anchor], part=0)
                self.then = True
            fill(slide, page)
            self.notes(slide, page, part=1 if slide.anchor in before else None)
            if self.progress is not None:
                self.progress.advance("writing the PowerPoint file", number, len(made))
        set_properties(self.prs, self.deck)
        self.click_builds()  # what the deck reveals a click at a time arrives on a click here too
        self.prs.save(out := io.BytesIO())
        return reproducible(out.getvalue())

    def fill(self, slide: Slide, page) -> None:
        background = page.background.fill
        background.solid()
        background.fore_color.rgb = self.rgb("section-paper" if slide.kind == "section" else "paper")
        if slide.anchor in self.pictures.slides:
            self.picture(page, (0, 0, WIDTH, HEIGHT), self.pictures.slides[slide.anchor],
                         self._slide_alt(slide), name="Slide as projected", fill=True)
            self.title(page, slide.title, (self.left, TOP, self.content, 80), 68, hidden=True)
        else:
            getattr(self, "kind_" + slide.kind.replace("-", "_"), self.kind_diagrams)(slide, page)
            if slide.credits:  # the source line the deck projects, under the content
                self.text(page, (self.left, BOTTOM + 12, self.content, HEIGHT - BOTTOM - 20),
                          [Para([Run(slide_credit(slide, self.deck.labels), italic=True)], size=MIN_TEXT)],
                          name="Credit")

    def _slide_alt(self, slide: Slide) -> str:
        credit = [slide_credit(slide, self.deck.labels)] if slide.credits else []  # the picture's source line, said
        return " ".join([self.deck.labels("slide_alt", n=slide.number, title=slide.title)] + [diagram.alt for diagram in
                        self.pictures.diagrams.get(slide.anchor, [])] + projected_words(slide) + credit)

    def notes(self, slide: Slide, page, part: int | None = None) -> None:
        """The speaker's notes as the deck shows them, then the reader's detail; a slide made two
        (`part` 0, 1) has its notes split at the click cue."""
        from .ranked import split_notes

        frame = page.notes_slide.notes_text_frame
        lines = split_notes(self.cue_card(slide) + said(slide), part)
        detail = self.detail(slide) if part != 0 else []  # a slide that went in as its picture keeps it too
        if detail:
            lines += [para(""), para(self.deck.labels("notes_detail"))] + [para(line) for line in detail]
        number = 0
        for index, line in enumerate(lines):
            target = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            number = number + 1 if line.bullet == "1." else 0
            mark = f"{number}. " if line.bullet == "1." else f"{line.bullet} " if line.bullet else ""
            if mark or line.level:
                target.add_run().text = "    " * line.level + mark
            for run in line.runs:
                made = target.add_run()
                made.text = run.text
                made.font.bold = run.bold or line.bold or None
                made.font.italic = run.italic or line.italic or None
                if run.mono:
                    made.font.name = "Consolas"
                if run.strike:
                    made._r.get_or_add_rPr().set("strike", "sngStrike")

    def cue_card(self, slide: Slide) -> list[Para]:
        """What the speaker view puts over the notes: the key phrase, and what cutting the slide saves."""
        t = self.deck.labels
        card = [para(t("key_phrase", phrase=slide.key), bold=True)] if slide.key else []
        if slide.cut:
            total = t.number(cuttable_minutes(self.deck.slides))
            card.append(para(t("cuttable", minutes=t.number(slide.cut), total=total), italic=True))
        start = part_starts(self.deck.slides).get(slide.anchor)
        if start:
            card.append(para(t("part_start", clock=start[0], total=start[1]), italic=True))
        return card

    def entry(self, slide: Slide, page, eyebrow: str) -> None:
        """A model entry's slide: eyebrow, title, the locator top right, then the shown parts, a
        remedies picture beside the words (as the deck sets it), any other diagram stacked."""
        diagrams = self.pictures.diagrams.get(slide.anchor, [])
        locator = next((d for d in diagrams if d.name == "locator"), None)
        drawn = [d for d in diagrams if d is not locator]
        title_width = self.content
        if locator is not None:
            w, h = self.natural(locator)
            self.picture(page, (WIDTH - LEFT - w, LOCATOR_TOP, w, h), locator.png, locator.alt,
                         name=f"Diagram {locator.name}")
            title_width = self.content - w - GAP
        name = slide.subject.name
        eyebrow += f" · {name}" if eyebrow and slide.title != name else ""
        y = self.heading_top(page, slide, eyebrow, width=title_width)
        parts = self.shown_parts(slide, drawn)
        beside = [part for part in parts if part.diagram is not None and "remedies" in slide.show]
        if beside:
            picture = beside[0]
            words = [part for part in parts if part is not picture]
            column = self.content - GAP - HALF_WIDTH
            self._stack_parts(page, words, y, self.left, column)
            self._stack_parts(page, [picture], y, self.left + column + GAP, HALF_WIDTH)
        else:
            self._stack_parts(page, parts, y, self.left, self.content)

    def natural(self, diagram: Diagram) -> tuple[float, float]:
        """A diagram's size on the deck: the browser took it at twice its CSS pixels."""
        from PIL import Image

        with Image.open(io.BytesIO(diagram.png)) as image:
            return image.width / 2, image.height / 2

    def _stack_parts(self, page, parts: list[Part], y: float, x: float, width: float) -> None:
        """Parts top to bottom in a column: text at the height it needs (shrunk together, never under
        MIN_TEXT, when the diagrams would get less than their share), diagrams sharing the rest; the
        whole centred in the room below the title when it leaves some, as the deck's stage is."""
        if not parts:
            return
        room = BOTTOM - y
        pictures = [part for part in parts if part.diagram is not None]
        minimum = sum(self._least(part.diagram, width) for part in pictures)

        def needed(part: Part, scale: float) -> float:
            columns = [part.paragraphs, part.beside] if part.beside else [part.paragraphs]
            per = (width - GAP * (len(columns) - 1)) / len(columns)
            return max(text_height(column, per, scale) for column in columns) + 24

        scale = 1.0
        while scale > 0.5 and sum(needed(p, scale) for p in parts) + minimum > room:
            scale -= 0.02  # fine steps: the largest size that fits, not the next twentieth down
        for part in parts:
            for paragraph in part.paragraphs + part.beside:
                paragraph.size = max(MIN_TEXT, paragraph.size * scale)
        text = sum(needed(p, 1.0) for p in parts)
        share = (room - text) / len(pictures) if pictures else 0
        if not pictures:
            y += max(0, (room - text) / 2)
        for part in parts:
            if part.beside:
                half = (width - GAP) / 2
                left = self.text(page, (x, y, half, needed(part, 1.0) - 24), part.paragraphs)
                right = self.text(page, (x + half + GAP, y, half, needed(part, 1.0) - 24), part.beside)
                y += max(left, right) + 24
                continue
            if part.paragraphs:
                y += self.text(page, (x, y, width, needed(part, 1.0) - 24), part.paragraphs) + (0 if part.diagram else 24)
            if part.diagram is not None:
                height = max(share - (needed(part, 1.0) if part.paragraphs else 0), self._least(part.diagram, width))
                if getattr(part.picture, "picture", "") == "ranked-list":  # real text, centred in the picture's room
                    from .ranked import draw, height_of

                    y += draw(self, page, x, y + max(0.0, (height - height_of(part.picture)) / 2), width,
                              part.picture, then=getattr(self, "then", True)) + max(0.0, height - height_of(part.picture)) + 24
                    continue
                y += self.picture(page, (x, y, width, height), part.diagram.png, part.diagram.alt,
                                  name=f"Diagram {part.diagram.name}") + 24

    def _least(self, diagram: Diagram, width: float) -> float:
        """The least height that gives a diagram half the slide's width or 60% of its height."""
        w, h = self.natural(diagram)
        return min(MOST_HEIGHT, min(HALF_WIDTH, width) * h / w)

    def kind_title(self, slide: Slide, page) -> None:
        talk = self.deck.talk
        below = []
        if talk.subtitle:  # the deck's lede: 56 px
            below.append(para(talk.subtitle, size=56, colour="muted", after=1.2))
        # A placeholder ('[Speaker name]') is not projected, as on the deck (check names it).
        from ..render import projectable

        speaker, role = projectable(talk.speaker.name), projectable(talk.speaker.role)
        if speaker:
            below.append(Para([Run(speaker, bold=True)] + ([Run(f", {role}")] if role else []), size=44, after=0.2))
        event = " · ".join(projectable(part) for part in (talk.event.name, talk.event.date, talk.event.location)
                           if projectable(part))
        if event:
            below.append(para(event, size=44, colour="muted"))
        # The title and the words under it one block centred top to bottom, as the deck sets them (the
        # title a size under the deck's 128 px: PowerPoint may set it in a wider substitute face).
        top = max(TOP, (HEIGHT - heading_size(slide.title, 1560, 104)[1] - 40 - text_height(below, self.content)) / 2)
        y = top + self.heading(page, slide.title, self.left, top, 1560, 104) + 40
        self.text(page, (self.left, y, self.content, BOTTOM - y), below)
        for shape in list(page.placeholders):  # the layout's empty subtitle would show its prompt
            if shape.placeholder_format.idx != 0:
                shape._element.getparent().remove(shape._element)

    def kind_section(self, slide: Slide, page) -> None:
        """As the deck draws a divider: its part, its title and its question one block, centred top
        to bottom (static/theme/deck.css); two words near the top of a dark slide read as unfinished."""
        numbers = self.deck.part_numbers  # counted from the first divider, as the deck's (deck/outline.py)
        part = [para(self.deck.labels("section_part", n=numbers.get(slide.section.id, 0), total=len(numbers)),
                     size=44, bold=True, colour="section-muted", caps=True, after=0)]
        asks = [para(slide.asks, size=60, bold=True, colour="section-ink", after=0)] if slide.asks else []  # 1.5em
        _, title_h = heading_size(slide.title, 1700, 150)
        part_h, asks_h = text_height(part, self.content), text_height(asks, 1500)
        y = (HEIGHT - (part_h + 24 + title_h + (48 + asks_h if asks else 0))) / 2
        y += self.text(page, (self.left, y, self.content, part_h), part, name="Part") + 24
        y += self.heading(page, slide.title, self.left, y, 1700, 150, colour="section-ink")
        if asks:
            self.text(page, (self.left, y + 48, 1500, asks_h), asks, name="Question")

    def kind_anti_pattern(self, slide: Slide, page) -> None:
        if slide.quoted:
            return self.told_as_said(slide, page)
        self.entry(slide, page, self.deck.labels("kind_anti_pattern"))

    def kind_root(self, slide: Slide, page) -> None:
        self.told_by_root(slide, page)

    def kind_context(self, slide: Slide, page) -> None:
        t = self.deck.labels
        domain = slide.subject.domain
        # The deck's grid slide has no eyebrow (templates/slides/context.html).
        self.entry(slide, page, "" if "grid" in slide.show else t("kind_context") + (f" · {t.domain(domain)}" if domain else ""))

    def kind_pattern(self, slide: Slide, page) -> None:
        self.entry(slide, page, self.deck.labels("kind_pattern"))

    def kind_tool(self, slide: Slide, page) -> None:
        # A tool's own family (a Wardley map is a strategy tool) before the default, as the deck says it.
        self.entry(slide, page, slide.subject.family or self.deck.labels("kind_tool"))

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
        """As the deck projects it: the handout's code at BIG_QR px at the right, labelled above its
        address, and at its left a row per takeaway, its number large, its few words and the
        callback to the moment that delivered it; the rows as tall as the tallest one's words, the
        group in the middle of the space under the title. The full sentence and where it was
        delivered are for readers: in the notes."""
        top = self.heading_top(page, slide) + 24
        t, url = self.deck.labels, self.deck.talk.links.slides
        right = self.left + self.content
        caption = self.address(t("handout_link"), url)
        height = text_height(caption, BIG_QR)
        y = top + max(0, (BOTTOM - top - BIG_QR - 16 - height) / 2)
        self.qr(page, (right - BIG_QR, y, BIG_QR, BIG_QR), url, t("qr_handout", url=url), f"QR {t('handout_link')}")
        self.text(page, (right - BIG_QR, y + BIG_QR + 16, BIG_QR, height), caption, name=f"QR {t('handout_link')} address")
        takeaways = self.deck.talk.takeaways
        width, number = self.content - BIG_QR - 80, 110
        inset = 32  # the text box's margins (shapes.text, filled)
        # The deck's sizes: a row's words at 52 px (1.3em), its takeaway a little larger; a little
        # smaller, the rows closer, where a takeaway's words take two lines and the rows would run
        # off the frame (never under 0.88 of the deck's: the file's words stay the deck's sizes).
        for scale, gap in ((1, 28), (0.94, 20), (0.88, 16)):
            big, small = round(58 * scale), round(52 * scale)
            rows = [([para(str(index), size=114, bold=True, colour="accent", after=0)],
                     [Para(whole_words(takeaway.short, big, width - number - 32), size=big, bold=True, after=0.2),
                      para(takeaway.callback or takeaway.text, size=small, italic=bool(takeaway.callback),
                           colour="muted", after=0)])
                    for index, takeaway in enumerate(takeaways, start=1)]
            height = max(text_height(words, width - number - inset) for _, words in rows) + inset
            if len(rows) * (height + gap) - gap <= BOTTOM - top:
                break
        y = top + max(0, (BOTTOM - top - len(rows) * (height + gap) + gap) / 2)
        for index, (digit, words) in enumerate(rows, start=1):
            self.panel(page, (self.left, y, 14, height), "accent", f"Rule beside row {index}")
            self.panel(page, (self.left + 14, y, width - 14, height), "panel", f"Row {index}")
            self.text(page, (self.left + 24, y, number, height), digit, name=f"Row {index} number")
            self.text(page, (self.left + number + 24, y, width - number - 24, height), words, name=f"Row {index} words")
            y += height + gap

    def kind_closing(self, slide: Slide, page) -> None:
        """As the deck projects it: the two QR codes alone, side by side at BIG_QR px, a phone reads
        them from the back of a large hall; each labelled, its address under it. The reading list
        is the handout's and the notes' (the deck keeps it for readers only)."""
        links = self.deck.talk.links
        top = self.heading_top(page, slide)
        t, gap = self.deck.labels, 160
        x = self.left + (self.content - 2 * BIG_QR - gap) / 2
        for label, url, qr in ((t("slides_link"), links.slides, t("qr_slides", url=links.slides)),
                               (t("feedback_link"), links.feedback, t("qr_feedback", url=links.feedback))):
            self.qr(page, (x, top, BIG_QR, BIG_QR), url, qr, f"QR {label}")
            caption = self.address(label, url)
            self.text(page, (x, top + BIG_QR + 24, BIG_QR + 80, text_height(caption, BIG_QR + 80)), caption,
                      name=f"QR {label} address")
            x += BIG_QR + gap

    def qr(self, page, box: tuple, url: str, alt: str, name: str) -> None:
        """A QR code that opens the address."""
        png = qr_png(url)
        if png is not None:
            self.picture(page, box, png, alt, name=name, href=url)

    @staticmethod
    def address(label: str, url: str, align: str = "") -> list[Para]:
        """A QR code's caption: its label, then the address as plain text (the code is the link), its
        lines broken after its slashes, never inside a word, as on the deck."""
        lines = address_lines(url.replace("https://", ""), MIN_TEXT, CAPTION)
        shown = [run for line in lines for run in (Run("\n"), Run(line))][1:]
        return [para(label, size=40, bold=True, after=0.1, align=align), Para(shown, size=MIN_TEXT, colour="muted", align=align)]

    def kind_markdown(self, slide: Slide, page) -> None:
        """A Markdown slide: its background and half pictures where the deck places them, then the rest."""
        blocks = markdown_blocks(slide.body_html)
        for backdrop in [block for block in blocks if isinstance(block, Picture) and block.place == "background"]:
            blocks.remove(backdrop)
            self.backdrop(page, backdrop.source, backdrop.alt)
        column = (self.left, self.content)
        for half in [block for block in blocks if isinstance(block, Picture) and block.place in ("left", "right")]:
            blocks.remove(half)
            self.left, self.content = self.half(page, half.source, half.alt, half.place)
        try:
            self._markdown_face(slide, page, blocks)
        finally:
            self.left, self.content = column  # the next slide's words take the whole width again

    def _markdown_face(self, slide: Slide, page, blocks: list) -> None:
        """The title (or its place, unseen) and the blocks down the column the slide leaves them."""
        if slide.layout == "statement":
            # The title is the slide, its words nothing else (the deck hides them): 2.8em of the
            # deck's 40 px, centred both ways, in the middle 14em, as static/theme/deck.css sets it.
            width = min(self.content, 14 * 112)
            size, height = heading_size(slide.title, width, 112)
            self.title(page, slide.title, (self.left + (self.content - width) / 2, (HEIGHT - height) / 2, width, height),
                       size, align="center")
            return
        if slide.hide_title:
            # The title stays in the title placeholder, above the slide's face, rather than an empty
            # placeholder: PowerPoint's outline view and a screen reader name the slide by that
            # placeholder's text (empty, the slide is "Untitled" and the accessibility checker says
            # so), while the slide show and the print show only what is on the face.
            self.title(page, slide.title, (self.left, TOP, self.content, 80), 68, hidden=True)
            y = TOP
        else:
            y = self.heading_top(page, slide)
        split = halves(slide.body_html) if slide.room >= 1 and slide.layout == "two-columns" else None
        if split and len(split) == 2:  # an exercise: its steps beside the path they follow
            return self.exercise(page, split, y)
        as_the_room_reads(blocks, self.density(slide))
        factor = self.base_size(slide) / 40  # the deck sets a sparse slide's text larger, a dense one smaller
        columns = 2 if slide.layout == "two-columns" else 1
        for block in blocks:
            for paragraph in block if isinstance(block, list) else []:
                if columns == 2 and plain(paragraph):  # .layout-two-columns > p: 1.4em and bold, as deck.css
                    paragraph.size, paragraph.bold = paragraph.size * 1.4, True
                paragraph.size = max(MIN_TEXT, paragraph.size * factor)
        spaced_list(blocks, slide)
        diagrams = self.pictures.diagrams.get(slide.anchor, [])
        centred = slide.layout == "centered"
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
        blocks = picture_rows(blocks)
        pictures = [block for block in blocks if isinstance(block, (Picture, tuple))]
        for block in blocks:
            if isinstance(block, list) and centred:
                for paragraph in block:
                    paragraph.align = "center"
        # A Markdown slide's table is the slide: the deck sets it at 1.3 times the density's size.
        table_size = self.base_size(slide) * 1.3 if slide.kind == "markdown" else 34
        # Text in columns is as tall as its taller column: a box as tall as the whole would leave the
        # second column empty (the text flows on only when the first is full).
        needed = lambda block, scale: (columns_height(block, (self.content - GAP * (columns - 1)) / columns, columns, scale)
                                       if isinstance(block, list)
                                       else table_height(block, self.content, max(MIN_TEXT, table_size * scale))
                                       if isinstance(block, Table) else 0)
        scale = 1.0
        least = lambda block: (self._least(diagrams[block.diagram], self.content)
                               if isinstance(block, Picture) and block.diagram is not None
                               and block.diagram < len(diagrams) else 300 if isinstance(block, Picture) else 200)
        reserve = sum(least(block) for block in pictures)
        while scale > 0.5 and sum(needed(b, scale) for b in blocks) + reserve + 24 * len(blocks) > available:
            scale -= 0.05
        picture_height = (available - sum(needed(b, scale) for b in blocks) - 24 * len(blocks)) / max(1, len(pictures))
        if not pictures:  # the deck centres its stage below the title
            y += max(0, (available - sum(needed(b, scale) for b in blocks) - 24 * (len(blocks) - 1)) / 2)
        for block in blocks:
            if isinstance(block, list):
                for paragraph in block:
                    paragraph.size = max(MIN_TEXT, paragraph.size * scale)
                height = self.text(page, (self.left, y, self.content, needed(block, 1.0)), block, columns=columns)
            elif isinstance(block, Table):
                height = needed(block, scale)
                self.table(page, (self.left, y, self.content, height), block, size=max(MIN_TEXT, table_size * scale))
            else:
                height = max(least(block), picture_height)
                if isinstance(block, tuple):  # a row of pictures side by side, each fitted into its share
                    width = (self.content - GAP * (len(block) - 1)) / len(block)
                    for index, picture in enumerate(block):
                        self.picture(page, (self.left + index * (width + GAP), y, width, height), picture.source,
                                     picture.alt, name="Picture")
                elif block.diagram is not None and block.diagram < len(diagrams):
                    diagram = diagrams[block.diagram]
                    self.picture(page, (self.left, y, self.content, height), diagram.png, diagram.alt, name=f"Diagram {diagram.name}")
                elif block.source is not None and block.place == "fill":  # the whole stage, as the deck shows it
                    height = BOTTOM - y
                    self.picture(page, (self.left, y, self.content, height), block.source, block.alt,
                                 name="Picture filling the stage")
                elif block.source is not None:
                    self.picture(page, (self.left, y, self.content, height), block.source, block.alt, name="Picture")
            y += height + 24


def qr_png(url: str) -> bytes | None:
    """The address's QR code as a picture, black on white with its quiet zone, as the deck draws it."""
    code = qr_code(url)
    if code is None:
        return None
    png = io.BytesIO()
    code.save(png, kind="png", scale=10, border=4, dark="#000", light="#fff")
    return png.getvalue()


def said(slide: Slide) -> list[Para]:
    """The speaker's notes whole (the cue card's beats, story prompts and stage directions kept: the
    file is what the speaker presents from on the venue's laptop) as runs; a table's rows as lines;
    plain paragraphs where the notes hold what has no form here. The audience's copy, without the
    scaffolding, is the handout's and the reading view's."""
    try:
        blocks = markdown_blocks(slide.notes_html)
    except Unmappable:
        return [para(" ".join(line.split())) for line in slide.notes.split("\n") if line.strip()]
    lines: list[Para] = []
    for block in blocks:
        if isinstance(block, Table):
            lines += [Para([run for cell in row for run in (cell + [Run(" | ")])][:-1] or [Run("")]) for row in block.rows]
        elif isinstance(block, list):
            lines += block
    return lines


def whole_words(text: str, size: float, width: float) -> list[Run]:
    """Bold words with a line break before a hyphenated word that starts a new line: a text box
    breaks "anti-/patterns" at its hyphen, which reads as two words (the deck keeps it whole)."""
    runs, line = [], ""
    for word in text.split(" "):
        tried = f"{line} {word}" if line else word
        if line and "-" in word and text_width(tried, size, bold=True) > width * SLACK:
            runs += [Run(line), Run("\n")]
            tried = word
        line = tried
    return runs + [Run(line)]

