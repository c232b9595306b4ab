"""A .docx made of imported chunks (``w:altChunk``: a web page, an RTF, a .docx put in whole for Word to convert),
as document systems generate them from templates: read as the chunk's own file is. Before, such a file read
as empty."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from office import EXAMPLES, FIXTURES, W, comparable, words

from kehoach.ingest.pipeline import extract_file
from kehoach.ingest.readers import read_document
from kehoach.ingest.readers.render import render_docx, render_html

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CHUNK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"


def with_chunks(path: Path, chunks: list[tuple[str, bytes, str]], before: str = "", after: str = "") -> Path:
    """A .docx whose body is paragraph ``before``, one w:altChunk per ``(part name, bytes, content type)``,
    then paragraph ``after``."""
    buf = io.BytesIO()
    docx.Document().save(buf)
    para = "<w:p><w:r><w:t>{}</w:t></w:r></w:p>"
    body = (para.format(before) if before else "") + "".join(
        f'<w:altChunk r:id="rIdChunk{k}"/>' for k in range(len(chunks))) + (para.format(after) if after else "")
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}</w:body></w:document>'.encode()
            elif item.filename == "word/_rels/document.xml.rels":
                rels = "".join(f'<Relationship Id="rIdChunk{k}" Type="{CHUNK}" Target="{name}"/>'
                               for k, (name, _, _) in enumerate(chunks))
                data = data.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
            elif item.filename == "[Content_Types].xml":
                kinds = "".join(f'<Override PartName="/word/{name}" ContentType="{kind}"/>' for name, _, kind in chunks)
                data = data.replace(b"</Types>", kinds.encode() + b"</Types>")
            dst.writestr(item, data)
        for name, data, _ in chunks:
            dst.writestr(f"word/{name}", data)
    return path


def test_a_docx_made_of_a_web_page_chunk_gives_the_record_of_the_page(seeds_dir, tmp_path):
    for seed in sorted(seeds_dir.glob("*.txt")):
        page = render_html(seed.read_text(encoding="utf-8"), tmp_path / f"{seed.stem}.html", chrome=False)
        made = with_chunks(tmp_path / f"{seed.stem}.docx", [("chunk.htm", page.read_bytes(), "text/html")])
        assert words(read_document(made).text) == words(read_document(page).text), seed.name
        assert comparable(extract_file(made).to_dict()) == comparable(extract_file(page).to_dict()), seed.name


def test_rtf_docx_and_web_archive_chunks_are_read_in_place_and_a_damaged_one_is_left_out(tmp_path):
    example = (EXAMPLES / "quang-tri-2024.txt").read_text(encoding="utf-8")
    inner = render_docx("Phụ lục\n\nSở Ngoại vụ chủ trì", tmp_path / "inner.docx").read_bytes()
    mht = ("MIME-Version: 1.0\nContent-Type: multipart/related; boundary=\"b\"\n\n--b\nContent-Type: text/html; "
           "charset=\"utf-8\"\nContent-Transfer-Encoding: 8bit\n\n<html><body><p>Trang lưu trữ</p></body></html>\n"
           "--b--\n").encode()
    made = with_chunks(tmp_path / "mixed.docx", [
        ("a.rtf", (FIXTURES / "quang-tri-2024.rtf").read_bytes(), "application/rtf"),
        ("b.docx", inner, "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
        ("c.mht", mht, "message/rfc822"),
        ("d.docx", b"PK\x03\x04 not a package", "application/vnd.openxmlformats-officedocument.wordprocessingml."
                                                 "document.main+xml"),
    ], before="Trước", after="Sau")
    text = read_document(made).text
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == "Trước" and paragraphs[-1] == "Sau"
    assert words("\n\n".join(paragraphs[1:-1]))[:len(words(example))] == words(example)
    assert text.endswith("Phụ lục\n\nSở Ngoại vụ chủ trì\n\nTrang lưu trữ\n\nSau")  # (the damaged chunk: nothing)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed: its reading of "
                                                        "chunks is not compared here")
def test_libreoffice_reads_a_docx_chunk_as_we_do(seeds_dir, tmp_path):
    seed = sorted(seeds_dir.glob("*.txt"))[1]
    inner = render_docx(seed.read_text(encoding="utf-8"), tmp_path / "inner.docx")
    made = with_chunks(tmp_path / "made.docx", [("chunk.docx", inner.read_bytes(), "application/vnd."
                       "openxmlformats-officedocument.wordprocessingml.document.main+xml")])
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    "txt:Text (encoded):UTF8", "--outdir", str(tmp_path / "txt"), str(made)],
                   check=True, capture_output=True, timeout=300)
    printed = (tmp_path / "txt" / "made.txt").read_text(encoding="utf-8-sig")
    assert words(read_document(made).text) == words(printed)
