#!/usr/bin/env python3
"""Build kg/resources/places.tsv, the administrative-division gazetteer, from jionlp's data.

jionlp (Apache License 2.0, https://github.com/dongrixinyu/JioNLP) ships the full hierarchy of
China's divisions in `jionlp/dictionary/china_location.zip`. We keep the province, prefecture and
county levels (about 3,600 rows) and ship them as a TSV, so that jionlp is needed only to rebuild:

    pip install jionlp==1.5.31 && python scripts/build_places.py

Columns: name, short name, level (province|city|county), parent name ("" for provinces).
"""
import io
import sys
import zipfile
from importlib.util import find_spec
from pathlib import Path

LEVELS = ("province", "city", "county")
OUT = Path(__file__).resolve().parents[1] / "kg" / "resources" / "places.tsv"


def rows(lines):
    parents = {}
    for line in lines:
        depth = len(line) - len(line.lstrip("\t"))
        if depth >= len(LEVELS):
            continue
        cols = line.strip("\t\r\n").split("\t")
        if not cols or not cols[0]:
            continue
        name = cols[0]
        short = cols[2] if len(cols) > 2 else name
        parent = parents.get(depth - 1, "") if depth else ""
        parents[depth] = name
        if depth == 1 and name == parent:  # municipalities repeat themselves as their own city
            continue
        if depth == 2 and parents.get(1) == parents.get(0):
            parent = parents[0]
        yield name, short, LEVELS[depth], parent


def main(argv):
    spec = find_spec("jionlp")
    if spec is None:
        print("jionlp is not installed: pip install jionlp==1.5.31", file=sys.stderr)
        return 1
    archive = Path(spec.origin).parent / "dictionary" / "china_location.zip"
    with zipfile.ZipFile(archive) as z:
        text = z.read("china_location.txt").decode("utf-8")
    seen = set()
    out = ["# name\tshort\tlevel\tparent  (derived from jionlp's china_location, Apache-2.0)"]
    for row in rows(io.StringIO(text)):
        if row in seen:
            continue
        seen.add(row)
        out.append("\t".join(row))
    OUT.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"wrote {len(out) - 1} places to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
