#!/bin/sh
# install-deps.sh — installs the Debian 12 packages auditdoc needs, when missing.
#   scripts/install-deps.sh          what building and running auditdoc needs
#   scripts/install-deps.sh --test   also what the test suite uses
# Build: cmake gcc pkg-config libxml2-dev libzip-dev libdeflate-dev libcairo2-dev libpango1.0-dev
#        liblcms2-dev (Little CMS: the sRGB profile of the PDF/A output intent)
#        libicu-dev (phrase-aware line breaks, eras; libxml2 links ICU already)
# Test:  check libxml2-utils (xmllint) qpdf poppler-utils (pdftotext, pdffonts,
#        pdfinfo) unzip libreoffice-writer-nogui (opens the DOCX) clang (fuzzer)
#        valgrind python3-fonttools mupdf-tools (check the PDF fonts and files)
#        ghostscript default-jre-headless libpdfbox2-java libjaxb-api-java
#        libactivation-java (PDFBox Preflight: the PDFs are PDF/A-1b; Ghostscript: silent)
#        python3-pikepdf (tests/pdf_glyphs.py: glyph 0 in content streams)
#        nodejs npm (tests/viewers: PDFium's text, as Chrome and Edge search it;
#        only when the node or npm command is missing: a Node.js from elsewhere,
#        e.g. NodeSource's package that brings its own npm, is used as it is)
set -eu
pkgs="cmake gcc make pkg-config libxml2-dev libzip-dev libdeflate-dev libcairo2-dev libpango1.0-dev liblcms2-dev libicu-dev libssl-dev"
if [ "${1:-}" = "--test" ]; then
  pkgs="$pkgs check libxml2-utils qpdf poppler-utils unzip libreoffice-writer-nogui clang libclang-rt-dev valgrind python3-fonttools mupdf-tools ghostscript default-jre-headless libpdfbox2-java libjaxb-api-java libactivation-java python3-pikepdf"
  command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
  command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"
fi
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "install-deps: installing:$missing"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
