"""End to end through the CLI on examples/ (our own fictional plans): the quickstart path of a fresh clone.

These facts are printed in the example files themselves (examples/*.txt, *.html), written for this project.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

runner = CliRunner()


@pytest.fixture(scope="module")
def examples_graph(tmp_path_factory):
    out = tmp_path_factory.mktemp("examples-graph")
    res = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(out)])
    assert res.exit_code == 0, res.output
    return out


def test_build_writes_every_artifact(examples_graph):
    for name in ("graph.json", "graph.trig", "graph.html", "report.json", "records.json"):
        assert (examples_graph / name).is_file(), name
    report = json.loads((examples_graph / "report.json").read_text(encoding="utf-8"))
    assert [f["status"] for f in report["files"]] == ["ok"] * 3


def test_ask_who_leads_most_answers_from_the_embedded_db(examples_graph):
    res = runner.invoke(app, ["ask", "agencies-by-tasks-led", "--graph", str(examples_graph),
                              "--param", "plan=85/KH-UBND", "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    top = rows[0]
    # plan 85/KH-UBND assigns three content items and the follow-up duty to Sở Thông tin và Truyền thông
    assert (top["agency"], top["jurisdiction"], top["plan"]) == ("Sở Thông tin và Truyền thông", "tỉnh Quảng Trị", "85/KH-UBND")
    assert top["tasks"] == 4


def test_same_answer_in_sparql(examples_graph):
    def ask(engine):
        res = runner.invoke(app, ["ask", "agencies-by-tasks-led", "--graph", str(examples_graph),
                                  "--engine", engine, "--format", "json"])
        assert res.exit_code == 0, res.output
        return json.loads(res.stdout)

    assert ask("cypher") == ask("sparql")


def test_district_plan_derives_from_the_provincial_plan(examples_graph):
    res = runner.invoke(app, ["ask", "derivation-chain", "--graph", str(examples_graph),
                              "--param", "plan=12/KH-UBND", "--format", "json"])
    assert res.exit_code == 0, res.output
    reached = {(r["number"], r["depth"]) for r in json.loads(res.stdout)}
    assert ("85/KH-UBND", 1) in reached          # Gio Linh implements Quảng Trị's plan …
    assert ("57-KL/TW", 2) in reached            # … which implements the Politburo's conclusion


def test_user_text_stays_data_in_cypher_params(examples_graph):
    probe = "x' }) MATCH (n) DETACH DELETE n //"
    res = runner.invoke(app, ["query", "--graph", str(examples_graph), "--format", "json", "--param", f"name={probe}",
                              "MATCH (a:Agency) WHERE a.name = $name RETURN a.name AS name"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == []
    res = runner.invoke(app, ["query", "--graph", str(examples_graph), "--format", "json",
                              "MATCH (n) RETURN count(n) AS n"])
    assert json.loads(res.stdout)[0]["n"] > 0


def test_unknown_question_is_a_usage_error(examples_graph):
    res = runner.invoke(app, ["ask", "no-such-question", "--graph", str(examples_graph)])
    assert res.exit_code == 2
    assert "Traceback" not in res.output


def test_extract_table_shows_tasks_with_leads():
    res = runner.invoke(app, ["extract", str(EXAMPLES / "gio-linh-2024.txt"), "--format", "table"])
    assert res.exit_code == 0, res.output
    assert "12/KH-UBND" in res.stdout
    assert "Đồn Biên phòng Cửa Tùng" in res.stdout


def test_extract_table_tells_two_agencies_of_one_name_apart(tmp_path):
    """A task led by the district's police with a commune's police coordinating: the table gives each one's
    jurisdiction (the names alone, "Công an" twice, would not say who)."""
    (tmp_path / "d.txt").write_text(
        "ỦY BAN NHÂN DÂN\nHUYỆN CẦU NGANG\nSố: 15/KH-UBND\n\nKẾ HOẠCH\nThông tin đối ngoại năm 2024\n\n"
        "II. NHIỆM VỤ\n1. Bảo đảm an ninh thông tin\n- Đơn vị chủ trì: Công an huyện.\n"
        "- Đơn vị phối hợp: Công an xã Long Sơn.\n", encoding="utf-8")
    res = runner.invoke(app, ["extract", str(tmp_path / "d.txt"), "--format", "table"])
    assert res.exit_code == 0, res.output
    assert "Công an (huyện Cầu Ngang)" in res.stdout and "Công an (xã Long Sơn)" in res.stdout, res.stdout


def test_extract_table_says_how_a_file_was_read(tmp_path):
    """A file read through a conversion (here TCVN3) says so in the table too, not only in the JSON record."""
    from kehoach.ingest.readers.legacy import encode_legacy

    text = (EXAMPLES / "gio-linh-2024.txt").read_text(encoding="utf-8")
    (tmp_path / "old.txt").write_bytes(encode_legacy(text, "tcvn3"))
    res = runner.invoke(app, ["extract", str(tmp_path / "old.txt"), "--format", "table"])
    assert res.exit_code == 0, res.output
    assert "12/KH-UBND" in res.stdout
    assert "warning: decoded from the legacy TCVN3 (.VnTime fonts) encoding" in res.stdout, res.stdout


def test_missing_parameter_is_a_usage_error(examples_graph):
    res = runner.invoke(app, ["ask", "plans-citing", "--graph", str(examples_graph)])
    assert res.exit_code == 2
    assert "missing required parameter" in res.output


def test_query_errors_are_one_line_and_exit_3(examples_graph):
    for cmd in (["sparql", "SELEC ?x WHERE {"], ["query", "MATCH (n RETURN n"], ["query", "MATCH (n) DETACH DELETE n"]):
        res = runner.invoke(app, [cmd[0], "--graph", str(examples_graph), cmd[1]])
        assert res.exit_code == 3, cmd
        assert "Traceback" not in res.output
    res = runner.invoke(app, ["query", "--graph", str(examples_graph), "MATCH (n) RETURN count(n) AS n", "--format", "json"])
    assert json.loads(res.stdout)[0]["n"] > 0   # the refused write deleted nothing


def test_a_writer_that_fails_is_one_line_and_leaves_the_old_file(examples_graph, tmp_path, monkeypatch):
    """A full disk while writing the TriG: `kehoach build` says so in one line, exits 3, and the previous
    graph.trig of that folder is still whole."""
    import shutil

    import kehoach.graph.rdf as rdf

    out = tmp_path / "g"
    shutil.copytree(examples_graph, out)
    before = (out / "graph.trig").read_bytes()

    def full_disk(g, path, store=True):
        with rdf.atomic_path(path) as tmp:
            tmp.write_bytes(b"@prefix half")
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(rdf, "write_trig", full_disk)
    res = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(out), "--full"])  # (the copy is up to date)
    assert res.exit_code == 3
    assert "build failed: [Errno 28] No space left on device" in res.output and "Traceback" not in res.output
    assert (out / "graph.trig").read_bytes() == before
    assert not list(out.glob(".graph.trig.tmp-*"))


def test_a_build_removes_what_an_interrupted_build_left(examples_graph, tmp_path):
    """A build killed mid-way leaves temporary files named after its process (at 100k plans, tens of GB of sort
    partitions and spools): the next build into that folder removes them, and keeps a running process's."""
    import shutil
    import subprocess
    import sys

    out = tmp_path / "g"
    shutil.copytree(examples_graph, out)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    (out / f".graph.trig.spool-{dead}-abc").mkdir()
    (out / f".graph.trig.spool-{dead}-abc" / "0.nt").write_text("0 1\nline\n")
    (out / f".graph.trig.share-{dead}-1").write_bytes(b"half a trig")
    (out / f".graph.lbug.tmp-{dead}.wal").write_bytes(b"wal")
    (out / f".graph.json.tmp-{dead}").write_text("{")
    mine = out / f".graph.json.tmp-{os.getppid()}"  # a live process (not this one: it writes its own .tmp-PID)
    mine.write_text("a running build's")
    res = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "removed 4 leftover(s) of an interrupted build" in res.output
    assert sorted(p.name for p in out.iterdir()
                  if p.name.startswith(".") and p.name not in (".cache", ".build.json", ".build.lock", ".graph.oxigraph.lock")) == [mine.name]


