"""A day's roster as people share it: table rows, CSV, Excel, JSON, WeChat text, iCalendar."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from ops.reports.scrub import ics_text, one_line
from ops.reports.sheet import csv_text, new_workbook, workbook_bytes, write_row
from ops.services.rosters import RosterDay

WEEKDAYS_ZH = "一二三四五六日"
NAME_LIMIT = 40  # characters of a name or post shown in WeChat text; longer ones end in "…"
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
    return csv_text(day_rows(day, tz, lang))


def render_xlsx(day: RosterDay, tz: ZoneInfo, lang: str = "zh") -> bytes:
    """An Excel workbook ready to print for the notice board."""
    return render_days_xlsx([day], tz, lang)


def render_days_xlsx(days: list[RosterDay], tz: ZoneInfo, lang: str = "zh") -> bytes:
    """One sheet per day (a week's roster for the board's download), each ready to print."""
    from openpyxl.styles import Font

    workbook, sheet = new_workbook(days[0].day.isoformat())
    for index, day in enumerate(days):
        if index:
            sheet = workbook.create_sheet(day.day.isoformat())
        title = f"{day.township} {_day_label(day, lang)} " + (
            "值班表" if lang == "zh" else "roster"
        )
        write_row(sheet, [title])[0].font = Font(bold=True, size=14)
        rows = day_rows(day, tz, lang)
        for cell in write_row(sheet, rows[0]):
            cell.font = Font(bold=True)
        for row in rows[1:]:
            write_row(sheet, row)
        for letter, width in zip("ABCDEFGHIJ", (12, 7, 7, 10, 16, 10, 12, 14, 6, 50), strict=True):
            sheet.column_dimensions[letter].width = width
        sheet.print_options.gridLines = True
    return workbook_bytes(workbook)


def _day_label(day: RosterDay, lang: str) -> str:
    if lang == "en":
        return f"{day.day:%a %d %b %Y}"
    return f"{day.day.month}月{day.day.day}日（周{WEEKDAYS_ZH[day.day.weekday()]}）"


def render_wechat(day: RosterDay, tz: ZoneInfo, lang: str = "zh") -> str:
    """Plain text grouped by post and time, ready to paste into a WeChat group."""
    zh = lang != "en"
    head = f"【{one_line(day.township, NAME_LIMIT)} {_day_label(day, lang)} {'值班安排' if zh else 'duty roster'}】"
    if day.roster is None or not day.shifts:
        return head + "\n" + ("当天没有排班。" if zh else "No shifts that day.")
    lines = [head]
    by_post: dict[str, list[str]] = {}
    for shift, post, people in day.shifts:
        start, end = shift.starts_at.astimezone(tz), shift.ends_at.astimezone(tz)
        names = ("、" if zh else ", ").join(one_line(p.name, NAME_LIMIT) for p in people) or (
            "（空缺）" if zh else "(unfilled)"
        )
        if shift.missing:
            names += f"（缺{shift.missing}人）" if zh else f" (short by {shift.missing})"
        label = one_line(post.name, NAME_LIMIT) + ("巡逻" if zh and post.kind == "village" else "")
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


def render_week_wechat(days: list[RosterDay], tz: ZoneInfo, lang: str = "zh") -> str:
    """The WeChat text of each day with shifts, one after the other (a week for the board)."""
    texts = [render_wechat(day, tz, lang) for day in days if day.shifts]
    return "\n\n".join(texts) or render_wechat(days[0], tz, lang)


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
                others = "、".join(one_line(p.name) for p in people if p.id != person.id)
                place = one_line(post.name)
                summary = f"值班：{place}" if lang != "en" else f"Duty: {place}"
                detail = one_line(person.name) + (f"；同班：{others}" if others else "")
                lines += [
                    "BEGIN:VEVENT",
                    f"UID:{ics_text(f'{shift.key}-{person.id}-v{version}@fieldops')}",
                    f"DTSTAMP:{stamp}",
                    f"DTSTART:{shift.starts_at.astimezone(UTC):%Y%m%dT%H%M%SZ}",
                    f"DTEND:{shift.ends_at.astimezone(UTC):%Y%m%dT%H%M%SZ}",
                    f"SUMMARY:{ics_text(summary)}",
                    f"LOCATION:{ics_text(place)}",
                    *_geo(post.lat, post.lon),
                    f"DESCRIPTION:{ics_text(detail)}",
                    "END:VEVENT",
                ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _geo(lat: float | None, lon: float | None) -> list[str]:
    """The GEO property, or nothing for a post without a point."""
    return [f"GEO:{lat:.6f};{lon:.6f}"] if lat is not None and lon is not None else []


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
