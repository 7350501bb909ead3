"""`fieldops token issue --qr / --qr-sheet` and `token revoke`: cards that carry one-time links."""

from __future__ import annotations

import re
import struct
import zlib
from datetime import UTC, datetime, timedelta

import pytest

from tests.integration.test_signin import add_crossing_duty


@pytest.fixture
def duty(db):
    return add_crossing_duty(db.engine, starts_at=datetime.now(UTC) + timedelta(hours=1))


def read_png_modules(data: bytes, scale: int, border: int) -> list[list[bool]]:
    """Decode a greyscale PNG as segno writes it and sample the centre of each QR module."""
    chunks, pos = {}, 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        chunks.setdefault(kind, b"")
        chunks[kind] += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert colour == 0 and depth in (1, 8)
    raw = zlib.decompress(chunks[b"IDAT"])
    stride = (width * depth + 7) // 8
    rows, prev = [], bytearray(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            left = line[i - 1] if i else 0
            up, corner = prev[i], prev[i - 1] if i else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        rows.append(line)
        prev = line

    def dark(x: int, y: int) -> bool:
        if depth == 8:
            return rows[y][x] < 128
        return not (rows[y][x // 8] >> (7 - x % 8)) & 1

    size = width // scale - 2 * border
    return [
        [
            dark((c + border) * scale + scale // 2, (r + border) * scale + scale // 2)
            for c in range(size)
        ]
        for r in range(size)
    ]


def test_qr_card_encodes_the_printed_one_time_link(db, duty, fieldops, tmp_path):
    import segno

    card = tmp_path / "card.png"
    result = fieldops(
        "token", "issue", "--staff", "T-001", "--qr", card, "--base-url", "https://ops.example"
    )
    assert result.exit_code == 0, result.output
    link = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"https://ops\.example/app/#signin=[A-Za-z0-9_-]{20,}", link)
    expected = [[bool(v) for v in row] for row in segno.make(link, error="m", micro=False).matrix]
    assert read_png_modules(card.read_bytes(), scale=8, border=4) == expected


def test_base_url_defaults_to_the_public_url_setting(db, duty, tmp_path):
    from typer.testing import CliRunner

    from ops.cli import app

    env = {**db.env(), "FIELDOPS_PUBLIC_URL": "https://field.sewu.example"}
    result = CliRunner().invoke(
        app, ["token", "issue", "--staff", "T-002", "--qr", str(tmp_path / "c.svg")], env=env
    )
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.strip().splitlines()[-1].startswith("https://field.sewu.example/app/#signin=")
    )
    assert (tmp_path / "c.svg").read_text().startswith("<?xml")


def test_pdf_sheet_has_a_card_per_active_person_and_a_sound_cross_reference_table(
    db, duty, fieldops, tmp_path
):
    sheet = tmp_path / "sheet.pdf"
    result = fieldops("token", "issue", "--township", "测试乡", "--qr-sheet", sheet)
    assert result.exit_code == 0, result.output
    assert "3 card(s)" in result.output
    data = sheet.read_bytes()
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    xref_at = int(data.rsplit(b"startxref", 1)[1].split()[0])
    table = data[xref_at:].split(b"trailer")[0].split(b"\n")
    count = int(table[1].split()[1])
    offsets = [int(line.split()[0]) for line in table[3 : 2 + count]]
    for number, offset in enumerate(offsets, start=1):
        assert data[offset:].startswith(b"%d 0 obj" % number)
    assert b"/BaseFont /STSong-Light /Encoding /UniGB-UCS2-H" in data
    assert b"/Count 1" in data  # three cards fit one A4 page
    pages = [zlib.decompress(m) for m in re.findall(rb"stream\n(.*?)\nendstream", data, re.S)]
    text = b"".join(pages)
    assert "<{}>".format("".join(f"{ord(c):04X}" for c in "扎西")).encode() in text
    assert b"(T-003)" in text


def test_html_sheet_for_named_people_holds_one_link_each(db, duty, fieldops, tmp_path):
    sheet = tmp_path / "sheet.html"
    result = fieldops("token", "issue", "--staff", "T-001", "--staff", "T-002", "--qr-sheet", sheet)
    assert result.exit_code == 0, result.output
    page = sheet.read_text(encoding="utf-8")
    assert page.count('class="card"') == 2 and "扎西" in page and "卓玛" in page
    links = re.findall(r'data-link="([^"]+)"', page)
    assert len(set(links)) == 2 and all("/app/#signin=" in link for link in links)
    assert page.count("<svg") == 2 and "用手机相机扫描二维码" in page


def test_card_options_refuse_what_cannot_be_made(db, duty, fieldops, tmp_path):
    two = fieldops(
        "token", "issue", "--staff", "T-001", "--staff", "T-002", "--qr", tmp_path / "c.png"
    )
    assert two.exit_code == 1 and "--qr-sheet" in two.output
    wrong = fieldops("token", "issue", "--staff", "T-001", "--qr-sheet", tmp_path / "cards.docx")
    assert wrong.exit_code == 1 and ".pdf" in wrong.output
    nobody = fieldops("token", "issue", "--staff", "NOBODY", "--qr", tmp_path / "c.png")
    assert nobody.exit_code == 1 and "NOBODY" in nobody.output


def test_plain_token_issue_still_prints_the_token_last(db, duty, fieldops):
    result = fieldops("token", "issue", "--staff", "T-001")
    assert result.exit_code == 0
    assert re.fullmatch(r"[A-Za-z0-9_-]{40,}", result.stdout.strip().splitlines()[-1])


def test_revoking_a_person_ends_their_tokens_and_voids_unused_cards(db, duty, fieldops, tmp_path):
    from sqlmodel import Session

    from ops.services.signin import SigninCodeSpentError, redeem_code

    used = (
        fieldops("token", "issue", "--staff", "T-001", "--qr", tmp_path / "a.png")
        .stdout.strip()
        .splitlines()[-1]
    )
    with Session(db.engine) as session:
        redeem_code(session=session, code=used.split("#signin=")[1], now=datetime.now(UTC))
    unused = (
        fieldops("token", "issue", "--staff", "T-001", "--qr", tmp_path / "b.png")
        .stdout.strip()
        .splitlines()[-1]
    )
    result = fieldops("token", "revoke", "--staff", "T-001")
    assert result.exit_code == 0 and "1 token(s) revoked, 1 unused card(s) voided" in result.output
    with Session(db.engine) as session, pytest.raises(SigninCodeSpentError, match="作废"):
        redeem_code(session=session, code=unused.split("#signin=")[1], now=datetime.now(UTC))


def test_cards_for_hostile_names_are_written_whole_in_pdf_and_html(db, fieldops, tmp_path):
    from html.parser import HTMLParser

    from tests.hostile_text import HOSTILE, line_shows

    names = [t.replace("\x00", "") if db.backend != "sqlite" else t for t in HOSTILE.values()]
    staff = tuple((f"H-{i:03d}", name) for i, name in enumerate(names))
    add_crossing_duty(db.engine, starts_at=datetime.now(UTC) + timedelta(hours=1), staff=staff,
                      on_duty=(staff[0][0],))  # fmt: skip
    pdf, html = tmp_path / "cards.pdf", tmp_path / "cards.html"
    for sheet in (pdf, html):
        result = fieldops("token", "issue", "--township", "测试乡", "--qr-sheet", sheet)
        assert result.exit_code == 0, result.output

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: set[str] = set()
            self.text = ""

        def handle_starttag(self, tag, attrs):
            self.tags.add(tag)

        def handle_data(self, data):
            self.text += data

    page = Text()
    page.feed(html.read_text(encoding="utf-8"))
    assert "script" not in page.tags and page.text.count("用手机相机扫描二维码") == len(names)
    for name in names:
        assert line_shows(name)[:30] in page.text, name
    data = pdf.read_bytes()
    assert data.rstrip().endswith(b"%%EOF") and b"/Count 2" in data  # 14 cards: two pages
    content = b"".join(
        zlib.decompress(m) for m in re.findall(rb"stream\n(.*?)\nendstream", data, re.S)
    )
    shown = re.findall(rb"\((?:[^\\()]|\\.)*\) Tj|<[0-9A-F]*> Tj", content)
    assert len(shown) == content.count(b" Tj")  # every string is closed where it should be
    assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f-\xff]", content)
