#!/usr/bin/env bash
# Runs the benchmark suite (bench/Connector.Bench): installs what it needs, builds in Release, and
# runs every figure beside its comparison against Azurite, the Key Vault emulator and the TikTok Shop simulator, all
# started by the suite on free loopback ports and stopped at its end. Writes bench/results/latest.json and the table
# between the bench markers in README.md. Bounded to 15 minutes.
#   scripts/bench.sh            the full suite
#   scripts/bench.sh --quick    small sizes, to try it out (bench/results/quick.json, README untouched)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/lib.sh

ensure_tools
echo "==> build (Release)"
dotnet build bench/Connector.Bench -c Release -nologo -v q
BENCH_COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
export BENCH_COMMIT

# Own process group, so whatever the suite started (Azurite, the backfill child) goes with it, even on a crash.
setsid timeout --signal=TERM --kill-after=15 900 dotnet bench/Connector.Bench/bin/Release/net10.0/Connector.Bench.dll "$@" &
bench_pid=$!
stop_bench() {
  kill -TERM -- -"$bench_pid" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 -- -"$bench_pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL -- -"$bench_pid" 2>/dev/null || true
}
trap stop_bench INT TERM EXIT
wait "$bench_pid"
