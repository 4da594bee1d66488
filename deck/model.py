"""Model: what a talk is made of, as pydantic models. The JSON Schema for editors comes from here.

The talk's vocabulary: anti-patterns (what goes wrong), dispositional contexts (what the team's
situation is), patterns (what helps in a context) and agile tools (what supports a pattern). The
outline orders sections of slides; each slide has a kind, planned minutes and speaker notes.
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .edition_model import AddedSlide, Edition
from .kinds import DEFAULT_PARTS, PARTS, REF_KINDS, slot_in_one_place  # noqa: F401 (the vocabulary, read here too)

Id = str  # lower-case words joined by hyphens: 'first-steps'
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

SlideKind = Literal[
    "title", "section", "anti-pattern", "root", "context", "pattern", "tool",
    "matrix", "diagram", "markdown", "recap", "closing",
]
# Pictures of the model the build draws (deck/diagrams.py); a diagram slide names one.
DiagramName = Literal["context-map", "stance", "fit-grid", "remedy-map", "partnership-grid", "excellence"]
# What the room sees of a model entry, part by part; the rest waits in the reading view.
# symptom/cost: the first one only (order the lists with the strongest first); symptoms/costs: all.
Part = Literal["summary", "symptom", "symptoms", "cost", "costs", "remedies", "hurts-most",
               "question", "outcome", "stance", "grid", "why", "win",
               "helps-when", "stop-when", "fits", "supports", "gap", "remedy-for", "source", "picture",
               "patterns", "tools"]


class Strict(BaseModel):
    """Unknown fields are mistakes (a typo would otherwise vanish silently)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Speaker(Strict):
    name: str = Field(min_length=1)
    role: str = ""
    bio: str = Field("", description="For the programme (cfp.md); `check` warns while it is empty.")


class LengthRule(Strict):
    """How long a text the event's programme takes: counted in words or characters, each bound optional."""

    unit: Literal["words", "characters"] = "words"
    min: int | None = Field(None, ge=0)
    max: int | None = Field(None, gt=0)


# What an organiser may ask for in the pack (build.py pack): html is the single file.
Format = Literal["pdf", "handout", "pptx", "html"]
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


class Rules(Strict):
    """The organiser's list, the one every speaker otherwise meets by hand: each rule optional.

    `check` says, located, where the talk breaks each one; the build and `build.py pack` keep
    what they can (the caption band reserved, the files named and sized their way)."""

    min_font_pt: float | None = Field(None, gt=0, le=200, description="The smallest type in points on a 16:9 "
                                                                      "slide of 960 x 540 pt (1 pt = 2 px of the "
                                                                      "1920x1080 deck), measured on every slide.")
    caption_band: float | None = Field(None, gt=0, lt=0.5, description="The share of the slide's height kept free "
                                                                       "at the bottom for live captions: the theme "
                                                                       "lays content out above it.")
    file_name: str | None = Field(None, min_length=1, max_length=200,
                                  description="How every file of the pack is named: a pattern over {event}, "
                                              "{speaker}, {title} and {date}, made safe for any file system.")
    max_file_mb: float | None = Field(None, gt=0, description="The largest file the organiser takes, in MB "
                                                              "(1,000,000 bytes).")
    formats: list[Format] | None = Field(None, min_length=1, description="What goes into the pack: pdf (the "
                                                                         "slides), handout, pptx, html (the "
                                                                         "single file).")
    pptx_template: str | None = Field(None, min_length=1, description="The organiser's PowerPoint template, "
                                                                      "a .potx or .pptx beside talk.yaml.")
    deadline: str | None = Field(None, pattern=ISO_DATE, description="The upload deadline, written 2027-03-01: "
                                                                     "check counts the days left.")


class Event(Strict):
    """Where the talk is given, and that event's rules: the slot, and how long its texts may be."""

    name: str = Field(min_length=1)
    date: str = ""
    location: str = ""
    slot_minutes: int | None = Field(None, gt=0, le=480, description="The slot, questions included.")
    questions_minutes: int | None = Field(None, ge=0, description="Minutes of the slot kept for questions (default 0).")
    summary_length: LengthRule | None = Field(None, description="The programme's rule for the summary "
                                                                "(none: not checked).")
    abstract_length: LengthRule | None = Field(None, description="The programme's rule for the abstract "
                                                                 "(none: not checked).")
    rules: Rules | None = Field(None, description="The organiser's rules for the slides and the files they "
                                                  "take (none: the build is as without them).")


