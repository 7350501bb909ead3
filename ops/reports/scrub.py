"""Make any text a person typed or a phone sent fit the file it is written to, without failing.

Stored records keep what came in; each writer passes every piece of data through one of these on
the way out, and what a format cannot hold is dropped or replaced there:

- `xml_text`: for xlsx, docx and SVG files (XML 1.0): C0 controls but tab/LF/CR and U+FFFE/U+FFFF
  dropped, lone surrogates replaced by U+FFFD.
- `html_text`: for HTML and inline SVG, escaped: as above, and DEL, C1 controls and noncharacters
  dropped; bidi embeddings, overrides and isolates the value opens are closed at its end.
- `plain_text`: for WeChat and other plain text: as `html_text` but unescaped, CR/CRLF as LF.
- `one_line`: a name or place inside a line: `plain_text` with line breaks and tabs as spaces,
  optionally cut to a length.
- `ics_text`: an iCalendar TEXT value (RFC 5545): `plain_text`, then `\\ ; ,` and newlines escaped.
- `json_text`: JSON keeps everything; lone surrogates become `\\udxxx` escapes so it encodes.

Spreadsheet cells (xlsx and CSV, with the formula defence) are in ops.reports.sheet.
"""

from __future__ import annotations

import json
import re
from html import escape
from typing import Any

# XML 1.0 (section 2.2) allows tab, LF, CR and everything from U+0020 up except surrogates and
# U+FFFE/U+FFFF; openpyxl refuses the same C0 characters with IllegalCharacterError.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# HTML parsers report these as errors and browsers show boxes or nothing; plain text has no use
# for them either: DEL, C1 controls, and the noncharacters U+FDD0..U+FDEF.
_NOT_SHOWN = re.compile("[\x7f-\x9f\ufdd0-\ufdef]")
_BREAKS = re.compile("\r\n?")
_LINE_BREAKS = re.compile("\r\n|[\r\n\t\u2028\u2029]")  # in one line, each becomes a space
# Bidi embeddings/overrides (closed by PDF) and isolates (closed by PDI): an RLO left open in a
# name would reverse everything after it on the line, so each value closes what it opened.
_PDF, _PDI = "\u202c", "\u2069"
_OPENS = {"\u202a": _PDF, "\u202b": _PDF, "\u202d": _PDF, "\u202e": _PDF,
          "\u2066": _PDI, "\u2067": _PDI, "\u2068": _PDI}  # fmt: skip
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def xml_text(value: object) -> str:
    """The value as text XML 1.0 can hold (xlsx, docx, SVG): illegal characters dropped."""
    text = value if isinstance(value, str) else str(value)
    return _NOT_XML.sub("", _SURROGATE.sub("\ufffd", text))


def plain_text(value: object) -> str:
    """The value as readable plain text: control characters dropped, line breaks as LF."""
    text = _NOT_SHOWN.sub("", _BREAKS.sub("\n", xml_text(value)))
    return close_bidi(text)


def one_line(value: object, limit: int | None = None) -> str:
    """The value as plain text on one line (a name or place inside a sentence or a table row).

    With `limit`, text longer than that many characters is cut and ends in "…".
    """
    text = _LINE_BREAKS.sub(" ", _NOT_SHOWN.sub("", xml_text(value)))
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return close_bidi(text)


def html_text(value: object) -> str:
    """The value escaped for HTML text or a quoted attribute, with what HTML cannot show dropped."""
    return escape(close_bidi(_NOT_SHOWN.sub("", xml_text(value))))


def ics_text(value: object) -> str:
    """The value as an RFC 5545 TEXT value: controls dropped, backslash, `;`, `,` and newlines escaped."""
    text = plain_text(value)
    for raw, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        text = text.replace(raw, escaped)
    return text


def json_text(data: Any, *, indent: int | None = None) -> str:
    """JSON with the text as recorded (not \\u-escaped), lone surrogates written as JSON escapes."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    if _SURROGATE.search(text) is None:
        return text
    # only unencodable characters are replaced, and in UTF-8 those are exactly the surrogates
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def close_bidi(text: str) -> str:
    """The text with every bidi embedding, override or isolate it opened closed at its end."""
    if _BIDI.search(text) is None:
        return text
    open_: list[str] = []
    for char in text:
        if char in _OPENS:
            open_.append(_OPENS[char])
        elif char == _PDF and open_ and open_[-1] == _PDF:
            open_.pop()
        elif char == _PDI and _PDI in open_:  # a PDI also ends the embeddings inside its isolate
            while open_.pop() != _PDI:
                pass
    return text + "".join(reversed(open_))
