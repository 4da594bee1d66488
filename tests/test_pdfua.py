"""PDF/UA-1: the slides PDF and the handout pass the standard's machine checks (tests/pdfua.py),
and each check fails on a file that breaks its clause."""
from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

import pdfua
from conftest import run_build
from test_rules import talk_with_rules


@pytest.mark.parametrize("ending", [".pdf", "-handout.pdf"])
def test_the_talks_pdfs_pass_the_pdf_ua_machine_checks(built_file, ending):
    assert pdfua.problems(built_file(ending)) == []


def test_the_identification_names_the_standard_and_the_title(built_file):
    reader = PdfReader(built_file(".pdf"))
    xmp = reader.trailer["/Root"]["/Metadata"].get_data().decode("utf-8")
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert ">Perfect Patterns For Product Partnerships And Engineering Excellence</rdf:li>" in xmp
    # Every link says where it goes: a slide's title for a jump within the deck, the address for the web.
    contents = {str(annotation.get_object().get("/Contents")) for page in reader.pages
                for annotation in page.get("/Annots") or []}
    assert any(text.startswith("https://") for text in contents)


def test_a_small_talk_in_german_passes_too(tmp_path):
    talk = talk_with_rules(tmp_path, "")
    talk.write_text(talk.read_text().replace("title: A Small Talk\n", "title: A Small Talk\nlanguage: de\n"))
    result = run_build("--talk", str(talk), pdf=True)
    assert result.returncode == 0, result.stderr
    for pdf in ("a-small-talk.pdf", "a-small-talk-handout.pdf"):
        assert pdfua.problems(tmp_path / "dist" / pdf) == []
        assert PdfReader(tmp_path / "dist" / pdf).trailer["/Root"]["/Lang"] == "de"


def broken(source: Path, target: Path, change) -> Path:
    """A copy of source with `change(pdf)` done to it (pikepdf, as the build edits it; the checks
    read it back with pypdf)."""
    with pikepdf.open(source) as pdf:
        change(pdf)
        pdf.save(target)
    return target


def no_metadata(pdf):
    del pdf.Root.Metadata


def title_not_shown(pdf):
    pdf.Root.ViewerPreferences.DisplayDocTitle = False


def figure_undescribed(pdf):
    from deck.pdfua import structure_elements

    figure = next(element for element in structure_elements(pdf.Root) if element.S == "/Figure")
    del figure.Alt


def mark_untagged(pdf):
    page = pdf.pages[0].obj
    page.Contents = pikepdf.Stream(pdf, page.Contents.read_bytes() + b"\n0 0 10 10 re\nf\n")


def heading_skipped(pdf):
    from deck.pdfua import structure_elements

    heading = next(element for element in structure_elements(pdf.Root) if element.S == "/H2")
    heading.S = pikepdf.Name.H4


def tabs_unset(pdf):
    for page in pdf.pages:
        if page.obj.get("/Annots"):
            del page.obj.Tabs


def no_unicode(pdf):
    font = next(iter(dict(pdf.pages[0].obj.Resources.Font.items()).values()))
    del font.ToUnicode


def link_undescribed(pdf):
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if "/Contents" in annotation:
                del annotation.Contents


def no_language(pdf):
    del pdf.Root.Lang


@pytest.mark.parametrize("change, clause", [
    (no_metadata, "5, 7.1: no XMP metadata stream"), (title_not_shown, "7.1: ViewerPreferences /DisplayDocTitle"),
    (figure_undescribed, "7.3: a /Figure without alternate text"), (mark_untagged, "7.1: page 1: 1 mark neither"),
    (heading_skipped, "7.4.2: heading levels skip from /H"), (tabs_unset, "7.18.3: page "),
    (no_unicode, "7.21.7: font "), (link_undescribed, "7.18.5: page "), (no_language, "7.2: the catalog has no /Lang"),
])
def test_each_check_names_the_clause_a_file_breaks(built_file, tmp_path, change, clause):
    found = pdfua.problems(broken(built_file(".pdf"), tmp_path / "broken.pdf", change))
    assert any(problem.startswith(clause) for problem in found), found


