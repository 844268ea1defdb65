#!/usr/bin/env bash
# The test command (README, .ci/run): install what the tests need where it is missing, then run
# formatting, lints and every test. The tests check our files with tools nobody here wrote.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
# Calc: the spreadsheet tests build workbooks with LibreOffice (tests/sheets).
dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  echo "installing ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
python3 -c 'import docx, fontTools, openpyxl' >/dev/null 2>&1 || python3 -m pip install -q python-docx fonttools openpyxl

cargo fmt --all -- --check
cargo clippy --all-targets -- -D warnings
cargo test --release
