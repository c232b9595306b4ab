"""Text boxes: a plan's number, date or issuer's block set apart at the top in a floating box is read, before the
paragraph the box is anchored in (.docx: ``w:txbxContent``, once although Word writes it twice; .odt: a frame's
text box or a shape's paragraphs, as LibreOffice saves Word's boxes).

Before this the .docx and .odt readers left boxes out: a plan whose "Số: 99/KH-UBND" was boxed lost its number.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile

import docx
import pytest
from office import assert_gives_the_example, comparable, docx_with, words

from kehoach.ingest.pipeline import extract_file
from kehoach.ingest.readers import read_document
from kehoach.ingest.readers.render import render_docx
from kehoach.ingest.readers.word import _blocks
from kehoach.ingest.readers.word_xml import blocks, main_part

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BOXED = 3  # the seeds' first blocks: the number, the place and date, the title


def boxed_words(path) -> int:
    return sum(len(t.split()) for t in ("".join(p.itertext()) for p in main_part(str(path)).iter(f"{{{W}}}txbxContent")))


@pytest.mark.parametrize("legacy", [None, "tcvn3"])
def test_every_seed_with_its_head_in_a_text_box_gives_the_record_of_its_typed_copy(seeds_dir, tmp_path, legacy):
    for seed in sorted(seeds_dir.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        typed = render_docx(text, tmp_path / f"{seed.stem}.typed.docx", legacy=legacy)
        boxed = render_docx(text, tmp_path / f"{seed.stem}.docx", legacy=legacy, boxed=BOXED)
        assert boxed_words(boxed) > 5, seed.name  # (the box holds the head, twice: DrawingML and VML)
        assert words(read_document(boxed).text) == words(read_document(typed).text), seed.name
        assert comparable(extract_file(boxed).to_dict()) == comparable(extract_file(typed).to_dict()), seed.name
        d = docx.Document(str(boxed))
        assert list(_blocks(d.element.body, d)) == list(blocks(main_part(str(boxed)))), seed.name


def test_a_box_is_read_once_nested_boxes_with_the_box_that_holds_them_and_an_old_vml_box_too():
    def box(inner: str, fallback: bool = True) -> str:
        choice = (f'<w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
                  f'wordprocessingDrawing"><wps:txbx xmlns:wps="http://schemas.microsoft.com/office/word/2010/'
                  f'wordprocessingShape"><w:txbxContent>{inner}</w:txbxContent></wps:txbx></wp:anchor></w:drawing>')
        vml = (f'<w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>{inner}'
               f'</w:txbxContent></v:textbox></v:shape></w:pict>')
        if not fallback:
            return f"<w:r>{vml}</w:r>"
        return (f'<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
                f'<mc:Choice Requires="wps">{choice}</mc:Choice><mc:Fallback>{vml}</mc:Fallback>'
                f'</mc:AlternateContent></w:r>')

    def p(text: str, runs: str = "") -> str:
        return f"<w:p>{runs}<w:r><w:t>{text}</w:t></w:r></w:p>"

    body = (p("Thực hiện", box(p("ỦY BAN NHÂN DÂN") + p("Số: 12/KH-UBND", box(p("DỰ THẢO")))))
            + p("Căn cứ", box(p("Kính gửi"), fallback=False)))
    out = docx_with(body)
    fast = [t for t in blocks(main_part(out)) if t]
    assert fast == ["ỦY BAN NHÂN DÂN", "DỰ THẢO", "Số: 12/KH-UBND", "Thực hiện", "Kính gửi", "Căn cứ"]
    out.seek(0)
    d = docx.Document(out)
    assert [t for t in _blocks(d.element.body, d) if t] == fast


def test_odt_frames_and_shapes_are_read_before_their_paragraph_and_a_page_frame_in_place(tmp_path):
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"')
    body = ('<draw:frame><draw:text-box><text:p>ỦY BAN NHÂN DÂN</text:p></draw:text-box></draw:frame>'
            '<text:p>Thực hiện <draw:custom-shape><text:p>Số: 12/KH-UBND</text:p><draw:enhanced-geometry/>'
            '</draw:custom-shape>kế hoạch<draw:frame><draw:image/></draw:frame></text:p>')
    path = tmp_path / "a.odt"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", f"<office:document-content {ns}><office:body><office:text>{body}</office:text>"
                                  "</office:body></office:document-content>")
    assert read_document(path).text.split("\n\n") == ["ỦY BAN NHÂN DÂN", "Số: 12/KH-UBND", "Thực hiện kế hoạch"]


@pytest.mark.parametrize("fmt", ["doc", "odt"])
def test_a_boxed_example_saved_by_libreoffice_gives_the_record_of_the_example(fmt):
    assert_gives_the_example(f"quang-tri-2024.boxed.{fmt}", "quang-tri-2024.txt", fmt)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed: the boxed seeds "
                                                        "are not saved as .doc/.odt here")
@pytest.mark.parametrize("target", ["odt", "doc:MS Word 97"])
def test_every_boxed_seed_saved_by_libreoffice_gives_the_record_of_its_docx(seeds_dir, tmp_path, target):
    docs = [render_docx(seed.read_text(encoding="utf-8"), tmp_path / f"{seed.stem}.docx", boxed=BOXED)
            for seed in sorted(seeds_dir.glob("*.txt"))]
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    target, "--outdir", str(tmp_path), *map(str, docs)], check=True, capture_output=True, timeout=600)
    for d in docs:
        saved = d.with_suffix("." + target.split(":")[0])
        assert words(read_document(saved).text) == words(read_document(d).text), saved.name
        assert comparable(extract_file(saved).to_dict()) == comparable(extract_file(d).to_dict()), saved.name
