#!/usr/bin/env bash
# Follows the README's "From an empty database" word for word: its first block starts the app with
# demo mode off (from the repository root), every later block runs in order in one shell (so TOKEN and
# the other variables carry from block to block), in a scratch folder holding the roster files the
# README's blocks name. Only the database and the mail folder are redirected (the app listens where appsettings.json says, localhost:5000), so a developer's
# own database is never touched. Ends with "First start: passed" or exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d)
app_pid=""
cleanup() {
  # The app runs in a session of its own: `dotnet run` starts the app as a child, and both must stop.
  if [ -n "$app_pid" ]; then kill -- -"$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The README's blocks, split at the markers; block 0 starts the app.
python3 - "$repo/README.md" "$work" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
section = text.split("<!-- first-start:begin -->", 1)[1].split("<!-- first-start:end -->", 1)[0]
blocks = re.findall(r"```bash\n(.*?)```", section, re.S)
assert len(blocks) >= 2, "the README's first-start section lost its blocks"
for i, b in enumerate(blocks):
    open(f"{sys.argv[2]}/block{i:02d}.sh", "w", encoding="utf-8").write(b)
PY

# Sample exports from an academic affairs system, as the README's blocks expect them.
bash "$repo/scripts/first-start-files.sh" "$work"

export ConnectionStrings__ReformFlow="Data Source=$work/reformflow.db"
export Mail__PickupFolder="$work/pickup"
if curl -s -o /dev/null localhost:5000/healthz; then echo "port 5000 is in use: stop the app first" >&2; exit 1; fi

(cd "$repo" && exec setsid bash "$work/block00.sh") >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 300); do
  if curl -s -o /dev/null -w '%{http_code}' localhost:5000/healthz | grep -q 200; then break; fi
  if ! kill -0 "$app_pid" 2>/dev/null; then cat "$work/app.log" >&2; echo "the app did not start" >&2; exit 1; fi
  sleep 1
done

# Every other block, in order, in one shell; each must succeed.
{
  echo 'set -euo pipefail'
  for f in "$work"/block*.sh; do [ "$f" = "$work/block00.sh" ] || { echo "echo '--- ${f##*/}'"; cat "$f"; }; done
  cat "$repo/scripts/first-start-checks.sh"
} > "$work/steps.sh"
if ! (cd "$work" && bash "$work/steps.sh"); then
  echo "--- app log" >&2; tail -50 "$work/app.log" >&2
  echo "First start: FAILED" >&2; exit 1
fi
echo "First start: passed"
