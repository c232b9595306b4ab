"""pyvis 0.3.2's page template, made offline and safe, rendered with autoescaping.

The template is taken from the installed pyvis package and edited before it is compiled: the Bootstrap CDN
``<link>``/``<script>`` tags and the commented ``../node_modules`` tags are removed, a generator tag marks the
page as kehoach's (a walk of an input folder leaves it out), the empty headings give way to a header (title,
legend, notes), the node menu lists labels instead of ids, and our CSS and JS (bounded stabilization, then
physics off) are added. Each edit must apply exactly once, so a changed template fails
loudly instead of silently loading a CDN. Only ``cdn_resources="in_line"`` is used: vis-network, tom-select and
pyvis' helper script are inlined from the package.

>>> page = render_page([], [], {}, menu={}, legend=[("Agency", "#2f855a", 1)], notes=["<i>x</i>"])
>>> "&lt;i&gt;x&lt;/i&gt;" in page and "cdn.jsdelivr" not in page and "node_modules" not in page
True
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pyvis
from jinja2 import Environment, FileSystemLoader

from kehoach.ingest.readers.inputs import GENERATOR_TAG

_PYVIS_TEMPLATES = Path(pyvis.__file__).parent / "templates"
_ASSETS = resources.files("kehoach.graph") / "assets"

_HEADER = """<body>
        <div id="kehoach-header">
          <span class="kh-title">{{ title }}</span>
          <span class="kh-legend">{% for kind, colour, count in legend %}<span class="kh-kind"><span class="kh-swatch" style="background: {{ colour }}"></span>{{ kind }} {{ count }}</span>{% endfor %}</span>
          <span id="kehoach-status">laying out…</span>
          {% if notes %}<ul class="kh-notes">{% for note in notes %}<li>{{ note }}</li>{% endfor %}</ul>{% endif %}
        </div>"""

# (pattern, replacement, expected number of matches) applied to pyvis' template.html source
_EDITS = (
    # every CDN tag (the Bootstrap pair and the local/remote branches we never use)
    (r'<link\b[^>]*\bhref="https?://[^"]*"[^>]*>', "", None),
    (r'<script\b[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>', "", None),
    (r"<!--.*?node_modules.*?-->", "", 1),
    (r"<center>\s*<h1>\{\{heading\}\}</h1>\s*</center>", "", 2),
    (r"<body>", _HEADER, 1),
    (r'<option selected>Select a Node by ID</option>', '<option value="" selected>Select a node…</option>', 1),
    (r'<option value="\{\{ node.id \}\}">\{\{node.id\}\}</option>',
     '<option value="{{ node.id }}">{{ menu[node.id] }}</option>', 1),
    (r'<meta charset="utf-8">', '<meta charset="utf-8">\n        ' + GENERATOR_TAG, 1),
    (r"</head>", "<style>{{ kehoach_css|safe }}</style>\n<script>{{ kehoach_js|safe }}</script>\n</head>", 1),
    (r"network = new vis\.Network\(container, data, options\);",
     "var kehoachT0 = performance.now();\n                  network = new vis.Network(container, data, options);"
     "\n                  kehoachAfterDraw(network, kehoachT0);", 1),
)


@lru_cache(maxsize=1)
def _template():
    env = Environment(loader=FileSystemLoader(str(_PYVIS_TEMPLATES)), autoescape=True)
    source = (_PYVIS_TEMPLATES / "template.html").read_text(encoding="utf-8")
    for pattern, replacement, expected in _EDITS:
        source, n = re.subn(pattern, lambda _m, r=replacement: r, source, flags=re.S)
        if (expected is not None and n != expected) or (expected is None and n == 0):
            raise RuntimeError(f"pyvis {pyvis.__version__} template changed: {pattern!r} matched {n} times")
    return env.from_string(source)


def render_page(nodes: list[dict], edges: list[dict], options: dict, menu: dict, legend: list, notes: list,
                title: str = "kehoach") -> str:
    """Render the page: vis-network data as JSON, every text autoescaped, select and filter menus on."""
    return _template().render(
        height="calc(100vh - 150px)", width="100%", nodes=nodes, edges=edges, heading="",
        options=json.dumps(options), physics_enabled=True, use_DOT=False, dot_lang="", widget=False,
        bgcolor="#ffffff", conf=False, tooltip_link=False, neighborhood_highlight=False, select_menu=True,
        filter_menu=True, notebook=False, cdn_resources="in_line", menu=menu, legend=legend, notes=notes,
        title=title, kehoach_css=(_ASSETS / "map.css").read_text(encoding="utf-8"),
        kehoach_js=(_ASSETS / "map.js").read_text(encoding="utf-8"))
