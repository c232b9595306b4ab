"""Readers: encodings detected (not assumed), .docx body order, PDFs, web pages without site chrome, sniffing."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from kehoach.ingest.normalize import normalize
from kehoach.ingest.readers import ReadError, iter_input_files, read_document
from kehoach.ingest.readers.render import paragraphs, render_docx, render_html, render_pdf
from kehoach.ingest.readers.text import PLAUSIBLE, decode_text, to_cp1258, vietnamese_score

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def lines(text: str) -> list[str]:
    return [" ".join(ln.split()) for ln in normalize(text).text.split("\n") if ln.strip()]


def seeds(seeds_dir):
    return sorted(seeds_dir.glob("*.txt"))


@pytest.mark.parametrize("encoding,data", [
    ("utf-8", lambda t: t.encode("utf-8")),
    ("utf-8", lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")),
    ("utf-16-le", lambda t: b"\xff\xfe" + t.encode("utf-16-le")),
    ("utf-16-be", lambda t: b"\xfe\xff" + t.encode("utf-16-be")),
    ("utf-16-le", lambda t: t.encode("utf-16-le")),   # no BOM: detected from the NUL pattern
    ("utf-16-be", lambda t: t.encode("utf-16-be")),
    ("cp1258", to_cp1258),
])
def test_every_seed_decodes_in_every_encoding(seeds_dir, encoding, data):
    for seed in seeds(seeds_dir):
        text = seed.read_text(encoding="utf-8")
        got, enc, warnings = decode_text(data(text))
        assert enc == encoding, seed.name
        assert unicodedata.normalize("NFC", got) == unicodedata.normalize("NFC", text), seed.name
        assert warnings == []


def test_vietnamese_plausibility_separates_cp1258_from_its_misreadings(seeds_dir):
    for seed in seeds(seeds_dir):
        text = seed.read_text(encoding="utf-8")
        assert vietnamese_score(text) >= PLAUSIBLE, seed.name
        raw = to_cp1258(text)
        for wrong in ("cp1252", "latin-1", "cp1250"):
            misread = raw.decode(wrong, errors="replace")
            assert vietnamese_score(misread) < PLAUSIBLE, (seed.name, wrong)


def test_utf8_with_a_stray_byte_is_read_with_a_warning(seeds_dir):
    data = (seeds_dir / "001_96e476ef786eba14.txt").read_bytes()
    broken = data[:500] + b"\xff" + data[500:]
    text, enc, warnings = decode_text(broken)
    assert enc == "utf-8" and "\ufffd" in text
    assert warnings and "invalid UTF-8" in warnings[0]


def test_docx_reads_paragraphs_and_table_cells_in_body_order(seeds_dir, tmp_path):
    import docx

    text = (seeds_dir / "003_7ee35a000a85f826.txt").read_text(encoding="utf-8")
    blocks = paragraphs(text)
    d = docx.Document()
    d.add_paragraph(blocks[0])
    table = d.add_table(rows=2, cols=3)
    for i, cell in enumerate(c for row in table.rows for c in row.cells):
        cell.text = blocks[1 + i]
    table.cell(1, 2).text = ""                        # an empty cell is skipped
    d.add_paragraph("")                               # and so is an empty paragraph
    d.add_paragraph(blocks[7])
    d.save(str(tmp_path / "t.docx"))
    got = read_document(tmp_path / "t.docx")
    assert got.format == "docx" and got.encoding is None
    assert got.text.split("\n\n") == [blocks[0], *blocks[1:6], blocks[7]]


def test_docx_merged_cells_are_read_once(tmp_path):
    import docx

    d = docx.Document()
    t = d.add_table(rows=1, cols=3)
    merged = t.cell(0, 0).merge(t.cell(0, 1))
    merged.text = "Sở Ngoại vụ"
    t.cell(0, 2).text = "2024"
    d.save(str(tmp_path / "m.docx"))
    assert read_document(tmp_path / "m.docx").text == "Sở Ngoại vụ\n\n2024"


def test_pdf_paragraphs_are_rebuilt_from_the_page_geometry(seeds_dir, tmp_path):
    text = (seeds_dir / "004_d57df0e5ceaaeeb4.txt").read_text(encoding="utf-8")
    for align in ("J", "L"):  # justified and ragged-right
        got = read_document(render_pdf(text, tmp_path / f"p{align}.pdf", align=align)).text
        assert lines(got) == lines(text), align
        assert not normalize(got).steps or normalize(got).text == normalize(got, unwrap=False).text


def test_pdf_without_a_text_layer_is_refused(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 150, style="F")  # a page with only a drawing, like a scan
    pdf.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(ReadError, match=r"PDF has no text layer \(scanned image\?\)"):
        read_document(tmp_path / "scan.pdf")


def test_truncated_pdf_is_a_read_error_not_a_crash(seeds_dir, tmp_path):
    good = render_pdf("KẾ HOẠCH\n\nI. MỤC ĐÍCH", tmp_path / "g.pdf").read_bytes()
    (tmp_path / "bad.pdf").write_bytes(good[:200])
    try:
        src = read_document(tmp_path / "bad.pdf")
    except ReadError as err:
        assert "PDF" in err.reason
    else:
        assert src.text.strip()


def test_a_pdf_locked_by_a_password_says_so_and_one_only_owner_locked_is_read(tmp_path):
    import pypdf

    good = render_pdf("KẾ HOẠCH\n\nI. MỤC ĐÍCH", tmp_path / "g.pdf")
    locked = pypdf.PdfWriter(clone_from=str(good))
    locked.encrypt("mật khẩu")
    locked.write(str(tmp_path / "locked.pdf"))
    with pytest.raises(ReadError, match=r"^PDF is password-protected$"):
        read_document(tmp_path / "locked.pdf")
    owner = pypdf.PdfWriter(clone_from=str(good))
    owner.encrypt(user_password="", owner_password="chủ")  # opens without a password (printing rights only)
    owner.write(str(tmp_path / "owner.pdf"))
    assert read_document(tmp_path / "owner.pdf").text.split() == ["KẾ", "HOẠCH", "I.", "MỤC", "ĐÍCH"]


def test_web_page_keeps_the_document_and_drops_the_site(tmp_path):
    src = read_document(EXAMPLES / "quang-tri-kl57.html")
    assert src.format == "html" and src.encoding == "utf-8"
    for chrome in ("Trang chủ", "Đăng nhập", "tracker", "font-family"):
        assert chrome not in src.text
    paras = src.text.split("\n\n")
    assert paras[0] == "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ"          # header table: one cell per paragraph
    assert "Số: 102/KH-UBND" in paras and "STT" in paras and "KẾ HOẠCH" in paras


@pytest.mark.parametrize("encoding", ["utf-8", "windows-1258", "utf-16"])
def test_web_page_in_any_encoding_gives_the_seed_lines(seeds_dir, tmp_path, encoding):
    text = (seeds_dir / "003_7ee35a000a85f826.txt").read_text(encoding="utf-8")
    src = read_document(render_html(text, tmp_path / "p.htm", encoding=encoding))
    assert "Đăng nhập | Đăng ký" not in src.text and "Bản quyền thuộc về" not in src.text  # the chrome added
    assert lines(src.text) == lines(text)


def test_deeply_nested_html_does_not_overflow_the_stack(tmp_path):
    page = "<html><body>" + "<div>" * 5000 + "KẾ HOẠCH" + "</div>" * 5000 + "</body></html>"
    (tmp_path / "deep.html").write_text(page, encoding="utf-8")
    assert read_document(tmp_path / "deep.html").text == "KẾ HOẠCH"


@pytest.mark.parametrize("name,data,reason", [
    ("page.pdf", b"<!DOCTYPE html>\n<html><head><title>x</title></head><body>Login</body></html>",
     "not a PDF: the file is HTML (saved web page?)"),
    ("plan.docx", b"%PDF-1.4\n%...", "not a Word .docx: the file is a PDF"),
    ("plan.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "damaged Word .doc (not a readable Office compound file)"),
    ("scan.txt", b"\x89PNG\r\n\x1a\n" + bytes(100), "not a text file: the file is a PNG image"),
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \r\n\t\n", "empty file (only whitespace)"),
    ("noise.txt", bytes(range(256)) * 8, "binary data, not a text document"),
])
def test_sniffing_and_refusals(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(ReadError) as err:
        read_document(tmp_path / name)
    assert err.value.reason == reason


def test_content_decides_when_the_suffix_says_nothing(tmp_path):
    render_pdf("KẾ HOẠCH\n\nThông tin đối ngoại", tmp_path / "x.pdf").rename(tmp_path / "download")
    src = read_document(tmp_path / "download")
    assert src.format == "pdf" and "Thông tin đối ngoại" in src.text
    (tmp_path / "page.txt").write_text("<html><body><nav>Menu</nav><p>KẾ HOẠCH</p></body></html>", encoding="utf-8")
    src = read_document(tmp_path / "page.txt")
    assert src.format == "html" and src.text == "KẾ HOẠCH" and "HTML" in src.warnings[0]
    render_docx("KẾ HOẠCH", tmp_path / "y.docx").rename(tmp_path / "old.doc")
    src = read_document(tmp_path / "old.doc")
    assert src.format == "docx" and src.text == "KẾ HOẠCH" and src.warnings
    (tmp_path / "plan.txt").write_bytes(b"{\\rtf1\\ansi K\\u7870?\\par HO\\u7840?CH}")  # (WordPad's "Save as .txt")
    src = read_document(tmp_path / "plan.txt")
    assert src.format == "rtf" and src.text == "KẾ\n\nHOẠCH" and src.warnings == ["the .txt file holds RTF; read as RTF"]


def test_size_limit_is_checked_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(51 * 2**20)  # sparse: instant, no disk used
    with pytest.raises(ReadError, match=r"file too large: 51\.0 MB \(limit 50\.0 MB"):
        read_document(big)
    small = tmp_path / "small.txt"
    small.write_text("KẾ HOẠCH " * 300_000, encoding="utf-8")  # ~3 MB
    monkeypatch.setenv("KEHOACH_MAX_MB", "1")
    with pytest.raises(ReadError, match=r"limit 1\.0 MB; set KEHOACH_MAX_MB"):
        read_document(small)
    monkeypatch.setenv("KEHOACH_MAX_MB", "5")
    assert read_document(small).text.startswith("KẾ HOẠCH")


def test_source_text_carries_the_hash_of_the_bytes(seeds_dir):
    import hashlib

    seed = seeds_dir / "001_96e476ef786eba14.txt"
    src = read_document(seed)
    assert src.sha256 == hashlib.sha256(seed.read_bytes()).hexdigest()
    assert src.text == seed.read_text(encoding="utf-8")


def test_folders_are_walked_for_documents_only(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    for name in ("a/one.txt", "a/b/two.PDF", "a/b/three.docx", "four.htm", "old.doc", "notes.json", "img.png",
                 ".git/x.txt", "a/.hidden.txt"):
        (tmp_path / name).write_bytes(b"x")
    files, missing = iter_input_files([tmp_path, tmp_path / "img.png", tmp_path / "nope.txt"])
    rel = [f.relative_to(tmp_path).as_posix() for f in files]
    assert rel == ["a/b/three.docx", "a/b/two.PDF", "a/one.txt", "four.htm", "old.doc", "img.png"]
    assert missing == [str(tmp_path / "nope.txt")]


def test_a_folder_walk_leaves_out_kehoachs_own_outputs(seeds_dir, tmp_path):
    """Build a folder into a folder inside it, twice; save a map among the plans; keep an older build there."""
    from kehoach.graph.html import write_html
    from kehoach.graph.pipeline import build_paths
    from kehoach.graph.store import load_graph

    src = tmp_path / "plans"
    src.mkdir()
    seeds = sorted(seeds_dir.glob("*.txt"))[:2]
    for p in seeds:
        shutil.copyfile(p, src / p.name)
    out = src / "out"
    first = build_paths([src], out, jobs=1, cypher=False, rdf=False)
    assert [f["file"] for f in first["files"]] == [p.name for p in seeds]
    assert (out / "graph.html").is_file()
    again = build_paths([src], out, jobs=1, cypher=False, rdf=False)
    assert again.get("up_to_date") and [f["status"] for f in again["files"]] == ["ok", "ok"]
    write_html(load_graph(out), src / "map.html")  # a map saved among the plans
    shutil.copytree(out, src / "older-build")  # and a build kept beside them
    files, _ = iter_input_files([src], skip=[out])
    assert [f.name for f in files] == [p.name for p in seeds]
    assert build_paths([src], out, jobs=1, cypher=False, rdf=False).get("up_to_date")
    with pytest.raises(ReadError, match="a map written by kehoach"):  # named on its own, it is refused
        read_document(src / "map.html")


def test_a_page_that_only_mentions_kehoach_is_read(tmp_path):
    page = tmp_path / "a.html"
    page.write_text('<html><head><meta name="generator" content="WordPress"></head><body><p>KẾ HOẠCH</p>'
                    "<p>kehoach</p></body></html>", encoding="utf-8")
    assert iter_input_files([tmp_path])[0] == [page]
    assert "KẾ HOẠCH" in read_document(page).text


def test_a_page_number_is_dropped_but_a_row_number_ending_a_page_is_kept():
    from kehoach.ingest.readers.pdf import reflow

    def w(t, x0, top):
        return {"text": t, "x0": x0, "x1": x0 + 6 * len(t), "top": top, "bottom": top + 11}

    body = [w("Sở", 60, 60), w("Ngoại", 80, 60), w("vụ", 120, 60)]
    footer = [w("2", 300, 780)]  # centred at the foot of page 2
    row = [w("2", 60, 77)]  # a table's row number, at the margin, one line down: the last line of page 2
    first = [{"text": "Mục", "x0": 60, "x1": 500, "top": 60, "bottom": 71},  # a long line: the right margin
             w("I.", 60, 77)]
    assert reflow([first, body + footer]) == "Mục\nI.\n\nSở Ngoại vụ"
    assert reflow([first, body + row]) == "Mục\nI.\n\nSở Ngoại vụ\n2"


def test_justified_pdf_text_wraps_only_flush_lines_even_before_a_dash():
    from kehoach.ingest.readers.pdf import reflow

    def line(top, texts, x1=500.0):
        # words spread over [60, x1]: a justified line when x1 is the margin
        step = (x1 - 60) / len(texts)
        return [{"text": t, "x0": 60 + i * step, "x1": 60 + (i + 1) * step - 4, "top": top, "bottom": top + 11}
                for i, t in enumerate(texts)]

    page = (line(60, ["Đơn", "vị", "phối", "hợp:", "Phòng", "Nội", "vụ;", "Phòng", "Tài", "chính"], 504)
            + line(77, ["-", "Kế", "hoạch;", "các", "cơ", "quan", "liên", "quan", "phối", "hợp"], 504)
            + line(94, ["thực", "hiện", "các", "nhiệm", "vụ", "được", "giao", "theo", "kế", "hoạch."], 300)
            + line(111, ["-", "Sở", "Ngoại", "vụ", "chủ", "trì", "tổ", "chức", "thông", "tin"], 504)
            + line(128, ["đối", "ngoại", "trên", "địa", "bàn", "tỉnh."], 200))
    assert reflow([page]).split("\n") == [
        "Đơn vị phối hợp: Phòng Nội vụ; Phòng Tài chính - Kế hoạch; các cơ quan liên quan phối hợp thực hiện các "
        "nhiệm vụ được giao theo kế hoạch.",
        "- Sở Ngoại vụ chủ trì tổ chức thông tin đối ngoại trên địa bàn tỉnh."]


def test_a_numbered_heading_as_long_as_the_line_stays_apart_from_the_paragraph_that_follows():
    from kehoach.ingest.readers.pdf import reflow

    def line(top, texts, x1):
        step = (x1 - 60) / len(texts)
        return [{"text": t, "x0": 60 + i * step, "x1": 60 + (i + 1) * step - 4, "top": top, "bottom": top + 11}
                for i, t in enumerate(texts)]

    # ragged right: "Tăng" would not have fitted after the heading, yet it begins the heading's paragraph; a
    # line of the paragraph that ends short of the margin is still joined with the next
    page = (line(60, ["3.1.", "Cung", "cấp", "thông", "tin", "cho", "phóng", "viên", "theo", "quy", "định"], 500)
            + line(77, ["Tăng", "thời", "lượng", "tin,", "bài", "phản", "ánh", "kết", "quả", "thực"], 498)
            + line(94, ["hiện", "các", "nhiệm", "vụ."], 200))
    assert reflow([page]).split("\n") == [
        "3.1. Cung cấp thông tin cho phóng viên theo quy định",
        "Tăng thời lượng tin, bài phản ánh kết quả thực hiện các nhiệm vụ."]


def test_the_closing_paragraph_set_right_after_the_last_item_is_a_paragraph_of_its_own():
    """"… đang triển khai." / "Trong quá trình tổ chức thực hiện …" with no gap and the first word too long to
    have fitted: the closing paragraph, addressed to everyone, used to be read into the last agency's task."""
    from kehoach.ingest.readers.pdf import reflow

    def line(top, texts, x1):
        step = (x1 - 60) / len(texts)
        return [{"text": t, "x0": 60 + i * step, "x1": 60 + (i + 1) * step - 4, "top": top, "bottom": top + 11}
                for i, t in enumerate(texts)]

    page = (line(60, ["b)", "Lồng", "ghép", "nội", "dung", "vào", "các", "chương", "trình", "đang", "triển", "khai."],
                 500)
            + line(77, ["Trong", "quá", "trình", "tổ", "chức", "thực", "hiện,", "nếu", "có", "khó", "khăn,"], 498)
            + line(94, ["các", "đơn", "vị", "phản", "ánh", "kịp", "thời."], 300))
    assert reflow([page]).split("\n") == [
        "b) Lồng ghép nội dung vào các chương trình đang triển khai.",
        "Trong quá trình tổ chức thực hiện, nếu có khó khăn, các đơn vị phản ánh kịp thời."]
    # a sentence of the same paragraph going on after a full stop is still joined
    page = (line(60, ["Lồng", "ghép", "nội", "dung", "vào", "các", "chương", "trình", "đang", "triển", "khai."], 500)
            + line(77, ["Trong", "năm,", "các", "đơn", "vị", "báo", "cáo."], 300))
    assert reflow([page]) == "Lồng ghép nội dung vào các chương trình đang triển khai. Trong năm, các đơn vị báo cáo."