class Takeaway(Strict):
    """One of the abstract's actionable takeaways; slides that deliver it name its id."""

    id: Id = Field(pattern=ID_PATTERN)
    text: str = Field(min_length=1)
    short: str = Field(min_length=1, description="A few words for the recap slide.")
    callback: str = Field("", max_length=40, description="What the recap projects beside the short words: a "
                                                         "callback to the moment that delivered it.")


class Link(Strict):
    id: Id | None = Field(None, pattern=ID_PATTERN, description="What a slide's 'credits' call this work.")
    label: str = Field(min_length=1)
    url: str = Field(min_length=1)
    credit: str = Field("", description="The short credit line a slide projects, e.g. 'Snowden & Boone, 2007' "
                                        "(default: the label's authors and year).")


class Links(Strict):
    slides: str = Field(min_length=1, description="Where the published slides live (QR code on the closing slide).")
    feedback: str = Field(min_length=1, description="Where the audience leaves feedback (QR code on the closing slide).")
    more: list[Link] = Field(default_factory=list, description="Further reading shown on the closing slide.")


class Given(Strict):
    """One time the talk was given: the programme's 'History'."""

    event: str = Field(min_length=1)
    date: str = Field(min_length=1)
    location: str = ""


# A tone colours a part of the picture: accent, deep, shared (both), warm (the outside), plain.
Tone = Literal["accent", "deep", "shared", "warm", "plain"]


class Root(Strict):
    """What several anti-patterns grow from: the question nobody settled (its name, said short)."""

    id: Id = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1, max_length=30, description="Short, as a slide's kicker says it: 'who decides'.")


class AntiPattern(Strict):
    id: Id = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    symptoms: list[str] = Field(min_length=1, description="What a person can spot in the room.")
    consequences: list[str] = Field(min_length=1, description="What it naturally costs.")
    remedies: list[Id] = Field(min_length=1, description="Ids of the patterns or tools that help.")
    hurts_most: list[Id] = Field(default_factory=list, description="Ids of the contexts where it costs most.")
    tone: Tone | None = Field(None, description="Whose habit it is, in the tone the pictures give that side "
                                                "(shared: both sides'): its slide marks its quote in that colour.")
    root: Id | None = Field(None, description="Id of the root it grows from: its slide's kicker names it, and "
                                              "the remedy map gathers the anti-patterns under their roots.")


class Stance(Strict):
    """Who leads, who advises, who co-creates: the collaborative stance a context calls for."""

    leads: str = Field(min_length=1)
    advises: str = Field(min_length=1)
    co_creates: str = Field(min_length=1, description="Who builds it together.")
    decided_together: str = Field("", description="What they decide together.")
    shares: list[str] = Field(default_factory=list, description="Who decides what, as 'Who: what' (who: a lead, or a word "
                              "of the key's 'Both together'): the reveal's cell where the myth nearly holds, one chip each in who's colour.")
    mode: str = Field("", description="Team Topologies interaction mode: collaboration, x-as-a-service or facilitating.")


class Context(Strict):
    id: Id = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    short: str = Field("", max_length=24, description="A word or two for tight places: the fit grid's "
                                                      "column heads (default: the name).")
    question: str = Field(min_length=1, description="The question a team asks to know it is here.")
    domain: str = Field("", description="Cynefin domain: complex, complicated, chaotic, clear or confused.")
    decision: str = Field("", max_length=40, description="Its hardest, most frequent decision, as a question: "
                                                        "the context map places that, since Cynefin places "
                                                        "decisions, not products (default: the name).")
    summary: str = Field(min_length=1)
    outcome: str = Field("", description="The outcome this context is after, e.g. adoption.")
    excellence: str = Field("", max_length=60, description="What excellence means here, in a line: the excellence diagram's cell.")
    practice: str = Field("", max_length=32, description="One practice that is excellence here, "
                                                        "in a few words: with `measure`, the excellence "
                                                        "diagram's rows in place of the line.")
    measure: str = Field("", max_length=32, description="The one number that tells whether the practice works "
                                                       "here, in a few words.")
    good: str = Field("", max_length=28, description="The practice done well, a few words, no number: the grid's text for readers.")
    win: str = Field("", max_length=90, description="What changes for its people: a line under its grid column.")
    stance: Stance
    why: str = Field(min_length=1)


# ---------------------------------------------------------------- what a pattern is or does
# Each pattern's slide projects one picture of itself (deck/evidence.py): a number before and
# after, two views that clash, who decides what, who is in the room, or two tracks run together.


