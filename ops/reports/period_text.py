"""The period figures as sentences in the township report's own style, Chinese first.

"入户走访排查各类纠纷等140次，成功调解31次，同比下降11%。" The year-on-year clause follows the
figure it is about, and is left out when the same period a year earlier has no records of the area.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

FIGURE_NAMES: dict[str, dict[str, tuple[str, str]]] = {
    "study": {"sessions": ("学习次数", "sessions")},
    "publicity": {
        "events": ("宣传次数", "events"), "online": ("其中线上", "online"),
        "offline": ("其中线下", "offline"), "people_reached": ("受教育群众（人）", "people reached"),
        "items_given": ("宣传资料和宣传品（份）", "leaflets and items"),
        "banners": ("横幅（条）", "banners"), "questions_answered": ("解答法律疑问（个）", "legal questions answered"),
    },
    "training": {"sessions": ("培训指导次数", "sessions")},
    "visits": {"visits": ("入户走访（次）", "visits"),
               "disputes_found": ("走访发现纠纷（起）", "disputes found on visits"),
               "mediated": ("成功调解（次）", "mediated successfully")},
    "sweeps": {"reports": ("上报隐患（起）", "reports"), "safety": ("安全隐患", "safety"),
               "petition": ("信访隐患", "petition"), "dispute": ("矛盾纠纷隐患", "dispute"),
               "closed": ("已办结", "closed")},
    "disputes": {"cases": ("排查纠纷（起）", "cases"), "amount_yuan": ("涉及资金（元）", "money involved (yuan)"),
                 "mediated": ("调解成功", "mediated"), "failed": ("调解未成功", "failed"),
                 "referred": ("移交", "referred"), "open": ("在办", "open")},
    "petitions": {"received": ("受理（件）", "received"), "handled": ("已办理", "handled"),
                  "resolved": ("已化解", "resolved"), "rated": ("已评价", "rated"),
                  "satisfaction_rate": ("满意度", "satisfaction")},
    "patrols": {"planned": ("计划巡逻班次", "patrol shifts"), "done": ("到岗巡逻（次）", "patrols done")},
    "traffic": {"persuader_days": ("有劝导排班的天数", "days with persuaders rostered"),
                "persuaders_min": ("每日劝导员最少", "persuaders per day, fewest"),
                "persuaders_max": ("每日劝导员最多", "persuaders per day, most"),
                "violations": ("发现交通违法（起）", "traffic violations found"),
                "people_reached": ("宣传交通安全常识（人次）", "people told about road safety")},
}  # fmt: skip


def yoy(now: float | None, before: float | None, lang: str = "zh", *, rate: bool = False) -> str:
    """ "同比下降11%" / "up 5% on a year earlier"; "" when there is nothing to compare with."""
    if now is None or before is None:
        return ""
    zh = lang != "en"
    if rate:
        points = round((now - before) * 100)
        if points == 0:
            return "与上年同期持平" if zh else "level with a year earlier"
        word = ("提高" if points > 0 else "下降") if zh else ("up" if points > 0 else "down")
        return (
            f"同比{word}{abs(points)}个百分点"
            if zh
            else f"{word} {abs(points)} points on a year earlier"
        )
    if before == 0:
        return "上年同期为0" if zh else "none a year earlier"
    percent = round((now - before) / before * 100)
    if percent == 0:
        return "与上年同期持平" if zh else "level with a year earlier"
    word = ("上升" if percent > 0 else "下降") if zh else ("up" if percent > 0 else "down")
    return f"同比{word}{abs(percent)}%" if zh else f"{word} {abs(percent)}% on a year earlier"


def area_sentence(
    key: str, figures: dict[str, Any], previous: dict[str, Any] | None, lang: str = "zh"
) -> str:
    """The area's figures as one sentence (with the year-on-year clause when `previous` is given)."""
    zh = lang != "en"

    def clause(name: str, *, rate: bool = False) -> str:
        if previous is None:
            return ""
        text = yoy(figures[name], previous.get(name), lang, rate=rate)
        return ("，" + text) if (text and zh) else (f" ({text})" if text else "")

    return _SENTENCES[key](figures, clause, zh)


Clause = Callable[[str], str]


def _study(f: dict[str, Any], clause: Clause, zh: bool) -> str:
    return (f"开展法治专题学习{f['sessions']}次{clause('sessions')}。" if zh else
            f"{f['sessions']} law study sessions{clause('sessions')}.")  # fmt: skip


def _publicity(f: dict[str, Any], clause: Clause, zh: bool) -> str:
    return (f"线上线下共开展法治宣传{f['events']}次（线上{f['online']}次、线下{f['offline']}次）"
            f"{clause('events')}，受教育群众{f['people_reached']}人，发放宣传资料和宣传品"
            f"{f['items_given']}份、悬挂横幅{f['banners']}条，解答法律疑问{f['questions_answered']}个。"
            if zh else
            f"{f['events']} law-publicity events online and offline ({f['online']} online, "
            f"{f['offline']} offline){clause('events')}, reaching {f['people_reached']} people; "
            f"{f['items_given']} leaflets and items handed out, {f['banners']} banners hung, "
            f"{f['questions_answered']} legal questions answered.")  # fmt: skip


