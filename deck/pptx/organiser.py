"""The PowerPoint file on the organiser's template (event.rules.pptx_template, a .potx or .pptx).

Their file is the start: its slide masters and layouts, so their background, logo, theme fonts
and colours; its own sample slides are dropped. Each of our slides takes their layout for its
kind (their title slide for ours, their section header for a divider, their title and content for
the rest); our title goes in their title placeholder and what the deck projects in their body
placeholder as plain paragraphs, in their type; our pictures (diagrams, a Markdown slide's
pictures, a slide taken whole) are fitted into their body area, beside the text where there is
both. The notes pane is as in the talk's own file. A slide that does not fit their layout (text
too long for their body at the room's smallest size, a template with no layout for it, a template
that is not 16:9) gets a located warning, and its text shrinks to fit rather than running off.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

from ..problems import Problem
from ..validate import Slide
from .blocks import Para, Picture, Run, Table, markdown_blocks
from .layout import EMU, GAP, MIN_TEXT, text_height
from .slides import SlideKinds, qr_png

TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
PRESENTATION_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
TITLE, CENTER_TITLE, SUBTITLE, BODY, OBJECT = 1, 3, 4, 2, 7  # PP_PLACEHOLDER's values


def open_template(path: Path):
    """Their template as a Presentation with no slides: a .potx is a .pptx whose main part is
    called a template, which python-pptx does not open as it is."""
    from pptx import Presentation

    data = path.read_bytes()
    if path.suffix.lower() == ".potx":
        source = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for member in source.infolist():
                content = source.read(member.filename)
                if member.filename == "[Content_Types].xml":
                    content = content.replace(TEMPLATE_TYPE, PRESENTATION_TYPE)
                target.writestr(member, content)
        data = out.getvalue()
    prs = Presentation(io.BytesIO(data))
    ids = prs.slides._sldIdLst
    for slide_id in list(ids):  # their sample slides go; their masters and layouts stay
        prs.part.drop_rel(slide_id.rId)
        ids.remove(slide_id)
    return prs


def _types(layout) -> set[int]:
    return {int(shape.placeholder_format.type) for shape in layout.placeholders}


class OnTemplate(SlideKinds):
    """The talk's slides on the organiser's masters and layouts; notices say what did not fit."""

    def build_on(self, template: Path, rule: Problem) -> tuple[bytes, list[Problem]]:
        self.prs = open_template(template)
        self.rule = rule
        self.notices: list[Problem] = []
        width, height = self.prs.slide_width, self.prs.slide_height
        if abs(width / height - 16 / 9) > 0.01:
            self.notices.append(replace(rule, message=f"the template's slides are {width / height:.2f}:1, not 16:9: "
                                                      "the talk's pictures are fitted into its body area"))
        layouts = list(self.prs.slide_layouts)
        content = self._layout(layouts, lambda types, name: {TITLE} <= types and types & {BODY, OBJECT},
                               "title and content")
        chosen = {"title": self._layout(layouts, lambda types, name: CENTER_TITLE in types, "title slide") or content,
                  "section": self._layout(layouts, lambda types, name: "section" in name, "") or content}
        data = self.write_slides(lambda slide: chosen.get(slide.kind, content) or layouts[0], self.place)
        return data, self.notices

    def _layout(self, layouts, wanted, called: str):
        """Their layout that has the placeholders wanted (the one named so first), or None, said."""
        found = [layout for layout in layouts if wanted(_types(layout), layout.name.lower())]
        found.sort(key=lambda layout: layout.name.lower() != called)
        if not found and called:
            self.notices.append(replace(self.rule, message=f"the template has no '{called}' layout (one with the "
                                                           "placeholders it needs): its slides take the nearest"))
        return found[0] if found else None

    # ------------------------------------------------------------ one slide on their layout

    def place(self, slide: Slide, page) -> None:
        placeholders = {int(shape.placeholder_format.type): shape for shape in page.placeholders}
        title = placeholders.get(CENTER_TITLE) or placeholders.get(TITLE)
        if title is not None:
            title.text_frame.text = slide.title
        body = placeholders.get(SUBTITLE) or placeholders.get(BODY) or placeholders.get(OBJECT)
        paragraphs, pictures = self.projected(slide)
        if body is None:
            box = (0, title.top + title.height if title is not None else 0, self.prs.slide_width,
                   self.prs.slide_height - (title.top + title.height if title is not None else 0))
        else:
            box = (body.left, body.top, body.width, body.height)
        left, top, width, height = box
        if pictures and paragraphs and body is not None:  # the words on the left, the pictures beside them
            # all four set: a placeholder given one of them alone would lose the others it inherits
            body.left, body.top, body.width, body.height = left, top, width // 2 - GAP * EMU // 2, height
            box = (left + width // 2 + GAP * EMU // 2, top, width // 2 - GAP * EMU // 2, height)
        if paragraphs and body is not None:
            self._words(slide, body, paragraphs)
        elif body is not None:  # nothing to say there: their empty placeholder would show its prompt
            body._element.getparent().remove(body._element)
        for shape in list(page.placeholders):  # the layout's other empty ones (a date, a footer) likewise
            if not shape.has_text_frame or not shape.text_frame.text:
                if shape is not body and shape is not title:
                    shape._element.getparent().remove(shape._element)
        self._pictures(page, pictures, box)
        if title is not None and slide.hide_title:
            # Unseen in the deck: kept as the slide's name (their outline, a screen reader) but moved
            # above the slide's face, as on our own slides (deck/pptx/slides.py says why); all four
            # set, or the placeholder would lose what it inherits from their layout.
            title.left, title.top, title.width, title.height = title.left, -title.height - 8 * EMU, title.width, title.height

    def projected(self, slide: Slide) -> tuple[list[Para], list[tuple[bytes, str]]]:
        """What the deck projects on the slide: its words as paragraphs, its pictures (PNG, alt text)."""
        talk, t = self.deck.talk, self.deck.labels
        if slide.anchor in self.pictures.slides:  # a slide no kind maps: the slide as projected
            self.notices.append(Problem(slide.source[0], slide.source[1], 1, f"slide {slide.number} '{slide.title}'",
                                        "is a picture in the organiser's body area (its template shows what the "
                                        "model does not place); its title and notes are text", warning=True))
            return [], [(self.pictures.slides[slide.anchor], self._slide_alt(slide))]
        diagrams = [d for d in self.pictures.diagrams.get(slide.anchor, []) if d.name != "locator"]
        if slide.kind == "title":
            byline = talk.speaker.name + (f", {talk.speaker.role}" if talk.speaker.role else "")
            event = " · ".join(part for part in (talk.event.name, talk.event.date, talk.event.location) if part)
            return [Para([Run(text)]) for text in (talk.subtitle, byline, event) if text], []
        if slide.kind == "section":
            numbers = self.deck.part_numbers  # counted from the first divider, as the deck's
            return [Para([Run(t("section_part", n=numbers.get(slide.section.id, 0), total=len(numbers)))])], []
        if slide.subject is not None:
            parts = self.shown_parts(slide, diagrams)
            return ([paragraph for part in parts for paragraph in part.paragraphs + part.beside],
                    [(part.diagram.png, part.diagram.alt) for part in parts if part.diagram is not None])
        if slide.kind == "recap":  # and where the slides and the handout are, as the deck shows it
            url = talk.links.slides
            code = qr_png(url)
            return ([Para([Run(takeaway.short, bold=True), Run(f": {takeaway.text}")], bullet="1.")
                     for takeaway in talk.takeaways] + [Para([Run(f"{t('handout_link')} "), Run(url, href=url)])],
                    [(code, t("qr_handout", url=url))] if code is not None else [])
        if slide.kind == "closing":
            return self._closing()
        if slide.kind == "markdown":
            return self._markdown(slide, diagrams)
        return [], [(diagram.png, diagram.alt) for diagram in diagrams]

    def _closing(self) -> tuple[list[Para], list[tuple[bytes, str]]]:
        links, t = self.deck.talk.links, self.deck.labels
        codes = []
        for url, alt in ((links.slides, t("qr_slides", url=links.slides)), (links.feedback, t("qr_feedback", url=links.feedback))):
            code = qr_png(url)
            if code is not None:
                codes.append((code, alt))
        words = [Para([Run(f"{t('slides_link')} "), Run(links.slides, href=links.slides)]),
                 Para([Run(f"{t('feedback_link')} "), Run(links.feedback, href=links.feedback)])]
        words += [Para([Run(link.label, href=link.url)], level=1) for link in links.more]
        return words, codes

    def _markdown(self, slide: Slide, diagrams) -> tuple[list[Para], list[tuple[bytes, str]]]:
        words, pictures = [], []
        for block in markdown_blocks(slide.body_html):
            if isinstance(block, list):
                words += block
            elif isinstance(block, Table):  # a row a line: their layout has no table placeholder to fill
                words += [Para([run for cell in row for run in (*cell, Run("  ·  "))][:-1]) for row in block.rows]
            elif isinstance(block, Picture):
                data = (diagrams[block.diagram].png if block.diagram is not None and block.diagram < len(diagrams)
                        else block.source if isinstance(block.source, bytes) else self._picture_data(block.source or ""))
                if data is not None:
                    pictures.append((data, block.alt))
        return words, pictures

    def _words(self, slide: Slide, body, paragraphs: list[Para]) -> None:
        """The paragraphs in their placeholder, in their type (no font, size or colour of ours), as
        their bullets and levels set them; text too long shrinks to fit, and is said."""
        from pptx.enum.text import MSO_AUTO_SIZE

        frame = body.text_frame
        frame.text = ""
        labelled = any(paragraph.caps for paragraph in paragraphs)  # a part's label heads its words, a level up
        for index, paragraph in enumerate(paragraphs):
            target = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            target.level = min(paragraph.level + (labelled and not paragraph.caps), 4)
            for run in paragraph.runs:
                made = target.add_run()
                made.text = re.sub(r"\s+", " ", run.text)
                if run.bold or paragraph.bold:
                    made.font.bold = True
                if run.italic or paragraph.italic:
                    made.font.italic = True
                if run.href.startswith(("https://", "mailto:")):
                    made.hyperlink.address = run.href
        room = (body.width / EMU, body.height / EMU)
        least = [replace(paragraph, size=MIN_TEXT) for paragraph in paragraphs]
        if text_height(least, room[0]) > room[1]:
            frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
            self.notices.append(Problem(slide.source[0], slide.source[1], 1, f"slide {slide.number} '{slide.title}'",
                                        "does not fit the organiser's layout: its text needs more than their body "
                                        "area at 18 pt, so it is shrunk to fit; shorten it", warning=True))

    def _pictures(self, page, pictures: list[tuple[bytes, str]], box: tuple) -> None:
        """The pictures stacked in the box, each in an equal share of its height, aspect kept."""
        left, top, width, height = (value / EMU for value in box)
        share = height / max(1, len(pictures))
        for index, (data, alt) in enumerate(pictures):
            self.picture(page, (left, top + index * share, width, share - (GAP if len(pictures) > 1 else 0)), data, alt,
                         name=f"Picture {index + 1}")
