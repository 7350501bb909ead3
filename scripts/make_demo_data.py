"""Generate FieldOps' shipped demo data: an ILLUSTRATIVE Sewu Township (色务乡), Amdo, Nagqu.

Run from the repository root::

    python scripts/make_demo_data.py            # (re)write ops/demo/data/ and check it
    python scripts/make_demo_data.py --check    # only check the files already there

Deterministic: one fixed seed, and only ``random.Random.random()`` is used (the one part of the
random module whose output Python guarantees across versions), so every run writes the same bytes.
No network. Names, phone numbers and geometry are invented; nothing here is surveyed.

Files written (all CSVs are UTF-8 with BOM and Chinese headers, the way Chinese Excel saves them):

- ``sewu.geojson``: 8 villages (Polygon, one MultiPolygon with a detached pasture) and the
  resettlement site's 6 road crossings (Point, ``kind: "intersection"``).
- ``staff.csv``: 80 people; ``leave.csv``: 6 leave records; ``shifts.csv``: shift templates.
- ``README.md``: what the data is and is not.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import random
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

SEED = 20241231
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "ops" / "demo" / "data"

NOTE = "示意数据，非测绘成果 / Illustrative geometry, not surveyed"

# --- roles -------------------------------------------------------------------------------------
TRAFFIC, PATROL, GRID, HOUSEHOLD, PARTY, STRIVER, CADRE = (
    "交通劝导员",  # traffic
    "巡逻队员",  # patrol
    "网格员",  # grid_worker
    "联户长",  # household_leader
    "党员",  # party_member
    "奋进队员",  # striver
    "村干部",  # cadre
)
PATROL_ROLES = (GRID, HOUSEHOLD, PARTY, STRIVER, PATROL)
PATROL_COMPOSITION = "网格员|党员>=1"
NIGHT_COMPOSITION = "党员>=1"


class Rng:
    """Deterministic helpers built only on ``random.Random.random()``."""

    def __init__(self, seed: int) -> None:
        self._r = random.Random(seed)

    def random(self) -> float:
        return self._r.random()

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self._r.random()

    def index(self, n: int) -> int:
        return min(int(self._r.random() * n), n - 1)

    def choice(self, seq: Sequence[T]) -> T:
        return seq[self.index(len(seq))]


# --- geometry ----------------------------------------------------------------------------------
M_PER_DEG_LAT = 110_900.0


def m_per_deg_lon(lat: float) -> float:
    return 111_320.0 * math.cos(math.radians(lat))


Ring = list[list[float]]


def blob(rng: Rng, lon: float, lat: float, r_m: float, n: int, *, rough: float = 0.28) -> Ring:
    """An irregular, star-shaped ring around (lon, lat): counter-clockwise, closed, [lon, lat].

    Radii vary smoothly with the angle (a few random harmonics, total amplitude <= ``rough``) and
    the angles increase monotonically, so the ring never crosses itself.
    """
    harmonics = []
    for k in (2, 3, 4, 5):
        harmonics.append(
            (k, rough * rng.uniform(0.35, 1.0) / (k - 0.5), rng.uniform(0, 2 * math.pi))
        )
    scale = rough / max(sum(a for _, a, _ in harmonics), 1e-9)
    step = 2 * math.pi / n
    start = rng.uniform(0, 2 * math.pi)
    ring: Ring = []
    for i in range(n):
        theta = start + i * step + rng.uniform(-0.3, 0.3) * step
        wobble = sum(a * scale * math.cos(k * theta + ph) for k, a, ph in harmonics)
        r = r_m * (1 + wobble) * rng.uniform(0.96, 1.04)
        ring.append(
            [
                round(lon + r * math.cos(theta) / m_per_deg_lon(lat), 6),
                round(lat + r * math.sin(theta) / M_PER_DEG_LAT, 6),
            ]
        )
    ring.append(list(ring[0]))
    return ring


@dataclass(frozen=True)
class Village:
    code: str
    name: str
    name_en: str
    lon: float
    lat: float
    radius_m: float
    vertices: int
    pasture: tuple[float, float, float] | None = None  # detached summer pasture: lon, lat, radius


VILLAGES = (
    # SW01 holds the township seat and the resettlement site (搬迁安置点).
    Village("SW01", "色务村", "Sewu", 91.748, 32.262, 2300, 26),
    Village("SW02", "加如村", "Jiaru", 91.812, 32.305, 1900, 22),
    Village("SW03", "那玛切村", "Namaqie", 91.690, 32.228, 1700, 20),
    Village("SW04", "扎加村", "Zhajia", 91.655, 32.345, 1500, 18),
    Village("SW05", "措嘎村", "Cuoga", 91.860, 32.180, 1600, 20, (91.884, 32.126, 900)),
    Village("SW06", "岗尼村", "Gangni", 91.770, 32.375, 2000, 22),
    Village("SW07", "帕隆村", "Palong", 91.640, 32.140, 1200, 16),
    Village("SW08", "雄如村", "Xiongru", 91.775, 32.150, 1400, 18),
)
SITE_VILLAGE = "SW01"
SITE_NAME = "色务乡搬迁安置点"

# code, name, name_en, east offset (m), north offset (m) from the village centre, radius (m)
CROSSINGS = (
    ("X1", "安置点东路口", "Resettlement site east crossing", 450, 40, 50),
    ("X2", "安置点西路口", "Resettlement site west crossing", -430, 10, 40),
    ("X3", "幼儿园路口", "Kindergarten crossing", -160, 260, 30),
    ("X4", "卫生院路口", "Health centre crossing", 170, 240, 35),
    ("X5", "市场路口", "Market crossing", 20, -210, 45),
    ("X6", "国道109入口", "G109 entrance", 920, -330, 60),
)


def make_geojson(rng: Rng) -> dict[str, object]:
    features: list[dict[str, object]] = []
    for v in VILLAGES:
        props: dict[str, object] = {"code": v.code, "name": v.name, "name_en": v.name_en}
        ring = blob(rng, v.lon, v.lat, v.radius_m, v.vertices)
        geometry: dict[str, object]
        if v.pasture is None:
            geometry = {"type": "Polygon", "coordinates": [ring]}
        else:
            p_lon, p_lat, p_r = v.pasture
            pasture = blob(rng, p_lon, p_lat, p_r, 12, rough=0.22)
            geometry = {"type": "MultiPolygon", "coordinates": [[ring], [pasture]]}
            props["note"] = "含一块飞地夏季牧场 / includes a detached summer pasture"
        if v.code == SITE_VILLAGE:
            props["resettlement_site"] = SITE_NAME
        features.append(
            {"type": "Feature", "id": v.code, "properties": props, "geometry": geometry}
        )
    site = next(v for v in VILLAGES if v.code == SITE_VILLAGE)
    for code, name, name_en, east, north, radius in CROSSINGS:
        lon = round(site.lon + east / m_per_deg_lon(site.lat), 6)
        lat = round(site.lat + north / M_PER_DEG_LAT, 6)
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {
                    "kind": "intersection",
                    "code": code,
                    "name": name,
                    "name_en": name_en,
                    "radius_m": radius,
                    "site": SITE_NAME,
                    "village": SITE_VILLAGE,
                },
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
            }
        )
    return {
        "type": "FeatureCollection",
        "name": "色务乡（示意） / Sewu Township (illustrative)",
        "note": NOTE,
        "features": features,
    }


def dump_geojson(doc: dict[str, object]) -> str:
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    # one [lon, lat] pair per line instead of three lines
    text = re.sub(r"\[\s+(-?[\d.]+),\s+(-?[\d.]+)\s+\]", r"[\1, \2]", text)
    return text + "\n"


# --- people ------------------------------------------------------------------------------------
FIRST = (
    "扎西", "次仁", "格桑", "尼玛", "达瓦", "边巴", "普布", "索朗", "平措", "白玛", "米玛",
    "拉巴", "巴桑", "洛桑", "益西", "仁增", "嘎玛", "丹增", "多吉", "央金", "德吉", "旺堆", "顿珠",
)  # fmt: skip
SECOND_M = (
    "次仁", "多吉", "平措", "旺堆", "顿珠", "扎西", "罗布", "贡布", "旺加", "索朗", "达瓦", "尼玛",
    "边巴", "普布", "欧珠", "桑珠", "群培", "洛桑", "丹增", "阿旺", "强巴", "加措",
)  # fmt: skip
SECOND_F = (
    "卓玛", "拉姆", "央金", "德吉", "曲珍", "措姆", "卓嘎", "玉珍", "央宗", "白珍", "次珍", "德央",
)  # fmt: skip
HAN_CADRES = {"SW01": "王海军", "SW02": "李建国", "SW05": "张丽萍", "SW08": "陈志强"}
PHONE_PREFIXES = ("139", "138", "135", "158", "189", "180", "199", "187")


@dataclass
class Person:
    id: str
    name: str
    phone: str
    roles: list[str]
    village: str  # code
    max_per_week: int | None
    village_written_as_name: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def staff_plan() -> list[tuple[str, list[str]]]:
    """(home village code, roles) for every person, grouped by village."""
    plan: list[tuple[str, list[str]]] = []
    # 24 traffic persuaders: 18 live at the resettlement site's village, 6 in the two nearest.
    traffic_homes = {"SW01": 18, "SW02": 3, "SW03": 3}
    for v in VILLAGES:
        for i in range(traffic_homes.get(v.code, 0)):
            roles = [TRAFFIC]
            if i in (2, 7, 11) and v.code == "SW01":
                roles.append(STRIVER)
            if i == 5 and v.code == "SW01":
                roles.append(PARTY)
            if i == 1 and v.code == "SW02":
                roles.append(STRIVER)
            plan.append((v.code, roles))
        groups: list[list[str]] = [
            [GRID, PARTY],  # grid worker who is also a herder party member
            [GRID],
            [HOUSEHOLD],
            [HOUSEHOLD, PARTY] if v.code in ("SW01", "SW04", "SW06") else [HOUSEHOLD],
            [PARTY],
            [STRIVER, PATROL] if v.code in ("SW01", "SW03", "SW06") else [STRIVER],
        ]
        if v.code in HAN_CADRES:
            groups.append([CADRE, PARTY])
        elif v.code != "SW07":
            groups.append([PATROL, STRIVER] if v.code in ("SW04", "SW06") else [CADRE, PARTY])
        if v.code == "SW01":
            groups.append([PATROL])
        plan.extend((v.code, g) for g in groups)
    return plan


def make_staff(rng: Rng) -> list[Person]:
    people: list[Person] = []
    used_names: set[str] = set()
    used_phones: set[str] = set()
    for n, (village, roles) in enumerate(staff_plan(), start=1):
        if CADRE in roles and village in HAN_CADRES:
            name = HAN_CADRES[village]
        else:
            while True:
                female = rng.random() < 0.5
                name = rng.choice(FIRST) + rng.choice(SECOND_F if female else SECOND_M)
                if name[:2] != name[2:] and name not in used_names:
                    break
        used_names.add(name)
        while True:
            phone = rng.choice(PHONE_PREFIXES) + "".join(str(rng.index(10)) for _ in range(8))
            if phone not in used_phones:
                break
        used_phones.add(phone)
        max_per_week: int | None = rng.choice((4, 5, 5, 5, 6, 6))
        if CADRE in roles and village in HAN_CADRES:
            max_per_week = None  # cadres: no weekly limit
        people.append(Person(f"SW-{n:03d}", name, phone, roles, village, max_per_week))
    # a few rows give the home village by name instead of code, as real lists do
    for p in people[3::17]:
        p.village_written_as_name = True
    return people


# --- shifts ------------------------------------------------------------------------------------
MORNING = ("08:00", "11:00")
EVENING = ("17:00", "20:00")
# crossing -> (morning weekdays, evening weekdays); 1 = Monday ... 7 = Sunday
PERSUASION_DAYS = {
    "X1": ("每天", "每天"),  # busy: the site's main east exit
    "X2": ("1,3,5", "2,4,6"),
    "X3": ("1-5", "1,5"),  # kindergarten: school-day mornings, Monday/Friday pick-up
    "X4": ("2,4", "6-7"),  # health centre: clinic days, weekend evenings
    "X5": ("6-7", "6-7"),  # market: weekends
    "X6": ("每天", "每天"),  # busy: G109 entrance, trucks and motorcycles
}
PATROL_WINDOW = ("10:00", "16:00")
NIGHT_PATROL = (SITE_VILLAGE, "6-7", "22:00", "02:00")

SHIFT_HEADERS = ("岗位", "星期", "开始", "结束", "最少人数", "最多人数", "角色", "构成")


def make_shifts() -> list[list[str]]:
    rows: list[list[str]] = []
    for code, (am, pm) in PERSUASION_DAYS.items():
        rows.append([code, am, *MORNING, "1", "2", TRAFFIC, ""])
        rows.append([code, pm, *EVENING, "1", "2", TRAFFIC, ""])
    patrol_roles = "、".join(PATROL_ROLES)
    for v in VILLAGES:
        rows.append([v.code, "每天", *PATROL_WINDOW, "2", "2", patrol_roles, PATROL_COMPOSITION])
    post, days, start, end = NIGHT_PATROL
    rows.append([post, days, start, end, "2", "2", patrol_roles, NIGHT_COMPOSITION])
    return rows


def parse_weekdays(text: str) -> set[int]:
    if text in ("每天", "daily"):
        return set(range(1, 8))
    days: set[int] = set()
    for part in text.split(","):
        a, _, b = part.partition("-")
        days.update(range(int(a), int(b or a) + 1))
    return days


# --- leave -------------------------------------------------------------------------------------
LEAVE_HEADERS = ("编号", "开始", "结束", "原因")


def make_leave(people: list[Person]) -> list[list[str]]:
    def pick(village: str, role: str, nth: int = 0) -> Person:
        return [p for p in people if p.village == village and role in p.roles][nth]

    return [
        [pick("SW01", TRAFFIC, 3).id, "2026-11-30", "2026-12-02", "病假"],
        [pick("SW01", TRAFFIC, 9).id, "2026-12-02 08:00", "2026-12-02 18:00", "事假"],
        [pick("SW04", GRID, 1).id, "2026-11-29", "2026-12-05", "放牧"],
        [pick("SW02", CADRE).id, "2026-12-01", "2026-12-03", "县里培训"],
        [pick("SW06", PARTY, 2).id, "2026-11-30", "2026-12-01", "探亲"],
        [pick("SW07", STRIVER).id, "2026-12-03", "2026-12-06", "放牧"],
    ]


# --- writing -----------------------------------------------------------------------------------
STAFF_HEADERS = ("编号", "姓名", "电话", "角色", "所属村", "每周最多班次")


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")  # what Excel writes
    writer.writerow(headers)
    writer.writerows(rows)
    return buf.getvalue()


def write_bom_csv(path: Path, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    path.write_bytes(csv_text(headers, rows).encode("utf-8-sig"))


README = """\
# 色务乡示意数据 / Sewu Township demo data

