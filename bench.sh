#!/usr/bin/env bash
# Saga Shop: the benchmark (what it measures and the latest figures: BENCHMARKS.md).
#
#   ./bench.sh [--rate R] [--seconds S] [--no-ceilings]
#
# Starts the system with ./run.sh unless it is running (then stops it again at the end), and runs
# org.sagashop.systemtest.bench.BenchmarkRun (Maven profile `bench`): R orders a second (default
# 20) for S seconds (default 60) through the gateway, sent at their due times whatever the answers
# (an open model), one in ten meant to be cancelled for stock and one in ten for funds. It reports
# orders offered and ended per second, placed-to-final and POST latencies, answers by status, CPU
# seconds and peak memory per process, the gateway's share of a request, and then the machine's
# ceilings in the same run (pgbench TPC-B, RabbitMQ PerfTest with persistent messages and
# confirms). The report is printed and written to .run/bench-report.txt.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
GATEWAY_URL="http://localhost:${GATEWAY_PORT:-8080}"

rate=20
seconds=60
ceilings=true
while (($#)); do
  case "$1" in
    --rate) rate="${2:?--rate needs orders per second}"; shift 2 ;;
    --seconds) seconds="${2:?--seconds needs a number}"; shift 2 ;;
    --no-ceilings) ceilings=false; shift ;;
    *) echo "usage: ./bench.sh [--rate R] [--seconds S] [--no-ceilings]" >&2; exit 2 ;;
  esac
done
[[ "$rate" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "--rate must be a number" >&2; exit 2; }
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "--seconds must be a positive whole number" >&2; exit 2; }
if [[ "$ceilings" == true ]]; then
  command -v pgbench >/dev/null 2>&1 || { echo "pgbench is required (apt-get install postgresql-contrib), or pass --no-ceilings" >&2; exit 2; }
fi

started_here=0
if ! ./run.sh status | grep -q '^gateway: running'; then
  started_here=1
  trap './run.sh stop' EXIT
  ./run.sh
fi

echo; echo "== benchmark: $rate orders/s for ${seconds}s"
rm -f "$ROOT/.run/bench-report.txt"
status=0
mvn -B -q -pl infra/system-tests -Pbench test \
  -Dsagashop.benchRate="$rate" -Dsagashop.benchSeconds="$seconds" \
  -Dsagashop.benchCeilings="$ceilings" \
  -Dsagashop.root="$ROOT" -Dsagashop.gateway="$GATEWAY_URL" || status=$?

[[ -f "$ROOT/.run/bench-report.txt" ]] || { echo "no report was written" >&2; status=1; }
if ((started_here)); then
  trap - EXIT
  ./run.sh stop
fi
exit "$status"
