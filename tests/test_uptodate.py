"""A build folder that already holds the build is left as it is (kehoach.graph.uptodate); any change builds again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kehoach.graph import uptodate
from kehoach.graph.pipeline import build_paths


@pytest.fixture()
def built(seeds_dir, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for p in sorted(seeds_dir.glob("*.txt"))[:3]:
        shutil.copyfile(p, src / p.name)
    out = tmp_path / "out"
    first = build_paths([src], out, jobs=1, cypher=False)
    assert not first.get("up_to_date")
    return src, out, first


def _mtimes(out: Path) -> dict[str, int]:
    """The outputs' times (not the record, which may be refreshed, nor the lock, which holds the last pid)."""
    return {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file() and not p.name.startswith(".")}


def _same_size_edit(path: Path) -> None:
    """Change one character, keeping the size and the modification time (what size and time cannot see)."""
    st = path.stat()
    data = path.read_bytes()
    i = data.index(b"2")
    path.write_bytes(data[:i] + b"3" + data[i + 1:])
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns


def test_nothing_changed_leaves_the_folder_and_returns_its_report(built):
    src, out, first = built
    before = _mtimes(out)
    again = build_paths([src], out, jobs=1, cypher=False)
    assert again["up_to_date"] and again["counts"] == first["counts"] and again["files"] == first["files"]
    assert _mtimes(out) == before  # nothing written


@pytest.mark.parametrize("change", ["edit an input", "add an input", "remove an output", "touch an output",
                                    "other options", "full", "other code"])
def test_any_change_builds_again(built, change, monkeypatch):
    src, out, first = built
    kw = {"jobs": 1, "cypher": False}
    inputs = sorted(src.iterdir())
    if change == "edit an input":
        inputs[0].write_text(inputs[0].read_text(encoding="utf-8") + "\nPhụ lục.\n", encoding="utf-8")
    elif change == "add an input":
        shutil.copyfile(inputs[0], src / "copy.txt")
    elif change == "remove an output":
        (out / "graph.html").unlink()
    elif change == "touch an output":
        st = (out / "graph.trig").stat()
        os.utime(out / "graph.trig", ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    elif change == "other options":
        kw["html"] = False
    elif change == "full":
        kw["full"] = True
    else:
        monkeypatch.setattr(uptodate, "code_version", lambda: "another")
    again = build_paths([src], out, **kw)
    assert not again.get("up_to_date")
    assert (out / "graph.json").exists() and (out / uptodate.STAMP_FILE).exists()
    if change == "remove an output":
        assert (out / "graph.html").exists()
    assert bool(build_paths([src], out, **kw).get("up_to_date")) == (change != "full")  # the new build is recorded


def test_a_build_that_fails_leaves_no_record(built, monkeypatch):
    src, out, _ = built
    from kehoach.graph import pipeline

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pipeline, "_build_from", broken)
    (src / "new.txt").write_text("KẾ HOẠCH\nThông tin đối ngoại năm 2024\n", encoding="utf-8")
    with pytest.raises(OSError):
        build_paths([src], out, jobs=1, cypher=False)
    assert not (out / uptodate.STAMP_FILE).exists()
    (src / "new.txt").unlink()  # back to the inputs of the recorded build: still no record, so it builds
    monkeypatch.undo()
    assert not build_paths([src], out, jobs=1, cypher=False).get("up_to_date")


def test_the_cli_says_nothing_changed(built):
    from typer.testing import CliRunner

    from kehoach.cli import app

    src, out, _ = built
    res = CliRunner().invoke(app, ["build", str(src), "-o", str(out), "--jobs", "1", "--no-cypher"])
    assert res.exit_code == 0, res.output
    assert "nothing changed since the last build" in res.output and "built " in res.output