**示意数据，非测绘成果。** 本目录中的村界、路口位置、人名、电话和请假记录全部为虚构，
仅用于演示 FieldOps 的导入、排班和覆盖统计；村名参考当地风格但不代表真实行政区划，
电话号码不属于任何人。排班规模按色务乡 2024 年法治政府建设报告设定：搬迁安置点路口
每天 4–8 名交通劝导员，各村由网格员、联户长、牧民党员、奋进队员开展治安巡逻。

**Illustrative data, not surveyed.** Village boundaries, crossing locations, names, phone
numbers and leave records are invented for demonstrating FieldOps (imports, rosters, coverage).
Village names follow local style but are not the real administrative units; the phone numbers
belong to no one. The sizes follow Sewu's 2024 rule-of-law report: 4–8 traffic persuaders a day
at the resettlement site's crossings, and village security patrols by grid workers, household
leaders, herder party members and striver-team members.

- `sewu.geojson`: RFC 7946 FeatureCollection. 8 个村 `SW01`–`SW08`（Polygon；措嘎村 SW05 为
  MultiPolygon，含一块飞地夏季牧场）；色务村 SW01 内搬迁安置点的 6 个路口 `X1`–`X6`（Point，
  `kind: "intersection"`，`radius_m`）。8 villages and the resettlement site's 6 crossings.
