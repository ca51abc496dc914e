#!/usr/bin/env bash
# Keeps an administrator's access token in a file for Prometheus to scrape with, signing in again
# well before it expires. Usage:
#   SAGASHOP_ADMIN_PASSWORD=... deploy/observability/admin-token.sh /etc/prometheus/sagashop-admin-token
# Environment: GATEWAY_URL (http://localhost:8080), SAGASHOP_ADMIN_USERNAME (admin),
# SAGASHOP_ADMIN_PASSWORD (required), TOKEN_REFRESH_SECONDS (1200: every 20 minutes).
set -euo pipefail

target=${1:?usage: admin-token.sh <token file>}
gateway=${GATEWAY_URL:-http://localhost:8080}
username=${SAGASHOP_ADMIN_USERNAME:-admin}
password=${SAGASHOP_ADMIN_PASSWORD:?set SAGASHOP_ADMIN_PASSWORD}
every=${TOKEN_REFRESH_SECONDS:-1200}

while true; do
  # the password goes through the environment, never on a command line others can list
  body=$(SAGASHOP_ADMIN_USERNAME=$username SAGASHOP_ADMIN_PASSWORD=$password python3 -c \
    'import json,os; print(json.dumps({"username": os.environ["SAGASHOP_ADMIN_USERNAME"], "password": os.environ["SAGASHOP_ADMIN_PASSWORD"]}))')
  if token=$(curl -sf "$gateway/api/auth/login" -H 'Content-Type: application/json' -d "$body" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])'); then
    # replaced in one step: Prometheus never reads half a token
    printf '%s' "$token" > "$target.new" && mv "$target.new" "$target"
  else
    echo "$(date -u +%FT%TZ) could not sign in at $gateway; trying again in 60 s" >&2
    sleep 60
    continue
  fi
  sleep "$every"
done
