"""Benchmark of the whole build on a generated corpus (not part of the test suite).

    python benchmarks/run.py --plans 1000 [--corpus DIR] [--jobs N] [--json] [--sample N]

In one run: generates the corpus (unless ``--corpus``), measures the floor (read every file, decode, one
compiled document-number regex over it; one process), runs the build exactly as ``kehoach build --full`` does
(``kehoach.graph.pipeline.build_paths``: extraction over all cores, no cached record reused) and reports its
stage timings, extraction throughput and its ratio to the floor, and the build's wall time in floors (the floor
measured again after the build: the machine's speed drifts); then loads the SPARQL store (timed apart: the
build leaves it to the first SPARQL question), scores extraction accuracy against the ground truth (records read
back from ``records.json``), times ``kehoach viz`` (the first map after the build, one with no kept skeleton and
the next one, in fresh processes) and every named question on the embedded Cypher engine and on SPARQL.
Peak RSS covers the process tree throughout.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

NUMBER = re.compile(r"\d+\s?(?:/\d{4})?\s?[/-]\s?[A-ZĐ][A-ZĐa-z&]*(?:[-/][A-ZĐ][A-ZĐa-z&.]*)*")
PARAMS = {"plan": None, "number": "72/2015/NĐ-CP", "agency": "Sở Thông tin và Truyền thông", "province": None}


class PeakRSS:
    """Samples the RSS of this process and all its children every 50 ms; ``peak_mb`` is the maximum sum, and
    ``by_stage`` the maximum while each ``stage`` (set by the caller, e.g. from the build's ``on_stage``) ran."""

    def __init__(self):
        import psutil

        self.proc, self.peak, self._stop = psutil.Process(), 0, threading.Event()
        self.stage, self.stages = "", {}
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        import psutil

        while not self._stop.is_set():
            total = 0
            try:
                for p in [self.proc, *self.proc.children(recursive=True)]:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            self.peak = max(self.peak, total)
            if self.stage:
                self.stages[self.stage] = max(self.stages.get(self.stage, 0), total)
            self._stop.wait(0.05)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self.thread.join()

    @property
    def peak_mb(self) -> float:
        return round(self.peak / 2**20, 1)

    @property
    def by_stage(self) -> dict[str, float]:
        return {stage: round(peak / 2**20, 1) for stage, peak in self.stages.items()}


def floor(files: list[Path]) -> tuple[float, int, int]:
    """(seconds, bytes, numbers found): read + decode + one regex pass, sequential."""
    t = time.perf_counter()
    size = hits = 0
    for f in files:
        data = f.read_bytes()
        size += len(data)
        hits += len(NUMBER.findall(data.decode("utf-8", "replace")))
    return time.perf_counter() - t, size, hits


def timed(fn, *args, **kw):
    t = time.perf_counter()
    out = fn(*args, **kw)
    return out, round(time.perf_counter() - t, 2)


def _time_question(name: str, graph: str, engine: str, params: dict, repeat: int, conn) -> None:
    from kehoach.queries.runner import ask

    times = []
    try:
        budget = time.perf_counter() + 10  # a slow question gets fewer runs, not a stalled benchmark
        for _ in range(repeat):
            t = time.perf_counter()
            ask(name, graph, engine=engine, params=params)
            times.append((time.perf_counter() - t) * 1000)
            if time.perf_counter() > budget:
                break
        conn.send(times)
    except Exception as err:
        conn.send(f"failed ({type(err).__name__}: {str(err)[:100]})")


def query_latency(graph: Path, plan_number: str | None, repeat: int, timeout: float,
                  engines: tuple[str, ...] = ("cypher", "sparql"), province: str | None = None) -> dict:
    """Median and p95 (warm runs) and the cold first run of every named question on both engines; each question
    runs in a child process that is stopped after ``timeout`` seconds (reported as a timeout). A question whose
    optional parameter (a province) is given is also timed without it, as ``"<name> [all]"``."""
    import multiprocessing

    try:
        from kehoach.queries.runner import list_questions
    except ImportError as err:
        return {"missing": str(err)}
    ctx = multiprocessing.get_context("forkserver")
    out: dict = {}
    params = dict(PARAMS, plan=plan_number, province=province)
    for q in list_questions():
        p = {x.name: params.get(x.name) for x in q.params if params.get(x.name)}
        # a question with an optional parameter given is timed both ways: "name" (given) and "name [all]"
        whole = {x.name: v for x in q.params if x.required and (v := params.get(x.name))}
        variants = [(q.name, p)] + ([(f"{q.name} [all]", whole)] if whole != p else [])
        for (label, p), engine in ((v, e) for v in variants for e in engines):
            here, there = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_time_question, args=(q.name, str(graph), engine, p, repeat, there))
            proc.start()
            got = here.recv() if here.poll(timeout) else f"timeout (> {timeout:.0f} s)"
            proc.kill()
            proc.join()
            if isinstance(got, str):
                out.setdefault(label, {})[engine] = got
                continue
            # the first run opens the database in a fresh process: reported apart as cold_ms
            cold, warm = got[0], sorted(got[1:] or got[:1])
            out.setdefault(label, {})[engine] = {
                "cold_ms": round(cold, 1),
                "median_ms": round(statistics.median(warm), 1),
                "p95_ms": round(warm[min(len(warm) - 1, int(0.95 * len(warm)))], 1), "runs": len(got)}
    return out


