"""ops.reports.scrub: any text becomes something each format holds, with nothing a reader obeys."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from xml.etree import ElementTree

from hypothesis import given, settings

from ops.reports.scrub import (
    close_bidi,
    html_text,
    ics_text,
    json_text,
    one_line,
    plain_text,
    xml_text,
)
from tests.hostile_text import EMOJI, EVERY_C0, HOSTILE, RTL, SCRIPT, any_text, printable


class TextOf(HTMLParser):
    """The text and attribute values a browser would see in an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""
        self.attrs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [v or "" for _, v in attrs]

    def handle_data(self, data):
        self.text += data


def seen(fragment: str) -> TextOf:
    parser = TextOf()
    parser.feed(fragment)
    parser.close()
    return parser


@settings(max_examples=300)
@given(any_text())
def test_any_text_is_well_formed_xml_and_encodes_as_utf8(text):
    element = ElementTree.fromstring(f'<t a="{html_text(text)}">{html_text(text)}</t>'.encode())
    assert (element.text or "").replace("\n", "") == plain_text(text).replace("\n", "")
    xml_text(text).encode("utf-8")


def test_html_text_escapes_markup_and_keeps_the_words():
    page = seen(f'<p title="{html_text(SCRIPT)}">{html_text(SCRIPT)}</p>')
    assert page.tags == ["p"] and page.text == SCRIPT and page.attrs == [SCRIPT]


def test_every_c0_character_but_tab_and_newlines_is_dropped_from_html_and_plain_text():
    for out in (html_text(EVERY_C0), plain_text(EVERY_C0)):
        assert printable(out.replace("\r", ""))
        assert "9" in out and "31" in out  # the text around each control character is kept
    assert plain_text("a\r\nb\rc") == "a\nb\nc"


def test_one_line_joins_lines_and_cuts_long_names():
    assert one_line("扎西\n次仁\t卓玛\u2028央金") == "扎西 次仁 卓玛 央金"
    assert one_line("扎西次仁卓玛", 4) == "扎西次…"
    assert one_line(EMOJI) == EMOJI  # ZWJ sequences and skin tones pass untouched


def test_an_open_right_to_left_override_is_closed_at_the_end_of_the_value():
    assert close_bidi("\u202eabc") == "\u202eabc\u202c"
    assert close_bidi("\u2067\u202eabc") == "\u2067\u202eabc\u202c\u2069"
    assert close_bidi("\u202eabc\u202c") == "\u202eabc\u202c"  # already closed: unchanged
    assert close_bidi("\u2067\u202eab\u2069c") == "\u2067\u202eab\u2069c"  # PDI closes both
    assert plain_text(RTL).endswith("\u2069\u202c")


def test_ics_text_escapes_what_rfc_5545_reserves():
    assert ics_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    assert ics_text("x\x00\x1by\r\nz") == "xy\\nz"


def test_json_text_keeps_the_text_and_writes_lone_surrogates_as_escapes():
    data = {"name": "扎西\ud800" + EVERY_C0, "emoji": EMOJI}
    out = json_text(data)
    out.encode("utf-8")
    assert "扎西" in out and EMOJI in out  # not \\u-escaped
    assert json.loads(out) == data


@settings(max_examples=200)
@given(any_text())
def test_plain_text_of_anything_is_printable_and_encodes(text):
    for out in (plain_text(text), one_line(text), ics_text(text)):
        out.encode("utf-8")
        assert printable(out)
    assert "\n" not in one_line(text) and "\n" not in ics_text(text)


def test_every_hostile_sample_survives_every_function():
    for label, text in HOSTILE.items():
        for scrub in (xml_text, html_text, plain_text, one_line, ics_text):
            assert scrub(text).encode("utf-8"), label
