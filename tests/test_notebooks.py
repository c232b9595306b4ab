"""The notebooks run top to bottom on a fresh kernel (nbclient), on copies; 02's chart has the right agency on top.

The kernel is this interpreter (a kernelspec written to a temporary JUPYTER_PATH), started in notebooks/ like a
user's; outputs go to a temporary folder (KEHOACH_NOTEBOOK_OUT). The stored notebooks carry no outputs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SHARED

pytestmark = [pytest.mark.notebooks, pytest.mark.slow]

NOTEBOOKS = ROOT / "notebooks"
NAMES = ["01_overview", "02_who_leads", "03_derivation"]
KERNEL = "kehoach-tests"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Execute every notebook once; returns {name: executed notebook} (copies written next to their outputs)."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel", reason="ipykernel is needed to run the notebooks")
    base = tmp_path_factory.mktemp("notebooks")
    spec = base / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "kehoach tests", "language": "python"}))
    results = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", str(base / "jupyter"))
        mp.setenv("KEHOACH_NOTEBOOK_OUT", str(base / "out"))
        mp.setenv("KEHOACH_SHARED", str(SHARED))
        for name in NAMES:
            nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
            client = nbclient.NotebookClient(nb, kernel_name=KERNEL, timeout=600,
                                             resources={"metadata": {"path": str(NOTEBOOKS)}})
            try:
                client.execute()
                results[name] = nb
            except nbclient.exceptions.CellExecutionError as err:
                results[name] = err
            finally:
                nbformat.write(nb, base / f"{name}.ipynb")
    return results


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs(executed, name):
    result = executed[name]
    assert not isinstance(result, Exception), f"{name} failed:\n{result}"
    errors = [o for c in result.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert errors == []
    assert all(c.get("execution_count") for c in result.cells if c.cell_type == "code")


def test_overview_shows_the_map(executed):
    nb = executed["01_overview"]
    assert not isinstance(nb, Exception), str(nb)
    html = [o["data"]["text/html"] for c in nb.cells for o in c.get("outputs", [])
            if "text/html" in o.get("data", {}) and "<iframe srcdoc=" in o["data"]["text/html"]]
    assert len(html) == 1 and "vis.Network" in html[0] and "https://" not in html[0].split("srcdoc=")[0]


def test_who_leads_chart(executed, seeds_dir):
    nb = executed["02_who_leads"]
    assert not isinstance(nb, Exception), str(nb)
    cell = next(c for c in nb.cells if "chart-data" in c.metadata.get("tags", []))
    data = next(o["data"]["application/json"] for o in cell["outputs"] if "application/json" in o.get("data", {}))
    assert data["plan"] == "978/KH-UBND"
    bars = data["chart"]
    assert bars, "the chart for 978/KH-UBND is empty (no tasks with a lead agency)"
    top = bars[0]
    assert top["agency"].startswith("Sở Thông tin và Truyền thông") and "Nghệ An" in top["agency"], bars[:3]
    assert all(top["tasks"] > b["tasks"] for b in bars[1:])
    assert [o for o in cell["outputs"] if "image/png" in o.get("data", {})], "no bar chart drawn"


def test_stored_without_outputs():
    for name in NAMES:
        nb = json.loads(Path(NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code), name
        assert "INPUT" in "".join(code[0]["source"]) and "shared" in "".join(code[0]["source"])
