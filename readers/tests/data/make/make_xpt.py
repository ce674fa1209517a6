"""Writes the pyreadstat XPT fixtures and their CSV twins (run from readers/tests/data/):

    python3 make/make_xpt.py

Needs pyreadstat (pip install pyreadstat pandas). CSV conventions as in make_xpt.R: numbers
with 17 significant digits (repr), an empty cell for a missing value, ISO 8601 text for
dates, datetimes and times. pyreadstat cannot write SAS special missing values (.A-.Z);
the haven fixtures cover those.

pyreadstat writes one member per file. `pyreadstat_2members_v5.xpt` is a two-member library
made here by splicing: the library header of the first file (3 records), then the member
section (from its MEMBER header record to the end) of each of two pyreadstat files, which is
the layout TS-140 gives for a library of several members.
"""
import csv
import datetime as dt
import math

import pandas as pd
import pyreadstat

N = 12
num = [1.0, -2.5, 0.1, 1e-70, 1e70, 123456789012345.0, -0.000123, math.pi, 42.0, float("nan"), 7.0, 1 / 3]
ints = [1, -1, 0, 2147483647, -2147483647, 5, 5, 6, 7, 8, 9, 10]
txt = ["abc   ", "Müller", "", "  lead", "x", "Ωmega ü", "plain", "tab\tin", 'quote"d', "comma,", "end", "z"]
dates = [dt.date(2023, 5, 17), dt.date(1960, 1, 1), dt.date(1959, 12, 31), dt.date(2000, 2, 29), None,
         dt.date(1900, 1, 1), dt.date(2100, 12, 31), dt.date(2023, 1, 1), dt.date(2023, 1, 2),
         dt.date(1970, 1, 1), dt.date(2024, 2, 29), dt.date(1999, 12, 31)]
dtms = [dt.datetime(2023, 5, 17, 8, 30, 15), dt.datetime(1960, 1, 1), dt.datetime(1959, 12, 31, 23, 59, 59),
        dt.datetime(2000, 2, 29, 12), None, dt.datetime(1970, 1, 1, 0, 0, 1), dt.datetime(2023, 5, 17, 23, 59, 59),
        dt.datetime(2023, 1, 1), dt.datetime(2023, 1, 1), dt.datetime(2023, 1, 1), dt.datetime(2023, 1, 1),
        dt.datetime(2023, 1, 1)]
times = [dt.time(0, 0, 0), dt.time(0, 0, 1), dt.time(8, 30, 15), dt.time(23, 59, 59), None, dt.time(12),
         dt.time(0, 1), dt.time(1), dt.time(2), dt.time(0, 0, 10), dt.time(0, 0, 20), dt.time(0, 0, 30)]


def frame(names):
    cols = [[f"P{i + 1:02d}" for i in range(N)], num, ints, txt, dates, dtms, times]
    return pd.DataFrame({n: pd.Series(c, dtype="object" if n not in names[1:3] else None)
                         for n, c in zip(names, cols)})


def cell(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, float):
        return repr(v)
    return str(v)


def twin(names, path):
    cols = [[f"P{i + 1:02d}" for i in range(N)], num, ints, txt, dates, dtms, times]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL)
        w.writerow(names)
        for r in range(N):
            w.writerow([cell(c[r]) for c in cols])


short = ["ID", "NUM", "INT", "TXT", "ADT", "ADTM", "ATM"]
long = ["SUBJECT_IDENTIFIER", "A_NUMBER_WITH_A_LONG_NAME", "INT", "TXT", "ANALYSIS_DATE",
        "ANALYSIS_DATETIME", "ANALYSIS_TIME"]
for names, version, path, table in [(short, 5, "pyreadstat_v5", "SHORT"),
                                     (long, 8, "pyreadstat_v8", "LONGNAMES")]:
    df = frame(names)
    labels = {names[1]: "A number" if version == 5 else
              "A label that is much longer than the forty characters of version 5",
              names[3]: "Text with blanks and accents"}
    fmts = {names[4]: "DATE9.", names[5]: "DATETIME20.", names[6]: "TIME8."}
    pyreadstat.write_xport(df, path + ".xpt", file_label=f"pyreadstat version {version}",
                           column_labels=labels, table_name=table, file_format_version=version,
                           variable_format=fmts)
    twin(names, path + ".csv")

# Character-only data set whose last rows are blank: v8 carries the observation count, v5
# does not (the reader then takes trailing blank rows within the last 80 bytes as padding).
blank = pd.DataFrame({"C": ["a", "", "b", "", ""]})
pyreadstat.write_xport(blank, "blank_rows_v8.xpt", table_name="BLANKS", file_format_version=8)
pyreadstat.write_xport(blank, "blank_rows_v5.xpt", table_name="BLANKS", file_format_version=5)

# Two-member library (see the module docstring).
first = pd.DataFrame({"X": [1.0, 2.5, -3.0], "S": ["a", "bb", "Müller"]})
second = pd.DataFrame({"Y": [10.0, 20.0, float("nan"), 40.0]})
pyreadstat.write_xport(first, "/tmp/first.xpt", table_name="FIRST", file_label="First member",
                       file_format_version=5)
pyreadstat.write_xport(second, "/tmp/second.xpt", table_name="SECOND", file_label="Second member",
                       file_format_version=5)
a = open("/tmp/first.xpt", "rb").read()
b = open("/tmp/second.xpt", "rb").read()
assert a[240:260] == b"HEADER RECORD*******" and a[260:268] == b"MEMBER  "
with open("pyreadstat_2members_v5.xpt", "wb") as f:
    f.write(a + b[240:])
with open("pyreadstat_2members_v5.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, quoting=csv.QUOTE_ALL)
    w.writerow(["member", "X", "S", "Y"])
    for i in range(3):
        w.writerow(["FIRST", repr(float(first.X[i])), first.S[i], ""])
    for i in range(4):
        w.writerow(["SECOND", "", "", cell(float(second.Y[i]))])
# A format name longer than 8 characters makes a LABELV9 section (name, label, format,
# informat per variable) instead of LABELV8.
v9 = pd.DataFrame({"x": [1.0, 2.0], "a_long_variable_name": [3.0, 4.0]})
pyreadstat.write_xport(v9, "pyreadstat_labelv9.xpt", table_name="LABELV9", file_format_version=8,
                       variable_format={"x": "LONGFORMATNAME12.2", "a_long_variable_name": "E8601DA10."},
                       column_labels={"x": "L" * 50})
with open("pyreadstat_labelv9.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, quoting=csv.QUOTE_ALL)
    w.writerow(list(v9.columns))
    for i in range(2):
        # E8601DA makes the second column SAS dates (days since 1960-01-01): ISO text here.
        day = dt.date(1960, 1, 1) + dt.timedelta(days=float(v9.a_long_variable_name[i]))
        w.writerow([repr(float(v9.x[i])), day.isoformat()])
print("pyreadstat", pyreadstat.__version__, "pandas", pd.__version__)