def test_a_build_with_a_failed_file_builds_again(built):
    src, out, _ = built
    (src / "empty.txt").write_bytes(b"")  # fails: an empty file
    first = build_paths([src], out, jobs=1, cypher=False)
    assert any(f["status"] != "ok" for f in first["files"])
    again = build_paths([src], out, jobs=1, cypher=False)
    assert not again.get("up_to_date")  # the failed file is tried again, not skipped with the old report
    (src / "empty.txt").unlink()
    build_paths([src], out, jobs=1, cypher=False)
    assert build_paths([src], out, jobs=1, cypher=False).get("up_to_date")


def test_the_same_bytes_under_new_times_are_up_to_date_and_hashed_once(built, monkeypatch):
    src, out, _ = built
    inputs = sorted(src.iterdir())
    for p in inputs:  # "touch": new times, the same bytes (as a checkout that rewrites a file does)
        os.utime(p, ns=(p.stat().st_atime_ns, p.stat().st_mtime_ns - 5_000_000_000))
    calls = []
    real = uptodate._file_hash
    monkeypatch.setattr(uptodate, "_file_hash", lambda path: calls.append(path) or real(path))
    assert build_paths([src], out, jobs=1, cypher=False).get("up_to_date")
    assert sorted(calls) == sorted(map(str, inputs))  # each read and hashed
    calls.clear()
    monkeypatch.setattr(uptodate, "RACY_NS", 0)  # (the inputs were written seconds ago: not racy for this check)
    assert build_paths([src], out, jobs=1, cypher=False).get("up_to_date")
    assert calls == []  # the record kept the new times


def test_an_edit_that_keeps_size_and_time_builds_again(built):
    src, out, first = built
    _same_size_edit(sorted(src.iterdir())[0])
    again = build_paths([src], out, jobs=1, cypher=False)
    assert not again.get("up_to_date")
    assert build_paths([src], out, jobs=1, cypher=False).get("up_to_date")


def test_a_file_written_while_the_build_runs_is_built_again(built, monkeypatch):
    """The build records the inputs as they were before it read them: a file changed after that (here, once
    the records are made) is not taken for what the build read."""
    src, out, _ = built
    from kehoach.graph import pipeline

    (src / "new.txt").write_text("KẾ HOẠCH\nThông tin đối ngoại năm 2024\n", encoding="utf-8")
    real = pipeline._build_from

    def edit_then_build(*args, **kwargs):
        report = real(*args, **kwargs)
        _same_size_edit(src / "new.txt")
        return report

    monkeypatch.setattr(pipeline, "_build_from", edit_then_build)
    assert not build_paths([src], out, jobs=1, cypher=False).get("up_to_date")
    monkeypatch.undo()
    records = (out / "records.json").read_text(encoding="utf-8")
    assert "năm 2024" in records and "năm 3024" not in records  # what the build read
    again = build_paths([src], out, jobs=1, cypher=False)
    assert not again.get("up_to_date")
    assert "năm 3024" in (out / "records.json").read_text(encoding="utf-8")


def test_a_second_build_into_a_folder_being_written_is_refused(built, tmp_path):
    """Two builds into one folder would leave outputs of both (and a record saying either): the second one is
    refused at once, saying which process writes the folder, and the folder is as the first one leaves it."""
    import subprocess
    import sys

    src, out, first = built
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\n"
        "from kehoach.util import writing_folder\n"
        f"with writing_folder({str(out)!r}):\n"
        "    print('locked', flush=True); sys.stdin.readline()\n")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        before = _mtimes(out)
        from kehoach.util import FolderBusy

        with pytest.raises(FolderBusy, match=rf"another kehoach build \(process {holder.pid}\) is writing"):
            build_paths([src], out, jobs=1, cypher=False, full=True)
        assert _mtimes(out) == before
        from typer.testing import CliRunner

        from kehoach.cli import app

        res = CliRunner().invoke(app, ["build", str(src), "-o", str(out), "--jobs", "1", "--no-cypher", "--full"])
        assert res.exit_code != 0 and f"another kehoach build (process {holder.pid})" in res.output
    finally:
        holder.communicate("\n", timeout=30)
    assert build_paths([src], out, jobs=1, cypher=False).get("up_to_date")  # the lock went with its process
