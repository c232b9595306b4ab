"""The HTML map in a real browser: Playwright (Python) driving Debian's Chromium, every network request aborted.

Expected counts come from graph.json and ``write_html``'s return; the probe agency is added to a copy of the seeds
graph. ``make test`` installs Chromium (``make system-deps``); without /usr/bin/chromium these tests skip.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from ci import skip_unless_ci

from kehoach.graph.html import stabilization_iterations, write_html
from kehoach.graph.store import load_graph

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("KEHOACH_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
PROBE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def browser():
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).is_file()):
        skip_unless_ci(f"Chromium not found at {CHROMIUM} (install it with 'make system-deps': apt-get install chromium)")
    try:
        from playwright import sync_api
    except ImportError:
        skip_unless_ci("Playwright (Python) is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Opened:
    """A map opened from file:// with every other request aborted; errors, dialogs and requests recorded."""

    def __init__(self, browser, path: Path, timeout_ms: int = 120_000):
        self.url = Path(path).resolve().as_uri()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.blocked: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.route("**/*", self._route)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("dialog", self._dialog)
        self.page.goto(self.url)
        self.page.wait_for_function("window.kehoachMap && window.kehoachMap.physicsOff", timeout=timeout_ms)
        self.state = self.page.evaluate("window.kehoachMap")
        # pyvis' loading bar (maps over 100 nodes) fades out for 0.5 s after stabilization, over the canvas
        self.page.wait_for_function("!document.getElementById('loadingBar') || "
                                    "getComputedStyle(document.getElementById('loadingBar')).display == 'none'")

    def _route(self, route):
        if route.request.url == self.url:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def eval(self, js: str):
        return self.page.evaluate(js)

    def painted_pixels(self) -> int:
        """Non-white, non-transparent pixels on the vis-network canvas."""
        return self.eval("""() => {
            const c = document.querySelector('#mynetwork canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 0; i < d.length; i += 4) {
                if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) n++;
            }
            return n;
        }""")


def test_seeds_map_offline(browser, seeds_graph_dir):
    g = load_graph(seeds_graph_dir)
    page = Opened(browser, seeds_graph_dir / "graph.html")
    try:
        assert page.errors == [] and page.dialogs == [] and page.blocked == []
        assert page.eval("network.body.data.nodes.length") == g.number_of_nodes()
        assert page.eval("network.body.data.edges.length") == len({(u, v) for u, v in g.edges()})
        rels = page.eval("network.body.data.edges.get().map(e => e.rel.split(', ').length).reduce((a, b) => a + b, 0)")
        assert rels == g.number_of_edges()
        assert page.eval("network.physics.options.enabled") is False  # frozen after the bounded stabilization
        assert 0 < page.state["iterations"] <= stabilization_iterations(g.number_of_nodes())
        print(f"\nseeds map: {g.number_of_nodes()} nodes, stabilized in {page.state['stabilizedMs']:.0f} ms")
        assert page.painted_pixels() > 5_000
        # the select and filter menus work offline: filter the nodes down to one kind
        kinds = page.eval("network.body.data.nodes.get().map(n => n.kind)")
        page.eval("""() => { itemControl.addItem('node'); propControl.addItem('kind');
                             valueControl.addItem('Plan'); highlightFilter(filter); }""")
        hidden = page.eval("network.body.data.nodes.get().filter(n => n.hidden).length")
        assert hidden == sum(k != "Plan" for k in kinds) > 0
        assert page.errors == []
    finally:
        page.page.close()


def test_probe_is_shown_not_run(browser, seeds_graph_dir, tmp_path):
    g = load_graph(seeds_graph_dir)
    plan = sorted(n for n, d in g.nodes(data=True) if d["kind"] == "Plan" and d.get("ingested"))[0]
    g.add_node("agency/probe", kind="Agency", label=PROBE, name=PROBE, jurisdiction=PROBE, collective=False,
               aliases=[PROBE], sources=[PROBE])
    g.add_edge(plan, "agency/probe", key="MENTIONS", rel="MENTIONS", sources=["probe.txt"],
               evidence=[{"file": "probe.txt", "start": 0, "end": 28, "text": f"{PROBE} chủ trì"}])
    path = tmp_path / "probe.html"
    info = write_html(g, path)
    page = Opened(browser, path)
    try:
        assert page.eval("network.body.data.nodes.length") == info["nodes"] == g.number_of_nodes()
        assert page.eval("network.body.data.nodes.get('agency/probe').label") == PROBE
        # hover the probe: the tooltip shows the text as text
        x, y = page.eval("""() => { const p = network.getPositions(['agency/probe'])['agency/probe'];
                                    network.moveTo({position: p, scale: 1.5});
                                    const d = network.canvasToDOM(p);
                                    const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();
                                    return [r.left + d.x, r.top + d.y]; }""")
        page.page.mouse.move(x - 30, y - 30)
        page.page.mouse.move(x, y, steps=5)
        page.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
        tooltip = page.eval("document.querySelector('div.vis-tooltip').innerText")
        assert tooltip.startswith("Agency: " + PROBE) and f"“{PROBE} chủ trì”" in tooltip
        # the node menu lists it, as text
        page.page.click("#select-node-ts-control")
        page.page.keyboard.type("onerror")
        option = page.page.wait_for_selector("#select-node-ts-dropdown .option", timeout=5_000)
        assert option.inner_text() == f"{PROBE} · Agency"
        option.click()  # the menu selects the node on the map
        assert page.eval("network.getSelectedNodes()") == ["agency/probe"]
        page.page.wait_for_timeout(300)
        assert page.eval("document.querySelectorAll('img').length") == 0
        assert page.dialogs == [] and page.errors == [] and page.blocked == []
        assert PROBE in page.eval("document.body.innerText")
    finally:
        page.page.close()


@pytest.mark.slow
def test_two_thousand_nodes_settle(browser, tmp_path):
    from test_html import synthetic_graph

    g = synthetic_graph(40, 47, 40)
    info = write_html(g, tmp_path / "big.html")
    assert info["nodes"] == g.number_of_nodes() == 1963 and not info["notes"]
    page = Opened(browser, tmp_path / "big.html")
    try:
        assert page.errors == [] and page.dialogs == []
        assert page.eval("network.body.data.edges.length") == info["edges"]
        assert page.eval("network.physics.options.enabled") is False
        print(f"\n{info['nodes']} nodes, {info['edges']} edges: stabilized in {page.state['stabilizedMs']:.0f} ms "
              f"({page.state['iterations']} iterations)")
        assert page.painted_pixels() > 5_000
        (tmp_path / "timing.json").write_text(json.dumps(page.state))
    finally:
        page.page.close()
