#!/usr/bin/env bash
# (Re)writes the seed corpora under fuzz/corpus/<target>/, each file named by the SHA-1 of its
# content (as libFuzzer names inputs), so running it again adds only what is new:
#   tables   the built-in examples cut down to a few subjects per arm, and tiny hand-made
#            tables (semicolons and decimal commas, tabs, quotes, BOM + CRLF, VAS, ADaM names,
#            missing scores, no rescue table), each behind a few choices of control bytes;
#   options  a few options objects (defaults, every analysis switched on, edge values);
#   readers, xpt, sas7bdat, dataset_json, sheet
#            tiny hand-made files, plus every file found under readers/tests/data/ (the
#            readers' fixtures, as they appear): all of them go to `readers`, and each to the
#            format target its content sniffs as.
# Run it after fixtures are added and commit what it writes. Needs python3 only.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
exec python3 - "$root" <<'PY'
import hashlib, io, os, sys, zipfile

root = sys.argv[1]
corpus = os.path.join(root, "fuzz", "corpus")
added = {}

def put(target, data):
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    p = os.path.join(d, hashlib.sha1(data).hexdigest())
    if not os.path.exists(p):
        with open(p, "wb") as f:
            f.write(data)
        added[target] = added.get(target, 0) + 1

# ---- tables: control bytes + subjects RS pain RS rescue (see fuzz/src/lib.rs) ----
RS = b"\x1e"
def table_seed(ctl, subjects, pain, rescue=None):
    data = bytes(ctl) + subjects.encode() + RS + pain.encode()
    if rescue is not None:
        data += RS + rescue.encode()
    return data

def read(path):
    with open(os.path.join(root, path), encoding="utf-8") as f:
        return f.read().splitlines()

def cut(example, per_arm, max_times):
    subj = read(f"www/example/{example}subjects.csv")
    pain = read(f"www/example/{example}pain.csv")
    resc = read(f"www/example/{example}rescue.csv")
    taken, count = [], {}
    for line in subj[1:]:
        arm = line.split(",")[1]
        if count.get(arm, 0) < per_arm:
            count[arm] = count.get(arm, 0) + 1
            taken.append(line)
    ids = {l.split(",")[0] for l in taken}
    seen = {}
    pain_rows = []
    for l in pain[1:]:
        i = l.split(",")[0]
        if i in ids and seen.get(i, 0) < max_times:
            seen[i] = seen.get(i, 0) + 1
            pain_rows.append(l)
    resc_rows = [l for l in resc[1:] if l.split(",")[0] in ids]
    j = lambda h, rows: "\n".join([h] + rows) + "\n"
    return j(subj[0], taken), j(pain[0], pain_rows), j(resc[0], resc_rows)

controls = [
    [0, 0, 0, 0],           # defaults
    [0x92, 0x2d, 0x0a, 0x1c],  # Wilcoxon, χ², wLOCF to window end, LOCF, gaps; 0–24 h; model, stratum
    [0x61, 0xf7, 0x2b, 0xf5],  # Student, SPID, wWOCF, fill; exact; reference arm named; Breslow
    [0x00, 0x80, 0x00, 0x04],  # typed columns, covariates
]
two = cut("", 5, 8)
three = cut("three-arm/", 4, 6)
for ctl in controls:
    put("tables", table_seed(ctl, *two))
    put("tables", table_seed(ctl, *three))

