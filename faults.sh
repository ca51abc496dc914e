#!/usr/bin/env bash
# Saga Shop: the fault-injection run (what it proves: RELIABILITY.md).
#
#   ./faults.sh [--orders N] [--rate R] [--long-fault-rate R] [--short]
#
# Starts the system with ./run.sh unless it is running (then stops it again at the end), and runs
# org.sagashop.systemtest.faults.FaultInjectionRun (Maven profile `faults`): at least N orders
# (default 2000) at R orders a second (default 5) through the gateway, and on until the last fault
# is over (about 25 minutes), while every service and the gateway are killed with kill -9 and
# restarted, order and payment are stopped with SIGTERM, RabbitMQ is stopped for 30 s, PostgreSQL
# restarts and poison messages are published to the event queues; then, at the long-fault rate
# (default 2 a second) and with order restarted on 40 s step deadlines, product and then payment
# hang (SIGSTOP) for a step deadline + 30 s, payment and then product are down for minutes (product
# 5), order runs 45 s with step deadlines of a few hundred ms, and 20 buyers order right after
# signing up (--short leaves these long faults out: about 8 minutes instead of 25); then it checks
# that every accepted order ended with stock and money right, in time when a peer hung, with no
# release or refund for a completed order, and that the new buyers' orders completed. The system's own step deadlines are read from ORDER_RESERVATION_TIMEOUT and
# ORDER_PAYMENT_TIMEOUT (default 2m, as the order service does). The report is printed and written
# to .run/fault-report.txt; the exit status is non-zero on any violation. It must run as a user who
# may stop and start RabbitMQ and PostgreSQL (rabbitmqctl, rabbitmq-server, pg_ctlcluster).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
GATEWAY_URL="http://localhost:${GATEWAY_PORT:-8080}"

orders=2000
rate=5
long_fault_rate=2
long_faults=true
while (($#)); do
  case "$1" in
    --orders) orders="${2:?--orders needs a number}"; shift 2 ;;
    --rate) rate="${2:?--rate needs orders per second}"; shift 2 ;;
    --long-fault-rate) long_fault_rate="${2:?--long-fault-rate needs orders per second}"; shift 2 ;;
    --short) long_faults=false; shift ;;
    *) echo "usage: ./faults.sh [--orders N] [--rate R] [--long-fault-rate R] [--short]" >&2; exit 2 ;;
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

echo; echo "== fault injection: at least $orders orders at $rate/s ($long_fault_rate/s during the long faults), until the last fault is over"
rm -f "$ROOT/.run/fault-report.txt"
status=0
mvn -B -pl infra/system-tests -Pfaults test \
  -Dsagashop.orders="$orders" -Dsagashop.orderRate="$rate" -Dsagashop.longFaultRate="$long_fault_rate" \
  -Dsagashop.longFaults="$long_faults" \
  -Dsagashop.root="$ROOT" -Dsagashop.gateway="$GATEWAY_URL" || status=$?

[[ -f "$ROOT/.run/fault-report.txt" ]] && { echo; cat "$ROOT/.run/fault-report.txt"; }
if ((started_here)); then
  trap - EXIT
  ./run.sh stop
fi
exit "$status"
