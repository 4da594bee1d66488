"""PowerPoint: dist/<slug>.pptx for the venue laptop, built with python-pptx from the validated model.

Not screenshots: each slide is made from what the model says it shows (an anti-pattern's symptoms
and costs, a context's stance, a pattern's when-to-use ...; a Markdown slide's body), so the
organiser gets editable text: titles in title placeholders, lists as real bullet paragraphs,
tables as tables, speaker notes in the notes pane (PowerPoint's presenter view shows them), web
links as hyperlinks and in-deck links as jumps to their slide, the talk's colours in the theme
and its typeface named (Atkinson Hyperlegible, with Arial named as the fallback).

What the model cannot say comes from the browser session that printed the PDFs (capture(), in
deck/browser.py's page, at twice the CSS pixels): each diagram as a PNG whose alt text is its title
and description, and, for a slide this package cannot map, the whole slide as projected, its
title still set as text (off the slide's face, where PowerPoint's outline and screen readers find
it); write() says which slides those are.

The package, top down: file (the Presentation written), slides (each kind), shapes (what goes on
a slide), capture (what the browser gives) and theme (the theme, properties and dates), layout
(pixels, the frame, how much room text takes), blocks (text, tables and pictures from the model).
python-pptx and lxml are imported inside functions: nothing here runs unless the file is made.
"""
from __future__ import annotations

from .capture import Diagram, Pictures, capture
from .file import Made, file_name, write

__all__ = ["Diagram", "Made", "Pictures", "capture", "file_name", "write"]
