"""Compile the shipped gazetteer from the open datasets under /work/shared/data.

    .venv/bin/python scripts/build_gazetteer.py [--data /work/shared/data] [--out src/tabayyun/data/gazetteer]

Sources (see ATTRIBUTION.md written next to the output): OpenSyria admin units with OCHA
p-codes (CC BY 4.0), GeoNames cities15000 for Syria and Iraq (CC BY 4.0), and the Iraq
admin-name lists of m7amad-t/iraq_geo_data (MIT), which carry no coordinates and serve
only to mark the towns that share their province's name.

An admin unit that shares its Arabic name with a town close to it (a governorate and its
capital) becomes one place, because news writes الحسكة and محافظة الحسكة for both: the
row keeps the town's coordinates and the unit's p-code.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tabayyun.geo.gazetteer import COLUMNS  # noqa: E402
from tabayyun.text.normalize import compact_key  # noqa: E402

ARABIC = re.compile("[\u0621-\u064a]")
# Kurdish/Persian letters: such spellings are not Arabic-news forms
NON_ARABIC_LETTERS = re.compile("[\u067e\u0686\u0698\u06a4\u06af\u06b5\u06c6\u06ce\u06d5\u06cc\u06a9\u0695]")
ADMIN_PREFIX = re.compile(r"^(?:مركز|ناحية|قضاء|محافظة|منطقة|مدينة)\s+")
# how far a same-named town may lie from an admin unit's centroid to be taken as its seat
SEAT_KM = {"admin1": 150.0, "admin2": 60.0, "admin3": 30.0}

ATTRIBUTION = """# Gazetteer sources and licences

`gazetteer.tsv.gz` is compiled by `scripts/build_gazetteer.py`; raw files are not shipped.

- **OpenSyria data-geography** (github.com/Open-Syria/data-geography, commit bebd183c):
  Syrian governorates, districts and subdistricts, Arabic names, centroids, OCHA p-codes.
  Data licence CC BY 4.0 (c) OpenSyria; built from UN OCHA/HDX COD-AB (CC BY 3.0 IGO),
  geoBoundaries (CC BY 3.0 IGO), GeoNames (CC BY 4.0) and Wikidata (CC0).
- **GeoNames** cities15000 extract for Syria and Iraq (via github.com/ali-hv/geobank-data,
  commit 87f4be9e). CC BY 4.0, attribution: "GeoNames, geonames.org".
- **iraq_geo_data** (github.com/m7amad-t/iraq_geo_data, commit c72222cd), MIT licence,
  Copyright (c) 2025 its authors: Arabic names of Iraqi provinces, used only to mark the
  GeoNames towns that share their province's name as province seats.

Curated places (neighbourhoods, facilities, regions outside Syria/Iraq) live in
`tabayyun/data/kb/places.json`, written by the project from general knowledge with
approximate coordinates. User-imported GeoNames files (`tabayyun import-gazetteer`) stay
in the user's data directory and keep their own licence.
"""


@dataclass
class Row:
    id: str
    name_ar: str
    name_en: str
    lat: float
    lon: float
    level: str
    pcode: str = ""
    population: int = 0
    country: str = ""
    aliases: list[str] = field(default_factory=list)

    def names(self) -> list[str]:
        return [self.name_ar, *self.aliases]


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(min(1.0, h)))


def arabic_aliases(values: list[str]) -> list[str]:
    out = []
    for v in values:
        v = v.replace("\u200e", "").replace("\u200f", "").strip()
        if v and ARABIC.search(v) and not NON_ARABIC_LETTERS.search(v) and v not in out:
            out.append(v)
    return out


def bare(name: str) -> str:
    """The unit's name without مركز/ناحية/محافظة…, the form news writes."""
    return ADMIN_PREFIX.sub("", name).strip()


def read_geonames(path: Path) -> list[Row]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        c = line.split("\t")
        if len(c) < 19:
            continue
        names = arabic_aliases(c[3].split(","))
        if not names:
            continue
        level = "capital" if c[7] == "PPLC" else "town"
        rows.append(Row(f"gn:{c[0]}", names[0], c[1], float(c[4]), float(c[5]), level,
                        population=int(c[14] or 0), country=c[8], aliases=names[1:]))
    return rows


