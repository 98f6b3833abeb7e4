#!/usr/bin/env bash
# Installs the Debian packages keyfig needs to build, run and test, and
# nothing else.  `apt-get update` runs only when something must be
# installed.  Usage: scripts/deps.sh [build|test|fuzz|ci|bench]
set -euo pipefail
build_pkgs=(cmake make gcc pkg-config libcairo2-dev libpango1.0-dev
  libxlsxwriter-dev libyaml-dev libpng-dev zlib1g-dev librsvg2-dev fontconfig
  fonts-inter
  hyphen-fr hyphen-en-gb hyphen-en-us)
# fonts-open-sans, fonts-liberation2: brand families other than Inter,
# copied into a folder at test time (tests/test_brand.py); python3-fonttools
# sets a copy's licence bits there.
test_pkgs=(poppler-utils qpdf python3 python3-pdfminer python3-openpyxl
  python3-jsonschema python3-yaml python3-pikepdf fonts-open-sans
  fonts-liberation2 python3-fonttools)
# CI also converts the workbooks with LibreOffice and runs the example
# build under valgrind (each test skips, saying so, where its tool is
# absent): large packages, so not for every developer.
ci_pkgs=(libreoffice-calc-nogui valgrind)
# `make fuzz`: libFuzzer comes with clang's runtime libraries; CI fuzzes too.
fuzz_pkgs=(clang-14 libclang-rt-14-dev)
# `make bench` only: the peers keyfig is measured against (bench/peers/),
# and a TrueType font for ReportLab, which cannot embed Inter's
# CFF-flavoured OpenType files.  Never needed to build or test.
bench_pkgs=(python3 python3-yaml python3-matplotlib python3-xlsxwriter
  python3-reportlab fonts-dejavu-core)
want=("${build_pkgs[@]}")
case "${1:-build}" in
  test) want+=("${test_pkgs[@]}") ;;
  fuzz) want+=("${fuzz_pkgs[@]}") ;;
  bench) want+=("${bench_pkgs[@]}") ;;
  ci) want+=("${test_pkgs[@]}" "${ci_pkgs[@]}" "${fuzz_pkgs[@]}") ;;
esac
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "keyfig: missing Debian packages: ${missing[*]}" >&2
  echo "  run as root, or: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "keyfig: installing ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