- `staff.csv`: {n_staff} 名人员 / people — 编号,姓名,电话,角色,所属村,每周最多班次。角色用 `、`
  分隔；所属村多数写村编号，少数写村名；每周最多班次为空表示不限。Roles separated by `、`;
  home village by code (most) or by name (a few); a blank weekly maximum means unlimited.
- `shifts.csv`: {n_shifts} 条班次模板 / shift templates — 岗位,星期,开始,结束,最少人数,最多人数,角色,构成。
  每个路口早晚两个劝导时段（繁忙路口 X1、X6 每天，其余路口只在部分日子），全乡每天需 6–8 名
  交通劝导员；每村每天一次两人巡逻（构成 `网格员|党员>=1`）；安置点周末夜巡 22:00–02:00（跨午夜）。
  Two persuasion windows per crossing (6–8 persuaders required a day in all), one two-person
  patrol per village per day, a cross-midnight weekend night patrol at the site.
  星期 1 = 周一 / Monday … 7 = 周日 / Sunday.
- `leave.csv`: {n_leave} 条请假 / leave records around 2026-12-01 — 编号,开始,结束,原因。
  日期为整天（含首尾）；一条为当地时间段。Dates are whole local days, inclusive; one record is
  a local date-time range.

所有 CSV 为带 BOM 的 UTF-8（中文 Excel 可直接打开）. All CSVs are UTF-8 with BOM.

