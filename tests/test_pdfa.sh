#!/bin/sh
# test_pdfa.sh AUDITDOC GEN_AUDIT SOURCE_DIR — every PDF auditdoc writes is
# PDF/A-1b: Apache PDFBox Preflight (Debian: default-jre-headless
# libpdfbox2-java libjaxb-api-java libactivation-java) must call the
# sample's packet, matrix and one department report, and the packet, matrix
# and a department report of a generated 20×40 audit, valid PDF/A-1b files;
# qpdf --check and Ghostscript must find nothing to say about them.
# Exit 77 (skipped) when Preflight is missing, unless AD_REQUIRE_PREFLIGHT=1.
set -eu
auditdoc=$1 gen=$2 src=$3
J=/usr/share/java
CP=$J/preflight.jar:$J/pdfbox2.jar:$J/fontbox2.jar:$J/xmpbox.jar:$J/commons-logging.jar:$J/javax.activation.jar:$J/jaxb-api.jar
if [ ! -f $J/preflight.jar ] || ! command -v java >/dev/null; then
  echo "Preflight not installed (scripts/install-deps.sh --test installs it)"
  [ "${AD_REQUIRE_PREFLIGHT:-0}" = 1 ] && exit 1
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1767225600
"$auditdoc" build -q "$src/samples/ryugasaki-r7-first-half.xml" -o "$tmp/sample"
"$gen" 20 40 "$tmp/in-20x40.xml"
"$auditdoc" build -q "$tmp/in-20x40.xml" -o "$tmp/g20"
fail=0 n=0
for pdf in "$tmp/sample/packet.pdf" "$tmp/sample/matrix.pdf" "$tmp/sample/departments/01_"*.pdf \
           "$tmp/g20/packet.pdf" "$tmp/g20/matrix.pdf" "$(ls "$tmp/g20/departments/"*.pdf | tail -1)"; do
  n=$((n + 1))
  name=${pdf#"$tmp/"}
  out=$(java -cp "$CP" org.apache.pdfbox.preflight.Validator_A1b "$pdf" 2>&1) || true
  if ! printf '%s\n' "$out" | grep -q "is a valid PDF/A-1b file"; then
    echo "FAIL: $name is not valid PDF/A-1b:"
    printf '%s\n' "$out" | grep -E '^[0-9]+\.[0-9.]+ :' | sort | uniq -c | sort -rn | head -8
    fail=$((fail + 1))
    continue
  fi
  # the XMP claims it
  grep -aq '<pdfaid:part>1</pdfaid:part>' "$pdf" || { echo "FAIL: $name: no pdfaid:part 1"; fail=$((fail + 1)); }
  if command -v qpdf >/dev/null; then
    q=$(qpdf --check "$pdf" 2>&1) || { echo "FAIL: qpdf --check $name: $q"; fail=$((fail + 1)); }
    printf '%s\n' "$q" | grep -qi "warning" && { echo "FAIL: qpdf warns on $name: $q"; fail=$((fail + 1)); }
  fi
  if command -v gs >/dev/null; then
    g=$(gs -q -dNOPAUSE -dBATCH -dPDFSTOPONERROR -dPDFSTOPONWARNING -sDEVICE=nullpage "$pdf" 2>&1) ||
      { echo "FAIL: Ghostscript on $name: $g"; fail=$((fail + 1)); }
    [ -z "$g" ] || { echo "FAIL: Ghostscript says on $name: $g"; fail=$((fail + 1)); }
  fi
done
echo "$((n - fail)) passed, $fail failed"
[ "$fail" = 0 ]
