"""Sign-in cards: one person's QR code (PNG or SVG), or a printable sheet of cards (PDF or HTML).

Each card shows the person's name, id, township, a QR code of their one-time sign-in link and a
one-line instruction in Chinese. The PDF is written by hand: vector QR modules, Chinese in the
standard CID font STSong-Light (UniGB-UCS2-H), which PDF readers supply without embedding, and
Latin letters and digits in Courier (every reader has it, every glyph 0.6 em wide).
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from ops.errors import InputError, Problem, bilingual
from ops.reports.scrub import html_text, one_line

if TYPE_CHECKING:
    import segno

    from ops.services.signin import Card

INSTRUCTION = "用手机相机扫描二维码，登录外勤签到（限本人，每卡一次）"
INSTRUCTION_EN = "Scan with the phone camera to sign in (yours only, works once)"
MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM  # A4, points
CARD_W, CARD_H = 85 * MM, 54 * MM  # a bank card
COLS, ROWS = 2, 5
QR_SIZE = 38 * MM
NAME_CHARS = 40  # longer names, ids and townships are cut ("…") so the card keeps its shape
MIN_NAME_PT = 7.0  # the name shrinks to fit beside the QR code, down to this size, then is cut


def qr_code(link: str) -> segno.QRCode:
    """The QR code of a sign-in link (error correction M survives a scuffed card)."""
    import segno

    return segno.make(link, error="m", micro=False)


def write_qr(link: str, path: Path) -> None:
    """Write a link's QR code; the suffix picks the format (.png, .svg, ...)."""
    qr_code(link).save(str(path), scale=8, border=4)


def write_sheet(cards: list[Card], path: Path) -> None:
    """Write a printable sheet of cards: `.pdf` or `.html`."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        path.write_bytes(sheet_pdf(cards))
    elif suffix in (".html", ".htm"):
        path.write_text(sheet_html(cards), encoding="utf-8")
    else:
        raise InputError(
            [
                Problem(
                    "--qr-sheet",
                    str(path),
                    bilingual("文件应为 .pdf 或 .html", "use .pdf or .html"),
                )
            ]
        )


def sheet_html(cards: list[Card]) -> str:
    """A4 page(s) of cards as HTML with inline SVG QR codes; print at 100 %."""
    blocks = []
    for card in cards:
        svg = qr_code(card.link).svg_inline(scale=4, border=2)
        blocks.append(
            f'<div class="card" data-staff="{html_text(card.staff_id)}" '
            f'data-link="{html_text(card.link)}"><div class="qr">{svg}</div>'
            f'<div class="who"><b>{html_text(one_line(card.name, NAME_CHARS))}</b>'
            f"<span>{html_text(one_line(card.staff_id, NAME_CHARS))}</span>"
            f"<span>{html_text(one_line(card.township, NAME_CHARS))}</span>"
            f"<small>有效期至 {card.expires_at.date().isoformat()}</small></div>"
            f"<p>{INSTRUCTION}<br><small>{INSTRUCTION_EN}</small></p></div>"
        )
    return _HTML_HEAD + "\n".join(blocks) + "\n</body></html>\n"


_HTML_HEAD = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>外勤签到工作卡 / sign-in cards</title>
<style>
@page{size:A4;margin:10mm}
body{margin:0;font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif}
.card{display:inline-grid;grid-template-columns:40mm 1fr;grid-template-rows:1fr auto;width:85mm;
height:54mm;box-sizing:border-box;border:0.3mm dashed #888;padding:3mm;margin:0 2mm 2mm 0;
vertical-align:top;break-inside:avoid;page-break-inside:avoid}
.qr svg{width:38mm;height:38mm}
.who{display:flex;flex-direction:column;gap:1mm;padding-left:2mm}
.who b{font-size:16pt}.who span{font-size:10pt}.who small{font-size:8pt;color:#555}
.card p{grid-column:1/3;margin:1mm 0 0;font-size:8pt;line-height:1.2}
.card p small{color:#555}
</style></head><body>
"""