## 重新生成 / Regenerate

```
python scripts/make_demo_data.py          # 写入并检查 / write and check
python scripts/make_demo_data.py --check  # 只检查 / check only
```

生成过程固定随机种子、不联网，每次输出完全相同. Seeded and offline: every run writes the same bytes.
"""


def generate() -> None:
    rng = Rng(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    geo = make_geojson(rng)
    (OUT / "sewu.geojson").write_text(dump_geojson(geo), encoding="utf-8")
    people = make_staff(rng)
    names = {v.code: v.name for v in VILLAGES}
    staff_rows = [
        [
            p.id,
            p.name,
            p.phone,
            "、".join(p.roles),
            names[p.village] if p.village_written_as_name else p.village,
            "" if p.max_per_week is None else str(p.max_per_week),
        ]
        for p in people
    ]
    write_bom_csv(OUT / "staff.csv", STAFF_HEADERS, staff_rows)
    shifts = make_shifts()
    write_bom_csv(OUT / "shifts.csv", SHIFT_HEADERS, shifts)
    leave = make_leave(people)
    write_bom_csv(OUT / "leave.csv", LEAVE_HEADERS, leave)
    readme = README.format(n_staff=len(people), n_shifts=len(shifts), n_leave=len(leave))
    (OUT / "README.md").write_text(readme, encoding="utf-8")
    print(
        f"wrote {OUT.relative_to(ROOT)}/: sewu.geojson, staff.csv, shifts.csv, leave.csv, README.md"
    )


# --- checks ------------------------------------------------------------------------------------
def read_bom_csv(path: Path, headers: Sequence[str]) -> list[dict[str, str]]:
    raw = path.read_bytes()
    if not raw.startswith(b"\xef\xbb\xbf"):
        raise SystemExit(f"{path.name}: no UTF-8 BOM")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    if not rows or tuple(rows[0].keys()) != tuple(headers):
        raise SystemExit(f"{path.name}: headers are not {','.join(headers)}")
    return rows


class Checks:
    def __init__(self) -> None:
        self.failures: list[str] = []

    def ok(self, cond: bool, what: str) -> None:
        print(f"  [{'ok' if cond else 'FAIL'}] {what}")
        if not cond:
            self.failures.append(what)


def check_geo(c: Checks) -> dict[str, object]:
    from pyproj import Geod
    from shapely.geometry import LinearRing, Point, shape

    geod = Geod(ellps="WGS84")
    doc = json.loads((OUT / "sewu.geojson").read_text(encoding="utf-8"))
    print("sewu.geojson")
    c.ok(
        doc.get("type") == "FeatureCollection" and doc.get("note") == NOTE,
        "FeatureCollection + note",
    )
    villages = {}
    crossings = {}
    for f in doc["features"]:
        geom = f["geometry"]
        if geom["type"] in ("Polygon", "MultiPolygon"):
            villages[f["properties"]["code"]] = (f["properties"]["name"], shape(geom), geom)
        elif f["properties"].get("kind") == "intersection":
            crossings[f["properties"]["code"]] = f["properties"], Point(geom["coordinates"])
    c.ok(
        len(villages) == 8 and len(crossings) == 6,
        f"{len(villages)} villages, {len(crossings)} crossings",
    )
    c.ok(not set(villages) & set(crossings), "crossing codes do not collide with village codes")
    for code, (name, shp, geom) in villages.items():
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        rings = [ring for poly in polys for ring in poly]
        closed = all(r[0] == r[-1] for r in rings)
        ccw = all(LinearRing(poly[0]).is_ccw for poly in polys)
        in_box = all(91.6 <= x <= 91.9 and 32.1 <= y <= 32.4 for r in rings for x, y in r)
        area_km2 = abs(geod.geometry_area_perimeter(shp)[0]) / 1e6
        c.ok(
            shp.is_valid and closed and ccw and in_box and 2 <= area_km2 <= 22,
            f"{code} {name} {geom['type']}: valid={shp.is_valid} closed={closed} ccw={ccw} "
            f"in-box={in_box} area={area_km2:.1f} km²",
        )
    codes = sorted(villages)
    overlaps = [
        (a, b)
        for i, a in enumerate(codes)
        for b in codes[i + 1 :]
        if villages[a][1].intersects(villages[b][1])
    ]
    c.ok(
        not overlaps,
        f"no two villages intersect (pairs touching/overlapping: {overlaps or 'none'})",
    )
    cents = [villages[k][1].centroid for k in codes]
    gaps = [
        geod.inv(p.x, p.y, q.x, q.y)[2] / 1000 for i, p in enumerate(cents) for q in cents[i + 1 :]
    ]
    print(f"  village centroids {min(gaps):.1f}–{max(gaps):.1f} km apart")
    site = villages[SITE_VILLAGE][1]
    for code, (props, pt) in sorted(crossings.items()):
        inside = site.contains(pt)
        # metres to the village boundary, along a geodesic from the point to its nearest boundary point
        near = (
            site.exterior.interpolate(site.exterior.project(pt))
            if site.geom_type == "Polygon"
            else pt
        )
        edge_m = geod.inv(pt.x, pt.y, near.x, near.y)[2]
        r = props["radius_m"]
        c.ok(
            inside and edge_m > r and 30 <= r <= 60,
            f"{code} {props['name']} r={r} m inside {SITE_VILLAGE}, {edge_m:.0f} m from its boundary",
        )
    return {"villages": villages}


def weekly_capacity(
    staff: list[dict[str, str]], pred: Callable[[dict[str, str]], bool]
) -> tuple[int, int]:
    """(sum of max shifts per week, number unlimited) over staff matching ``pred``."""
    total = unlimited = 0
    for s in staff:
        if not pred(s):
            continue
        if s["每周最多班次"]:
            total += int(s["每周最多班次"])
        else:
            unlimited += 1
    return total, unlimited


def check_tables(c: Checks) -> None:  # noqa: PLR0915 - one linear report
    staff = read_bom_csv(OUT / "staff.csv", STAFF_HEADERS)
    shifts = read_bom_csv(OUT / "shifts.csv", SHIFT_HEADERS)
    leave = read_bom_csv(OUT / "leave.csv", LEAVE_HEADERS)
    by_name = {v.name: v.code for v in VILLAGES}
    for s in staff:
        s["village"] = by_name.get(s["所属村"], s["所属村"])
        s["roles"] = s["角色"]
    roles_of = {s["编号"]: set(s["角色"].split("、")) for s in staff}

    print("staff.csv")
    c.ok(len(staff) == len({s["编号"] for s in staff}), f"{len(staff)} staff, unique ids")
    c.ok(all(re.fullmatch(r"1[3-9]\d{9}", s["电话"]) for s in staff), "11-digit mobile numbers")
    c.ok(len({s["电话"] for s in staff}) == len(staff), "unique phone numbers")
    c.ok(
        all(s["village"] in {v.code for v in VILLAGES} for s in staff),
        "every home village resolves",
    )
    by_role = {
        r: sum(r in roles_of[s["编号"]] for s in staff)
        for r in (TRAFFIC, PATROL, GRID, HOUSEHOLD, PARTY, STRIVER, CADRE)
    }
    print("  by role: " + ", ".join(f"{r} {n}" for r, n in by_role.items()))
    print(
        f"  home village written as a name: {sum(s['所属村'] in by_name for s in staff)}; "
        f"blank 每周最多班次: {sum(not s['每周最多班次'] for s in staff)}"
    )
    traffic_site = sum(
        TRAFFIC in roles_of[s["编号"]] and s["village"] == SITE_VILLAGE for s in staff
    )
    print(f"  traffic persuaders living in {SITE_VILLAGE}: {traffic_site}/{by_role[TRAFFIC]}")
    for v in VILLAGES:
        here = [s for s in staff if s["village"] == v.code]
        grid = sum(GRID in roles_of[s["编号"]] for s in here)
        core = sum(bool(roles_of[s["编号"]] & {GRID, PARTY}) for s in here)
        elig = sum(bool(roles_of[s["编号"]] & set(PATROL_ROLES)) for s in here)
        c.ok(
            grid >= 2 and core >= 2 and elig >= 4,
            f"{v.code} {v.name}: {len(here)} people, {elig} patrol-eligible, {grid} grid workers, "
            f"{core} grid-or-party",
        )

    print("shifts.csv")
    posts = {v.code for v in VILLAGES} | {code for code, *_ in CROSSINGS}
    c.ok(all(r["岗位"] in posts for r in shifts), f"{len(shifts)} templates, every post exists")
    print("  persuaders per weekday (sum of min – sum of max over the crossings' windows):")
    week_min = {"traffic": 0, "patrol": 0}
    week_max = {"traffic": 0, "patrol": 0}
    week_core = 0
    for day in range(1, 8):
        lo = hi = 0
        for r in shifts:
            if day not in parse_weekdays(r["星期"]):
                continue
            kind = "traffic" if r["角色"] == TRAFFIC else "patrol"
            week_min[kind] += int(r["最少人数"])
            week_max[kind] += int(r["最多人数"])
            week_core += bool(r["构成"])
            if kind == "traffic":
                lo += int(r["最少人数"])
                hi += int(r["最多人数"])
        c.ok(
            4 <= lo <= 8,
            f"weekday {day}: {lo} persuaders required (up to {hi} if every window takes 2)",
        )
    night = [r for r in shifts if r["结束"] < r["开始"]]
    c.ok(
        len(night) == 1,
        f"cross-midnight shifts: {[(r['岗位'], r['星期'], r['开始'], r['结束']) for r in night]}",
    )

    print("weekly demand vs capacity (sum of 每周最多班次; blank = unlimited)")
    cap_t, unl_t = weekly_capacity(staff, lambda s: TRAFFIC in roles_of[s["编号"]])
    cap_p, unl_p = weekly_capacity(staff, lambda s: bool(roles_of[s["编号"]] & set(PATROL_ROLES)))
    cap_c, unl_c = weekly_capacity(staff, lambda s: bool(roles_of[s["编号"]] & {GRID, PARTY}))
    cap_all, unl_all = weekly_capacity(staff, lambda s: True)
    total_min = week_min["traffic"] + week_min["patrol"]
    total_max = week_max["traffic"] + week_max["patrol"]
    c.ok(
        week_max["traffic"] <= cap_t,
        f"persuasion: {week_min['traffic']}–{week_max['traffic']} person-shifts "
        f"vs {cap_t} (+{unl_t} unlimited) from {by_role[TRAFFIC]} persuaders",
    )
    c.ok(
        week_max["patrol"] <= cap_p,
        f"patrols: {week_min['patrol']} person-shifts vs {cap_p} "
        f"(+{unl_p} unlimited) from patrol-eligible staff",
    )
    c.ok(
        week_core <= cap_c,
        f"patrols needing a grid worker or party member: {week_core}/week vs {cap_c} "
        f"(+{unl_c} unlimited)",
    )
    c.ok(
        total_max <= cap_all,
        f"total: {total_min}–{total_max} person-shifts/week vs {cap_all} "
        f"(+{unl_all} unlimited) = sum of max shifts",
    )

    print("leave.csv")
    ids = {s["编号"] for s in staff}
    c.ok(all(r["编号"] in ids for r in leave), f"{len(leave)} records, all for known staff")

    def span(r: dict[str, str]) -> tuple[datetime, datetime]:
        a, b = r["开始"], r["结束"]
        start = datetime.fromisoformat(a if " " in a else a + " 00:00")
        end = (
            datetime.fromisoformat(b)
            if " " in b
            else datetime.fromisoformat(b + " 00:00") + timedelta(days=1)
        )
        return start, end

    c.ok(all(span(r)[0] < span(r)[1] for r in leave), "every leave ends after it starts")
    # every village can still field its day patrol (2 eligible, 1 grid/party) each day around the leave
    on = date(2026, 11, 29)
    worst: list[str] = []
    while on <= date(2026, 12, 6):
        noon = datetime.combine(on, datetime.min.time()) + timedelta(hours=12)
        away = {r["编号"] for r in leave if span(r)[0] <= noon < span(r)[1]}
        for v in VILLAGES:
            here = [s for s in staff if s["village"] == v.code and s["编号"] not in away]
            core = sum(bool(roles_of[s["编号"]] & {GRID, PARTY}) for s in here)
            elig = sum(bool(roles_of[s["编号"]] & set(PATROL_ROLES)) for s in here)
            if core < 1 or elig < 2:
                worst.append(f"{on} {v.code}")
        on += timedelta(days=1)
    c.ok(
        not worst,
        "every village keeps a patrol team at home every day 2026-11-29..12-06 despite leave",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="only check the existing files")
    args = parser.parse_args(argv)
    if not args.check:
        generate()
    checks = Checks()
    check_geo(checks)
    check_tables(checks)
    if checks.failures:
        print(f"{len(checks.failures)} check(s) failed", file=sys.stderr)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
