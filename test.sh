#!/usr/bin/env bash
# Saga Shop: every test, in one command.
#   1. mvn verify: formatting, unit tests (aggregates, sagas, projections, web slices) and one
#      integration test per service against the machine's real PostgreSQL and RabbitMQ
#   2. ./run.sh: the whole system, as a user starts it
#   3. the system tests: drive the running system only through the gateway, as a user would
#   4. ./run.sh stop (only if this script started the system)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

echo "== unit and integration tests"
mvn -B verify

started_here=0
if ! ./run.sh status | grep -q '^gateway: running'; then
  started_here=1
  trap './run.sh stop' EXIT
fi

echo "== starting the whole system"
./run.sh

echo "== system tests through the gateway"
mvn -B -pl infra/system-tests -Psystem test -Dsagashop.gateway="http://localhost:${GATEWAY_PORT:-8080}"

if ((started_here)); then
  trap - EXIT
  ./run.sh stop
fi
