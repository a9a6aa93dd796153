#!/usr/bin/env bash
# Runs every test project (unit, integration, end-to-end) against real parts on loopback, then checks
# that scripts/run-local.sh brings the connector up. The test fixtures start and stop Azurite and the
# Key Vault emulator once per test assembly; then a short fault soak (scripts/soak.sh --short) counts as one test.
# Last line: "N passed, N failed, N skipped".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/lib.sh

results="$root/TestResults"
rm -rf "$results"; mkdir -p "$results"
passed=0; failed=0; skipped=0

cleanup() {
  # Anything a crashed test run left behind from this checkout.
  pkill -f "$root/tools/node_modules/.bin/azurite" 2>/dev/null || true
}
trap cleanup EXIT

summary() { echo "$passed passed, $failed failed, $skipped skipped"; }

if ! ensure_tools; then failed=1; summary; exit 1; fi
ensure_chromium || echo "could not install chromium: tests/Connector.BrowserTests will fail" >&2

echo "==> build (the real isolated-worker packages; warnings are errors)"
if ! dotnet build ConnectorFunctions.sln -c Release -nologo -v q; then
  echo "build failed"; failed=1; summary; exit 1
fi

echo "==> publish: the package azure.yaml deploys (functions.metadata, extensions.json, host.json)"
publish_dir="$results/publish"
if dotnet publish functions/Connector.Functions.csproj -c Release --no-build -o "$publish_dir" -nologo -v q >"$results/publish.log" 2>&1 \
   && python3 scripts/check-package.py functions "$publish_dir"; then
  passed=$((passed + 1)); echo "publish passed"
else
  failed=$((failed + 1)); echo "publish failed"; tail -n 40 "$results/publish.log"
fi

test_exit=0
for project in tests/*/*Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "==> dotnet test $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" 2>&1 | tee "$results/$name.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || test_exit=1
done

# Count from the TRX files (one per test assembly).
read -r p f s < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is None: continue
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    s += int(c.get("notExecuted", 0)) + int(c.get("inconclusive", 0))
print(p, f, s)
PY
)
passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
if [ "$test_exit" -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed + 1)); echo "dotnet test exited $test_exit"; fi

echo "==> smoke: scripts/run-local.sh answers /api/health with 200"
smoke_data=$(mktemp -d)
fn_port=$(free_port)
AZURITE_BLOB_PORT=$(free_port) AZURITE_QUEUE_PORT=$(free_port) AZURITE_TABLE_PORT=$(free_port) \
KEYVAULT_PORT=$(free_port) TIKTOK_SIM_PORT=$(free_port) FUNCTIONS_PORT=$fn_port EMULATOR_DATA="$smoke_data" CONFIGURATION=Release \
  scripts/run-local.sh >"$results/run-local.log" 2>&1 &
smoke_pid=$!
status=000
for _ in $(seq 240); do
  status=$(curl -s -o "$results/health.json" -w '%{http_code}' "http://127.0.0.1:$fn_port/api/health" || true)
  [ "$status" = 200 ] && break
  sleep 0.5
done
# run-local.sh stops what it started on TERM (Ctrl-C in a terminal does the same).
kill -TERM "$smoke_pid" 2>/dev/null
wait "$smoke_pid" 2>/dev/null
if pgrep -f -- "--port $fn_port" >/dev/null; then
  echo "run-local.sh left its Functions host running"; failed=$((failed + 1)); pkill -f -- "--port $fn_port"
fi
if [ "$status" = 200 ]; then
  passed=$((passed + 1)); echo "smoke passed: $(cat "$results/health.json")"
else
  failed=$((failed + 1)); echo "smoke failed: /api/health answered $status"; tail -n 40 "$results/run-local.log"
fi
rm -rf "$smoke_data"

echo "==> soak: scripts/soak.sh --short (every flow under TikTok faults, worker kills, Azurite and Key Vault restarts; per flow nothing missing, duplicated or different)"
if scripts/soak.sh --short --no-build >"$results/soak.log" 2>&1; then
  passed=$((passed + 1)); echo "soak passed: $(grep -E '^  missing' "$results/soak.log")"; grep -E '^  \| ' "$results/soak.log" || true
else
  failed=$((failed + 1)); echo "soak failed"; tail -n 40 "$results/soak.log"
fi

summary
[ "$failed" -eq 0 ]
