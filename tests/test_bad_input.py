"""Bad input through the CLI: one clear stderr line per bad file, the good files still extracted, exit 1 / 3."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.ingest.readers.render import render_html

# A short text written for this test: Vietnamese prose that is not a plan (no "Kế hoạch", number or sections).
NOT_A_PLAN = ("Dự báo thời tiết ngày mai: khu vực miền núi phía Bắc có mưa rào và dông rải rác, nhiệt độ thấp nhất "
              "từ 18 đến 21 độ. Người dân nên theo dõi bản tin để chủ động phòng tránh.\n")

# file name -> the reason (a fragment of it) its stderr line must give
BAD = {
    "empty.txt": "empty file",
    "random.txt": "binary data, not a text document",
    "download.pdf": "not a PDF: the file is HTML (saved web page?)",
    "garbled.txt": "undecodable text",
    "huge.txt": "file too large: 51.0 MB",
    "old-format.doc": "damaged Word .doc",
    "weather.txt": "not a plan document",
}


def make_bad_files(folder: Path) -> None:
    rng = random.Random(20240101)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    render_html("Bạn chưa đăng nhập.\n\nĐăng nhập để tải văn bản.", folder / "download.pdf")
    # high bytes that are no Vietnamese in any single-byte code page, and invalid UTF-8
    (folder / "garbled.txt").write_bytes(bytes(rng.choice(range(0xA0, 0x100)) for _ in range(3000)))
    with open(folder / "huge.txt", "wb") as f:
        f.truncate(51 * 2**20)  # sparse, instant
    (folder / "old-format.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    (folder / "weather.txt").write_text(NOT_A_PLAN, encoding="utf-8")


def run_extract(*args: str):
    result = CliRunner().invoke(app, ["extract", *args, "--format", "json"])
    return result.exit_code, result.stdout, result.stderr


def check_stderr(stderr: str, folder: Path) -> None:
    assert "Traceback" not in stderr
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    for name, reason in BAD.items():
        mine = [ln for ln in lines if f"{os.sep}{name}:" in ln]
        assert len(mine) == 1, (name, lines)
        assert mine[0].startswith("kehoach: ") and str(folder / name) in mine[0] and reason in mine[0], mine[0]
    assert len(lines) == len(BAD), lines


def test_bad_files_do_not_take_good_files_down(seeds_dir, tmp_path):
    for seed in sorted(seeds_dir.glob("*.txt")):
        shutil.copy(seed, tmp_path / seed.name)
    make_bad_files(tmp_path)
    code, out, err = run_extract(str(tmp_path))
    check_stderr(err, tmp_path)
    assert "Traceback" not in out
    records = json.loads(out)
    assert sorted(r["file"] for r in records) == sorted(p.name for p in seeds_dir.glob("*.txt"))
    assert code == 1


def test_every_file_bad_exits_3(tmp_path):
    make_bad_files(tmp_path)
    code, out, err = run_extract(str(tmp_path))
    check_stderr(err, tmp_path)
    assert json.loads(out) == []
    assert code == 3


def test_the_installed_command_prints_no_traceback(seeds_dir, tmp_path):
    """The real console script, in a subprocess: the size limit lowered through the environment variable."""
    exe = Path(sys.executable).parent / "kehoach"
    if not exe.exists():
        pytest.skip("the kehoach console script is not installed next to this Python")
    seed = seeds_dir / "001_96e476ef786eba14.txt"
    shutil.copy(seed, tmp_path / seed.name)
    (tmp_path / "big.txt").write_text("KẾ HOẠCH\n" + "Nội dung. " * 300_000, encoding="utf-8")  # ~3 MB
    rng = random.Random(7)
    (tmp_path / "random.txt").write_bytes(bytes(rng.randrange(256) for _ in range(2048)))
    env = {**os.environ, "KEHOACH_MAX_MB": "2"}
    proc = subprocess.run([str(exe), "extract", str(tmp_path), "--format", "json"], capture_output=True,
                          text=True, env=env, timeout=300)
    assert "Traceback" not in proc.stderr + proc.stdout
    err = proc.stderr.strip().splitlines()
    assert len(err) == 2, err
    assert any("big.txt: file too large" in ln and "limit 2.0 MB" in ln for ln in err)
    assert any("random.txt: binary data" in ln for ln in err)
    assert [r["file"] for r in json.loads(proc.stdout)] == [seed.name]
    assert proc.returncode == 1


def test_help_documents_the_exit_codes():
    result = CliRunner().invoke(app, ["--help"])
    for code in ("0", "1", "2", "3"):
        assert f"  {code}  " in result.stdout


def test_random_bytes_named_pdf_are_called_binary(tmp_path):
    from kehoach.ingest.readers import ReadError, read_document

    junk = tmp_path / "junk.pdf"
    junk.write_bytes(bytes(range(256)) * 12)
    with pytest.raises(ReadError, match="not a PDF: the file is binary data"):
        read_document(junk)


def test_build_of_a_missing_path_is_a_usage_error_and_writes_nothing(tmp_path):
    from typer.testing import CliRunner

    from kehoach.cli import app

    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["build", str(tmp_path / "nope"), "--out", str(out)])
    assert res.exit_code == 2
    assert "no such file or folder" in res.output
    assert not out.exists()


def test_build_into_a_file_is_a_usage_error_and_leaves_the_file(seeds_dir, tmp_path):
    from typer.testing import CliRunner

    from kehoach.cli import app

    out = tmp_path / "notes.txt"
    out.write_text("mine", encoding="utf-8")
    res = CliRunner().invoke(app, ["build", str(seeds_dir), "--out", str(out)])
    assert res.exit_code == 2 and "is a file: the build writes a folder" in res.output
    assert out.read_text(encoding="utf-8") == "mine"


def test_a_plan_over_a_million_characters_is_extracted(seeds_dir, tmp_path):
    """spaCy refuses texts over a million characters by default (for its parser and NER, which we do not run):
    a long plan (a compiled volume, a PDF with long appendices) is extracted like any other."""
    from kehoach.ingest.pipeline import extract_file

    seed = seeds_dir / "001_96e476ef786eba14.txt"
    text = seed.read_text(encoding="utf-8")
    big = tmp_path / "long.txt"
    big.write_text(text + "\n" + "Phụ lục.\n" * 120_000, encoding="utf-8")
    assert len(big.read_text(encoding="utf-8")) > 1_000_000
    rec, small = extract_file(big), extract_file(seed)
    assert rec.plan.number == small.plan.number and len(rec.tasks) == len(small.tasks)
    assert {a.name for a in rec.agencies} == {a.name for a in small.agencies}


def test_inputs_that_are_not_files_say_what_they_are(seeds_dir, tmp_path):
    """A named pipe (reading it would wait forever) and a link to nothing are not "no such file"."""
    import os

    from typer.testing import CliRunner

    from kehoach.cli import app

    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "link.txt").symlink_to(tmp_path / "nowhere.txt")
    res = CliRunner().invoke(app, ["build", str(tmp_path / "pipe.txt"), str(tmp_path / "link.txt"),
                                   str(seeds_dir / "001_96e476ef786eba14.txt"), "--out", str(tmp_path / "out"),
                                   "--no-cypher", "--no-rdf", "--no-html"])
    assert res.exit_code == 1, res.output
    assert "pipe.txt: not a file or a folder (a pipe, a device or a socket)" in res.output
    assert "link.txt: a link to nothing" in res.output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert sorted((f["status"], f["reason"][:14]) for f in report["files"]) == [
        ("failed", "a link to noth"), ("failed", "not a file or "), ("ok", "")]


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_a_package_whose_directory_claims_an_unknown_zip_version_is_a_read_error(tmp_path, suffix):
    """Python's zipfile raises NotImplementedError for a zip version it does not know: a damaged directory entry
    can claim any ("zip file version 13.3"); it was a traceback out of the sniffer."""
    import zipfile

    from kehoach.ingest.readers import ReadError, read_document

    with zipfile.ZipFile(tmp_path / f"a{suffix}", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml" if suffix == ".odt" else "word/document.xml", "<x/>")
    data = bytearray((tmp_path / f"a{suffix}").read_bytes())
    at = data.index(b"PK\x01\x02")  # the first central directory entry: "version needed to extract" at +6
    data[at + 6] = 133
    (tmp_path / f"a{suffix}").write_bytes(bytes(data))
    with pytest.raises(ReadError, match=r"^not (a Word \.docx|an OpenDocument \.odt): the file is"):
        read_document(tmp_path / f"a{suffix}")


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_a_file_nested_hundreds_of_levels_deep_is_a_one_line_error(tmp_path, suffix):
    """Tables in tables (.docx) or lists in lists (.odt) nested deeper than the readers' walk can follow: a
    ReadError saying so, not a RecursionError the CLI can only call an internal error."""
    import zipfile

    from office import docx_with

    from kehoach.ingest.readers import ReadError, read_document

    path = tmp_path / f"deep{suffix}"
    if suffix == ".docx":
        path.write_bytes(docx_with("<w:tbl><w:tr><w:tc>" * 600 + "<w:p><w:r><w:t>x</w:t></w:r></w:p>"
                                   + "</w:tc></w:tr></w:tbl>" * 600).read())
    else:
        body = "<text:list><text:list-item>" * 900 + "<text:p>x</text:p>" + "</text:list-item></text:list>" * 900
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            z.writestr("content.xml", '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
                                      'office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
                                      f"<office:body><office:text>{body}</office:text></office:body>"
                                      "</office:document-content>")
    with pytest.raises(ReadError, match="nested too deep"):
        read_document(path)
