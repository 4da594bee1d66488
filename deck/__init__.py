"""The engine that turns the talk (talk.yaml + slides/) into its deck, exports and programme text.

Stages, one module each: load (YAML with positions) -> model (pydantic) -> validate
(cross-references, timing, word counts) -> render (Jinja, Markdown) -> write (atomic swap of
dist/). Exports (single file, PDF) and serve build on the rendered deck.
"""
