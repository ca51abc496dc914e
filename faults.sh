#!/usr/bin/env bash
# Saga Shop: the fault-injection run (what it proves: RELIABILITY.md).
#
#   ./faults.sh [--orders N] [--rate R]
#
# Starts the system with ./run.sh unless it is running (then stops it again at the end), and runs
# org.sagashop.systemtest.faults.FaultInjectionRun (Maven profile `faults`): N orders (default
# 2000) at R orders a second (default 5) through the gateway while every service and the gateway
# are killed with kill -9 and restarted, RabbitMQ is stopped for 30 s, PostgreSQL restarts and
# poison messages are published to the event queues; then it checks that every accepted order
# ended with stock and money right. The report is printed and written to .run/fault-report.txt;
# the exit status is non-zero on any violation. It must run as a user who may stop and start
# RabbitMQ and PostgreSQL (rabbitmqctl, rabbitmq-server, pg_ctlcluster).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
GATEWAY_URL="http://localhost:${GATEWAY_PORT:-8080}"

orders=2000
rate=5
while (($#)); do
  case "$1" in
    --orders) orders="${2:?--orders needs a number}"; shift 2 ;;
    --rate) rate="${2:?--rate needs orders per second}"; shift 2 ;;
    *) echo "usage: ./faults.sh [--orders N] [--rate R]" >&2; exit 2 ;;
  esac
done
[[ "$orders" =~ ^[1-9][0-9]*$ ]] || { echo "--orders must be a positive whole number" >&2; exit 2; }

for tool in rabbitmqctl rabbitmq-server pg_ctlcluster; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is required to inject faults" >&2; exit 2; }
done

started_here=0
if ! ./run.sh status | grep -q '^gateway: running'; then
  started_here=1
  trap './run.sh stop' EXIT
  ./run.sh
fi

echo; echo "== fault injection: $orders orders at $rate/s"
rm -f "$ROOT/.run/fault-report.txt"
status=0
mvn -B -pl infra/system-tests -Pfaults test \
  -Dsagashop.orders="$orders" -Dsagashop.orderRate="$rate" \
  -Dsagashop.root="$ROOT" -Dsagashop.gateway="$GATEWAY_URL" || status=$?

[[ -f "$ROOT/.run/fault-report.txt" ]] && { echo; cat "$ROOT/.run/fault-report.txt"; }
if ((started_here)); then
  trap - EXIT
  ./run.sh stop
fi
exit "$status"
