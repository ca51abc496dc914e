#!/usr/bin/env bash
# Saga Shop: build what is needed and start the whole system, or stop it.
#
#   ./run.sh           build (when sources changed), start Zipkin, config server, Eureka, the five
#                      services and the gateway in dependency order, wait until each is healthy,
#                      seed the demo catalog and demo user once, print the URLs
#   ./run.sh stop      stop everything this script started (by process id)
#   ./run.sh status    what is running
#   ./run.sh kill NAME     crash one process (kill -9) and forget its pid file, as a power cut would
#   ./run.sh restart NAME  start one process again (stopping it first if it runs) with the same port
#                      and environment as a full start, wait until it is ready and, for a domain
#                      service, until every service sees every other one in Eureka again; nothing is
#                      rebuilt (a jar must never change under a running system)
#   NAME is one of zipkin, config-server, discovery-server, user, product, order, payment,
#   notification, gateway, or a second instance such as order-2. ./faults.sh crashes and restarts
#   processes through kill and restart.
#
#   SAGASHOP_INSTANCES=2 ./run.sh   also starts a second instance of every domain service, on its
#                      port + 100 (user-2 on 8181, ...); on a running system it adds just those
#
# PostgreSQL and RabbitMQ must already run; their addresses come from the environment
# (POSTGRES_HOST/PORT/USER/PASSWORD, RABBITMQ_HOST/PORT/USER/PASSWORD; see README.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN_DIR="${SAGASHOP_RUN_DIR:-$ROOT/.run}"
LOG_DIR="$RUN_DIR/logs"
PID_DIR="$RUN_DIR/pids"
LIB_DIR="$RUN_DIR/lib"
ZIPKIN_VERSION="${ZIPKIN_VERSION:-3.5.1}"
START_TIMEOUT="${SAGASHOP_START_TIMEOUT:-240}"
JAVA_OPTS_DEFAULT="-Xms64m -Xmx320m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k"
JAVA_OPTS="${SAGASHOP_JAVA_OPTS:-$JAVA_OPTS_DEFAULT}"

CONFIG_SERVER_PORT="${CONFIG_SERVER_PORT:-8888}"
DISCOVERY_PORT="${DISCOVERY_PORT:-8761}"
GATEWAY_PORT="${GATEWAY_PORT:-8080}"
ZIPKIN_PORT="${ZIPKIN_PORT:-9411}"
declare -A PORTS=(
  [user]="${USER_PORT:-8081}"
  [product]="${PRODUCT_PORT:-8082}"
  [order]="${ORDER_PORT:-8083}"
  [payment]="${PAYMENT_PORT:-8084}"
  [notification]="${NOTIFICATION_PORT:-8085}"
)
SERVICES=(user product order payment notification)
INSTANCES="${SAGASHOP_INSTANCES:-1}"
[[ "$INSTANCES" == 1 || "$INSTANCES" == 2 ]] || { echo "SAGASHOP_INSTANCES must be 1 or 2" >&2; exit 1; }
# the second instance of a service is NAME-2, on the service's port + 100
SECOND_INSTANCES=(user-2 product-2 order-2 payment-2 notification-2)
# ten services with ten database connections each would use up PostgreSQL's default 100
((INSTANCES == 2)) && export DB_POOL_SIZE="${DB_POOL_SIZE:-5}"

export CONFIG_SERVER_URL="${CONFIG_SERVER_URL:-http://localhost:$CONFIG_SERVER_PORT}"
export EUREKA_URL="${EUREKA_URL:-http://localhost:$DISCOVERY_PORT/eureka/}"
export ZIPKIN_URL="${ZIPKIN_URL:-http://localhost:$ZIPKIN_PORT}"
export CONFIG_REPO="${CONFIG_REPO:-file:$ROOT/infra/config-repo/}"
export CONFIG_FAIL_FAST=true
# Registrations per client address and hour (the gateway's default is 10): on one machine every
# client is 127.0.0.1, and the system tests and the fault run sign up hundreds of buyers from it.
export SAGASHOP_REGISTRATION_LIMIT_PER_ADDRESS="${SAGASHOP_REGISTRATION_LIMIT_PER_ADDRESS:-1000}"

GATEWAY_URL="http://localhost:$GATEWAY_PORT"

