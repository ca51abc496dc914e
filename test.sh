#!/usr/bin/env bash
# Saga Shop: every test, in one command.
#   1. mvn verify: formatting, unit tests (aggregates, sagas, projections, web slices, architecture
#      rules) and one integration test per service against the machine's real PostgreSQL and RabbitMQ
#   2. the web front end's type check and component tests (Vitest)
#   3. ./run.sh: the whole system, as a user starts it (it also builds the front end)
#   4. the system tests: drive the running system only through the gateway, as a user would
#   5. the browser tests: Playwright driving Debian's Chromium through the shop the gateway serves
#   6. the benchmark's smoke (./bench.sh, BENCHMARKS.md): 30 s at 10 orders a second; it prints
#      its figures and fails only on an order refused or never ended, never on a timing;
#      SAGASHOP_BENCH_SECONDS changes its length, SAGASHOP_BENCH_SECONDS=0 skips the stage
#   7. the fault injection (./faults.sh, RELIABILITY.md): 2000 orders while every process is killed
#      and restarted, RabbitMQ and PostgreSQL restart and poison arrives; SAGASHOP_FAULT_ORDERS
#      changes the number of orders, SAGASHOP_FAULT_ORDERS=0 skips the stage
#   8. scale-out: a second instance of every domain service joins the running system
#      (SAGASHOP_INSTANCES=2 ./run.sh), and orders must still end exactly once
#   9. ./run.sh stop (only if this script started the system)
# At the end (also after a failure) it prints how long each stage took.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
GATEWAY_URL="http://localhost:${GATEWAY_PORT:-8080}"

# Every stage's wall-clock time, printed at the end whether the run passed or not, so that a slow
# stage shows before the whole run outgrows CI's time limit.
stage_times=()
current_stage=""
stage_began=0
begin_stage() {
  end_stage
  current_stage="$1"
  stage_began=$SECONDS
  echo; echo "== $1"
}
end_stage() {
  if [[ -n "$current_stage" ]]; then
    stage_times+=("$(printf '%5ds  %s' $((SECONDS - stage_began)) "$current_stage")")
    current_stage=""
  fi
}
started_here=0
finish() {
  local status=$?
  [[ -n "$current_stage" && $status -ne 0 ]] && current_stage+=" (FAILED)"
  end_stage
  if ((started_here)); then
    begin_stage "stopping the system"
    ./run.sh stop || true
    end_stage
  fi
  echo; echo "== stage times (whole run $((SECONDS / 60)) min $((SECONDS % 60)) s)"
  printf '%s\n' "${stage_times[@]}"
  exit "$status"
}
trap finish EXIT

begin_stage "unit and integration tests (mvn verify)"
mvn -B verify

begin_stage "web front end: type check and component tests"
(cd frontend && npm ci --no-audit --no-fund && npm run lint && npm test)

if ! ./run.sh status | grep -q '^gateway: running'; then
  started_here=1
fi

begin_stage "starting the whole system"
./run.sh

begin_stage "system tests through the gateway"
mvn -B -pl infra/system-tests -Psystem test -Dsagashop.gateway="$GATEWAY_URL"

begin_stage "browser tests through the gateway"
frontend/scripts/ensure-chromium.sh
(cd frontend && SAGASHOP_WEB_URL="$GATEWAY_URL" SAGASHOP_GATEWAY_URL="$GATEWAY_URL" npm run e2e)

# the benchmark keeps working: a short run without the machine's ceilings (those take a minute)
if [[ "${SAGASHOP_BENCH_SECONDS:-30}" != 0 ]]; then
  begin_stage "benchmark smoke"
  ./bench.sh --rate 10 --seconds "${SAGASHOP_BENCH_SECONDS:-30}" --no-ceilings
fi

# last but one: it crashes and restarts every process, so only scale-out may run after it
if [[ "${SAGASHOP_FAULT_ORDERS:-2000}" != 0 ]]; then
  begin_stage "fault injection"
  ./faults.sh --orders "${SAGASHOP_FAULT_ORDERS:-2000}"
fi

begin_stage "scale-out: two instances of every service"
SAGASHOP_INSTANCES=2 ./run.sh
mvn -B -pl infra/system-tests -Pscaleout test -Dsagashop.gateway="$GATEWAY_URL"
end_stage
