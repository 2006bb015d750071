#!/usr/bin/env bash
# The audit workbook test recalculates exports in a real spreadsheet: LibreOffice Calc, headless.
set -euo pipefail
if command -v soffice >/dev/null 2>&1; then exit 0; fi
echo "LibreOffice is missing: installing Debian's libreoffice-calc-nogui package."
if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libreoffice-calc-nogui >/dev/null
command -v soffice >/dev/null 2>&1 || { echo "LibreOffice could not be installed: the workbook recalculation test cannot run." >&2; exit 1; }
