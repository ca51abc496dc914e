#!/usr/bin/env bash
# Saga Shop: every test, in one command.
#   1. mvn verify: formatting, unit tests (aggregates, sagas, projections, web slices, architecture
#      rules) and one integration test per service against the machine's real PostgreSQL and RabbitMQ
#   2. the web front end's type check and component tests (Vitest)
#   3. ./run.sh: the whole system, as a user starts it (it also builds the front end)
#   4. the system tests: drive the running system only through the gateway, as a user would
#   5. the browser tests: Playwright driving Debian's Chromium through the shop the gateway serves
#   6. the fault injection (./faults.sh, RELIABILITY.md): 2000 orders while every process is killed
#      and restarted, RabbitMQ and PostgreSQL restart and poison arrives; SAGASHOP_FAULT_ORDERS
#      changes the number of orders, SAGASHOP_FAULT_ORDERS=0 skips the stage
#   7. scale-out: a second instance of every domain service joins the running system
#      (SAGASHOP_INSTANCES=2 ./run.sh), and orders must still end exactly once
#   8. ./run.sh stop (only if this script started the system)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
GATEWAY_URL="http://localhost:${GATEWAY_PORT:-8080}"

echo; echo "== unit and integration tests"
mvn -B verify

echo; echo "== web front end: type check and component tests"
(cd frontend && npm ci --no-audit --no-fund && npm run lint && npm test)

started_here=0
if ! ./run.sh status | grep -q '^gateway: running'; then
  started_here=1
  trap './run.sh stop' EXIT
fi

echo; echo "== starting the whole system"
./run.sh

echo; echo "== system tests through the gateway"
mvn -B -pl infra/system-tests -Psystem test -Dsagashop.gateway="$GATEWAY_URL"

echo; echo "== browser tests through the gateway"
frontend/scripts/ensure-chromium.sh
(cd frontend && SAGASHOP_WEB_URL="$GATEWAY_URL" SAGASHOP_GATEWAY_URL="$GATEWAY_URL" npm run e2e)

# last: it crashes and restarts every process, so nothing may run against the system after it
if [[ "${SAGASHOP_FAULT_ORDERS:-2000}" != 0 ]]; then
  echo; echo "== fault injection"
  ./faults.sh --orders "${SAGASHOP_FAULT_ORDERS:-2000}"
fi

echo; echo "== scale-out: two instances of every service"
SAGASHOP_INSTANCES=2 ./run.sh
mvn -B -pl infra/system-tests -Pscaleout test -Dsagashop.gateway="$GATEWAY_URL"

if ((started_here)); then
  trap - EXIT
  ./run.sh stop
fi
