"""Derived Dataset-JSON fixtures (run from readers/tests/data/):

    python3 make/make_dataset_json.py

Uses only Python's json and csv modules (Python 3). From CDISC's example files (copied
unchanged as cdisc_*.json / cdisc_*.ndjson, see README.md) it writes:
* cdisc_adtte_made.ndjson: the NDJSON form of cdisc_adtte.json (first line the metadata
  object without "rows", then one row array per line), as CDISC's NDJSON document describes;
* a CSV twin per JSON file (same name, .csv): the column names, then every row with each
  value as Python's json module read it: a string as is, null as an empty cell, true/false,
  and a number as repr(float) (the shortest text that reads back to the same double).
"""
import csv
import json

for name in ["cdisc_dm", "cdisc_ae", "cdisc_bg", "cdisc_adtte"]:
    with open(name + ".json", encoding="utf-8") as f:
        d = json.load(f)
    with open(name + ".csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writerow([c["name"] for c in d["columns"]])
        for row in d["rows"]:
            out = []
            for v in row:
                if v is None:
                    out.append("")
                elif isinstance(v, bool):
                    out.append("true" if v else "false")
                elif isinstance(v, (int, float)):
                    out.append(repr(float(v)))
                else:
                    out.append(v)
            w.writerow(out)

with open("cdisc_adtte.json", encoding="utf-8") as f:
    d = json.load(f)
rows = d.pop("rows")
with open("cdisc_adtte_made.ndjson", "w", encoding="utf-8", newline="\n") as f:
    f.write(json.dumps(d, ensure_ascii=False) + "\n")
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
