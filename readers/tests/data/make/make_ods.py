"""Writes readers/tests/data/example.ods with odfpy (an independent ODF writer), two sheets, and
a CSV twin per sheet in the format described in make_xlsx.py (SAS values computed by Python).

Run from the repository root:  python3 readers/tests/data/make/make_ods.py
Cell types written: float, string (non-ASCII), date (office:date-value "YYYY-MM-DD"),
datetime (office:date-value "YYYY-MM-DDThh:mm:ss"), time (office:time-value "PThhHmmMssS"),
empty cells, and a repeated empty row inside the data.
"""
import csv
import datetime as dt
import pathlib

from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

OUT = pathlib.Path(__file__).resolve().parent.parent
SAS0 = dt.datetime(1960, 1, 1)


def odf_cell(kind, v):
    if v is None:
        return TableCell()
    if kind == "number":
        c = TableCell(valuetype="float", value=repr(float(v)))
        c.addElement(P(text=repr(v)))
    elif kind == "date":
        c = TableCell(valuetype="date", datevalue=v.isoformat())
        c.addElement(P(text=v.isoformat()))
    elif kind == "datetime":
        c = TableCell(valuetype="date", datevalue=v.strftime("%Y-%m-%dT%H:%M:%S"))
        c.addElement(P(text=v.isoformat(sep=" ")))
    elif kind == "time":
        c = TableCell(valuetype="time", timevalue=v.strftime("PT%HH%MM%SS"))
        c.addElement(P(text=v.isoformat()))
    else:
        c = TableCell(valuetype="string")
        c.addElement(P(text=v))
    return c


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
        return repr(float(v.hour * 3600 + v.minute * 60 + v.second))
    return v


def sheet(doc, title, header, kinds, rows, twin):
    table = Table(name=title)
    tr = TableRow()
    for h in header:
        tr.addElement(odf_cell("text", h))
    table.addElement(tr)
    for r in rows:
        tr = TableRow()
        for k, v in zip(kinds, r):
            tr.addElement(odf_cell(k, v))
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    with open(OUT / twin, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerow(kinds)
        for r in rows:
            w.writerow([sas(k, v) for k, v in zip(kinds, r)])


def main():
    d, t = dt.date, dt.datetime
    doc = OpenDocumentSpreadsheet()
    sheet(
        doc, "ADSL",
        ["USUBJID", "TRT01P", "BASE", "RANDDT", "NOTE"],
        ["text", "text", "number", "date", "text"],
        [
            ("S-001", "Placebo", 6, d(2024, 1, 15), "Müller"),
            ("S-002", "Active", 4.5, None, "naïve, “quoted”"),
            (None, None, None, None, None),
            ("S-003", "Active", -2.75, d(1959, 12, 31), None),
        ],
        "example_ods_ADSL.csv",
    )
    sheet(
        doc, "ADNRS",
        ["USUBJID", "ADTM", "ATM", "AVAL"],
        ["text", "datetime", "time", "number"],
        [
            ("S-001", t(2024, 1, 15, 8, 0, 0), dt.time(8, 0), 5),
            ("S-001", t(2024, 1, 15, 12, 30, 15), dt.time(12, 30, 15), None),
            ("S-002", t(2024, 1, 16, 0, 0, 0), dt.time(0, 0, 1), 0.1),
        ],
        "example_ods_ADNRS.csv",
    )
    doc.save(str(OUT / "example.ods"))


if __name__ == "__main__":
    main()
