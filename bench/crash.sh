#!/usr/bin/env bash
# Acknowledged means durable (issue 11, finding 5): kill -9 of the app while it writes loses nothing it
# acknowledged. Starts the app (the jar) on a fresh database: H2 in a temporary data dir (DB=h2, the
# embedded default) or PostgreSQL (DB=postgres, profile postgres). bench/CancellationLifecycleBenchmark.java
# --crash then runs CASES cancellations on CLIENTS clients (PUT the order, POST the case with an
# Idempotency-Key, POST WAREHOUSE_UPDATE with one) and sends kill -9 to the app once KILL_AFTER cases were
# acknowledged, while the other clients' requests are in flight. This script restarts the app on the same
# database and port; the client retries every request that got no answer with the same key, runs the rest,
# waits until every case is resolved and fails unless every acknowledged order, case and event is there,
# once, and every case is RESOLVED with exactly one refund. CI runs it on H2 and on PostgreSQL.
#
# Env: DB (h2 | postgres)  CASES (200)  CLIENTS (8)  KILL_AFTER (CASES/2)  TIMEOUT_S (300, resolution
#      after the restart)  READY_TIMEOUT_S (300)  JAR  JAVA_OPTS  APP_ARGS  KEEP_DATA=1 (keep the H2 data
#      dir / the PostgreSQL database)
#      PostgreSQL as for on-postgres.sh: AFTERSALES_TEST_PG_HOST (127.0.0.1) _PORT (5432) _USER (aftersales)
#      _PASSWORD (aftersales), DB_NAME (aftersales_crash)
set -uo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
DB="${DB:-h2}"
OUT="$BENCH_DIR/out/crash-$DB"
CASES="${CASES:-200}"
CLIENTS="${CLIENTS:-8}"
KILL_AFTER="${KILL_AFTER:-$((CASES / 2))}"
TIMEOUT_S="${TIMEOUT_S:-300}"
READY_TIMEOUT_S="${READY_TIMEOUT_S:-300}"
PROGRAM="$BENCH_DIR/CancellationLifecycleBenchmark.java"
mkdir -p "$OUT"
log() { printf '[crash %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
# shellcheck source=bench/common.sh
source "$BENCH_DIR/common.sh"

command -v java >/dev/null || { log "java not found on PATH"; exit 2; }
[[ "$DB" == h2 || "$DB" == postgres ]] || { log "DB must be h2 or postgres, not '$DB'"; exit 2; }
ensure_jar || exit 2

PORT="$(free_port)" || { log "no free port"; exit 2; }
BASE_URL="http://127.0.0.1:$PORT"
USER_ARGS=()
DATA_DIR=""
if [[ "$DB" == postgres ]]; then
  command -v psql >/dev/null || { log "psql not found: install PostgreSQL (apt-get install -y postgresql)"; exit 2; }
  PG_HOST="${AFTERSALES_TEST_PG_HOST:-127.0.0.1}"
  PG_PORT="${AFTERSALES_TEST_PG_PORT:-5432}"
  PG_USER="${AFTERSALES_TEST_PG_USER:-aftersales}"
  export PGPASSWORD="${AFTERSALES_TEST_PG_PASSWORD:-aftersales}"
  export PGOPTIONS="-c client_min_messages=warning"
  DB_NAME="${DB_NAME:-aftersales_crash}"
  sql() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -qtA "$@"; }
  sql -d postgres -c "select 1" >/dev/null || { log "no PostgreSQL at $PG_HOST:$PG_PORT for $PG_USER (see README, 'Tests on PostgreSQL')"; exit 2; }
  log "fresh database $DB_NAME on $PG_HOST:$PG_PORT"
  sql -d postgres -c "drop database if exists $DB_NAME with (force)" -c "create database $DB_NAME" || exit 2
  ADMIN_PASSWORD="crash-$(cat /proc/sys/kernel/random/uuid)"
  USER_ARGS=(--user admin --password "$ADMIN_PASSWORD")   # the postgres profile has no demo users
else
  DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/aftersales-crash.XXXXXX")" || { log "mktemp failed"; exit 2; }