def test_the_content_is_read_operation_by_operation_as_a_pdf_reader_reads_it():
    # The finishing reads Chromium's content from its bytes: strings with brackets and escapes,
    # names, dictionaries, arrays, comments and an inline image whose data holds 'EI' read as one
    # operation each, the same operators in the same order as pypdf's own parser finds them.
    from deck.pdfua import _operations

    data = (b"q 1 0 0 -1 0 1080 cm % a comment ( that opens nothing\n"
            b"/Artifact BMC 0 0 1920 1080 re f EMC\n"
            b"/P <</MCID 3>> BDC BT /F1 12 Tf [(a \\(b\\) ) -12 (c (d) e) <0041>] TJ ET EMC\n"
            b"BI /W 2 /H 1 /BPC 8 /CS /G ID \x01EI\xff EI Q\n")
    operations = list(_operations(data))
    assert [operator for _, operator in operations] == [
        operator for _, operator in ContentStream(_stream(data), None).operations]
    assert operations[9] == (b"[(a \\(b\\) ) -12 (c (d) e) <0041>] TJ", b"TJ")
    assert operations[-2][1] == b"INLINE IMAGE" and operations[-2][0].endswith(b"\xff EI")


@pytest.mark.parametrize("ending", [".pdf", "-handout.pdf"])
def test_chromiums_pages_are_read_quickly_with_the_operations_found_token_by_token(built_file, ending):
    # The quick reading (the operations that matter to the artifacts one at a time, the runs between
    # them whole) takes every page Chromium prints: the same operators that matter in the same
    # order as the reading token by token, and the same bytes but white space, none lost or doubled.
    from deck.pdfua import STARTS, _operations_by_token, _plain_operations

    marking = STARTS | {b"BDC", b"BMC", b"EMC", b"q", b"Q"}
    for page in PdfReader(built_file(ending)).pages:
        data = page.get_contents().get_data()
        quick, by_token = _plain_operations(data), list(_operations_by_token(data))
        assert [operator for _, operator in quick if operator] == [
            operator for _, operator in by_token if operator in marking]
        assert b"".join(b"".join(piece.split()) for piece, _ in quick) == b"".join(
            b"".join(piece.split()) for piece, _ in by_token)


def test_a_text_object_with_nothing_inside_that_marks_is_passed_over_whole():
    # Glyph runs are most of a page: a text object with no marked content in it is one piece after
    # its BT; one with marked content inside is read operation by operation, as is what is around.
    from deck.pdfua import _operations_by_token, _plain_operations

    quiet = b"BT\n/F4 12 Tf\n1 0 0 -1 60 61 Tm\n<0011> Tj\n8.6 0 Td <001D> Tj\nET"
    loud = b"BT\n/P <</MCID 4 >>BDC\n<0012> Tj\nEMC\nET"
    content = b"q\n0 0 10 10 re\nf\n" + quiet + b"\n/P <</MCID 3 >>BDC\n" + loud + b"\nEMC\nQ\n" + quiet
    quick = _plain_operations(content)
    assert quick[3:5] == [(b"BT", b"BT"), (quiet[3:], b"")]
    assert quick[-2:] == [(b"BT", b"BT"), (quiet[3:], b"")]
    marking = {b"q", b"Q", b"re", b"BT", b"BDC", b"EMC"}
    assert [operator for _, operator in quick if operator] == [
        operator for _, operator in _operations_by_token(content) if operator in marking]


@pytest.mark.parametrize("content", [b"BT (c (d) e) Tj ET", b"q BI /W 1 /H 1 ID \x01 EI Q", b"1 0 0 RG (open Tj",
                                     b"/P <</A <</B 1>> >> BDC EMC"])
def test_content_beyond_the_quick_reading_is_read_token_by_token(content):
    # A string with parentheses inside, an inline image, an unclosed string or a nested dictionary
    # is not guessed at: the whole stream is read token by token.
    from deck.pdfua import _operations, _plain_operations

    assert _plain_operations(content) is None
    if b"(open" not in content:
        assert [operator for _, operator in _operations(content)] == [
            operator for _, operator in ContentStream(_stream(content), None).operations]


def _stream(data: bytes):
    from pypdf.generic import DecodedStreamObject

    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream
