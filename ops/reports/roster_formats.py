"""A day's roster as people share it: table rows, CSV, Excel, JSON, WeChat text, iCalendar."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from ops.services.rosters import RosterDay

WEEKDAYS_ZH = "一二三四五六日"
HEADERS = {
    "zh": ["日期", "开始", "结束", "岗位编号", "岗位", "人员编号", "姓名", "电话", "缺员", "原因"],
    "en": [
        "date",
        "start",
        "end",
        "post_code",
        "post",
        "staff_id",
        "name",
        "phone",
        "missing",
        "reason",
    ],
}


def day_to_dict(day: RosterDay, tz: ZoneInfo) -> dict[str, Any]:
    """The roster of one day as JSON-ready data (local times with offsets)."""
    return {
        "township": day.township,
        "date": day.day.isoformat(),
        "version": day.roster.version if day.roster else None,
        "status": day.roster.status if day.roster else None,
        "shifts": [
            {
                "key": shift.key,
                "post": {"code": post.code, "name": post.name, "kind": post.kind},
                "start": shift.starts_at.astimezone(tz).isoformat(),
                "end": shift.ends_at.astimezone(tz).isoformat(),
                "min_staff": shift.min_staff,
                "max_staff": shift.max_staff,
                "staff": [{"id": p.id, "name": p.name, "phone": p.phone} for p in people],
                "missing": shift.missing,
                "reason": shift.reason,
            }
            for shift, post, people in day.shifts
        ],
    }


def day_rows(day: RosterDay, tz: ZoneInfo, lang: str = "zh") -> list[list[Any]]:
    """One row per person on duty, and one per short shift, with the header first."""
    rows: list[list[Any]] = [HEADERS[lang]]
    for shift, post, people in day.shifts:
        start, end = shift.starts_at.astimezone(tz), shift.ends_at.astimezone(tz)
        base = [start.date().isoformat(), f"{start:%H:%M}", f"{end:%H:%M}", post.code, post.name]
        reason = (shift.reason or {}).get(lang, "")
        for person in people:
            rows.append([*base, person.id, person.name, person.phone or "", 0, ""])
        if shift.missing:
            rows.append([*base, "", "", "", shift.missing, reason])
    return rows


def render_csv(day: RosterDay, tz: ZoneInfo, lang: str = "zh") -> str:
    """CSV text (write it with a BOM so Excel opens it as UTF-8)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(day_rows(day, tz, lang))
    return out.getvalue()


def render_xlsx(day: RosterDay, tz: ZoneInfo, lang: str = "zh") -> bytes:
    """An Excel workbook ready to print for the notice board."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = day.day.isoformat()
    title = f"{day.township} {_day_label(day, lang)} " + ("值班表" if lang == "zh" else "roster")
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    for row in day_rows(day, tz, lang):
        sheet.append(row)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGHIJ", (12, 7, 7, 10, 16, 10, 12, 14, 6, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.print_options.gridLines = True
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _day_label(day: RosterDay, lang: str) -> str:
    if lang == "en":
        return f"{day.day:%a %d %b %Y}"
    return f"{day.day.month}月{day.day.day}日（周{WEEKDAYS_ZH[day.day.weekday()]}）"


def render_wechat(day: RosterDay, tz: ZoneInfo, lang: str = "zh") -> str:
    """Plain text grouped by post and time, ready to paste into a WeChat group."""
    zh = lang != "en"
    head = f"【{day.township} {_day_label(day, lang)} {'值班安排' if zh else 'duty roster'}】"
    if day.roster is None or not day.shifts:
        return head + "\n" + ("当天没有排班。" if zh else "No shifts that day.")
    lines = [head]
    by_post: dict[str, list[str]] = {}
    for shift, post, people in day.shifts:
        start, end = shift.starts_at.astimezone(tz), shift.ends_at.astimezone(tz)
        names = ("、" if zh else ", ").join(p.name for p in people) or (
            "（空缺）" if zh else "(unfilled)"
        )
        if shift.missing:
            names += f"（缺{shift.missing}人）" if zh else f" (short by {shift.missing})"
        label = post.name + ("巡逻" if zh and post.kind == "village" else "")
        by_post.setdefault(label, []).append(f"  {start:%H:%M}-{end:%H:%M} {names}")
    for label, entries in by_post.items():
        lines.append(label)
        lines.extend(entries)
    short = sum(shift.missing for shift, _, _ in day.shifts)
    if short:
        lines.append(f"共缺员 {short} 人次，请调度补充。" if zh else f"{short} place(s) unfilled.")
    lines.append(
        "请按时到岗签到，有事提前请假。"
        if zh
        else "Please check in on time; report absences early."
    )
    return "\n".join(lines)


def render_ics(
    days: list[RosterDay], tz: ZoneInfo, *, staff_id: str | None = None, lang: str = "zh"
) -> str:
    """An RFC 5545 calendar of duties: everyone's, or one person's with `staff_id`."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//FieldOps//Roster//ZH", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-TIMEZONE:{tz.key}"]  # fmt: skip
    for day in days:
        version = day.roster.version if day.roster else 0
        for shift, post, people in day.shifts:
            for person in people:
                if staff_id and person.id != staff_id:
                    continue
                others = "、".join(p.name for p in people if p.id != person.id)
                summary = f"值班：{post.name}" if lang != "en" else f"Duty: {post.name}"
                detail = f"{person.name}" + (f"；同班：{others}" if others else "")
                lines += [
                    "BEGIN:VEVENT",
                    f"UID:{shift.key}-{person.id}-v{version}@fieldops",
                    f"DTSTAMP:{stamp}",
                    f"DTSTART:{shift.starts_at.astimezone(UTC):%Y%m%dT%H%M%SZ}",
                    f"DTEND:{shift.ends_at.astimezone(UTC):%Y%m%dT%H%M%SZ}",
                    f"SUMMARY:{_ics_escape(summary)}",
                    f"LOCATION:{_ics_escape(post.name)}",
                    f"GEO:{post.lat:.6f};{post.lon:.6f}",
                    f"DESCRIPTION:{_ics_escape(detail)}",
                    "END:VEVENT",
                ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _ics_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1)."""
    out: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode())
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)
