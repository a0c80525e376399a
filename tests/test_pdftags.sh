#!/bin/sh
# test_pdftags.sh AUDITDOC GEN_AUDIT SOURCE_DIR — every PDF auditdoc writes is
# tagged as PDF/UA-1 asks (issue 15): tests/pdf_tags.py (Debian's pikepdf)
# checks the sample's packet, matrix and every department report and the
# packet, matrix and a department report of a generated 20×40 audit; and one
# department report reads in the document tree's order: the text of
# `pdfinfo -struct-text`, the text the structure tree holds and the text of
# the document tree (`auditdoc dump --doc`) are the same, blanks aside.
# (test_pdfcheck runs pdf_tags.py on the legal extremes.)
set -eu
auditdoc=$1 gen=$2 src=$3
PY=/usr/bin/python3
$PY -c 'import pikepdf' 2>/dev/null || { echo "python3-pikepdf missing"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1767225600
sample=$src/samples/ryugasaki-r7-first-half.xml
"$auditdoc" build -q "$sample" -o "$tmp/sample"
"$gen" 20 40 "$tmp/in-20x40.xml"
"$auditdoc" build -q "$tmp/in-20x40.xml" -o "$tmp/g20"
legend=$(sed -n 's/^legend = //p' "$src/templates/wording.txt")
fail=0
for pdf in "$tmp/sample/packet.pdf" "$tmp/sample/matrix.pdf" "$tmp/sample/departments/"*.pdf \
           "$tmp/g20/packet.pdf" "$tmp/g20/matrix.pdf" "$(ls "$tmp/g20/departments/"*.pdf | tail -1)"; do
  $PY "$src/tests/pdf_tags.py" "$pdf" --legend "$legend" || fail=$((fail + 1))
done

# reading order of the first department report (id machi in the sample)
dept=$(ls "$tmp/sample/departments/"01_*.pdf)
pdfinfo -enc UTF-8 -struct-text "$dept" > "$tmp/struct.txt"
$PY "$src/tests/pdf_tags.py" "$dept" --struct-text > "$tmp/tree.txt"
"$auditdoc" dump --doc machi "$sample" > "$tmp/doc.txt"
$PY - "$tmp/struct.txt" "$tmp/tree.txt" "$tmp/doc.txt" <<'PYEOF' || fail=$((fail + 1))
import re, sys
def flat(s):
    return "".join(s.split())
struct = flat("".join(re.findall(r'^\s*"(.*)"\s*$', open(sys.argv[1], errors="replace").read(), re.M)))
tree = flat(open(sys.argv[2]).read())
doc = ""
for line in open(sys.argv[3]):
    m = re.match(r'\s*para [^\[]*: \[(.*)\]\s*$', line)
    if m:
        mk = re.search(r' marker="([^"]*)"', line.split(": [")[0])
        doc += (mk.group(1) if mk else "") + m.group(1).replace("\\n", "")
doc = flat(doc)
ok = True
for name, got in (("pdfinfo -struct-text", struct), ("the structure tree", tree)):
    if got != doc:
        i = next((k for k in range(min(len(got), len(doc))) if got[k] != doc[k]), min(len(got), len(doc)))
        print(f"FAIL: {name} differs from the document tree at {i}: {got[i-20:i+40]!r} / {doc[i-20:i+40]!r}")
        ok = False
print(f"reading order: {len(doc)} characters of the department report compared")
sys.exit(0 if ok else 1)
PYEOF
[ $fail -eq 0 ] || { echo "$fail PDFs with flaws"; exit 1; }
echo "tagged: every PDF checked"