def test_a_long_answer_is_cut_in_a_table_and_whole_in_csv(examples_graph):
    """A national listing has hundreds of thousands of rows: a table shows the first ones and says so; CSV and
    JSON (for programs) get every row unless --limit says otherwise."""
    args = ["ask", "agencies-by-tasks-led", "--graph", str(examples_graph)]
    whole = runner.invoke(app, [*args, "--format", "csv"])
    assert whole.exit_code == 0, whole.output
    n = len(whole.stdout.strip().splitlines()) - 1  # minus the header
    assert n > 3 and "showing" not in whole.stderr
    cut = runner.invoke(app, [*args, "--format", "csv", "--limit", "3"])
    assert cut.stdout.strip().splitlines() == whole.stdout.strip().splitlines()[:4]
    assert f"showing the first 3 of {n} rows" in cut.stderr
    table = runner.invoke(app, [*args, "--limit", "2"])
    assert table.exit_code == 0 and f"showing the first 2 of {n} rows" in table.stderr
    assert "2 row(s)" in table.stderr
    everything = runner.invoke(app, [*args, "--format", "json", "--limit", "0"])
    assert len(json.loads(everything.stdout)) == n


def test_an_output_that_cannot_be_written_is_one_line(examples_graph, tmp_path, monkeypatch):
    """`-o` under a file is refused before any work (exit 2); a write failing later (a full disk) is one line
    and exit 3, and leaves nothing half written. Both used to end in a traceback."""
    import kehoach.util as util

    plan = EXAMPLES / "gio-linh-2024.txt"
    for cmd in (["extract", str(plan), "-o", str(plan) + "/x.json"],
                ["viz", "--graph", str(examples_graph), "-o", str(plan) + "/m.html"]):
        res = runner.invoke(app, cmd)
        assert res.exit_code == 2, res.output
        assert f"cannot write -o {plan}/" in res.output and "is a file, not a folder" in res.output
        assert "Traceback" not in res.output

    def full_disk(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(util, "atomic_write_bytes", full_disk)
    for cmd in (["extract", str(plan), "-o", str(tmp_path / "x.json")],
                ["viz", "--graph", str(examples_graph), "-o", str(tmp_path / "m.html")]):
        res = runner.invoke(app, cmd)
        assert res.exit_code == 3, res.output
        assert "cannot write" in res.output and "No space left on device" in res.output
        assert "Traceback" not in res.output and not list(tmp_path.iterdir())
