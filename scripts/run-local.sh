#!/usr/bin/env bash
# Runs the connector locally: Azurite, the Key Vault emulator, the TikTok Shop simulator and the
# local Functions host (tools/LocalHost) running the real function classes. Ctrl-C stops them all.
# Ports can be changed with AZURITE_QUEUE_PORT, AZURITE_TABLE_PORT, AZURITE_BLOB_PORT,
# KEYVAULT_PORT, TIKTOK_SIM_PORT and FUNCTIONS_PORT.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/lib.sh

blob_port=${AZURITE_BLOB_PORT:-10000}
queue_port=${AZURITE_QUEUE_PORT:-10001}
table_port=${AZURITE_TABLE_PORT:-10002}
kv_port=${KEYVAULT_PORT:-7073}
sim_port=${TIKTOK_SIM_PORT:-7072}
fn_port=${FUNCTIONS_PORT:-7071}
data=${EMULATOR_DATA:-$root/.emulators}
config=${CONFIGURATION:-Debug}
# The simulator's app. Its secret goes into the Key Vault emulator (secret tiktok-app-secret), never into settings.
sim_app_key=sim-app-key
sim_app_secret=sim-app-secret
sim_service_id=sim-service

ensure_tools
if [ ! -f local.settings.json ]; then
  cp local.settings.sample.json local.settings.json; echo "==> created local.settings.json from the sample"
else
  # Settings added to the sample since local.settings.json was made are added to it (existing values are kept).
  python3 - <<'PY'
import json
sample, local = json.load(open("local.settings.sample.json")), json.load(open("local.settings.json"))
added = [k for k in sample["Values"] if k not in local.setdefault("Values", {})]
for k in added:
    local["Values"][k] = sample["Values"][k]
if added:
    json.dump(local, open("local.settings.json", "w"), indent=2)
    print("==> added to local.settings.json from the sample: " + ", ".join(added))
PY
fi

echo "==> building"
dotnet build tools/LocalHost -c "$config" -nologo -v q
dotnet build tools/KeyVaultEmulator -c "$config" -nologo -v q
sim_project=tools/TikTokSimulator/TikTokSimulator.csproj
[ -f "$sim_project" ] && dotnet build "$sim_project" -c "$config" -nologo -v q

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo "==> stopping ${pids[*]:-nothing}"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap stop_all INT TERM EXIT

mkdir -p "$data/azurite" "$data/keyvault" "$data/logs"
tools/node_modules/.bin/azurite --silent --disableTelemetry --location "$data/azurite" \
  --blobHost 127.0.0.1 --blobPort "$blob_port" --queueHost 127.0.0.1 --queuePort "$queue_port" \
  --tableHost 127.0.0.1 --tablePort "$table_port" >"$data/logs/azurite.log" 2>&1 &
pids+=($!); azurite_pid=$!
dotnet "tools/KeyVaultEmulator/bin/$config/net10.0/KeyVaultEmulator.dll" --data "$data/keyvault" --port "$kv_port" >"$data/logs/keyvault.log" 2>&1 &
pids+=($!); kv_pid=$!
if [ -f "$sim_project" ]; then
  dotnet "tools/TikTokSimulator/bin/$config/net10.0/TikTokSimulator.dll" --port "$sim_port" \
    --app-key "$sim_app_key" --app-secret "$sim_app_secret" --service-id "$sim_service_id" \
    --callback-url "http://127.0.0.1:$fn_port/api/oauth/tiktok/callback" >"$data/logs/tiktok-simulator.log" 2>&1 &
  pids+=($!); sim_pid=$!
fi
wait_for_port "$queue_port" Azurite "$azurite_pid"
wait_for_port "$table_port" Azurite "$azurite_pid"
wait_for_port "$kv_port" "Key Vault emulator" "$kv_pid"
[ -f "$sim_project" ] && wait_for_port "$sim_port" "TikTok Shop simulator" "$sim_pid"

account="devstoreaccount1"
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$key;QueueEndpoint=http://127.0.0.1:$queue_port/$account;TableEndpoint=http://127.0.0.1:$table_port/$account;BlobEndpoint=http://127.0.0.1:$blob_port/$account;"
export KeyVault__Uri="https://127.0.0.1:$kv_port/"
export KeyVault__EmulatorCertificatePath="$data/keyvault/emulator.crt"
export Onboarding__PublicBaseUrl="http://127.0.0.1:$fn_port"
if [ -f "$sim_project" ]; then
  # Seed the Key Vault emulator with the simulator's app secret; the connector reads it by name.
  curl -sS --fail --cacert "$data/keyvault/emulator.crt" -X PUT -H "Authorization: Bearer local" -H "Content-Type: application/json" \
    -d "{\"value\":\"$sim_app_secret\"}" "https://127.0.0.1:$kv_port/secrets/tiktok-app-secret?api-version=7.5" >/dev/null \
    || echo "warning: could not seed the TikTok app secret into the Key Vault emulator" >&2
  export TikTok__AppKey="$sim_app_key"
  export TikTok__AppSecretName="tiktok-app-secret"
  export TikTok__ServiceId="$sim_service_id"
  export TikTok__AuthBaseUrl="http://127.0.0.1:$sim_port"
  export TikTok__OpenApiBaseUrl="http://127.0.0.1:$sim_port"
  export TikTok__AuthorizeUrlCurrent="http://127.0.0.1:$sim_port/open/authorize"
  export TikTok__AuthorizeUrlLegacy="http://127.0.0.1:$sim_port/oauth/authorize"
  export TikTok__AuthorizeUrlUs="http://127.0.0.1:$sim_port/open/authorize"
fi

dotnet "tools/LocalHost/bin/$config/net10.0/Connector.LocalHost.dll" --port "$fn_port" > >(tee "$data/logs/functions.log") 2>&1 &
pids+=($!)
wait_for_port "$fn_port" "Functions host" "${pids[-1]}"

cat <<INFO

  Functions host      http://127.0.0.1:$fn_port/api/health
  Support console     http://127.0.0.1:$fn_port/api/console/  (development sign-in: any name and e-mail)
  Azurite             queues http://127.0.0.1:$queue_port  tables http://127.0.0.1:$table_port  (data $data/azurite)
  Key Vault emulator  https://127.0.0.1:$kv_port/  (certificate $data/keyvault/emulator.crt)
INFO
[ -f "$sim_project" ] && echo "  TikTok simulator    http://127.0.0.1:$sim_port/"
echo "  Logs                $data/logs/   -- Ctrl-C stops everything"
wait "${pids[-1]}"
