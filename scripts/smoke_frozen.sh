#!/usr/bin/env bash
# Smoke-run the frozen program (dist/caseaudit/caseaudit) headless, as a user would:
#   --version · init · demo · audit run --json · findings confirm · report rectification (every
#   font embedded, checked with pdffonts) · backup create/list · signer create + a signed report
#   verified · the GUI starting and staying up (offscreen) with no traceback.
# Usage: scripts/smoke_frozen.sh [path/to/caseaudit]     (called by `make smoke` and `make installer`)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EXE="${1:-$ROOT/dist/caseaudit/caseaudit}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
# keep away from the user's own data, config and keychain
export XDG_DATA_HOME="$TMP/data" XDG_CONFIG_HOME="$TMP/config" XDG_STATE_HOME="$TMP/state" XDG_CACHE_HOME="$TMP/cache"
export CASEAUDIT_SIGNER_PASSPHRASE="smoke-test-passphrase"
unset DBUS_SESSION_BUS_ADDRESS || true
DB=(--db "$TMP/s.sqlite")
fail() { echo "SMOKE FAILED: $*" >&2; exit 1; }
step() { echo "== $*"; }

[ -x "$EXE" ] || fail "$EXE not found (run make installer)"
step "version";  "$EXE" --version
step "init";     "$EXE" "${DB[@]}" init
step "demo";     "$EXE" "${DB[@]}" demo --size 50
step "audit";    "$EXE" "${DB[@]}" audit run --json > "$TMP/audit.json"
python3 - "$TMP/audit.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
assert doc["findings"], "the demo data should give findings"
print(f"   {len(doc['findings'])} findings, codes: {', '.join(sorted(doc['counts']))}")
PY
step "findings confirm"; "$EXE" "${DB[@]}" findings confirm --all
step "report";   "$EXE" "${DB[@]}" report rectification --out "$TMP/r.pdf"
check_fonts() {
  pdffonts "$1" | tee "$TMP/fonts.txt"
  python3 - "$TMP/fonts.txt" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
col = lines[0].index("emb")
fonts = [l for l in lines[2:] if l.strip()]
assert fonts, "no fonts in the PDF"
bad = [l for l in fonts if l[col:col + 3] != "yes"]
assert not bad, f"fonts not embedded: {bad}"
print(f"   all {len(fonts)} fonts embedded")
PY
}
check_fonts "$TMP/r.pdf"
step "backup";   "$EXE" "${DB[@]}" backup create && "$EXE" "${DB[@]}" backup list
step "signer";   "$EXE" "${DB[@]}" signer create --name "冒烟测试单位"
step "signed report"; "$EXE" "${DB[@]}" report rectification --sign --out "$TMP/signed.pdf"
"$EXE" "${DB[@]}" verify-pdf "$TMP/signed.pdf" --json
step "GUI (offscreen, 8 s)"
set +e
QT_QPA_PLATFORM=offscreen timeout 8 "$EXE" "${DB[@]}" 2> "$TMP/gui.err"
rc=$?
set -e
cat "$TMP/gui.err" >&2
[ "$rc" -eq 124 ] || fail "the GUI exited with status $rc before the timeout"
if grep -q -E "Traceback|Error" "$TMP/gui.err"; then fail "the GUI wrote an error on stderr"; fi
echo "   the GUI stayed up until the timeout"
echo "SMOKE OK"
