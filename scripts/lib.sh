#!/usr/bin/env bash
# Shared by run-local.sh and test.sh. Source it; it defines functions only.

# Installs what the scripts need from the registries this machine reaches: Azurite (npm ci).
ensure_tools() {
  if ! command -v dotnet >/dev/null; then echo "dotnet SDK not found (see global.json)" >&2; return 1; fi
  if ! command -v npm >/dev/null; then echo "node/npm not found: apt-get install nodejs npm" >&2; return 1; fi
  # Reinstall only when the lock file's content changed (not its timestamp: worktrees and clones touch it).
  local want stamp="tools/node_modules/.connector-lock.sha256"
  want=$(sha256sum tools/package-lock.json | cut -d' ' -f1)
  if [ ! -x tools/node_modules/.bin/azurite ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "==> npm ci (Azurite)"
    npm ci --prefix tools --no-audit --no-fund --loglevel=error && echo "$want" >"$stamp"
  fi
}

# Installs Debian's Chromium for the browser tests (tests/Connector.BrowserTests) when /usr/bin/chromium is missing.
ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  echo "==> apt-get install chromium (browser tests)"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}

# Waits until a TCP port on 127.0.0.1 accepts connections; gives up early if process $3 has exited.
wait_for_port() {
  local port=$1 name=$2 pid=${3:-} tries=${4:-300}
  for _ in $(seq "$tries"); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then echo "$name exited before listening on 127.0.0.1:$port" >&2; return 1; fi
    sleep 0.2
  done
  echo "$name did not listen on 127.0.0.1:$port" >&2
  return 1
}

# Prints a free loopback TCP port.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