class Reading(Strict):
    """One side of a before/after or of two clashing views: a big value and a few words under it."""

    who: str = Field(min_length=1, max_length=30, description="Above the value: 'Before', 'Tech lead'...")
    value: str = Field(min_length=1, max_length=24, description="Large: '3 weeks', 'An afternoon'.")
    note: str = Field("", max_length=48, description="Under the value.")
    tone: Tone | None = None


class BeforeAfter(Strict):
    """A measure before and after the pattern (before-after), or two views of one thing (two-views)."""

    picture: Literal["before-after", "two-views"]
    measure: str = Field(min_length=1, max_length=60, description="What is measured, or what the two disagree on.")
    before: Reading
    after: Reading


class Right(Strict):
    decision: str = Field(min_length=1, max_length=36)
    who: str = Field(min_length=1, max_length=28)
    tone: Tone


class DecisionRights(Strict):
    """Who decides what, written down: one row per decision."""

    picture: Literal["decision-rights"]
    rows: list[Right] = Field(min_length=2, max_length=5)


WORTH = r"\d"  # a ranked item's value holds a number: its bar is drawn as long as it


class Ranked(Strict):
    item: str = Field(min_length=1, max_length=34)
    value: str = Field(min_length=1, max_length=24, pattern=WORTH, description="Its worth in the list's one unit.")
    tone: Tone | None = Field(None, description="Not drawn: one list, one colour. A kind before a colon is a tag.")
    weeks: int | None = Field(None, ge=1, le=52, description="The appetite: given for every item, bars are value per week.")


class Rerank(Strict):
    """The list one click on: an item's value jumps (a deadline's cost of delay as the date nears)."""
    item: str = Field(min_length=1, max_length=34, description="The item, named as in the list.")
    value: str = Field(min_length=1, max_length=24, pattern=WORTH, description="Its new value: the list re-ranks.")
    marker: str | None = Field(None, min_length=1, max_length=24, description="Why, in a few words: 'Filing due'.")
    also: list["Rerank"] = Field([], max_length=3, description="Items whose value moves at the same click too.")


class RankedList(Strict):
    """One ranked list, top first: each item beside its value, in one unit, so unlike work compares;
    with each item's appetite, ranked on value per week."""

    picture: Literal["ranked-list"]
    measure: str = Field(min_length=1, max_length=60, description="What the values are, and whether they are real.")
    items: list[Ranked] = Field(min_length=3, max_length=5)
    heads: list[str] = Field(["A month", "Weeks", "A week, ranked"], min_length=3, max_length=3, description="The heads.")
    then: Rerank | None = Field(None, description="A second state, revealed on a click; printed as the final one.")


class Seat(Strict):
    name: str = Field(min_length=1, max_length=20)
    tone: Tone
    outside: bool = Field(False, description="Drawn outside the table: someone they work with, not one of them.")


class Room(Strict):
    """Who sits at the table: seats around it, the table named in the middle."""

    picture: Literal["who-is-in-the-room"]
    table: str = Field(min_length=1, max_length=30)
    seats: list[Seat] = Field(min_length=2, max_length=6)


class Track(Strict):
    name: str = Field(min_length=1, max_length=20)
    tone: Tone
    items: list[str] = Field(min_length=2, max_length=4, description="Left to right: one a week, each at most 20 characters.")


class Tracks(Strict):
    """Two tracks side by side, week by week, run by the same people."""

    picture: Literal["two-tracks"]
    tracks: list[Track] = Field(min_length=2, max_length=2)
    people: str = Field(min_length=1, max_length=40, description="Who runs both tracks.")


Evidence = Annotated[BeforeAfter | DecisionRights | RankedList | Room | Tracks, Field(discriminator="picture")]


class Technique(Strict):
    """What patterns and agile tools share: each says when it helps and when to stop using it."""

    id: Id = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    short: str = Field("", max_length=24, description="A word or two for the grid's cells (default: the name).")
    summary: str = Field(min_length=1)
    helps_when: str = Field(min_length=1)
    stop_when: str = Field(min_length=1)
    source: str = ""
    picture: Evidence | None = Field(None, description="What the pattern is or does, drawn on its slide "
                                                       "(show: [picture]).")


class Pattern(Technique):
    contexts: list[Id] = Field(min_length=1, description="Ids of the contexts it fits.")
    framing: bool = Field(False, description="Frames every context rather than answering an anti-pattern.")


# ---------------------------------------------------------------- tools that are pictures
# A tool that is a picture (a Wardley map, a story map, an opportunity solution tree) is shown
# drawn from a small example (deck/pictures.py). The limits keep each picture legible from the
# back of a room: every label at 28 px or more, none overlapping.
Stage = Literal["genesis", "custom", "product", "commodity"]