say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { say "ERROR: $*" >&2; exit 1; }

pid_of() { [[ -f "$PID_DIR/$1.pid" ]] && cat "$PID_DIR/$1.pid"; }
is_running() { local pid; pid="$(pid_of "$1")" && [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; }

jar_of() {
  case "$1" in
    config-server | discovery-server) echo "$ROOT/infra/$1/target/$1.jar" ;;
    *) echo "$ROOT/${1%-2}/target/${1%-2}.jar" ;;
  esac
}

need() { command -v "$1" >/dev/null 2>&1 || die "$1 is required: $2"; }

build() {
  local stamp="$RUN_DIR/build.stamp" stale=0 name
  for name in config-server discovery-server "${SERVICES[@]}" gateway; do
    [[ -f "$(jar_of "$name")" ]] || stale=1
  done
  if [[ $stale -eq 0 && -f "$stamp" ]]; then
    if [[ -n "$(find "$ROOT" -path "$RUN_DIR" -prune -o -path '*/target' -prune -o -path '*/node_modules' -prune \
      -o \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$stamp" -print -quit)" ]]; then
      stale=1
    fi
  elif [[ ! -f "$stamp" ]]; then
    # jars exist (built by ./test.sh or mvn) but not by this script: trust them once
    [[ $stale -eq 0 ]] && touch "$stamp"
  fi
  if [[ $stale -eq 1 ]] && is_running gateway; then
    say "Sources changed, but the running system runs from these jars: not rebuilding (./run.sh stop first)"
    stale=0
  fi
  if [[ "${SAGASHOP_SKIP_BUILD:-0}" != 1 && $stale -eq 1 ]]; then
    say "Building (mvn package, tests skipped; ./test.sh runs them)..."
    (cd "$ROOT" && mvn -B -q -DskipTests -Dspotless.check.skip=true package) || die "the build failed"
    touch "$stamp"
  fi
}

# The web front end, served by the gateway. Without npm the API still works; the shop page does not.
build_frontend() {
  local web="$ROOT/frontend"
  if ! command -v npm >/dev/null 2>&1; then
    say "npm not found: the web front end is not built (install Node.js 20 and npm for the shop pages)"
    return
  fi
  if [[ "${SAGASHOP_SKIP_BUILD:-0}" != 1 ]] && { [[ ! -f "$web/dist/index.html" ]] ||
    [[ -n "$(find "$web/src" "$web/public" "$web/index.html" "$web/package.json" "$web/vite.config.ts" \
      -newer "$web/dist/index.html" -print -quit)" ]]; }; then
    say "Building the web front end (npm ci, npm run build)..."
    (cd "$web" && npm ci --no-audit --no-fund && npm run build) >"$LOG_DIR/frontend-build.log" 2>&1 ||
      die "the front-end build failed; see $LOG_DIR/frontend-build.log"
  fi
  web_root
}

# web_root: the gateway serves the built front end when there is one (full start and restart alike)
web_root() {
  local dist="$ROOT/frontend/dist"
  [[ -f "$dist/index.html" ]] && export SAGASHOP_WEB_ROOT="file:$dist/"
  return 0
}

fetch_zipkin() {
  ZIPKIN_JAR="$LIB_DIR/zipkin-server-$ZIPKIN_VERSION-exec.jar"
  if [[ ! -f "$ZIPKIN_JAR" ]]; then
    say "Fetching the Zipkin server $ZIPKIN_VERSION through Maven..."
    mvn -B -q dependency:copy -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" \
      -DoutputDirectory="$LIB_DIR" -Dmdep.overWriteIfNewer=true >/dev/null || die "could not fetch Zipkin"
  fi
}

# start NAME PORT COMMAND...: runs in the background, output to LOG_DIR/NAME.log, pid to PID_DIR
start() {
  local name="$1" port="$2"
  shift 2
  if is_running "$name"; then
    say "$name is already running (pid $(pid_of "$name"))"
    return
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port for $name is taken by another process; stop it or set the port variable (README)"
  fi
  say "Starting $name on port $port"
  nohup "$@" >"$LOG_DIR/$name.log" 2>&1 &
  echo $! >"$PID_DIR/$name.pid"
}

start_java() {
  local name="$1" port="$2"
  shift 2
  # shellcheck disable=SC2086
  start "$name" "$port" java $JAVA_OPTS -Dserver.port="$port" "$@" -jar "$(jar_of "$name")"
}

port_of() {
  case "$1" in
    zipkin) echo "$ZIPKIN_PORT" ;;
    config-server) echo "$CONFIG_SERVER_PORT" ;;
    discovery-server) echo "$DISCOVERY_PORT" ;;
    gateway) echo "$GATEWAY_PORT" ;;
    *-2) echo "$((${PORTS[${1%-2}]} + 100))" ;;
    *) echo "${PORTS[$1]}" ;;
  esac
}

