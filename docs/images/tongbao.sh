#!/usr/bin/env bash
# Regenerates docs/images/tongbao-page1.png, page 1 of the example register's June 2024 通报 as Word
# prints it, for the README.  Needs LibreOffice and poppler-utils (Debian: libreoffice-writer-nogui,
# poppler-utils, fonts-noto-cjk, fonts-arphic-uming, fonts-arphic-ukai).  Run from the repository root:
#     bash docs/images/tongbao.sh
set -euo pipefail
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pdca="${PDCA:-.venv/bin/pdca}"
"$pdca" report registers/example --month 2024-06 --format docx --number 7 -o "$work/tongbao.docx"
FONTCONFIG_FILE="$PWD/pdca/formats/fonts/fonts.conf" soffice "-env:UserInstallation=file://$work/profile" \
    --headless --convert-to pdf --outdir "$work" "$work/tongbao.docx" >/dev/null
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$work/tongbao.pdf" docs/images/tongbao-page1
echo "wrote docs/images/tongbao-page1.png"
