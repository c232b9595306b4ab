"""Helpers of the office-format tests (.doc, .odt, .rtf): a file read must give the words and the record of the
text or the .docx it was saved from."""

from __future__ import annotations

import io
import subprocess
import unicodedata
import zipfile
from pathlib import Path

from kehoach.ingest.normalize import normalize
from kehoach.ingest.pipeline import extract_file
from kehoach.ingest.readers import read_document
from kehoach.ingest.readers.render import render_docx

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
EXAMPLES = HERE.parent / "examples"
TCVN3_CONVERTED = "text in the legacy TCVN3 (.VnTime fonts) encoding converted to Unicode (by its fonts)"
# TCVN3 has no "Ủ": a TCVN3 copy prints "Uỷ", as TCVN3 typists did, and an agency's aliases keep what is printed
TCVN3_SPELLING = {"Uỷ": "Ủy"}


def words(text: str) -> list[str]:
    return normalize(text).text.split()


def comparable(obj, spell: dict[str, str] | None = None):
    """A record without what names its source (file, evidence, source, warnings); strings in NFC, with the
    spellings ``spell`` replaced."""
    if isinstance(obj, dict):
        return {k: comparable(v, spell) for k, v in obj.items()
                if k not in ("file", "evidence", "mentions", "source", "warnings")}
    if isinstance(obj, list):
        return [comparable(v, spell) for v in obj]
    if not isinstance(obj, str):
        return obj
    obj = unicodedata.normalize("NFC", obj)
    for old, new in (spell or {}).items():
        obj = obj.replace(old, new)
    return obj


def assert_gives_the_example(fixture: str, example: str, fmt: str, warnings: list[str] = (),
                             spell: dict[str, str] | None = None) -> None:
    """``FIXTURES/fixture`` is read as ``fmt`` with ``warnings``, gives the words of ``EXAMPLES/example`` and the
    record extracted from it (``spell``: spellings the copy prints otherwise)."""
    src = read_document(FIXTURES / fixture)
    assert src.format == fmt and src.warnings == list(warnings), (src.format, src.warnings)
    assert words(src.text) == words((EXAMPLES / example).read_text(encoding="utf-8"))
    want = extract_file(EXAMPLES / example).to_dict()
    got = extract_file(FIXTURES / fixture).to_dict()
    assert want["tasks"] and want["cites"], "the comparison must compare something"
    assert comparable(got, spell) == comparable(want)
    assert got["source"]["format"] == fmt


def saved_by_libreoffice(seeds_dir: Path, tmp_path: Path, target: str, legacy: str | None = None,
                         numbered: bool = False):
    """Every seed written as a .docx (``legacy``: in TCVN3/VNI fonts; ``numbered``: its list markers left to
    Word's automatic numbering), then saved by LibreOffice as ``target`` ("doc:MS Word 97", "odt", "rtf"), with
    its own profile; ``(docx, saved)`` pairs."""
    docs = [render_docx(seed.read_text(encoding="utf-8"), tmp_path / f"{seed.stem}.docx", legacy=legacy,
                        numbered=numbered)
            for seed in sorted(seeds_dir.glob("*.txt"))]
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
                    "--convert-to", target, "--outdir", str(tmp_path), *map(str, docs)],
                   check=True, capture_output=True, timeout=600)
    return [(docx, docx.with_suffix("." + target.split(":")[0])) for docx in docs]


def assert_gives_the_record_of_its_docx(docx: Path, saved: Path) -> None:
    """A file LibreOffice saved from ``docx`` gives its words and the record of the .docx."""
    assert words(read_document(saved).text) == words(read_document(docx).text), saved.name
    # (seed 002's hard line breaks become paragraphs in Word, which moves the whitespace inside one citation's
    # as_written: the .docx, not the seed, is what the saved file is compared with)
    assert comparable(extract_file(saved).to_dict()) == comparable(extract_file(docx).to_dict()), saved.name


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_with(body: str, numbering: str | None = None, styles: str = "") -> io.BytesIO:
    """A .docx whose body, numbering part (None: the template's) and extra styles are these (python-docx's
    template), in memory."""
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()
            elif item.filename == "word/numbering.xml" and numbering is not None:
                data = f'<w:numbering xmlns:w="{W}">{numbering}</w:numbering>'.encode()
            elif item.filename == "word/styles.xml" and styles:
                data = data.replace(b"</w:styles>", styles.encode() + b"</w:styles>")
            dst.writestr(item, data)
    out.seek(0)
    return out
