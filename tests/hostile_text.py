"""Text a person could type or a phone could send, for feeding every writer; and how to read it back.

The expectations here are written independently of ops.reports.scrub and ops.reports.sheet, from
the formats' own rules (XML 1.0 characters, Excel's `_xHHHH_` escape, the CSV formula defence).
"""

from __future__ import annotations

import re

from hypothesis import strategies as st

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ISSUE_15 = '=HYPERLINK("http://evil.example","点击")'
EVERY_C0 = "".join(f"{chr(code)}{code}" for code in range(32))  # each control char, then its number
RTL = "\u202eRLO开着不关 \u200fRLM \u2067RLI \u0627\u0644\u0639\u0631\u0628\u064a\u0629"
EMOJI = "👩\u200d👩\u200d👧\u200d👦 🏳\ufe0f\u200d🌈 👍🏽 🐐"
SCRIPT = '<script>alert(1)</script><img src="http://192.0.2.1/x.png" onerror="alert(2)">&"\''
OOXML = "_x0041_ and _x000D_ typed literally"
ICS = "a;b,c\\d\nDTSTART:19700101T000000Z"
MARKUP = "[bold red]扎西[/bold red] [/] [link=http://evil.example]x[/link]"

# label -> text; each starts with something different, so rows can be told apart
HOSTILE = {
    **{f"starts {start!r}": f"{start}1+2 ({ord(start)})" for start in FORMULA_STARTS},
    "issue 15": ISSUE_15,
    "every C0": "C0:" + EVERY_C0,
    "rtl": RTL,
    "emoji": EMOJI,
    "script": SCRIPT,
    "ooxml": OOXML,
    "ics": ICS,
    "markup": MARKUP,
}


def long_text(chars: int = 32_000) -> str:
    """A description of `chars` characters mixing CJK, emoji pairs and every hostile sample."""
    sample = "".join(HOSTILE.values()) + "巡逻发现隐患"
    return (sample * (chars // len(sample) + 1))[:chars]


def xml_chars(text: str) -> str:
    """What an XML 1.0 file can hold of `text`: tab, LF, CR and U+0020 up (no U+FFFE/U+FFFF)."""
    return "".join(c for c in text if c in "\t\n\r" or (ord(c) >= 0x20 and c not in "\ufffe\uffff"))


def xlsx_shows(text: str) -> str:
    """The text an xlsx cell should show for `text`: XML characters, line breaks as LF."""
    return xml_chars(text).replace("\r\n", "\n").replace("\r", "\n")


def excel_reads(value: str) -> str:
    """A stored cell string as Excel shows it: `_xHHHH_` is the character U+HHHH (ECMA-376 ST_Xstring)."""
    return re.sub("_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m[1], 16)), value)


def line_shows(text: str) -> str:
    """A name as one line of plain text should show it: controls gone, line breaks and tabs as spaces."""
    kept = "".join(c for c in xml_chars(text) if not 0x7F <= ord(c) <= 0x9F)
    return re.sub("\r\n|[\r\n\t\u2028\u2029]", " ", kept)


def without_bidi_closers(text: str) -> str:
    """The text without the PDF/PDI characters a writer may add at its end to close an override."""
    return text.rstrip("\u202c\u2069")


def csv_shows(text: str) -> str:
    """A CSV field for `text`: XML characters, and a leading apostrophe if it starts like a formula."""
    kept = xml_chars(text)
    return "'" + kept if kept.startswith(FORMULA_STARTS) else kept


def printable(text: str) -> bool:
    """Whether plain text holds no control character other than LF and tab (nothing a terminal obeys)."""
    return not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)


def any_text() -> st.SearchStrategy[str]:
    """Any string at all, lone surrogates and control characters included."""
    return st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()))