# launch NAME: starts one process as the full start does, without waiting for it
launch() {
  case "$1" in
    zipkin)
      # in-memory storage: keep the newest spans only, or a long run fills the heap
      start zipkin "$ZIPKIN_PORT" java -Xmx384m -XX:+UseSerialGC -jar "$ZIPKIN_JAR" \
        --server.port="$ZIPKIN_PORT" --armeria.ports[0].port="$ZIPKIN_PORT" \
        --zipkin.storage.mem.max-spans="${ZIPKIN_MAX_SPANS:-30000}"
      ;;
    *) start_java "$1" "$(port_of "$1")" ;;
  esac
}

# await_ready NAME: waits until NAME answers its readiness probe (Zipkin: its health page)
await_ready() {
  case "$1" in
    zipkin) wait_for zipkin "http://localhost:$ZIPKIN_PORT/health" ;;
    *) wait_for "$1" "http://localhost:$(port_of "$1")/actuator/health/readiness" ;;
  esac
}

# wait_for NAME URL: polls until URL answers 2xx, shows progress, fails early if NAME died
wait_for() {
  local name="$1" url="$2" waited=0
  printf '%s   waiting for %s ' "$(date +%H:%M:%S)" "$name"
  until curl -fsS -o /dev/null --max-time 3 "$url" 2>/dev/null; do
    if ! is_running "$name"; then
      echo
      tail -n 30 "$LOG_DIR/$name.log" >&2 || true
      die "$name stopped during start-up; its log is $LOG_DIR/$name.log"
    fi
    if ((waited >= START_TIMEOUT)); then
      echo
      die "$name did not become healthy within ${START_TIMEOUT}s; its log is $LOG_DIR/$name.log"
    fi
    printf '.'
    sleep 1
    waited=$((waited + 1))
  done
  echo " up (${waited}s)"
}

# wait_for_peers: commands go only to members that Eureka has announced, so the first order must
# wait until every service sees all five domain services in its registry copy
wait_for_peers() {
  local service waited=0 seen
  printf '%s   waiting for the services to discover each other ' "$(date +%H:%M:%S)"
  for service in "${SERVICES[@]}"; do
    while true; do
      seen="$(curl -fsS --max-time 3 "http://localhost:${PORTS[$service]}/actuator/info" 2>/dev/null || true)"
      if python3 -c 'import json,sys; d=json.loads(sys.argv[1] or "{}"); sys.exit(0 if set(sys.argv[2:]) <= set(d.get("discoveredServices", [])) else 1)' \
        "$seen" "${SERVICES[@]}" 2>/dev/null; then
        break
      fi
      ((waited >= START_TIMEOUT)) && { echo; die "$service does not see all services in Eureka after ${START_TIMEOUT}s"; }
      printf '.'
      sleep 1
      waited=$((waited + 1))
    done
  done
  echo " done (${waited}s)"
}

http() { # http METHOD PATH [BODY] [TOKEN]: prints "STATUS BODY"
  local method="$1" path="$2" body="${3:-}" token="${4:-}"
  local args=(-sS -o "$RUN_DIR/http.out" -w '%{http_code}' -X "$method")
  [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data "$body")
  [[ -n "$token" ]] && args+=(-H "Authorization: Bearer $token")
  local status
  status="$(curl "${args[@]}" "$GATEWAY_URL$path" 2>/dev/null || echo 000)"
  echo "$status $(cat "$RUN_DIR/http.out" 2>/dev/null)"
}

