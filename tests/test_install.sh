#!/bin/sh
# test_install.sh BUILD_DIR SOURCE_DIR — `cmake --install` into a temporary
# prefix; the installed binary, run from elsewhere, must find its installed
# templates, fonts and schema (proved by editing the installed wording and
# seeing the edit in the output) and build the sample.
set -eu
build=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
for f in bin/auditdoc share/auditdoc/templates/wording.txt share/auditdoc/templates/layout.txt \
         share/auditdoc/fonts/BIZUDMincho-Regular.ttf share/auditdoc/fonts/OFL.txt \
         share/auditdoc/audit-1.rng; do
  [ -e "$tmp/prefix/$f" ] || { echo "FAIL: $f not installed"; exit 1; }
done
# relocate the prefix: the binary finds share/auditdoc relative to itself
mv "$tmp/prefix" "$tmp/moved"
sed -i 's/^\(dept\.title *= *\).*/\1インストール先の文言/' "$tmp/moved/share/auditdoc/templates/wording.txt"
grep -q 'インストール先の文言' "$tmp/moved/share/auditdoc/templates/wording.txt" || { echo "FAIL: wording key dept.title not found"; exit 1; }
cp "$src/samples/ryugasaki-r7-first-half.xml" "$tmp/in.xml"
cd "$tmp"
env -u AUDITDOC_DATA_DIR "$tmp/moved/bin/auditdoc" build in.xml -o out -q
pdftotext -enc UTF-8 out/departments/01_*.pdf - | tr -d ' \n' | grep -q 'インストール先の文言' \
  || { echo "FAIL: the installed binary did not use the installed templates"; exit 1; }
"$tmp/moved/bin/auditdoc" validate in.xml >/dev/null
echo "1 passed, 0 failed"