def viz_times(graph: Path, province: str | None) -> dict:
    """Wall time and peak RSS of ``kehoach viz`` (focused on ``province``; the national map without one), each
    in a fresh process: the first map after the build (a big build keeps the skeleton of its graph,
    ``kehoach.graph.skeleton_cache``: ``kept_by_build``), then one with no kept skeleton ("cold": it reads all of
    ``graph.json`` and keeps the skeleton), then the next one, which loads it ("warm")."""
    import subprocess

    import psutil

    from kehoach.graph.skeleton_cache import cache_file

    out: dict = {"focus": province or "national", "kept_by_build": cache_file(graph).is_file()}
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    for label in ("after_build", "cold", "warm"):
        if label == "cold":
            cache_file(graph).unlink(missing_ok=True)
        with tempfile.TemporaryDirectory() as d, open(Path(d) / "stderr", "w+b") as err:
            cmd = [sys.executable, "-c", "from kehoach.cli import main; main()", "viz", "--graph", str(graph),
                   "--output", str(Path(d) / "map.html"), *(["--province", province] if province else [])]
            t = time.perf_counter()
            child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
            peak = 0
            while child.poll() is None:
                try:
                    peak = max(peak, psutil.Process(child.pid).memory_info().rss)
                except psutil.Error:
                    pass
                time.sleep(0.05)
            seconds = time.perf_counter() - t
            err.seek(0)
            out[label] = ({"s": round(seconds, 2), "peak_rss_mb": round(peak / 2**20, 1)} if child.returncode == 0
                          else f"failed ({err.read().decode(errors='replace').strip()[-200:]})")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plans", type=int, default=1000)
    ap.add_argument("--corpus", help="use this generated corpus instead of generating one")
    ap.add_argument("--out", help="where to generate and build (default: a temporary folder)")
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sample", type=int, default=5000, help="documents scored for accuracy (first N)")
    ap.add_argument("--repeat", type=int, default=20, help="runs per question and engine")
    ap.add_argument("--query-timeout", type=float, default=30, help="seconds before a question is stopped")
    ap.add_argument("--engines", default="cypher,sparql",
                    help="query engines to time (comma-separated); without sparql the SPARQL store is not loaded")
    ap.add_argument("--rdf", action="store_true", help="write graph.trig even when sparql is not timed")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--formats", default="", help="generate this share of plans in other formats, as "
                    "corpus.py --formats does (docx=0.3,pdf=0.3,...); accuracy is then also given per format")
    a = ap.parse_args(argv)

    import corpus as gen

    try:
        mix = gen.parse_mix(a.formats)
    except ValueError as err:
        ap.error(str(err))

    from scores import accuracy_by_format, graph_roles, plan_merges, task_titles

    from kehoach.graph.pipeline import build_paths
    from kehoach.graph.records import iter_records
    from kehoach.ingest.batch import resolve_jobs
    from kehoach.ingest.evaluate import score

    work = Path(a.out or tempfile.mkdtemp(prefix="kehoach-bench-"))
    engines = tuple(e for e in a.engines.split(",") if e)
    res: dict = {"plans": a.plans, "jobs": resolve_jobs(a.jobs), "cpus": os.cpu_count()}
    with PeakRSS() as rss:
        if a.corpus:
            cdir = Path(a.corpus)
        else:
            cdir = work / "corpus"
            res["generate_s"] = gen.write_corpus(a.plans, cdir, seed=a.seed, jobs=a.jobs,
                                                 mix=mix)["seconds"]
        suffixes = set(gen.FORMATS.values())
        files = sorted(p for p in cdir.rglob("*") if p.suffix in suffixes and p.is_file())
        res["plans"] = len(files)
        floor_s, size, _ = floor(files)
        floor_s2, _, _ = floor(files)  # second pass: both measurements see a warm page cache
        floor_s = min(floor_s, floor_s2)
        res["peak_rss_floor_mb"] = rss.peak_mb
        graph = work / "graph"
        # the build exactly as `kehoach build --full` runs it (no cached record is reused)
        t = time.perf_counter()
        rss.stage = "extracting"

        def stage(label: str) -> None:
            rss.stage = label

        built = build_paths(files, graph, jobs=a.jobs, full=True, rdf="sparql" in engines or a.rdf, on_stage=stage)
        rss.stage = ""
        res["build_total_s"] = round(time.perf_counter() - t, 2)
        res["peak_rss_build_mb"] = rss.peak_mb
        res["peak_rss_by_stage_mb"] = rss.by_stage
        build = built["timings_s"]
        extract_s = build["extract"]
        failed = sum(f["status"] != "ok" for f in built["files"])
        res.update({"mb": round(size / 1e6, 1), "failed": failed, "floor_s": round(floor_s, 2),
                    "plans_per_s": round(len(files) / extract_s, 1), "mb_per_s": round(size / 1e6 / extract_s, 2),
                    "floor_ratio": round(extract_s / floor_s, 1), "counts": built.get("counts", {})})
        res["build_s"] = build
        # the machine's speed drifts (10-20% between runs here): the floor again, once the build is done, and
        # the build's wall time in floors (at the mean of both), comparable between runs at different speeds
        after = min(floor(files)[0], floor(files)[0])
        res["floor_after_build_s"] = round(after, 2)
        res["build_floors"] = round(res["build_total_s"] / ((floor_s + after) / 2), 1)
        if "sparql" in engines:  # built on first use by `kehoach sparql`; measured here apart from the build
            from kehoach.graph.rdfstore import build_store

            t = time.perf_counter()
            build_store(graph)
            res["sparql_store_s"] = round(time.perf_counter() - t, 2)
        sample = {f.name for f in files[: a.sample]}
        truth = gen.load_truth(cdir / "ground_truth.json", sample)
        records = [r.to_dict() for r in iter_records(graph / "records.json") if r.file in sample]
        s = score(records, truth)["summary"]
        res["accuracy_by_format"] = accuracy_by_format(records, truth, score)
        res["accuracy"] = {"documents": s["documents"],
                           **{k: s[k]["f1"] for k in ("cites", "tasks", "leads", "coordinators", "agencies")},
                           "cites_identity": s["cites_identity"]["f1"],
                           "plan_fields": s["plan_fields_correct"], "derives_from": s["derives_from_exact"],
                           "task_titles": task_titles(records, truth),
                           "plan_merges": plan_merges(graph, cdir / "ground_truth.json")}
        if (graph / "graph.lbug").exists():
            res["accuracy"]["graph_roles"] = graph_roles(graph, truth)
        first = next((d["plan"] for d in truth["documents"] if d["plan"]["number"]), {})
        res["viz"] = viz_times(graph, first.get("province"))
        lat = query_latency(graph, first.get("number"), a.repeat, a.query_timeout, engines, first.get("province"))
    res["peak_rss_mb"] = rss.peak_mb
    res["query_ms"] = lat
    res["query_p95_ms"] = {q: {e: v["p95_ms"] if isinstance(v, dict) else v for e, v in d.items()}
                           for q, d in lat.items() if isinstance(d, dict)}
    if a.json:
        print(json.dumps(res, ensure_ascii=False))
    else:
        report(res)
    return 0