fi

APP_PID=""
CLIENT_PID=""
cleanup() {
  local rc=$?
  if [[ -n "$CLIENT_PID" ]] && kill -0 "$CLIENT_PID" 2>/dev/null; then kill "$CLIENT_PID" 2>/dev/null; wait "$CLIENT_PID" 2>/dev/null; fi
  stop_app "$APP_PID"
  if [[ "${KEEP_DATA:-0}" == "1" ]]; then
    log "KEEP_DATA=1: data kept (${DATA_DIR:-database $DB_NAME})"
  elif [[ "$DB" == postgres ]]; then
    sql -d postgres -c "drop database if exists $DB_NAME with (force)" >/dev/null 2>&1
  elif [[ -n "$DATA_DIR" && -d "$DATA_DIR" && "$DATA_DIR" == */aftersales-crash.* ]]; then
    rm -rf -- "$DATA_DIR"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_app N: the app on the same port and database each time; log app-N.log
start_app() {
  local log_file="$OUT/app-$1.log"
  if [[ "$DB" == postgres ]]; then
    # shellcheck disable=SC2086  # JAVA_OPTS and APP_ARGS are word lists on purpose
    (cd "$OUT" && SPRING_PROFILES_ACTIVE=postgres \
      AFTERSALES_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB_NAME" AFTERSALES_DB_USER="$PG_USER" \
      AFTERSALES_DB_PASSWORD="$PGPASSWORD" AFTERSALES_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
      exec java ${JAVA_OPTS:-} -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" ${APP_ARGS:-} >"$log_file" 2>&1) &
  else
    # shellcheck disable=SC2086
    (cd "$DATA_DIR" && PORT="$PORT" AFTERSALES_DATA_DIR="$DATA_DIR" \
      exec java ${JAVA_OPTS:-} -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" ${APP_ARGS:-} >"$log_file" 2>&1) &
  fi
  APP_PID=$!
  log "app start $1: pid $APP_PID, $BASE_URL, $DB${DATA_DIR:+ in $DATA_DIR}, log $log_file"
  if ! java "$PROGRAM" --wait-ready --base-url "$BASE_URL" --pid "$APP_PID" --timeout-s "$READY_TIMEOUT_S" "${USER_ARGS[@]}"; then
    log "the app did not start; last lines of $log_file:"; tail -n 40 "$log_file"; exit 3
  fi
}

START=$(date +%s)
start_app 1
java "$PROGRAM" --crash --base-url "$BASE_URL" --app-pid "$APP_PID" --cases "$CASES" --clients "$CLIENTS" \
  --kill-after "$KILL_AFTER" --timeout-s "$TIMEOUT_S" --ready-timeout-s "$READY_TIMEOUT_S" "${USER_ARGS[@]}" \
  > >(tee "$OUT/result.txt") 2>&1 &
CLIENT_PID=$!

# the client sends kill -9 to the app; restart it on the same database as soon as it is gone
while kill -0 "$CLIENT_PID" 2>/dev/null && kill -0 "$APP_PID" 2>/dev/null; do sleep 0.2; done
if kill -0 "$CLIENT_PID" 2>/dev/null; then
  wait "$APP_PID" 2>/dev/null
  log "the app (pid $APP_PID) is gone; restarting it on the same database"
  if [[ "$DB" == postgres ]]; then
    log "jobs the killed app had locked: $(sql -d "$DB_NAME" -c "select count(*) from act_ru_job where lock_owner_ is not null"), of $(sql -d "$DB_NAME" -c "select count(*) from act_ru_job") jobs"
  fi
  start_app 2
fi
wait "$CLIENT_PID"
CLIENT_RC=$?
CLIENT_PID=""
log "$DB: $(( $(date +%s) - START )) s in all, load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
if [[ "$CLIENT_RC" -eq 0 ]]; then log "PASS ($DB): results in $OUT/result.txt"; else log "FAIL ($DB): see $OUT/result.txt and $OUT/app-*.log"; fi
exit "$CLIENT_RC"