def test_a_page_break_hides_a_gap_only_where_the_text_says_so():
    """A page break shows no gap. In a task table printed one cell per line (after "STT"), a cell that fills its
    line was joined with the next page's first cell ("… quốc tế Phòng Văn hóa …", "… huyện Quý IV/2022"), and a
    "STT" at a page's top with the line before it; a sentence cut inside a date ("… ngày 05 tháng 8" / "năm" |
    "2020 của …") became two paragraphs, and what followed read as a citation of its own."""
    from kehoach.ingest.readers.pdf import reflow

    def line(top, texts, x1):
        step = (x1 - 60) / len(texts)
        return [{"text": t, "x0": 60 + i * step, "x1": 60 + (i + 1) * step - 4, "top": top, "bottom": top + 11}
                for i, t in enumerate(texts)]

    body = line(60, ["Một", "đoạn", "văn", "bản", "dài", "đến", "tận", "lề", "phải", "của", "trang", "giấy."], 500)
    table = [line(300, ["STT"], 90), line(330, ["Tên", "nhiệm", "vụ"], 150), line(360, ["5"], 66),
             line(390, ["Tham", "gia", "các", "sự", "kiện", "xúc", "tiến", "đầu", "tư", "trong", "nước", "và",
                        "quốc", "tế"], 500)]
    page1 = body + [w for ln in table for w in ln]
    got = reflow([page1, line(60, ["Phòng", "Văn", "hóa", "và", "Thông", "tin", "huyện"], 260)])
    assert [ln for ln in got.split("\n") if ln][-2:] == [
        "Tham gia các sự kiện xúc tiến đầu tư trong nước và quốc tế", "Phòng Văn hóa và Thông tin huyện"]
    # a cell going on in lower case is still the cell
    assert reflow([page1, line(60, ["ở", "các", "tỉnh"], 160)]).endswith("trong nước và quốc tế ở các tỉnh")
    # "STT" at the top of a page is not the end of the line before it
    head = line(60, ["(Kèm", "theo", "Kế", "hoạch", "số", "622/KH-UBND", "ngày", "13", "tháng", "11", "năm", "2021",
                     "của", "UBND", "huyện)"], 500)
    assert reflow([head, line(60, ["STT"], 90)]).split("\n") == [
        "(Kèm theo Kế hoạch số 622/KH-UBND ngày 13 tháng 11 năm 2021 của UBND huyện)", "", "STT"]
    # a date cut by the page goes on in the same paragraph
    cut = line(60, ["-", "Triển", "khai", "Quyết", "định", "số", "1191/QĐ-TTg", "ngày", "05", "tháng", "8", "năm"],
               300)
    wide = line(40, ["Một", "dòng", "đầu", "trang", "dài", "đến", "tận", "lề", "phải", "của", "trang"], 500)
    nxt = line(60, ["2020", "của", "Thủ", "tướng", "Chính", "phủ."], 250)
    assert reflow([wide + cut, nxt]).endswith("ngày 05 tháng 8 năm\n2020 của Thủ tướng Chính phủ.")
    # a line that can end, then a page break: two paragraphs, as before
    ended = line(60, ["-", "Triển", "khai", "Quyết", "định", "số", "1191/QĐ-TTg."], 300)
    assert reflow([wide + ended, nxt]).endswith("1191/QĐ-TTg.\n\n2020 của Thủ tướng Chính phủ.")


