"""Writes readers/tests/data/example-tables.xlsx: the page's built-in example trial
(www/example/subjects.csv, pain.csv, rescue.csv) as one workbook of three sheets, with openpyxl.
A field is written as a number when it reads as one and has no leading zero (SITEID "01"
stays text, as the CSV reader keeps it); an empty field is an empty cell.

Run from the repository root:  python3 readers/tests/data/make/make_example_workbook.py
The page test tests/e2e/files.test.cjs uploads it and expects the CSV example's results.
"""
import csv
import pathlib
import re

import openpyxl

ROOT = pathlib.Path(__file__).resolve().parents[4]
OUT = pathlib.Path(__file__).resolve().parent.parent / "example-tables.xlsx"
NUM = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$")


def cell(s):
    if s == "":
        return None
    if NUM.match(s):
        return int(s) if "." not in s else float(s)
    return s


def main():
    wb = openpyxl.Workbook()
    for i, name in enumerate(["subjects", "pain", "rescue"]):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = name
        with open(ROOT / "www" / "example" / f"{name}.csv", newline="", encoding="utf-8") as fh:
            for j, row in enumerate(csv.reader(fh)):
                ws.append(row if j == 0 else [cell(s) for s in row])
    wb.save(OUT)


if __name__ == "__main__":
    main()