tiny = [
    # semicolons and decimal commas, no rescue table
    ("ID;ARM;BASE\n1;Placebo;6\n2;Active;5,5\n3;Placebo;7\n4;Active;6\n",
     "ID;TIME;SCORE\n1;0;6\n1;4,5;5\n1;24;3\n2;0;5,5\n2;6;\n2;24;2\n3;1;7\n3;12;6\n4;2;4\n4;24;1\n",
     None),
    # tab-delimited with an empty rescue table
    ("USUBJID\tTRT01P\tBASE\tAGE\nA\tPlacebo\t8\t40\nB\tDrug\t7\t55\nC\tPlacebo\t9\t61\nD\tDrug\t6\t38\n",
     "USUBJID\tATPTN\tAVAL\nA\t4\t8\nA\t8\t7\nB\t4\t3\nB\t8\t2\nC\t4\t9\nC\t24\t8\nD\t0\t6\nD\t24\t1\n",
     "USUBJID\tRESCTIME\n"),
    # quotes, BOM, CRLF, sep= line, VAS, rescue with drug names, a duplicate time
    ("\ufeffsep=,\r\n\"id\",\"treatment\",\"baseline\"\r\n\"x,1\",\"Placebo\",70\r\nx2,Active,80\r\nx3,Placebo,65\r\nx4,Active,90\r\n",
     "id,hours,VAS\r\n\"x,1\",0,70\r\n\"x,1\",4,60\r\nx2,4,50\r\nx2,4,55\r\nx2,24,10\r\nx3,8,NA\r\nx3,20,60\r\nx4,6,.\r\nx4,30,40\r\n",
     "id,time,drug,dose,opioid,mme\r\nx2,5,morphine,10,Y,\r\nx3,9,tramadol,50,yes,10\r\nx4,4,paracetamol,1000,N,0\r\n"),
    # ADaM names with arm and baseline in the pain table, PARAMCD
    ("USUBJID,TRT01A,BASE,SITEID\nP-1,Placebo,5,01\nP-2,Active,6,01\nP-3,Placebo,4,02\nP-4,Active,5,02\nP-5,Active,7,02\n",
     "USUBJID,PARAMCD,TRTA,BASE,ARELTM,AVAL\nP-1,PAIN,Placebo,5,1,5\nP-1,PAIN,Placebo,5,2,4\nP-2,PAIN,Active,6,1,3\nP-3,PAIN,Placebo,4,1,4\nP-4,PAIN,Active,5,1,2\nP-5,PAIN,Active,7,-1,7\n",
     "USUBJID,ADTM,DRUG\nP-1,1.5,oxycodone\nP-1,1.5,oxycodone\n"),
]
for s, p, r in tiny:
    for ctl in controls[:3]:
        put("tables", table_seed(ctl, s, p, r))

# ---- options: JSON objects analysed with a built-in example ----
options = [
    b"{}",
    b'{"window":{"start":0,"end":8}}',
    b'{"alpha":0.025,"confLevel":0.9,"primaryEndpoint":"spid","primaryTest":"wilcoxon",'
    b'"rescueTest":"chisqYates","rescueOpioidOnly":true}',
    b'{"imputation":{"postRescue":"wWocf","postRescueScope":"toEndOfWindow","dropout":"locf",'
    b'"interpolateGaps":true,"fillWindowEnd":true,"rescueWindowByDrug":{"tramadol":4}},'
    b'"sensitivity":true}',
    b'{"model":{"covariates":["AGE","SEX"],"subgroups":["ANESTH"],"moderators":["LIDOVOL"],'
    b'"moderatorValues":[10,20]},"strata":{"column":"SITEID","cmhCorrect":false}}',
    b'{"survival":{"confType":"logLog","ties":"breslow"},"timeToRescue":{"landmark":true},'
    b'"intervals":{"cuts":[0,2,4,24],"opioidOnly":false},"responderThresholds":[0.3,0.5,1]}',
    b'{"referenceArm":"Placebo","input":{"scale":{"custom":{"min":0,"max":100}},"decimal":"point",'
    b'"columns":{"pain":{"score":"VAS"}}},"wilcoxon":{"method":"exact","correct":false}}',
    b'{"mme":{"useColumn":false,"version":"x","factors":{"oxycodone":1.5}},'
    b'"window":{"start":0.0001,"end":1e300}}',
]
for o in options:
    put("options", o)

# ---- readers: tiny hand-made files ----
XPT5 = b"HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!000000000000000000000000000000  "
XPT8 = b"HEADER RECORD*******LIBV8   HEADER RECORD!!!!!!!000000000000000000000000000000  "
SAS = bytes([0] * 12 + [0xc2, 0xea, 0x81, 0x60, 0xb3, 0x14, 0x11, 0xcf, 0xbd, 0x92, 0x08,
                         0x00, 0x09, 0xc7, 0x31, 0x8c, 0x18, 0x1f, 0x10, 0x11])
