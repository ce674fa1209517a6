"""Writes the xlsx fixtures of readers/tests/sheet.rs with openpyxl, and a CSV twin per sheet.

Run from the repository root:  python3 readers/tests/data/make/make_xlsx.py
(openpyxl from PyPI; the version used is printed into the provenance README by hand).

Twin format (written with Python's csv module, UTF-8): row 1 the column names as the reader
must give them, row 2 each column's kind (number, date, datetime, time, text), then the
values as the reader must give them: numbers with repr(); dates as days since 1960-01-01 and
datetimes as seconds since 1960-01-01T00:00:00 and times as seconds since midnight, all
computed here by Python's datetime; text as is; an empty field is a missing value.
"""
import csv
import datetime as dt
import pathlib

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

OUT = pathlib.Path(__file__).resolve().parent.parent
SAS0 = dt.datetime(1960, 1, 1)


def sas(kind, v):
    if v is None:
        return ""
    if kind == "number":
        return repr(float(v))
    if kind == "date":
        return str((dt.datetime.combine(v, dt.time()) - SAS0).days)
    if kind == "datetime":
        return repr((v - SAS0).total_seconds())
    if kind == "time":
        return repr(v.hour * 3600 + v.minute * 60 + v.second + v.microsecond / 1e6)
    return v


def sheet(wb, title, header, kinds, rows, twin, formats=None, first=False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(header)
    for r in rows:
        ws.append(list(r))
    for j, f in enumerate(formats or []):
        if f:
            for row in ws.iter_rows(min_row=2, min_col=j + 1, max_col=j + 1):
                for c in row:
                    c.number_format = f
    with open(OUT / twin, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerow(kinds)
        for r in rows:
            w.writerow([sas(k, v) for k, v in zip(kinds, r)])


def main():
    d = dt.date
    t = dt.datetime
    # Two sheets: numbers (integers, fractions, negative, large), text with non-ASCII letters
    # and a comma, dates, datetimes, times of day, empty cells.
    wb = openpyxl.Workbook()
    sheet(
        wb, "Subjects",
        ["USUBJID", "TRT01P", "BASE", "RANDDT", "AGE", "NAME"],
        ["text", "text", "number", "date", "number", "text"],
        [
            ("S-001", "Placebo patch", 6, d(2024, 1, 15), 54, "Müller, Jörg"),
            ("S-002", "Lidocaine patch", 4.5, d(2023, 12, 31), None, "Ørsted"),
            ("S-003", "Placebo patch", None, None, 71, "Łukasz 日本"),
            ("S-004", "Lidocaine patch", -0.1, d(1960, 1, 1), 1e-7, None),
            ("S-005", "Placebo patch", 123456789.125, d(1959, 12, 31), 33, "plain"),
        ],
        "example_subjects.csv", first=True,
    )
    sheet(
        wb, "Pain scores",
        ["USUBJID", "ADTM", "ATM", "AVAL"],
        ["text", "datetime", "time", "number"],
        [
            ("S-001", t(2024, 1, 15, 8, 0, 0), dt.time(8, 0), 5),
            ("S-001", t(2024, 1, 15, 12, 30, 15), dt.time(12, 30, 15), None),
            ("S-002", t(2024, 1, 16, 0, 0, 0), dt.time(0, 0), 3),
            ("S-002", None, None, 2.25),
        ],
        "example_pain.csv",
        formats=[None, "yyyy-mm-dd hh:mm:ss", "hh:mm:ss", None],
    )
    wb.save(OUT / "example.xlsx")

    # The 1904 date system (old Mac Excel): a date and a datetime column.
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    sheet(
        wb, "Dates1904", ["D", "DT"], ["date", "datetime"],
        [(d(2024, 1, 15), t(2024, 1, 15, 6, 0)), (d(1904, 1, 2), t(1999, 12, 31, 23, 59, 59))],
        "dates1904_Dates1904.csv", formats=["yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss"], first=True,
    )
    wb.save(OUT / "dates1904.xlsx")

    # An error value in a cell: the reader must name the sheet, the cell and the error.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Pain"
    ws.append(["USUBJID", "ATPTN", "AVAL"])
    ws.append(["S1", 4, 5])
    ws.append(["S1", 8, "#DIV/0!"])
    wb.save(OUT / "error.xlsx")

    # Layout: rows above the header, an empty header name, a repeated name, a column with no
    # header and no data, blank rows at the end, a blank row inside the data.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Layout"
    ws["B3"] = "ID"
    ws["D3"] = "X"
    ws["E3"] = "x"
    ws["B4"], ws["C4"], ws["D4"], ws["E4"] = "a", 1, 2, 3
    ws["B6"], ws["C6"], ws["D6"], ws["E6"] = "b", "t", 5, 6
    ws["B9"] = "   "
    ws["G9"].number_format = "0.00"
    wb.save(OUT / "layout.xlsx")


if __name__ == "__main__":
    main()
