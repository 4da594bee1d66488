"""The engine that turns the talk (talk.yaml + slides/) into its deck, exports and programme text.

A build is load -> validate -> render -> write; the exports (single file, PDFs, handout,
PowerPoint file) and serve build on the rendered deck. LAYERS below is the one statement of
which module may import which: a module imports only modules of the layers under its own
(tests/test_layers.py reads every import, the lazy ones too, and fails on a circle or an
import that points up). Top first, as import-linter writes its layers.
"""

LAYERS = (
    "build bench.run",              # the commands: build.py, and the benchmark that drives it
    "bench.talks",                  # the benchmark's workloads, made with the engine's own stages
    "serve",                        # the live preview: rebuilds on save, serves the last good build
    "pipeline new",                 # the whole build in order; a new talk folder from the scaffold
    "pdf",                          # one browser session: the PDFs, and what it hands the PPTX and sheet
    "pptx",                         # the PowerPoint file
    "handout",                      # the reading edition laid out for paper
    "export write contact",         # the single file; dist/ written in one swap; the contact sheet
    "render",                       # the Deck through Jinja into {path: text}
    "presenting pictures evidence remedies",  # speaker view's words; tools, patterns, the remedy map drawn
    "rehearsal diagrams",           # rehearsal runs against the plan; the model drawn as SVG
    "validate",                     # the talk checked whole: cross-references, timing, words
    "trust script",                 # what a stranger's folder may bring in; the script's staging (key, credits, cuts)
    "load",                         # YAML and Markdown read with their positions
    "files problems progress metrics markup language model chromium remote",  # use nothing of ours
)
