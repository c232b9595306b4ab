"""Saved web pages (.html/.htm, selectolax): the document without the site around it.

Dropped: script/style/nav/header/footer/form/aside (and other non-content tags), and elements whose class or id
names a menu, login box, breadcrumb, footer, sidebar, banner, search box, share bar, cookie notice…
Kept: ``<main>``/``<article>`` when it holds most of the page's text, else ``<body>``. Block elements become
paragraphs (blank line between), ``<br>`` a line break, each table cell a paragraph of its own (the
one-cell-per-line form of seed 003), a list item after the number or bullet the browser draws for it. Bytes are decoded with the BOM, the meta charset, or detection.

>>> html_text("<html><body><nav>Trang chủ</nav><div class='login'>Đăng nhập</div>"
...           "<p>KẾ HOẠCH<br>Năm 2024</p><table><tr><td>1</td><td>Sở Ngoại vụ</td></tr></table></body></html>")
'KẾ HOẠCH\\nNăm 2024\\n\\n1\\n\\nSở Ngoại vụ'
"""

from __future__ import annotations

import re

from kehoach.ingest.readers.text import decode_text

_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "form", "aside", "iframe",
              "svg", "canvas", "button", "select", "input", "textarea", "object", "embed", "head", "menu", "dialog")
_CHROME_TOKENS = {
    "menu", "menubar", "nav", "navbar", "navigation", "login", "signin", "dangnhap", "breadcrumb", "breadcrumbs",
    "footer", "sidebar", "banner", "search", "searchbox", "share", "social", "cookie", "cookies", "popup", "modal",
    "toolbar", "topbar", "advert", "ads", "comment", "comments", "related", "pagination", "tags",
}
_CHROME_IDS = {"header", "site-header", "page-header", "top-header", "masthead"}
_TOKEN = re.compile(r"[a-z0-9]+")
_BLOCK = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "blockquote", "pre", "address", "center",
    "figure", "figcaption", "hr", "body", "html", "fieldset", "details", "summary",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _is_chrome(node) -> bool:
    attrs = node.attributes or {}
    cls = (attrs.get("class") or "").lower()
    ident = (attrs.get("id") or "").lower()
    if ident in _CHROME_IDS or cls in _CHROME_IDS:
        return True
    tokens = set(_TOKEN.findall(cls)) | set(_TOKEN.findall(ident))
    return bool(tokens & _CHROME_TOKENS) or (attrs.get("role") or "").lower() in ("navigation", "banner",
                                                                                  "search", "contentinfo")


def _root(tree):
    body = tree.body or tree.root
    if body is None:
        return None
    total = len(body.text(separator=" ", strip=True))
    for tag in ("main", "article"):
        nodes = tree.css(tag)
        if len(nodes) == 1 and total and len(nodes[0].text(separator=" ", strip=True)) >= 0.5 * total:
            return nodes[0]
    return body


_TYPED_MARKER = re.compile(r"\s*(?:[IVXLC]+\.|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][.)]|[-–—•+*])\s")
_OL_TYPES = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}


def _item_label(li, counters: dict[int, int]) -> str:
    """The number or bullet a browser draws before a list item ("3. ", "b. ", "- "), as the .docx reader prints
    Word's: an ``<ol>`` counts from its ``start`` (an item's ``value`` resets it) in its ``type``; a ``<ul>``
    item is a bullet. Nothing where the list is drawn without markers (``list-style: none``) or the item's text
    starts with a typed one (a plan pasted from Word keeps its "1." in the text).

    >>> html_text('<ol start="2" type="a"><li>Sở Ngoại vụ</li><li value="5">Báo</li></ol>'
    ...           '<ul><li>- gạch</li><li>Đài</li></ul>')
    'b. Sở Ngoại vụ\\n\\ne. Báo\\n\\n- gạch\\n\\n- Đài'
    """
    from kehoach.ingest.readers.list_labels import format_number

    parent = li.parent
    if parent is None or parent.tag not in ("ol", "ul"):
        return ""
    style = ((li.attributes.get("style") or "") + (parent.attributes.get("style") or "")).replace(" ", "").lower()
    if "list-style:none" in style or "list-style-type:none" in style:
        return ""
    number = None
    if parent.tag == "ol":
        attrs = parent.attributes
        value = li.attributes.get("value")
        last = counters.get(parent.mem_id)
        try:
            number = int(value) if value else (int(attrs.get("start") or 1) if last is None else last + 1)
        except ValueError:
            number = 1 if last is None else last + 1
        counters[parent.mem_id] = number
    if _TYPED_MARKER.match(li.text(deep=True)[:16]):
        return ""
    if number is None:
        return "- "
    return format_number(number, _OL_TYPES.get(parent.attributes.get("type") or "1", "decimal")) + ". "


def _paragraphs(root) -> list[str]:
    """Walk the tree without recursion (deeply nested pages must not overflow the stack)."""
    paragraphs: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = "".join(buf)
        buf.clear()
        lines = [" ".join(ln.split()) for ln in text.split("\n")]
        lines = [ln for ln in lines if ln]
        if lines:
            paragraphs.append("\n".join(lines))

    stack: list[tuple[object, bool]] = [(root, True)]
    pre_depth = 0
    counters: dict[int, int] = {}  # each <ol>'s last number
    while stack:
        node, entering = stack.pop()
        tag = node.tag
        if not entering:  # leaving a block element
            if tag == "pre":
                pre_depth -= 1
            flush()
            continue
        if tag == "-text":
            t = node.text(deep=False) or ""
            buf.append(t if pre_depth else re.sub(r"[ \t\r\n\f]+", " ", t))
            continue
        if tag in ("br",):
            buf.append("\n")
            continue
        if tag.startswith("-") or tag in _DROP_TAGS or _is_chrome(node):
            continue
        if tag in _BLOCK:
            flush()
            if tag == "pre":
                pre_depth += 1
            stack.append((node, False))
            if tag == "li":
                buf.append(_item_label(node, counters))
        children = list(node.iter(include_text=True))
        stack.extend((c, True) for c in reversed(children))
    flush()
    return paragraphs


def html_text(html: str) -> str:
    """The document text of an HTML page (see the module docstring)."""
    from selectolax.lexbor import LexborHTMLParser

    root = _root(LexborHTMLParser(html))
    if root is None:
        return ""
    return "\n\n".join(_paragraphs(root))


def decode_html(data: bytes) -> tuple[str, str, list[str]]:
    """Decode an HTML file's bytes: BOM, then the ``<meta charset>``, then detection."""
    m = _META_CHARSET.search(data[:8192])
    declared = m.group(1).decode("ascii", "replace") if m else None
    return decode_text(data, declared=declared)