def read_opensyria(folder: Path) -> list[Row]:
    rows = []
    for fname, level in (("governorates.json", "admin1"), ("districts.json", "admin2"), ("subdistricts.json", "admin3")):
        for rec in json.loads((folder / fname).read_text(encoding="utf-8")):
            ar = rec["name"].get("ar")
            cen = rec.get("centroid") or {}
            if not ar or cen.get("latitude") is None:
                continue
            aliases = arabic_aliases([a["value"] for a in rec.get("aliases", []) if a.get("language") == "ar"])
            name = bare(ar)
            extra = [a for a in [ar, *aliases] if a != name]
            pop = (rec.get("population") or {}).get("value") or 0
            pcode = (rec.get("externalIds") or {}).get("ochaPcode", "")
            rows.append(Row(f"sy:{pcode or rec['id']}", name, rec["name"]["en"], cen["latitude"], cen["longitude"],
                            level, pcode, int(pop), "SY", extra))
    return rows


def iraq_province_keys(path: Path) -> set[str]:
    """Compact keys of the Iraqi provinces' Arabic names (iraq_geo_data)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {compact_key(bare(p["arbName"])) for p in data.get("provinces", []) if p.get("arbName")}


def merge_seats(admin: list[Row], towns: list[Row]) -> list[Row]:
    """Fold admin units into a same-named town near them; return the units left standing."""
    by_key: dict[str, list[Row]] = {}
    for t in towns:
        for n in t.names():
            by_key.setdefault(compact_key(bare(n)), []).append(t)
    left = []
    for unit in admin:
        seats = [t for t in by_key.get(compact_key(unit.name_ar), [])
                 if t.country == unit.country and km((t.lat, t.lon), (unit.lat, unit.lon)) <= SEAT_KM[unit.level]]
        if not seats:
            left.append(unit)
            continue
        seat = max(seats, key=lambda t: t.population)
        if not seat.pcode or unit.level == "admin1":
            seat.pcode = unit.pcode
        for n in unit.names():
            if n not in seat.names():
                seat.aliases.append(n)
        if unit.level == "admin1":
            seat.level = "admin1-seat"
    return left


def build(data: Path) -> list[Row]:
    towns = read_geonames(data / "geonames_sy_iq" / "cities15000_SY_IQ.tsv")
    admin = read_opensyria(data / "syria_admin_opensyria")
    # the larger unit first, so that a governorate, not its central subdistrict, names the seat
    admin.sort(key=lambda r: r.level)
    left = merge_seats(admin, towns)
    # an Iraqi town that shares its province's name is the province seat (كركوك, أربيل, البصرة)
    provinces = iraq_province_keys(data / "iraq_admin_names" / "iraq_admin_output.json")
    for t in towns:
        if t.country == "IQ" and t.level == "town" and compact_key(t.name_ar) in provinces:
            t.level = "admin1-seat"
    rows = towns + left
    rows.sort(key=lambda r: r.id)
    return rows


def write(rows: list[Row], out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    target = out / "gazetteer.tsv.gz"
    lines = ["\t".join(COLUMNS)]
    for r in rows:
        lines.append("\t".join([r.id, r.name_ar, r.name_en, f"{r.lat:.5f}", f"{r.lon:.5f}", r.level, r.pcode,
                                str(r.population), r.country, "|".join(r.aliases)]))
    # mtime=0: the same sources give the same bytes
    with gzip.GzipFile(target, "wb", mtime=0) as fh:
        fh.write(("\n".join(lines) + "\n").encode("utf-8"))
    (out / "ATTRIBUTION.md").write_text(ATTRIBUTION, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "tabayyun" / "data" / "gazetteer")
    a = ap.parse_args(argv)
    rows = build(a.data)
    target = write(rows, a.out)
    print(f"{len(rows)} places -> {target} ({target.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
