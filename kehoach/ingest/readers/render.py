"""Render plain text as a .docx, an .odt, a .pdf (or a scan of one) or a web page: the format-equivalence tests (and benchmarks) use these to
check that every reader gives the same text as the .txt copy.

Paragraphs are the blocks between blank lines; a single line break inside a block stays a line break. Lines of
``table_lines`` (by index range) can be put in a table, one cell per line, to exercise the table paths.

>>> import tempfile, pathlib
>>> from kehoach.ingest.readers import read_document
>>> p = render_docx("KẾ HOẠCH\\nNăm 2024\\n\\nI. MỤC ĐÍCH", pathlib.Path(tempfile.mkdtemp()) / "a.docx")
>>> read_document(p).text
'KẾ HOẠCH\\nNăm 2024\\n\\nI. MỤC ĐÍCH'
"""

from __future__ import annotations

import html as _html
import re
import unicodedata
from pathlib import Path

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def paragraphs(text: str) -> list[str]:
    """The blocks of ``text`` between blank lines, stripped, empty ones dropped.

    >>> paragraphs("\\n\\nA\\nB\\n\\n\\nC\\n")
    ['A\\nB', 'C']
    """
    return [p.strip() for p in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")) if p.strip()]


def legacy_runs(line: str, encoding: str) -> list[tuple[str, str]]:
    """``(text, font)`` runs that type ``line`` in a legacy font, as a TCVN3 or VNI typist did: VNI in
    "VNI-Times"; TCVN3 in ".VnTime", a capital with a tone mark (which the font lacks) in ".VnTimeH" as its
    lower-case code, "Ủy" as "Uỷ" (``legacy.encode_legacy``).

    >>> legacy_runs("Ổn định", "tcvn3")
    [('æ', '.VnTimeH'), ('n \\xae\\xdenh', '.VnTime')]
    """
    from kehoach.ingest.readers.legacy import encode_legacy

    if encoding == "vni":
        return [(encode_legacy(line, "vni").decode("cp1252"), "VNI-Times")]
    runs: list[tuple[str, str]] = []
    for ch in unicodedata.normalize("NFC", line.replace("Ủy", "Uỷ")):
        capital = ch.isupper() and any(m in "\u0300\u0301\u0303\u0309\u0323" for m in unicodedata.normalize("NFD", ch))
        font = ".VnTimeH" if capital else ".VnTime"
        code = encode_legacy(ch.lower() if capital else ch, "tcvn3").decode("cp1252")
        if runs and runs[-1][1] == font:
            runs[-1] = (runs[-1][0] + code, font)
        else:
            runs.append((code, font))
    return runs


_BOX_NS = " ".join(f'xmlns:{k}="{v}"' for k, v in (
    ("w", _W_NS), ("mc", "http://schemas.openxmlformats.org/markup-compatibility/2006"),
    ("wp", "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
    ("a", "http://schemas.openxmlformats.org/drawingml/2006/main"),
    ("wps", "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"), ("v", "urn:schemas-microsoft-com:vml")))
# a floating text box as Word writes one: a DrawingML shape, and the same box in VML for older readers
_BOX = (f'<w:r {_BOX_NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" '
        'distL="114300" distR="114300" simplePos="0" relativeHeight="251659264" behindDoc="0" locked="0" '
        'layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column">'
        '<wp:posOffset>0</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0'
        '</wp:posOffset></wp:positionV><wp:extent cx="5486400" cy="1828800"/><wp:effectExtent l="0" t="0" r="0" '
        'b="0"/><wp:wrapTopAndBottom/><wp:docPr id="1" name="Text Box 1"/><wp:cNvGraphicFramePr/><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        '<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5486400" cy="1828800"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr><wps:txbx><w:txbxContent/></wps:txbx>'
        '<wps:bodyPr rot="0" vert="horz" wrap="square" anchor="t"><a:noAutofit/></wps:bodyPr></wps:wsp>'
        '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape '
        'id="Text Box 1" type="#_x0000_t202" style="position:absolute;margin-left:0;margin-top:0;width:432pt;'
        'height:144pt;z-index:251659264"><v:textbox><w:txbxContent/></v:textbox></v:shape></w:pict></mc:Fallback>'
        '</mc:AlternateContent></w:r>')


def _box_first(body, count: int) -> None:
    """Move the first ``count`` paragraphs of ``body`` into a text box anchored in the paragraph after them."""
    import copy

    from docx.oxml import parse_xml

    paras = body.findall(f"{{{_W_NS}}}p")
    if count <= 0 or len(paras) <= count:
        return
    box = parse_xml(_BOX)
    for content in box.iter(f"{{{_W_NS}}}txbxContent"):
        content.extend(copy.deepcopy(p) for p in paras[:count])
    for p in paras[:count]:
        body.remove(p)
    anchor = paras[count]
    ppr = anchor.find(f"{{{_W_NS}}}pPr")
    anchor.insert(0 if ppr is None else 1, box)


def render_docx(text: str, path: Path, table_rows: list[list[str]] | None = None,
                legacy: str | None = None, numbered: bool = False, boxed: int = 0) -> Path:
    """Write ``text`` as a .docx (one Word paragraph per block, line breaks kept); ``table_rows`` are appended as
    a table after the paragraphs; ``legacy`` ("tcvn3" | "vni"): typed in that encoding's fonts; ``numbered``:
    a block's leading list marker ("1.", "a)", "-") left to Word's automatic numbering (``render_lists``);
    ``boxed``: the first blocks in a floating text box, anchored in the next (a plan's number and date set
    apart at the top)."""
    import docx
    from docx.oxml import parse_xml

    from kehoach.ingest.readers.render_lists import Outline, numbering_xml

    d = docx.Document()
    outline = Outline() if numbered else None
    for block in paragraphs(text):
        para = d.add_paragraph()
        placed = outline.place(block) if outline else None
        if placed:
            num_id, level, block = placed
            para._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr xmlns:w="{_W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
        for i, line in enumerate(block.split("\n")):
            for part, font in (legacy_runs(line, legacy) if legacy else None) or [(line, None)]:
                run = para.add_run(part)
                if font:
                    run.font.name = font
            if i < block.count("\n"):
                run.add_break()
    if table_rows:
        table = d.add_table(rows=len(table_rows), cols=max(len(r) for r in table_rows))
        for r, row in enumerate(table_rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    if outline and outline.nums:
        root = d.part.numbering_part.element
        abstracts, nums = numbering_xml(outline)
        first_num = root.find(f"{{{_W_NS}}}num")
        for xml in abstracts:  # (every w:abstractNum before the first w:num, as the schema orders them)
            el = parse_xml(xml.replace("<w:abstractNum ", f'<w:abstractNum xmlns:w="{_W_NS}" ', 1))
            first_num.addprevious(el) if first_num is not None else root.append(el)
        for xml in nums:
            root.append(parse_xml(xml.replace("<w:num ", f'<w:num xmlns:w="{_W_NS}" ', 1)))
    _box_first(d.element.body, boxed)
    d.save(str(path))
    return Path(path)


def render_odt(text: str, path: Path, legacy: str | None = None) -> Path:
    """Write ``text`` as an OpenDocument .odt (one paragraph per block, line breaks kept, runs of spaces as
    ``text:s``), as ``render_docx`` writes a .docx; ``legacy`` ("tcvn3" | "vni"): typed in that encoding's fonts.

    >>> import tempfile, pathlib
    >>> from kehoach.ingest.readers import read_document
    >>> p = render_odt("KẾ HOẠCH\\nNăm  2024\\n\\nI. MỤC ĐÍCH", pathlib.Path(tempfile.mkdtemp()) / "a.odt")
    >>> read_document(p).text
    'KẾ HOẠCH\\nNăm  2024\\n\\nI. MỤC ĐÍCH'
    """
    import zipfile
    from xml.sax.saxutils import escape, quoteattr

    def spaced(part: str) -> str:
        return re.sub(r"  +", lambda m: f' <text:s text:c="{len(m.group(0)) - 1}"/>', escape(part)).replace(
            "\t", "<text:tab/>")

    fonts: dict[str, str] = {}  # font -> its text style's name
    body = []
    for block in paragraphs(text):
        out = []
        for i, line in enumerate(block.split("\n")):
            if i:
                out.append("<text:line-break/>")
            for part, font in (legacy_runs(line, legacy) if legacy else None) or [(line, None)]:
                if font:
                    style = fonts.setdefault(font, f"T{len(fonts) + 1}")
                    out.append(f'<text:span text:style-name="{style}">{spaced(part)}</text:span>')
                else:
                    out.append(spaced(part))
        body.append(f"<text:p>{''.join(out)}</text:p>")
    faces = "".join(f"<style:font-face style:name={quoteattr(f)} svg:font-family={quoteattr(repr(f))}/>"
                    for f in fonts)
    styles = "".join(f'<style:style style:name="{n}" style:family="text"><style:text-properties '
                     f"style:font-name={quoteattr(f)}/></style:style>" for f, n in fonts.items())
    ns = " ".join(f'xmlns:{k}="urn:oasis:names:tc:opendocument:xmlns:{v}"' for k, v in (
        ("office", "office:1.0"), ("text", "text:1.0"), ("style", "style:1.0"), ("svg", "svg-compatible:1.0")))
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.3">'
               f"<office:font-face-decls>{faces}</office:font-face-decls><office:automatic-styles>{styles}"
               f"</office:automatic-styles><office:body><office:text>{''.join(body)}</office:text></office:body>"
               f"</office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    with zipfile.ZipFile(path, "w") as z:  # (the mimetype first and stored, as the standard asks)
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
    return Path(path)


def dejavu_font() -> Path:
    """matplotlib's bundled DejaVuSans.ttf: a Unicode TTF with every Vietnamese letter, on any machine.

    >>> dejavu_font().name
    'DejaVuSans.ttf'
    """
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def render_pdf(text: str, path: Path, align: str = "J") -> Path:
    """Write ``text`` as an A4 PDF with a text layer (fpdf2, DejaVu Sans 11pt, justified by default), paragraphs
    separated by a gap, long lines wrapped by the layout engine (as a word processor would)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(dejavu_font()))
    pdf.set_font("DejaVu", size=11)
    for block in paragraphs(text):
        pdf.multi_cell(0, 6, block, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.output(str(path))
    return Path(path)


def render_scan(text: str, path: Path, dpi: int = 200, skew: float = 0.0, specks: float = 0.0, seed: int = 0,
                stamp: str = "", turn: int = 0) -> Path:
    """Write ``text`` as a scanned PDF: the pages of ``render_pdf`` as grey images at ``dpi`` in a PDF with no text
    layer, each turned by ``skew`` degrees (alternately either way, as sheets go through a feeder) and dirtied
    with ``specks`` (the share of pixels turned dark or grey at random, from ``seed``); ``stamp``: a line of text
    (a text layer) at the foot of the first page, as a digital signature's stamp puts it over a scan; ``turn``:
    every page fed turned by 90, 180 or 270 degrees anticlockwise (sideways pages in a landscape page)."""
    import random
    import tempfile

    import pypdfium2 as pdfium
    from fpdf import FPDF
    from PIL import Image

    rnd = random.Random(seed)
    out = FPDF(format="A4")
    with tempfile.TemporaryDirectory() as tmp:
        # on paper NFD and NFC look the same, as a word processor draws them; fpdf2 would draw a decomposed
        # letter's marks apart from it ("CỘNG" as "CỌNG" with a loose circumflex), which no printer does
        printed = pdfium.PdfDocument(str(render_pdf(unicodedata.normalize("NFC", text), Path(tmp) / "printed.pdf")))
        try:
            for number in range(len(printed)):
                image = printed[number].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
                if skew:
                    image = image.rotate(skew if number % 2 else -skew, resample=Image.BILINEAR, fillcolor=255)
                if specks:
                    pixels = image.load()
                    width, height = image.size
                    for _ in range(int(width * height * specks)):
                        pixels[rnd.randrange(width), rnd.randrange(height)] = rnd.choice((0, 90, 160))
                if turn:
                    image = image.rotate(turn, expand=True, fillcolor=255)
                out.add_page(orientation="L" if turn % 180 else "P")
                out.image(image, x=0, y=0, w=out.w, h=out.h)
                if stamp and number == 0:
                    out.add_font("DejaVu", "", str(dejavu_font()))
                    out.set_font("DejaVu", size=8)
                    out.text(120, 285, stamp)
        finally:
            printed.close()
    out.output(str(path))
    return Path(path)


_HTML_ITEM = re.compile(r"(?:(?P<roman>[IVXLC]+)|(?P<number>\d{1,2})|(?P<letter>[a-z]))\. (?=\S)|- (?=\S)")


def _html_body(text: str, lists: bool) -> str:
    """``<p>`` per block; with ``lists``, a block that starts with "I.", "1.", "a." or "- " as an item of an
    ``<ol>`` (of that type, numbered from its ``start``, an item out of sequence with its ``value``) or ``<ul>``,
    its marker left to the browser."""
    from kehoach.ingest.readers.render_lists import marker_value

    out: list[str] = []
    current: tuple[str, str] | None = None  # the open list: (tag, type)
    expected = 0
    for block in paragraphs(text):
        m = _HTML_ITEM.match(block) if lists else None
        if m is None:
            if current:
                out.append(f"</{current[0]}>")
                current = None
            out.append("<p>" + "<br>".join(_html.escape(line) for line in block.split("\n")) + "</p>")
            continue
        kind = ("ul", "") if not m.lastgroup else ("ol", {"roman": "I", "number": "1", "letter": "a"}[m.lastgroup])
        value = 0
        if kind[0] == "ol":
            printed = m.group(m.lastgroup)
            value = marker_value(printed + ".", 0 if kind[1] == "I" else 1) if kind[1] != "a" else ord(printed) - 96
        item = "<br>".join(_html.escape(line) for line in block[m.end():].split("\n"))
        if current != kind:
            if current:
                out.append(f"</{current[0]}>")
            out.append(f'<ol type="{kind[1]}" start="{value}">' if kind[0] == "ol" else "<ul>")
            current, expected = kind, value
        out.append(f'<li value="{value}">{item}</li>' if kind[0] == "ol" and value != expected else f"<li>{item}</li>")
        expected = value + 1
    if current:
        out.append(f"</{current[0]}>")
    return "\n".join(out)


def render_html(text: str, path: Path, encoding: str = "utf-8", chrome: bool = True, lists: bool = False) -> Path:
    """Write ``text`` as a saved web page: ``<p>`` per block (``<br>`` for line breaks) inside ``<main>``, with a
    menu, login box, breadcrumb, script and footer around it when ``chrome``; declared and encoded in
    ``encoding`` (characters the encoding lacks become HTML character references); ``lists``: items and
    bullets as ``<ol>``/``<ul>`` lists whose markers the browser draws."""
    body = _html_body(text, lists)
    around = ("<nav class='menu'><a href='/'>Trang chủ</a> <a href='/vb'>Văn bản</a></nav>"
              "<div id='login-box'>Đăng nhập | Đăng ký</div><ul class='breadcrumb'><li>Văn bản</li></ul>"
              "<script>var x = 'Đăng nhập';</script>") if chrome else ""
    tail = "<footer>Bản quyền thuộc về cổng thông tin</footer>" if chrome else ""
    page = (f"<!DOCTYPE html><html><head><meta charset='{encoding}'><title>Văn bản</title>"
            f"<style>p {{margin: 0}}</style></head><body>{around}<main>{body}</main>{tail}</body></html>")
    if encoding.replace("-", "").lower() in ("windows1258", "cp1258"):
        from kehoach.ingest.readers.text import to_cp1258

        data = to_cp1258(page)
    else:
        data = page.encode(encoding, errors="xmlcharrefreplace")
    Path(path).write_bytes(data)
    return Path(path)
