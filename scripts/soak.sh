#!/usr/bin/env bash
# The fault soak (bench/Connector.Soak), seeded and bounded in time. Every flow at once (orders and webhooks, stock in
# with stock-outs, shipments, labels, after-sales approvals, listings through a profile, token expiries and a seller
# deauthorizing the app) while random 429s, 500s, timeouts, malformed JSON and lost answers (the call carried out, the
# answer dropped) hit the TikTok simulator; the worker
# (tools/LocalHost running the real function classes, a process of its own) killed at random points and restarted;
# Azurite (on disk) and the Key Vault emulator restarted once each. At the end, per flow, what TikTok and the back office
# should hold is compared with what they hold; it fails unless every flow's missing, duplicated and different are 0.
#   scripts/soak.sh                 the full soak (7 minutes of faults, under 10 minutes in all)
#   scripts/soak.sh --short         under 2.5 minutes (scripts/test.sh runs this)
#   options: --seed N  --shops N  --duration S  --settle S  --no-build  --keep (keep data and logs even when it passes)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/lib.sh

build=1; keep=0; limit=600; pass=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    --keep) keep=1 ;;
    --short) limit=150; pass+=("$arg") ;;
    *) pass+=("$arg") ;;
  esac
done

ensure_tools
if [ "$build" -eq 1 ]; then
  echo "==> build (Release)"
  dotnet build tools/LocalHost -c Release -nologo -v q
  dotnet build bench/Connector.Soak -c Release -nologo -v q
fi

data=$(mktemp -d "${TMPDIR:-/tmp}/connector-soak.XXXXXX")
# Own process group: the driver's children (Azurite, the worker) go with it whatever happens.
setsid timeout --signal=TERM --kill-after=15 "$limit" dotnet bench/Connector.Soak/bin/Release/net10.0/Connector.Soak.dll --data "$data" "${pass[@]}" &
soak_pid=$!
stop_soak() {
  kill -TERM -- -"$soak_pid" 2>/dev/null || return 0
  for _ in $(seq 75); do kill -0 -- -"$soak_pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL -- -"$soak_pid" 2>/dev/null || true
}
trap 'stop_soak; exit 130' INT TERM
set +e
wait "$soak_pid"; rc=$?
set -e
trap - INT TERM
kill -KILL -- -"$soak_pid" 2>/dev/null || true
[ "$rc" -eq 124 ] && echo "soak FAILED: not finished within $limit s"
if [ "$rc" -eq 0 ] && [ "$keep" -eq 0 ]; then rm -rf "$data"; else echo "data and logs: $data"; fi
exit "$rc"