class MapComponent(Strict):
    """One part of a Wardley map's value chain."""

    name: str = Field(min_length=1, max_length=40)
    stage: Stage = Field(description="Evolution: genesis, custom (custom-built), product or commodity.")
    needs: list[str] = Field(default_factory=list, max_length=3,
                             description="Names of the components it depends on (drawn below it).")
    moves_to: Stage | None = Field(None, description="Where it is evolving to: drawn as an arrow, the "
                                                     "movement a disruption rides on.")
    tone: Tone | None = Field(None, description="Drawn in this tone: the colour of the side that reads the part.")


class WardleyMapExample(Strict):
    """A user at the top, the value chain under them, each part placed by its evolution."""

    picture: Literal["wardley-map"]
    user: str = Field(min_length=1, max_length=40, description="Whose need anchors the map.")
    components: list[MapComponent] = Field(min_length=2, max_length=8, description="The first one is the user's need.")
    legend: dict[Tone, str] = Field({}, max_length=2, description="What a tone means on this map, in a few words.")


class StoryStep(Strict):
    """One step of the user's journey (the backbone), with its stories in each release slice."""

    step: str = Field(min_length=1, max_length=30)
    stories: list[list[str]] = Field(min_length=1, description="Per slice, top to bottom: at most two stories each.")
    costly: list[str] = Field(default_factory=list, description="Its stories the builders priced as costly, by name: "
                                                                "drawn with a cost mark, so the map shows who priced it.")


class StoryMapExample(Strict):
    """The journey left to right; release slices top to bottom."""

    picture: Literal["story-map"]
    slices: list[str] = Field(min_length=1, max_length=3, description="The release slices' names, first first.")
    steps: list[StoryStep] = Field(min_length=2, max_length=5)


class Solution(Strict):
    name: str = Field(min_length=1, max_length=40)
    experiment: str = Field("", max_length=40, description="The cheapest test that would show it works.")


class Opportunity(Strict):
    name: str = Field(min_length=1, max_length=40, description="A customer need, pain or desire heard in interviews.")
    solutions: list[Solution] = Field(default_factory=list, max_length=3, description="Torres: compare at least three.")


class OpportunityTreeExample(Strict):
    """The outcome at the top, the opportunities under it, solutions and experiments under those."""

    picture: Literal["opportunity-solution-tree"]
    outcome: str = Field(min_length=1, max_length=60)
    opportunities: list[Opportunity] = Field(min_length=1, max_length=3)


Example = Annotated[WardleyMapExample | StoryMapExample | OpportunityTreeExample, Field(discriminator="picture")]


class Tool(Technique):
    supports: list[Id] = Field(min_length=1, description="Ids of the patterns it supports.")
    gap: str = Field("", description="The gap it bridges, e.g. between two groups that must decide together.")
    family: str = Field("", description="What kind of tool it is, shown above its name, e.g. 'Strategy tool' "
                                        "(default: agile tool).")
    example: Example | None = Field(None, description="A small worked example, drawn as the tool's picture "
                                                      "(show: [picture]).")


class Staging(Strict):
    """What the speaker rehearses from and the room is owed, on any slide: a key phrase, a credit
    line for the ideas it uses, and whether it can be cut when time runs short."""

    key: str = Field("", max_length=80, description="The one phrase to land: shown above the script in the speaker view.")
    credits: list[Id] = Field(default_factory=list, description="Ids of links.more works it uses: its source line.")
    credit_note: str = Field("", max_length=80, description="The source line's own words, when the slide claims more "
                                                            "than its works say, e.g. 'After Cagan, 2020; who leads is our "
                                                            "reading': replaces 'Source: ...' and must name each credited work.")
    cut: float | None = Field(None, gt=0, le=60, description="Minutes saved if it is skipped (at most its own).")
    room: float | None = Field(None, gt=0, le=60, description="Minutes the room works on its own (an exercise): "
                                                              "the notes fit the rest of the slide's minutes. From a minute "
                                                              "up, the slide counts them down while it is shown.")
    on_request: bool = Field(False, description="Shown only when asked for (the reading list during questions): "
                                                "not counted in the planned minutes.")


