#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what the tests need from Debian's packages
# (Chromium and CJK fonts for the browser tests, aiosmtpd for the real-SMTP test), then runs
# `dotnet test` on the whole solution and prints one closing line "N passed, N failed"; then follows the
# README's "From an empty database" word for word (scripts/first-start.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
/usr/bin/python3 -c "import aiosmtpd" >/dev/null 2>&1 || need+=(python3-aiosmtpd)
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing test dependencies: ${need[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

log=$(mktemp)
set +e
dotnet test ReformFlow.sln -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# dotnet test prints one summary per test assembly; add them up into the plain closing line.
python3 - "$log" <<'PY'
import re, sys
passed = failed = skipped = 0
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    m = re.search(r"Failed:\s+(\d+), Passed:\s+(\d+), Skipped:\s+(\d+)", line)
    if m:
        failed += int(m.group(1)); passed += int(m.group(2)); skipped += int(m.group(3))
print(f"Tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
rm -f "$log"

# The README's production start, followed word for word on a scratch database (scripts/first-start.sh).
set +e
bash scripts/first-start.sh
first_start=$?
set -e
[ "$status" -ne 0 ] || status=$first_start
exit "$status"
