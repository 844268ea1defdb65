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
# The web app's end-to-end tests: Debian's chromium (never a downloaded browser), node for
# playwright-core, unzip to read the exported ZIP.
[ -x "${LAUAZYM_CHROMIUM:-/usr/bin/chromium}" ] || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
command -v unzip >/dev/null 2>&1 || need+=(unzip)
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

# End-to-end: the release binary in a real browser (tests/e2e/run.mjs). It is the binary
# `cargo test --release` built for the CLI tests: a separate `cargo build --release` would rebuild
# every dependency (without the dev-dependencies, features unify differently), minutes for nothing.
# `npm ci` installs exactly the locked playwright-core and never a browser.
(cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
node tests/e2e/run.mjs