def _training(f: dict[str, Any], clause: Clause, zh: bool) -> str:
    return (f"先后开展调解员培训指导{f['sessions']}次{clause('sessions')}。" if zh else
            f"{f['sessions']} training sessions for mediators{clause('sessions')}.")  # fmt: skip


def _visits(f: dict[str, Any], clause: Clause, zh: bool) -> str:
    return (f"入户走访排查各类纠纷等{f['visits']}次，发现纠纷{f['disputes_found']}起，"
            f"成功调解{f['mediated']}次{clause('mediated')}。" if zh else
            f"{f['visits']} household visits found {f['disputes_found']} disputes; "
            f"{f['mediated']} mediated successfully{clause('mediated')}.")  # fmt: skip


def _sweeps(f: dict[str, Any], clause: Clause, zh: bool) -> str:
    return (f"开展安全隐患、信访隐患、矛盾纠纷隐患排查，上报隐患{f['reports']}起{clause('reports')}"
            f"（安全{f['safety']}起、信访{f['petition']}起、矛盾纠纷{f['dispute']}起），"
            f"已办结{f['closed']}起。" if zh else
            f"Sweeps reported {f['reports']} hazards{clause('reports')} ({f['safety']} safety, "
            f"{f['petition']} petition, {f['dispute']} dispute); {f['closed']} closed.")  # fmt: skip


def _disputes(f: dict[str, Any], clause: Clause, zh: bool) -> str:
    return (f"排查调解矛盾纠纷{f['cases']}起、涉及资金{f['amount_yuan']}元{clause('cases')}，"
            f"其中调解成功{f['mediated']}起、未成功{f['failed']}起、移交{f['referred']}起、"
            f"在办{f['open']}起。" if zh else
            f"{f['cases']} disputes found and mediated, involving {f['amount_yuan']} yuan"
            f"{clause('cases')}: {f['mediated']} mediated, {f['failed']} failed, "
            f"{f['referred']} referred, {f['open']} open.")  # fmt: skip


def _petitions(f: dict[str, Any], clause: Clause, zh: bool) -> str:
    rate = f["satisfaction_rate"]
    if rate is None:
        mood = "群众满意度暂无评价" if zh else "satisfaction not yet rated"
    else:
        mood = f"群众满意度{round(rate * 100)}%" if zh else f"satisfaction {round(rate * 100)}%"
    return (f"受理群众信访事项{f['received']}件{clause('received')}，化解{f['resolved']}件，{mood}。"
            if zh else
            f"{f['received']} petitions received{clause('received')}, {f['resolved']} resolved, {mood}.")  # fmt: skip


def _patrols(f: dict[str, Any], clause: Clause, zh: bool) -> str:
    return (f"开展治安巡逻{f['done']}次{clause('done')}（计划{f['planned']}班次）。" if zh else
            f"{f['done']} security patrols{clause('done')} ({f['planned']} shifts rostered).")  # fmt: skip


def _traffic(f: dict[str, Any], clause: Clause, zh: bool) -> str:
    low, high = f["persuaders_min"], f["persuaders_max"]
    if low is None:
        daily = "暂无路口劝导排班" if zh else "no persuaders rostered on the crossings"
    else:
        many = str(low) if low == high else f"{low}-{high}"
        daily = f"每天指派{many}名交通劝导员" if zh else f"{many} traffic persuaders a day"
    return (f"{daily}，发现交通违法行为{f['violations']}起{clause('violations')}，"
            f"宣传道路交通安全常识{f['people_reached']}人次。" if zh else
            f"{daily}; {f['violations']} traffic violations found{clause('violations')}, "
            f"{f['people_reached']} people told about road safety.")  # fmt: skip


_SENTENCES: dict[str, Callable[[dict[str, Any], Clause, bool], str]] = {
    "study": _study, "publicity": _publicity, "training": _training, "visits": _visits,
    "sweeps": _sweeps, "disputes": _disputes, "petitions": _petitions, "patrols": _patrols,
    "traffic": _traffic,
}  # fmt: skip


def figure_name(area: str, figure: str, lang: str = "zh") -> str:
    """A figure's row label in the tables."""
    zh, en = FIGURE_NAMES[area].get(figure, (figure, figure))
    return en if lang == "en" else zh


def shown_value(figure: str, value: Any) -> str:
    """A figure as a table shows it: a dash for none, the satisfaction rate in percent."""
    if value is None:
        return "—"
    if figure == "satisfaction_rate":
        return f"{round(value * 100)}%"
    return str(value)


def figure_rows(area: dict[str, Any], lang: str) -> list[list[str]]:
    """An area's table rows: figure, this period, a year earlier, the change (as shown)."""
    key, previous = area["key"], area["previous"]
    rows = []
    for figure, value in area["figures"].items():
        before = None if previous is None else previous.get(figure)
        change = yoy(value, before, lang, rate=figure == "satisfaction_rate") if previous else ""
        rows.append([figure_name(key, figure, lang), shown_value(figure, value),
                     shown_value(figure, before) if previous is not None else "—", change or "—"])  # fmt: skip
    return rows
