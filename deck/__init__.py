"""The engine that turns the talk (talk.yaml + slides/) into its deck, exports and programme text.

A build is load -> validate -> render -> write; the exports (single file, PDFs, handout,
PowerPoint file) and serve build on the rendered deck. LAYERS below is the one statement of
which module may import which: a module imports only modules of the layers under its own
(tests/test_layers.py reads every import, the lazy ones too, and fails on a circle or an
import that points up). Top first, as import-linter writes its layers.
"""

LAYERS = (
    "build bench.run __main__ wheel",  # the entries: build.py, the benchmark, python -m deck; the wheel's build step
    "commands",                     # the command line, build.py's and the installed `deck`'s
    "bench.build_jobs bench.print_jobs bench.live_jobs",  # the benchmark's jobs: HTML, printing, live
    "bench.session",                # one benchmark run: its options, peers, workloads and report
    "bench.talks bench.measure",    # the workloads, made with the engine's own stages; timing and the table
    "bench.install",                # where the peers live and how they are installed
    "serve site pack",              # the live preview: rebuilds on save; the static site to share after the talk;
                                    # what the organiser asked for, in one folder and one zip
    "pipeline new importer",        # the whole build in order; a new talk folder from the scaffold, or from another tool's deck
    "browser",                      # one browser session: one load of the deck gathers what every output below needs
    "pdf handout pptx contact card",  # the browser's outputs, siblings (INDEPENDENT): each writes its file from what was gathered
    "pptx.file",                    # one Presentation: a slide per deck slide, filled, made reproducible
    "pptx.organiser",               # the same slides on the organiser's template: their layouts, our words
    "pptx.slides",                  # each slide kind drawn as the presenter deck projects it
    "pptx.entries pptx.ranked",     # a model entry's shown parts; its full detail for the notes pane; the one
                                    # ranked list in shapes of its own
    "pptx.shapes",                  # titles, text boxes, bullets, tables, pictures and links on a slide
    "pptx.capture pptx.theme",      # what the browser gives; the theme, core properties and dates
    "pptx.layout",                  # the slide's pixels and frame; how much room text takes
    "pptx.blocks",                  # the model's text, tables and pictures; a Markdown slide read into them
    "pdf_file",                     # a printed PDF finished with pikepdf: metadata, outline, links, fixed bytes
    "export write pdfua",           # the single file; dist/ written in one swap; what PDF/UA-1 asks beyond
                                    # Chromium's tagged PDF
    "render",                       # the Deck through Jinja into {path: text}
    "slide_parts",                  # each slide's part of the deck page; serve keeps those a save did not change
    "sandbox",                      # the Jinja sandbox every template renders in
    "verdict",                      # the partnership grid drawn whole about one column: the myth's verdict
    "presenting pictures plot evidence remedies grid",  # speaker view's words; tools, patterns' evidence, the remedy map and the partnership grid drawn; the rehearsal plot
    "rehearsal diagrams",           # rehearsal runs against the plan; the model drawn as SVG
    "validate",                     # the talk checked whole, in order; the Deck it makes
    "editions",                     # an edition resolved into its own Deck, checked like the talk
    "talk_checks rules projected",  # what the room and the programme see: links, timing, lengths, placeholders;
                                    # the organiser's rules (event.rules), their files' names; what a Markdown
                                    # slide would project wrong (raw HTML, other tools' comments)
    "outline",                      # the outline resolved into Slides; Slide and Deck
    "references",                   # cross-references: ids once, every id named exists
    "checked",                      # the talk against the model: plain records when it plainly fits, else pydantic
    "model_checks",                 # pydantic's errors at the YAML's positions; fields that moved
    "trust images notes",           # a stranger's folder; each picture judged once; the speaker's notes as Markdown
                                    # (their beats and bracketed prompts marked as the speaker's)
    "script",                       # the script's staging (key, credits, cuts); its beats, not counted as said
    "load import_read",             # talk.yaml and slides/*.md read with their positions (parsed texts kept); a
                                    # reveal-md, Marp or Slidev deck read into slides
    "yaml_nodes",                   # PyYAML's nodes built into a Source, every value located
    "source",                       # a Source: plain data and positions; a stranger's file's limits
    "server remote",                # serve's HTTP server on 127.0.0.1; the phone's listener
    "fonts unused print_cache",     # the single file's fonts subset to the page's characters; what of reveal it
                                    # leaves out; a print kept
    "problems progress metrics markup language model chromium web glyphs",  # use nothing of ours but what is below
    "edition_model",                # an edition of the talk: its slot and what it changes (model.py lists them)
    "files slide_markdown maths",   # the engine's folders, marker, file helpers and cache; Markdown set up for slides;
                                    # maths the other tools typeset, found where it would be projected as written
    "code",                         # a fence's code highlighted (Pygments) and stepped
    "kinds html_rules",             # the talk's vocabulary as plain data; what a slide's HTML may hold
)
# Modules of one layer that must not import one another, as import-linter's independence contract
# states it: the browser's outputs are siblings over what deck/browser.py gathered (a package
# counts with its submodules: nothing in deck/pptx/ imports the handout, nor the handout deck/pptx/).
INDEPENDENT = ("pdf handout pptx contact card",)
