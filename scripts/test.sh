#!/usr/bin/env bash
# The test command: installs what the tests need, validates the Compose file, runs every test.
# Azurite and Redis are started (on free loopback ports) and stopped by the test fixtures themselves.
#
#   ./scripts/test.sh                      # everything
#   ./scripts/test.sh --filter "FullyQualifiedName~Infrastructure"   # extra args go to dotnet test
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false

started=$SECONDS
step() { printf '\n==> %s (%ss)\n' "$*" "$((SECONDS - started))"; }

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
apt_updated=""
apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  if [ -z "$apt_updated" ]; then
    $SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq || return 1
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "$@"
}

# 1. Azurite, pinned in tools/package-lock.json.
step "Azurite (tools/package-lock.json)"
if [ ! -x tools/node_modules/.bin/azurite ] \
  || [ ! -f tools/node_modules/.package-lock.json ] \
  || [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then
  command -v npm >/dev/null 2>&1 || { echo "npm is required to install Azurite (Node.js 20+)." >&2; exit 1; }
  rm -rf tools/node_modules
  npm ci --prefix tools --no-audit --no-fund --loglevel=error
fi
echo "azurite $(tools/node_modules/.bin/azurite --version)"

# 2. Redis.
step "redis-server"
if ! command -v redis-server >/dev/null 2>&1; then
  apt_install redis-server || { echo "redis-server is missing and apt-get could not install it." >&2; exit 1; }
  # Debian's package starts a system service on 6379; the tests use their own servers on free ports.
fi
redis-server --version

# 3. Chromium for the headless browser check of /docs (Debian's package; the tests never download a browser).
#    Playwright's driver comes in its NuGet package and launches this chromium by path: no `playwright install`.
step "chromium"
if ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM_PATH:-}" ]; then
  apt_install chromium || echo "warning: could not install chromium; the browser tests will fail with a hint." >&2
fi
command -v chromium >/dev/null 2>&1 && chromium --version 2>/dev/null || true

# 4. docker-compose.yml must be valid (no engine here: config only).
step "docker-compose.yml"
if ! command -v docker-compose >/dev/null 2>&1; then
  apt_install docker-compose || echo "warning: could not install docker-compose; trying 'docker compose'." >&2
fi
if command -v docker-compose >/dev/null 2>&1; then
  docker-compose -f docker-compose.yml config -q
  echo "docker-compose.yml is valid ($(docker-compose version --short 2>/dev/null || echo docker-compose))"
elif docker compose version >/dev/null 2>&1; then
  docker compose -f docker-compose.yml config -q
  echo "docker-compose.yml is valid (docker compose)"
else
  echo "warning: neither docker-compose nor 'docker compose' is available; docker-compose.yml NOT validated." >&2
fi

# 5. Build and test.
step "dotnet test"
RESULTS="$ROOT/TestResults"
rm -rf "$RESULTS"
# The fixtures record the services they start here; whatever a crashed test host left is killed below.
export IMAGEFUNCTIONS_TEST_PIDDIR="$RESULTS/pids"
status=0
dotnet test ImageFunctions.sln -c Release \
  --logger "console;verbosity=normal" \
  --logger "trx" \
  --results-directory "$RESULTS" \
  --blame-hang-timeout 5m --blame-hang-dump-type none \
  "$@" || status=$?

# 6. The README's end-to-end benchmark command, as a smoke test: it starts the host, runs a 3-image job and checks the
#    ZIP (no timing is judged). Skipped when arguments narrow the run.
smoke=0
if [ "$#" -eq 0 ]; then
  step "e2e harness smoke run"
  dotnet run -c Release --project ImageFunctions.Benchmarks -- \
    e2e --images 3 --size 64x64 --input png --filter invert --runs 1 || smoke=$?
  if [ "$smoke" -ne 0 ]; then
    echo "The e2e harness smoke run failed with exit code $smoke." >&2
    [ "$status" -ne 0 ] || status=$smoke
  fi
fi

for pidfile in "$IMAGEFUNCTIONS_TEST_PIDDIR"/*.pid; do
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    echo "warning: killing leftover test service $(basename "$pidfile" .pid)" >&2
    kill -9 "$pid" 2>/dev/null || true
  fi
done

# 7. One closing summary line, summed over every TRX file (the smoke run counts as one more test).
passed=0; failed=0; skipped=0; found=0
shopt -s nullglob
for trx in "$RESULTS"/*.trx; do
  found=$((found + 1))
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  attr() { local v; v="$(printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p")"; echo "${v:-0}"; }
  total=$(attr total); executed=$(attr executed)
  passed=$((passed + $(attr passed)))
  failed=$((failed + $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted)))
  skipped=$((skipped + total - executed))
done
if [ "$#" -eq 0 ]; then
  if [ "$smoke" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $status without a failing test result (build error, crash or hang); counted as 1 failure." >&2
  failed=1
fi
step "done: dotnet test exit code $status, $found result file(s) in TestResults/"
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