djson = (b'{"datasetJSONVersion":"1.1.0","name":"ADSL","label":"Subjects","records":2,'
         b'"columns":[{"itemOID":"IT.USUBJID","name":"USUBJID","label":"Subject","dataType":"string"},'
         b'{"itemOID":"IT.AGE","name":"AGE","label":"Age","dataType":"integer"}],'
         b'"rows":[["S1",54],["S2",null]]}')
ndjson = (b'{"datasetJSONVersion":"1.1.0","name":"ADSL","records":2,"columns":['
          b'{"itemOID":"IT.USUBJID","name":"USUBJID","dataType":"string"}]}\n["S1"]\n["S2"]\n')

def zipped(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files:
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), text,
                       zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return buf.getvalue()

xlsx = zipped([
    ("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
     '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
     '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    ("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="pain" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    ("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
     '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    ("xl/worksheets/sheet1.xml", '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
     '<row r="1"><c r="A1" t="inlineStr"><is><t>USUBJID</t></is></c><c r="B1" t="inlineStr"><is><t>TIME</t></is></c><c r="C1" t="inlineStr"><is><t>SCORE</t></is></c></row>'
     '<row r="2"><c r="A2" t="inlineStr"><is><t>S1</t></is></c><c r="B2"><v>4</v></c><c r="C2"><v>5.5</v></c></row>'
     '<row r="3"><c r="A3" t="inlineStr"><is><t>S2</t></is></c><c r="B3"><v>8</v></c></row></sheetData></worksheet>'),
])
ods = zipped([
    ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
    ("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
     '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
     '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'),
    ("content.xml", '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
     'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
     '<office:body><office:spreadsheet><table:table table:name="pain">'
     '<table:table-row><table:table-cell office:value-type="string"><text:p>USUBJID</text:p></table:table-cell>'
     '<table:table-cell office:value-type="string"><text:p>TIME</text:p></table:table-cell></table:table-row>'
     '<table:table-row><table:table-cell office:value-type="string"><text:p>S1</text:p></table:table-cell>'
     '<table:table-cell office:value-type="float" office:value="4"><text:p>4</text:p></table:table-cell></table:table-row>'
     '<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2"/></table:table-row>'
     '</table:table></office:spreadsheet></office:body></office:document-content>'),
])

def kind(data):
    """The format target a file belongs to, as ae_readers::sniff would say (roughly)."""
    if data.startswith(b"HEADER RECORD*******LIB"):
        return "xpt"
    if data[:32] == SAS:
        return "sas7bdat"
    if data.startswith(b"PK\x03\x04"):
        return "sheet"
    head = data[:65536].lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"{") and b'"datasetJSONVersion"' in head:
        return "dataset_json"
    return None

hand = [XPT5, XPT8, XPT5 + b" " * 80, SAS + bytes(256), djson, ndjson, xlsx, ods,
        b"USUBJID,TIME\nS1,4\n", b"\x00\x01\x02binary", b"PK\x03\x04"]
fixtures = os.path.join(root, "readers", "tests", "data")
found = []
for dirpath, _, names in os.walk(fixtures):
    for n in sorted(names):
        p = os.path.join(dirpath, n)
        if os.path.getsize(p) <= 64 << 10:  # large fixtures slow the fuzzer down more than they help
            with open(p, "rb") as f:
                found.append(f.read())
for data in hand + found:
    put("readers", data)
    k = kind(data)
    if k:
        put(k, data)
for t in ("xpt", "sas7bdat", "dataset_json", "sheet"):
    os.makedirs(os.path.join(corpus, t), exist_ok=True)

print(f"seed-corpus: {len(found)} reader fixture(s) found under readers/tests/data/; "
      f"added {sum(added.values())} file(s): "
      + (", ".join(f"{t} {n}" for t, n in sorted(added.items())) or "none"), file=sys.stderr)
PY
