"""Load rate through Bolt: the batched UNWIND … MERGE loader against a one-query-per-row loader, same run.

A synthetic graph that follows the ontology (plans, tasks, agencies; HAS_TASK, LEADS, COORDINATES) is
generated here, an ArcadeDB server with Bolt is started on 127.0.0.1 (tests/bolt.py), and:

- batched: ``kehoach.graph.neo4j.load_graph`` loads the whole graph (constraints, then batches per label/type);
- per row: the same MERGE statements, one row per query and transaction, on a sample of the rows
  (nodes first, then relationships between sampled nodes) — the rate is per row, so a sample measures it.

Prints rows/s for both and their ratio. Not part of the test suite::

    .venv/bin/python benchmarks/bolt_load.py                 # 50k nodes / 100k relationships
    .venv/bin/python benchmarks/bolt_load.py --nodes 5000 --rels 10000 --sample 2000
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from bolt import start_bolt_server  # noqa: E402

from kehoach.graph.neo4j import constraint_statement, load_graph, open_driver  # noqa: E402
from kehoach.graph.rows import node_rows, rel_rows  # noqa: E402
from kehoach.ontology.terms import NODE_LABELS  # noqa: E402


def synthetic_graph(n_nodes: int, n_rels: int, seed: int = 7) -> nx.MultiDiGraph:
    """About ``n_nodes`` nodes (2% plans, 78% tasks, 20% agencies) and ``n_rels`` relationships."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    n_plans, n_agencies = max(1, n_nodes // 50), max(2, n_nodes // 5)
    n_tasks = max(1, n_nodes - n_plans - n_agencies)
    for i in range(n_plans):
        g.add_node(f"plan/{i}", kind="Plan", label=f"{i}/KH-UBND", number=f"{i}/KH-UBND", year=2024,
                   title=f"Kế hoạch thông tin đối ngoại {i}", ingested=True, level="province",
                   province=f"Tỉnh {i % 63}", sources=[f"{i}.txt"])
    for i in range(n_agencies):
        g.add_node(f"agency/{i}", kind="Agency", label=f"Sở {i}", name=f"Sở {i}", jurisdiction=f"tỉnh {i % 63}",
                   aliases=[f"S{i}"], sources=[f"{i % n_plans}.txt"])
    for i in range(n_tasks):
        p = i % n_plans
        g.add_node(f"plan/{p}/task/{i}", kind="Task", label=f"Nhiệm vụ {i}", title=f"Nhiệm vụ {i}", ref=str(i),
                   timeframe="2024", plan=f"plan/{p}", sources=[f"{p}.txt"])
    tasks = [n for n, d in g.nodes(data=True) if d["kind"] == "Task"]
    ev = [{"file": "x.txt", "start": 0, "end": 10, "text": "Chủ trì"}]
    made = 0
    for t in tasks:                                                      # HAS_TASK
        g.add_edge(t.rsplit("/task/", 1)[0], t, key="HAS_TASK", rel="HAS_TASK", sources=["x.txt"], evidence=ev)
        made += 1
    rels = ("LEADS", "COORDINATES")
    while made < n_rels:
        rel = rels[made % 2]
        a, t = f"agency/{rnd.randrange(n_agencies)}", rnd.choice(tasks)
        if not g.has_edge(a, t, key=rel):
            g.add_edge(a, t, key=rel, rel=rel, sources=["x.txt"], evidence=ev, requested=False)
            made += 1
    return g


def per_row_load(g: nx.MultiDiGraph, settings: dict, sample: int) -> tuple[int, float]:
    """One MERGE query (and transaction) per row for ``sample`` node rows and ``sample`` relationship rows."""
    nodes = [(label, r) for label, rows in node_rows(g).items() for r in rows]
    random.Random(1).shuffle(nodes)
    nodes = nodes[:sample]
    chosen = {r["id"] for _, r in nodes}
    groups, _ = rel_rows(g)
    rels = [(key, r) for key, rows in groups.items() for r in rows if r["from"] in chosen and r["to"] in chosen]
    if len(rels) < sample:   # relationships among sampled nodes are rare: add the endpoints they need
        extra = [(key, r) for key, rows in groups.items() for r in rows][: sample - len(rels)]
        rels += extra
        kinds = {n: g.nodes[n]["kind"] for n in g.nodes}
        for _, r in extra:
            for nid in (r["from"], r["to"]):
                if nid not in chosen:
                    chosen.add(nid)
                    nodes.append((kinds[nid], next(x for x in node_rows(g.subgraph([nid]))[kinds[nid]])))
    driver = open_driver(settings["uri"], settings["user"], settings["password"])

    def one(tx, query, params):
        tx.run(query, params).consume()

    start = time.perf_counter()
    with driver.session(database=settings["database"]) as s:
        for label in NODE_LABELS:
            s.execute_write(one, constraint_statement(label), {})
        for label, r in nodes:
            props = {k: v for k, v in r.items() if k != "id"}
            s.execute_write(one, f"MERGE (n:{label} {{id: $id}}) SET n += $props", {"id": r["id"], "props": props})
        for (rel, a, b), r in rels:
            props = {k: v for k, v in r.items() if k not in ("from", "to")}
            s.execute_write(one, f"MATCH (a:{a} {{id: $src}}) MATCH (b:{b} {{id: $dst}}) "
                                 f"MERGE (a)-[r:{rel}]->(b) SET r += $props",
                            {"src": r["from"], "dst": r["to"], "props": props})
    elapsed = time.perf_counter() - start
    driver.close()
    return len(nodes) + len(rels), elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=50_000)
    ap.add_argument("--rels", type=int, default=100_000)
    ap.add_argument("--sample", type=int, default=3_000, help="rows of each kind for the per-row loader")
    ap.add_argument("--batch-size", type=int, default=1000)
    args = ap.parse_args()

    t0 = time.perf_counter()
    g = synthetic_graph(args.nodes, args.rels)
    print(f"synthetic graph: {g.number_of_nodes()} nodes, {g.number_of_edges()} relationships "
          f"({time.perf_counter() - t0:.1f}s to generate)")
    with tempfile.TemporaryDirectory(prefix="kehoach-bolt-bench-") as tmp:
        server = start_bolt_server(Path(tmp), ["batched", "perrow"], heap="2g")
        try:
            settings = server.settings("batched")
            start = time.perf_counter()
            summary = load_graph(g, **settings, batch_size=args.batch_size, progress=sys.stderr.isatty())
            batched_s = time.perf_counter() - start
            rows = summary["nodes"] + summary["relationships"]
            assert summary["nodes_created"] == g.number_of_nodes(), summary
            assert summary["relationships_created"] == g.number_of_edges(), summary
            batched_rate = rows / batched_s
            print(f"batched  : {rows} rows in {batched_s:.1f}s = {batched_rate:,.0f} rows/s "
                  f"(batch size {args.batch_size})")

            n, per_row_s = per_row_load(g, server.settings("perrow"), args.sample)
            per_row_rate = n / per_row_s
            print(f"per row  : {n} rows in {per_row_s:.1f}s = {per_row_rate:,.0f} rows/s (one query per row)")
            print(f"ratio    : batched / per-row = {batched_rate / per_row_rate:.1f}x")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
