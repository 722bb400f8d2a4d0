#!/usr/bin/env bash
# Render the Word minutes of a journal as PNG pages, as a person would see them printed:
#   docs/render-minutes.sh JOURNAL [OUTDIR]
# Needs LibreOffice (soffice) and poppler (pdftoppm): apt-get install libreoffice-writer-nogui
# poppler-utils. Writes OUTDIR/minutes.docx, minutes.pdf and minutes-N.png (default: a temp dir).
set -euo pipefail
journal=${1:?usage: docs/render-minutes.sh JOURNAL [OUTDIR]}
out=${2:-$(mktemp -d)}
here=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$here/.venv/bin/python}
mkdir -p "$out"
"$python" -m facilitator export "$journal" --format docx -o "$out/minutes.docx" --force
(cd "$out" && soffice --headless --convert-to pdf minutes.docx >/dev/null)
pdftoppm -png -r 80 "$out/minutes.pdf" "$out/minutes"
ls "$out"/minutes*.png
