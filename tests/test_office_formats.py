"""Word 97-2003 .doc, OpenDocument .odt and RTF: each read as its .txt and .docx copies are.

The fixtures (tests/fixtures/) are our own examples/ saved by LibreOffice, some typed in TCVN3 fonts
(``make_doc_fixtures.py`` rebuilds them). Where LibreOffice is installed, every real seed is saved in each format
too (from a .docx written from it, in Unicode and in legacy fonts) and must give its words and the record of that
.docx. What each reader alone must do is in test_msword.py, test_odf.py and test_rtf.py.
"""

from __future__ import annotations

import shutil

import pytest
from office import (
    FIXTURES,
    TCVN3_CONVERTED,
    TCVN3_SPELLING,
    assert_gives_the_example,
    assert_gives_the_record_of_its_docx,
    saved_by_libreoffice,
    words,
)

from kehoach.ingest.readers import read_document


@pytest.mark.parametrize("fmt", ["doc", "odt", "rtf"])
@pytest.mark.parametrize("fixture,example,warnings", [
    ("quang-tri-2024", "quang-tri-2024.txt", []),
    # TCVN3's "ư" is byte 0xAD, the optional hyphen: Word stores it as w:softHyphen, LibreOffice's RTF as "\-"
    ("gio-linh-2024.tcvn3", "gio-linh-2024.txt", [TCVN3_CONVERTED]),
])
def test_a_fixture_gives_the_words_and_the_record_of_its_example(fmt, fixture, example, warnings):
    assert_gives_the_example(f"{fixture}.{fmt}", example, fmt, warnings, spell=TCVN3_SPELLING if warnings else None)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed: the seeds are "
                                                        "not saved as .doc/.odt/.rtf here (the fixtures still are read)")
@pytest.mark.parametrize("target,legacy,numbered", [
    ("doc:MS Word 97", None, False), ("doc:MS Word 97", "tcvn3", False), ("doc:MS Word 97", "vni", False),
    ("odt", None, False), ("odt", "tcvn3", False), ("rtf", None, False), ("rtf", "tcvn3", False),
    # list markers as Word's automatic numbering: list styles in the .odt, \listtext labels in the .rtf
    ("odt", None, True), ("odt", "tcvn3", True), ("rtf", None, True)])
def test_every_seed_saved_by_libreoffice_gives_its_words_and_the_record_of_its_docx(seeds_dir, tmp_path, target,
                                                                                   legacy, numbered):
    for docx, saved in saved_by_libreoffice(seeds_dir, tmp_path, target, legacy, numbered):
        seed = seeds_dir / f"{docx.stem}.txt"
        assert words(read_document(saved).text) == words(seed.read_text(encoding="utf-8")), saved.name
        assert_gives_the_record_of_its_docx(docx, saved)


@pytest.mark.parametrize("fmt", ["doc", "odt", "rtf"])
def test_a_draft_with_tracked_changes_says_what_it_says_now(fmt):
    """A draft circulated with tracked changes, saved by LibreOffice from a .docx: the inserted words are read,
    the deleted ones (which each format still stores) are not."""
    path = FIXTURES / f"draft-tracked.{fmt}"  # (make_doc_fixtures.TRACKED)
    if fmt == "doc":
        assert "Nội vụ".encode("utf-16-le") in path.read_bytes()  # the deletion is stored, marked as such
    assert read_document(path).text == "Giao Sở Ngoại vụ chủ trì, phối hợp với các cơ quan liên quan."