def report(r: dict) -> None:
    print(f"corpus: {r['plans']} plans, {r['mb']} MB; {r['jobs']} worker(s) on {r['cpus']} CPU(s)"
          + (f"; generated in {r['generate_s']} s" if "generate_s" in r else ""))
    print(f"extraction: {r['plans_per_s']} plans/s, {r['mb_per_s']} MB/s, {r['failed']} failed; "
          f"floor (read + 1 regex, 1 process) {r['floor_s']} s -> ratio {r['floor_ratio']}x (target <= 5x; >= 300 plans/s)")
    print("build stages (s): " + ", ".join(f"{k} {v}" for k, v in r["build_s"].items())
          + f"; total (wall) {r['build_total_s']} s"
          + (f" = {r['build_floors']} floors (floor {r['floor_s']} s before the build, {r['floor_after_build_s']} after)"
             if "build_floors" in r else "")
          + (f"; SPARQL store (first use, apart) {r['sparql_store_s']} s" if "sparql_store_s" in r else ""))
    print("graph: " + ", ".join(f"{k} {v}" for k, v in r.get("counts", {}).items()))
    print(f"peak RSS (process tree): {r['peak_rss_mb']} MB overall; {r['peak_rss_build_mb']} MB up to the end of "
          "the build (the rest: SPARQL store, accuracy, query engines)")
    if r.get("peak_rss_by_stage_mb"):
        print("  by build stage (MB): " + "; ".join(f"{k} {v}" for k, v in r["peak_rss_by_stage_mb"].items()))
    acc = r["accuracy"]
    print(f"accuracy on {acc['documents']} docs (F1): cites {acc['cites']} (identity {acc['cites_identity']}), "
          f"tasks {acc['tasks']}, leads {acc['leads']}, coordinators {acc['coordinators']}, agencies {acc['agencies']}")
    for fmt, f in (r.get("accuracy_by_format") or {}).items():
        print(f"  {fmt}: {f['documents']} docs, cites {f['cites']}, tasks {f['tasks']}, leads {f['leads']}")
    if acc.get("graph_roles"):
        gr = acc["graph_roles"]
        print(f"  the graph's task roles (agency name and jurisdiction): F1 {gr['f1']} "
              f"({gr['tp']} of {gr['truth']} in the truth, {gr['graph']} in the graph)")
    tt = acc["task_titles"]
    print(f"  task titles as in the truth: {tt['same']} of {tt['truth']} ({tt['share']}); plan fields "
          f"{acc['plan_fields']}; derives-from exact {acc['derives_from']}")
    pm = acc["plan_merges"]
    print(f"plan resolution: {pm['merged']} record(s) merged into another's plan (ground truth: {pm['truth']})")
    if r.get("viz"):
        v = r["viz"]
        print(f"kehoach viz ({v['focus']}; skeleton kept by the build: {v['kept_by_build']}): " + "; ".join(
            f"{k} {x['s']} s, {x['peak_rss_mb']} MB" if isinstance(x, dict) else f"{k} {x}"
            for k, x in v.items() if k not in ("focus", "kept_by_build")))
    print("query latency ms (warm median / warm p95 / cold first run):")
    for q, d in r["query_ms"].items():
        if not isinstance(d, dict):
            print(f"  {q}: {d}")
            continue
        cells = [f"{e} {v['median_ms']} / {v['p95_ms']} / {v['cold_ms']}" if isinstance(v, dict) else f"{e} {v}"
                 for e, v in d.items()]
        print(f"  {q}: " + "; ".join(cells))


if __name__ == "__main__":
    raise SystemExit(main())
