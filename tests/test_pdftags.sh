#!/bin/sh
# test_pdftags.sh AUDITDOC GEN_AUDIT SOURCE_DIR — every PDF auditdoc writes is
# tagged as PDF/UA-1 asks (issue 15): tests/pdf_tags.py (Debian's pikepdf)
# checks the sample's packet, matrix and every department report and the
# packet, matrix and a department report of a generated 20×40 audit; and the
# sample's documents read in the document tree's order: the text of
# `pdfinfo -struct-text` (a department report: it is slow on large files)
# and the text the structure tree holds (the packet, the matrix, the report)
# are the text of the document tree (`auditdoc dump --doc`), blanks aside.
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

# reading order: the first department report (id machi in the sample)
# through pdfinfo and through the tree, the packet and the matrix through
# the tree; a legend left out where the next table fitted is not compared
dept=$(ls "$tmp/sample/departments/"01_*.pdf)
pdfinfo -enc UTF-8 -struct-text "$dept" > "$tmp/struct.txt"
for d in machi packet matrix; do
  pdf=$tmp/sample/$d.pdf
  [ $d = machi ] && pdf=$dept
  $PY "$src/tests/pdf_tags.py" "$pdf" --struct-text > "$tmp/tree-$d.txt"
  "$auditdoc" dump --doc $d "$sample" > "$tmp/doc-$d.txt"
done
$PY - "$tmp" "$legend" <<'PYEOF' || fail=$((fail + 1))
import re, sys
tmp, legend = sys.argv[1], sys.argv[2]
def flat(s):
    return "".join(s.split()).replace("".join(legend.split()), "")
def doc_text(path):
    out = ""
    for line in open(path):
        head, sep, runs = line.partition(": [")
        if not line.lstrip().startswith("para ") or not sep:
            continue
        mk = re.search(r' marker="([^"]*)"', head)
        text = ""
        for run in re.findall(r'\[(.*?)\](?= \[|\s*$)', "[" + runs):
            text += re.sub(r'^(?:(?:b|g|u|#[0-9A-F]{6}|->\S+) )*', '', run).replace("\\n", "")
        out += (mk.group(1) if mk else "") + text
    return flat(out)
ok = True
checks = [("pdfinfo -struct-text of the department report",
           flat("".join(re.findall(r'^\s*"(.*)"\s*$', open(f"{tmp}/struct.txt", errors="replace").read(), re.M))),
           "machi")]
checks += [(f"the structure tree of {d}", flat(open(f"{tmp}/tree-{d}.txt").read()), d)
           for d in ("machi", "packet", "matrix")]
for name, got, d in checks:
    doc = doc_text(f"{tmp}/doc-{d}.txt")
    if got != doc:
        i = next((k for k in range(min(len(got), len(doc))) if got[k] != doc[k]), min(len(got), len(doc)))
        print(f"FAIL: {name} differs from the document tree at {i}: {got[i-20:i+40]!r} / {doc[i-20:i+40]!r}")
        ok = False
    else:
        print(f"reading order: {name}: {len(doc)} characters as in the document tree")
sys.exit(0 if ok else 1)
PYEOF
[ $fail -eq 0 ] || { echo "$fail PDFs with flaws"; exit 1; }
echo "tagged: every PDF checked"