def sheet_pdf(cards: list[Card]) -> bytes:
    """A4 PDF, ten cards a page, with vector QR codes and text in reader-supplied fonts."""
    per_page = COLS * ROWS
    pages = [cards[i : i + per_page] for i in range(0, len(cards), per_page)] or [[]]
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in once the pages are numbered
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
        b" /DescendantFonts [4 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >>"
        b" /FontDescriptor 5 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6"
        b" /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120"
        b" /CapHeight 880 /StemV 93 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for page_cards in pages:
        content = zlib.compress(_page_content(page_cards))
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
            + content
            + b"\nendstream"
        )
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Contents %d 0 R"
            b" /Resources << /Font << /F1 3 0 R /F2 6 0 R >> >> >>" % (PAGE_W, PAGE_H, len(objects))
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    return _assemble(objects)


def _assemble(objects: list[bytes]) -> bytes:
    """Number the objects, write the cross-reference table and the trailer."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _page_content(cards: list[Card]) -> bytes:
    margin_x = (PAGE_W - COLS * CARD_W) / 2
    margin_y = (PAGE_H - ROWS * CARD_H) / 2
    ops: list[str] = []
    for index, card in enumerate(cards):
        col, row = index % COLS, index // COLS
        x = margin_x + col * CARD_W
        y = PAGE_H - margin_y - (row + 1) * CARD_H
        ops.append(f"0.6 G 0.4 w [3 2] 0 d {x:.2f} {y:.2f} {CARD_W:.2f} {CARD_H:.2f} re S [] 0 d")
        ops.append(_qr_ops(card.link, x + 3 * MM, y + CARD_H - 3 * MM - QR_SIZE, QR_SIZE))
        left = x + 3 * MM + QR_SIZE + 3 * MM
        room = x + CARD_W - 3 * MM - left
        top = y + CARD_H - 9 * MM
        name = one_line(card.name, NAME_CHARS)
        name_size = min(16.0, room / max(1, len(name)))
        if name_size < MIN_NAME_PT:
            name_size, name = MIN_NAME_PT, one_line(card.name, int(room / MIN_NAME_PT))
        ops.append(_text(left, top, name_size, name))
        ops.append(_text(left, top - 8 * MM, 10, one_line(card.staff_id, NAME_CHARS)))
        ops.append(_text(left, top - 13 * MM, 10, one_line(card.township, NAME_CHARS)))
        ops.append(_text(left, top - 18 * MM, 7, f"有效期至 {card.expires_at.date().isoformat()}"))
        ops.append(_text(x + 3 * MM, y + 6 * MM, 7.5, INSTRUCTION))
        ops.append(_text(x + 3 * MM, y + 2.5 * MM, 6, INSTRUCTION_EN))
    return "\n".join(ops).encode("ascii")


def _qr_ops(link: str, x: float, y: float, size: float) -> str:
    """Dark modules as filled rectangles, one per horizontal run (quiet zone inside `size`)."""
    matrix = qr_code(link).matrix
    border = 2
    cell = size / (len(matrix) + 2 * border)
    rects = []
    for r, line in enumerate(matrix):
        c = 0
        while c < len(line):
            if line[c]:
                start = c
                while c < len(line) and line[c]:
                    c += 1
                left = x + (start + border) * cell
                bottom = y + size - (r + border + 1) * cell
                rects.append(f"{left:.2f} {bottom:.2f} {(c - start) * cell:.2f} {cell:.2f} re")
            else:
                c += 1
    return "0 g\n" + "\n".join(rects) + "\nf"


def _text(x: float, y: float, size: float, text: str) -> str:
    """One line: Chinese runs in STSong-Light (UCS-2 hex), the rest in Courier."""
    parts = [f"BT 0 g {x:.2f} {y:.2f} Td"]
    for latin, run in _runs(text):
        if latin:
            escaped = run.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            parts.append(f"/F2 {size:.2f} Tf ({escaped}) Tj")
        else:
            hexed = "".join(f"{ord(ch) if ord(ch) <= 0xFFFF else 0x3000:04X}" for ch in run)
            parts.append(f"/F1 {size:.2f} Tf <{hexed}> Tj")
    parts.append("ET")
    return " ".join(parts)


def _runs(text: str) -> list[tuple[bool, str]]:
    """Split text into (is_printable_ascii, run) pieces."""
    runs: list[tuple[bool, str]] = []
    for ch in text:
        latin = " " <= ch <= "~"
        if runs and runs[-1][0] == latin:
            runs[-1] = (latin, runs[-1][1] + ch)
        else:
            runs.append((latin, ch))
    return runs