def test_a_landscape_appendix_page_leaves_the_portrait_pages_margins_alone(seeds_dir, tmp_path):
    """A plan's appendix is often a landscape page, its lines longer than the portrait pages' margin: pages of
    one width share their margins, so the portrait pages' wrapped lines are still joined (they were not, and seed
    004 came back as 364 lines instead of 223)."""
    from fpdf import FPDF

    from kehoach.ingest.readers.render import dejavu_font

    text = (seeds_dir / "004_d57df0e5ceaaeeb4.txt").read_text(encoding="utf-8")

    def pdf(path, appendix: bool):
        doc = FPDF(format="A4")
        doc.set_margins(20, 20, 20)
        doc.add_page()
        doc.add_font("DejaVu", "", str(dejavu_font()))
        doc.set_font("DejaVu", size=11)
        for block in paragraphs(text):
            doc.multi_cell(0, 6, block, align="J", new_x="LMARGIN", new_y="NEXT")
            doc.ln(3)
        if appendix:
            doc.add_page(orientation="L")
            doc.multi_cell(0, 6, "Ghi chú: các cơ quan, đơn vị căn cứ chức năng, nhiệm vụ được giao chủ động triển "
                                 "khai thực hiện các nhiệm vụ nêu trên, báo cáo kết quả về Sở Ngoại vụ.")
        doc.output(str(path))
        return read_document(path).text

    portrait, with_appendix = pdf(tmp_path / "p.pdf", False), pdf(tmp_path / "l.pdf", True)
    assert lines(portrait) == lines(text)
    assert lines(with_appendix)[: len(lines(portrait))] == lines(portrait)
    assert lines(with_appendix)[-1].startswith("Ghi chú:")