# retry_until_accepted DESCRIPTION METHOD PATH BODY TOKEN OKSTATUS...: commands are routed only once
# Eureka has told every service about its peers, so a fresh start answers 503 for a few seconds
retry_until_accepted() {
  local what="$1" method="$2" path="$3" body="$4" token="$5"
  shift 5
  local waited=0 result status
  while true; do
    result="$(http "$method" "$path" "$body" "$token")"
    status="${result%% *}"
    for ok in "$@"; do [[ "$status" == "$ok" ]] && { echo "$result"; return 0; }; done
    if [[ "$status" != 503 && "$status" != 502 && "$status" != 000 ]] || ((waited >= 90)); then
      die "$what failed: $result"
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

json_field() { python3 -c 'import json,sys; print(json.loads(sys.stdin.read())[sys.argv[1]])' "$1"; }

seed() {
  local admin_user="${SAGASHOP_ADMIN_USERNAME:-admin}" admin_password="${SAGASHOP_ADMIN_PASSWORD:-admin-local-only}"
  local login token
  say "Checking the demo data"
  login="$(retry_until_accepted "admin login" POST /api/auth/login \
    "{\"username\":\"$admin_user\",\"password\":\"$admin_password\"}" "" 200)"
  token="$(echo "${login#* }" | json_field accessToken)"
  local products
  products="$(http GET /api/products)"
  if [[ "${products#* }" == "[]" ]]; then
    say "Seeding the demo catalog"
    while IFS='|' read -r name description price stock; do
      retry_until_accepted "creating $name" POST /api/products \
        "{\"name\":\"$name\",\"description\":\"$description\",\"price\":$price,\"initialStock\":$stock}" "$token" 201 >/dev/null
    done <<'CATALOG'
Espresso cup|Porcelain, 90 ml, dishwasher safe|8.50|40
Pour-over kettle|Gooseneck kettle, 1 litre, stainless steel|49.90|12
Burr grinder|Conical burrs, 40 grind settings|129.00|6
Coffee beans, 1 kg|Single origin, medium roast|24.75|60
Travel mug|Insulated, 350 ml, leak-proof lid|19.95|25
CATALOG
  fi
  local demo
  demo="$(retry_until_accepted "registering the demo user" POST /api/auth/register \
    '{"username":"demo","password":"demo-password","displayName":"Demo Shopper","email":"demo@sagashop.local"}' "" 201 409)"
  [[ "${demo%% *}" == 201 ]] && say "Registered the demo user"
  return 0
}

# The user service signs access tokens with RSA keys (every other service and the gateway check them
# against the public keys it publishes). On a local machine this script makes one key on the first
# start, in .run/keys (never committed); anywhere else, point SAGASHOP_JWT_KEYS at your own keys.
ensure_signing_key() {
  [[ -n "${SAGASHOP_JWT_KEYS:-}" ]] && return
  local dir="$RUN_DIR/keys" id
  mkdir -p "$dir"
  chmod 700 "$dir"
  if ! compgen -G "$dir/*.pem" >/dev/null; then
    need openssl "apt-get install openssl"
    id="local-$(date +%Y%m%d-%H%M%S)"
    (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/$id.pem" 2>/dev/null) ||
      die "could not generate a token signing key in $dir"
    say "Generated the token signing key $id in $dir"
  fi
  export SAGASHOP_JWT_KEYS="file:$dir/"
}

cmd_start() {
  need java "install a JDK 17 (apt-get install openjdk-17-jdk)"
  need mvn "install Maven 3.8 or later (apt-get install maven)"
  need curl "apt-get install curl"
  need python3 "apt-get install python3"
  mkdir -p "$LOG_DIR" "$PID_DIR" "$LIB_DIR"
  build
  build_frontend
  fetch_zipkin
  ensure_signing_key

  launch zipkin
  launch config-server
  launch discovery-server
  await_ready config-server
  await_ready discovery-server

  local service
  for service in "${SERVICES[@]}"; do
    launch "$service"
  done
  launch gateway
  for service in "${SERVICES[@]}"; do
    await_ready "$service"
  done
  if ((INSTANCES == 2)); then
    for service in "${SECOND_INSTANCES[@]}"; do
      launch "$service"
    done
    for service in "${SECOND_INSTANCES[@]}"; do
      await_ready "$service"
    done
  fi
  await_ready gateway
  wait_for_peers
  await_ready zipkin
  seed

  cat <<INFO

Saga Shop is running.
  Shop (web)           $GATEWAY_URL/
  Shop API (gateway)   $GATEWAY_URL/api/products
  Swagger UI           $GATEWAY_URL/swagger-ui.html
  Eureka               http://localhost:$DISCOVERY_PORT
  Zipkin traces        http://localhost:$ZIPKIN_PORT/zipkin/
  Logs                 $LOG_DIR
  Demo user            demo / demo-password      Admin: ${SAGASHOP_ADMIN_USERNAME:-admin} (password: see README)
Stop everything with: ./run.sh stop
INFO
}

STOP_ORDER="gateway ${SECOND_INSTANCES[*]} notification payment order product user discovery-server config-server zipkin"

cmd_stop() {
  local name pid stopped=0
  for name in $STOP_ORDER; do
    pid="$(pid_of "$name" || true)"
    [[ -z "$pid" ]] && continue
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      stopped=1
    fi
  done
  if ((stopped)); then
    local waited=0
    for name in $STOP_ORDER; do
      pid="$(pid_of "$name" || true)"
      [[ -z "$pid" ]] && continue
      while kill -0 "$pid" 2>/dev/null && ((waited < 30)); do
        sleep 1
        waited=$((waited + 1))
      done
      if kill -0 "$pid" 2>/dev/null; then
        say "$name (pid $pid) did not stop within 30s; killing it"
        kill -9 "$pid" 2>/dev/null || true
      fi
      rm -f "$PID_DIR/$name.pid"
      say "Stopped $name"
    done
  else
    rm -f "$PID_DIR"/*.pid 2>/dev/null || true
    say "Nothing was running"
  fi
}

cmd_status() {
  local name
  for name in zipkin config-server discovery-server "${SERVICES[@]}" gateway "${SECOND_INSTANCES[@]}"; do
    if is_running "$name"; then
      echo "$name: running (pid $(pid_of "$name"))"
    elif [[ "$name" != *-2 ]]; then
      echo "$name: stopped"
    fi
  done
}

known() {
  local name
  for name in zipkin config-server discovery-server "${SERVICES[@]}" gateway "${SECOND_INSTANCES[@]}"; do
    [[ "$name" == "${1:-}" ]] && return 0
  done
  die "unknown process '${1:-}': zipkin, config-server, discovery-server, ${SERVICES[*]}, gateway or a second instance (order-2)"
}

is_domain_service() { [[ " ${SERVICES[*]} ${SECOND_INSTANCES[*]} " == *" $1 "* ]]; }

# cmd_kill NAME: kill -9, as a crash would: nothing is drained, flushed or deregistered
cmd_kill() {
  local name="$1" pid
  known "$name"
  pid="$(pid_of "$name" || true)"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
    say "Killed $name (pid $pid)"
  else
    say "$name was not running"
  fi
  rm -f "$PID_DIR/$name.pid"
}

# cmd_restart NAME: one process, stopped if it runs, started as a full start does, waited for
cmd_restart() {
  local name="$1" pid waited=0
  known "$name"
  mkdir -p "$LOG_DIR" "$PID_DIR" "$LIB_DIR"
  if is_running "$name"; then
    pid="$(pid_of "$name")"
    say "Stopping $name (pid $pid)"
    kill "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && ((waited < 30)); do
      sleep 1
      waited=$((waited + 1))
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$PID_DIR/$name.pid"
  fi
  if [[ "$name" == zipkin ]]; then
    fetch_zipkin
  else
    [[ -f "$(jar_of "$name")" ]] || die "$(jar_of "$name") is missing: start the system with ./run.sh"
  fi
  # the new process writes a new log: keep what the previous one wrote before it went away
  if [[ -f "$LOG_DIR/$name.log" ]]; then
    cat "$LOG_DIR/$name.log" >>"$LOG_DIR/$name.previous.log"
  fi
  web_root
  ensure_signing_key
  launch "$name"
  await_ready "$name"
  if is_domain_service "$name"; then
    wait_for_peers
  fi
}

case "${1:-start}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  kill) cmd_kill "${2:-}" ;;
  restart) cmd_restart "${2:-}" ;;
  *) echo "usage: ./run.sh [start|stop|status|kill NAME|restart NAME]" >&2; exit 2 ;;
esac
