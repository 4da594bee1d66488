"""A slide's click builds: what the deck reveals a click at a time (a reveal.js fragment: a Markdown
block or list item on a slide with steps, an entry's part after its first) arrives on a click in the
PowerPoint file too, as PowerPoint's own Appear entrance effect (ECMA-376 PresentationML
animation), in the deck's order, so the speaker's "[Click: ...]" cue does there what it does in the
browser. A step that is paragraphs of a text box is built by paragraph (p:txEl/p:pRg), a step that
is a shape of its own (a table) by shape. Nothing else changes: a slide's shapes and text stay
where they are, so what is printed or rendered (the slide sorter, a PDF) shows the final state.

Shapes (deck/pptx/shapes.py) records where each step went as a slide is drawn, by the slide's id:
(step, shape id, paragraph index, or None for the whole shape); write_builds turns each slide's
record into its <p:timing>. lxml only, imported inside the functions.
"""
from __future__ import annotations

PRESENTATIONML = "http://schemas.openxmlformats.org/presentationml/2006/main"

# PowerPoint's preset for "Appear": an entrance (presetClass entr) numbered 1, no motion or fade.
APPEAR = "1"


def write_builds(presentation, clicks: dict[int, list[tuple[int, int, int | None]]]) -> None:
    """Each slide with a step recorded gets its timing: one click per step, in order."""
    for page in presentation.slides:
        recorded = clicks.get(page.slide_id)
        if recorded:
            page._element._insert_timing(timing(recorded))


def stepped_pictures(page, blocks: list, diagrams: list) -> list[tuple[int, object]]:
    """(step, picture shape) for each of a Markdown slide's pictures (its own, or a diagram) that
    arrives on a click, found on its PowerPoint slide by its alt text (what it shows), each shape once,
    in the order drawn."""
    from .blocks import Picture

    found, used = [], set()
    pictures = [shape for shape in page.shapes if shape._element.tag.endswith("}pic")]
    for block in blocks:
        if not isinstance(block, Picture) or not block.step:
            continue
        alt = diagrams[block.diagram].alt if block.diagram is not None and block.diagram < len(diagrams) else block.alt
        shape = next((shape for shape in pictures if shape.shape_id not in used
                       and shape._element.nvPicPr.cNvPr.get("descr") == alt), None)
        if shape is not None:
            used.add(shape.shape_id)
            found.append((block.step, shape))
    return found


def targets_by_click(recorded: list[tuple[int, int, int | None]]) -> list[list[tuple[int, tuple[int, int] | None]]]:
    """The recorded steps as clicks, in the deck's order: each click's targets, a shape with a run of
    its paragraphs (first, last) or the whole shape (None), in the order they were drawn."""
    clicks: dict[int, list] = {}
    for step, shape, paragraph in recorded:
        targets = clicks.setdefault(step, [])
        last = targets[-1] if targets else None
        if (paragraph is not None and last is not None and last[0] == shape and last[1] is not None
                and last[1][1] == paragraph - 1):  # the next paragraph of the same box: one run
            targets[-1] = (shape, (last[1][0], paragraph))
        elif (shape, None) not in targets:
            targets.append((shape, None if paragraph is None else (paragraph, paragraph)))
    return [clicks[step] for step in sorted(clicks)]


def timing(recorded: list[tuple[int, int, int | None]]):
    """<p:timing> as PowerPoint writes it for Appear effects on click: the main sequence, a par per
    click, in it an effect per target (the first on the click, the rest with it), then the build list."""
    from lxml import etree

    p = f"{{{PRESENTATIONML}}}"
    ids = iter(range(1, 10_000))

    def node(parent, tag: str, **attributes):
        return etree.SubElement(parent, p + tag, {key: str(value) for key, value in attributes.items()})

    root = etree.Element(p + "timing", nsmap={"p": PRESENTATIONML})
    top = node(node(node(root, "tnLst"), "par"), "cTn", id=next(ids), dur="indefinite", restart="never", nodeType="tmRoot")
    sequence = node(node(top, "childTnLst"), "seq", concurrent=1, nextAc="seek")
    main = node(sequence, "cTn", id=next(ids), dur="indefinite", nodeType="mainSeq")
    clicks = node(main, "childTnLst")
    built: dict[int, bool] = {}  # shape id -> built by paragraph
    for targets in targets_by_click(recorded):
        click = node(node(clicks, "par"), "cTn", id=next(ids), fill="hold")
        node(node(click, "stCondLst"), "cond", delay="indefinite")  # waits for the click
        group = node(node(node(click, "childTnLst"), "par"), "cTn", id=next(ids), fill="hold")
        node(node(group, "stCondLst"), "cond", delay=0)
        effects = node(group, "childTnLst")
        for index, (shape, paragraphs) in enumerate(targets):
            effect = node(node(effects, "par"), "cTn", id=next(ids), presetID=APPEAR, presetClass="entr",
                          presetSubtype=0, fill="hold", grpId=0, nodeType="clickEffect" if index == 0 else "withEffect")
            node(node(effect, "stCondLst"), "cond", delay=0)
            behaviour = node(node(node(effect, "childTnLst"), "set"), "cBhvr")
            shown = node(behaviour, "cTn", id=next(ids), dur=1, fill="hold")
            node(node(shown, "stCondLst"), "cond", delay=0)
            target = node(node(behaviour, "tgtEl"), "spTgt", spid=shape)
            if paragraphs is not None:
                node(node(target, "txEl"), "pRg", st=paragraphs[0], end=paragraphs[1])
            node(node(behaviour, "attrNameLst"), "attrName").text = "style.visibility"
            node(node(behaviour.getparent(), "to"), "strVal", val="visible")
            built[shape] = built.get(shape, False) or paragraphs is not None
    for condition, event in (("prevCondLst", "onPrev"), ("nextCondLst", "onNext")):
        node(node(node(node(sequence, condition), "cond", evt=event, delay=0), "tgtEl"), "sldTgt")
    listed = node(root, "bldLst")
    for shape, by_paragraph in built.items():
        if by_paragraph:  # the box builds a paragraph at a time; a whole shape needs no entry
            node(listed, "bldP", spid=shape, grpId=0, build="p")
    if not len(listed):
        root.remove(listed)
    return root