class SlideEntry(Staging):
    """One slide in the outline. A Markdown slide names its file; its front matter holds the rest."""

    kind: SlideKind | None = None
    file: str | None = Field(None, description="slides/NAME.md, relative to talk.yaml.")
    ref: Id | None = Field(None, description="Id of the anti-pattern, root (its anti-patterns side "
                                                 "by side), context, pattern or tool shown.")
    title: str | None = None
    minutes: float | None = Field(None, gt=0, le=60)
    notes: str | None = None
    delivers: Id | None = Field(None, description="Id of the takeaway this slide delivers.")
    diagram: DiagramName | None = Field(None, description="A diagram slide: which picture of the model it shows.")
    show: list[Part] | None = Field(None, description="What the room sees of the entry, in order; "
                                                      "the reading view and PDFs show all of it.")
    steps: bool | None = Field(None, description="Reveal the slide's parts one at a time.")
    locator: bool | None = Field(None, description="Context, pattern and tool slides: a small context map, "
                                                   "'you are here'.")
    datum: str | None = Field(None, max_length=72, description="A published figure in a few words, its work among the "
                                                              "slide's credits: under an anti-pattern's cost line (shown "
                                                              "with its cost; a root slide's, in its first cost row) or under "
                                                              "a pattern's picture.")
    asks: str | None = Field(None, max_length=90, description="A section slide: the question its notes put to "
                                                              "the room, shown under the title so the hall reads it.")


AddedSlide.model_rebuild(_types_namespace={"SlideEntry": SlideEntry})  # an edition's own slide is an entry


class Section(Strict):
    id: Id = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    slides: list[SlideEntry] = Field(min_length=1)


class Talk(Strict):
    """The whole talk: metadata for the programme, the model, and the outline of slides."""

    title: str = Field(min_length=1)
    subtitle: str = ""
    speaker: Speaker
    event: Event
    language: str = Field("en", description="The deck's language (en, fr, de, es built in): every word the "
                                            "engine adds, the page's lang and the PDFs' /Lang.")
    labels: dict[str, str | dict[str, str] | list[str]] = Field(
        default_factory=dict, description="Words of the engine's language table replaced for this talk "
                                          "(keys as in deck/labels/en.yaml).")
    theme: Literal["light", "dark"] = "light"
    paper: Literal["a4", "letter"] = Field("a4", description="Page size of the handout PDF: A4 or US Letter, portrait.")
    # Moved to event: still read here (check says to move them); after validation both places agree.
    slot_minutes: int | None = Field(None, gt=0, le=480, description="Moved to event.slot_minutes.")
    questions_minutes: int | None = Field(None, ge=0, description="Moved to event.questions_minutes.")
    abstract: str = Field(min_length=1)
    summary: str = Field(min_length=1, description="For the programme; event.summary_length is its rule.")
    audience: str = Field("", description="Who the talk is for, for the programme.")
    level: Literal["introductory", "intermediate", "advanced"] | None = Field(
        None, description="How much the audience needs to know already.")
    takeaways: list[Takeaway] = Field(min_length=1)
    links: Links
    history: list[Given] = Field(default_factory=list)
    roots: list[Root] = Field(default_factory=list, description="What the anti-patterns grow from, in order.")
    anti_patterns: list[AntiPattern] = Field(default_factory=list)
    contexts: list[Context] = Field(default_factory=list)
    patterns: list[Pattern] = Field(default_factory=list)
    tools: list[Tool] = Field(default_factory=list)
    outline: list[Section] = Field(min_length=1)
    steps: list[SlideKind] = Field(default_factory=list, description="Slide kinds whose parts are revealed "
                                                                     "one at a time (a slide's own 'steps' wins).")
    notes_style: Literal["script", "cues"] = Field(
        "script", description="script: the notes are what the speaker says, and check weighs them against each "
                              "slide's minutes; cues: short prompts, not weighed.")
    editions: list[Edition] = Field(default_factory=list, description="The talk cut for other slots "
                                                                      "(build.py --edition NAME).")

    @model_validator(mode="after")
    def _slot_in_one_place(self) -> "Talk":
        slot_in_one_place(self)
        return self


class FrontMatter(Staging):
    """The header of a slides/*.md file."""

    title: str = Field(min_length=1)
    kind: Literal["markdown"] = "markdown"
    minutes: float = Field(gt=0, le=60)
    notes: str = Field(min_length=1)
    delivers: Id | None = None
    layout: Literal["default", "centered", "two-columns", "statement"] = "default"
    steps: bool = Field(False, description="Reveal the slide's blocks and list items one at a time.")
    hide_title: bool = Field(False, description="The title names the slide (outline, speaker view, screen "
                                                "readers) but is not projected: a picture or code speaks for itself.")


def json_schema() -> str:
    """talk.schema.json: editors complete and check talk.yaml with it as the speaker types."""
    import json

    schema = Talk.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Talk"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"
