#!/usr/bin/env bash
# An agent's task list with 20,000 open cases (issue 3), on H2 or on PostgreSQL. Starts the app, tops
# the open agent tasks up to OPEN_CASES (cancellations of orders marked shipped: one agent task each;
# loading 20,000 takes a while, with a progress line), then prints p50/p95/p99/max of
#  - the agent's own list, "My tasks", filled by the work queue (CLIENTS agents log in to Tasklist;
#    Tasklist's request for the list, page + count, hal+json; one agent, then all at once), and how
#    long after completing a task the next one is there;
#  - the team's whole backlog, "My groups' tasks": the same request, the page alone, the count alone,
#    and CLIENTS agents at once.
# The loaded data is kept for the next run (FRESH=1 starts from an empty database).
#
# Env: DB (h2 | postgres)  OPEN_CASES (20000)  SAMPLES (200)  CLIENTS (8)  FRESH (0)
#      AFTERSALES_TEST_PG_HOST/_PORT/_USER/_PASSWORD as for bench/on-postgres.sh; DB_NAME (aftersales_tasklist)
#      JAR  JAVA_OPTS  APP_ARGS
set -uo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
DB="${DB:-h2}"
OUT="$BENCH_DIR/out/tasklist-$DB"
OPEN_CASES="${OPEN_CASES:-20000}"
SAMPLES="${SAMPLES:-200}"
CLIENTS="${CLIENTS:-8}"
PROGRAM="$BENCH_DIR/CancellationLifecycleBenchmark.java"
log() { printf '[tasklist %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
# shellcheck source=bench/common.sh
source "$BENCH_DIR/common.sh"
command -v java >/dev/null || { log "java not found on PATH"; exit 2; }
[[ "${FRESH:-0}" == "1" ]] && rm -rf "$OUT"
mkdir -p "$OUT"
ensure_jar || exit 2

ENV=()
case "$DB" in
  h2)
    ENV=(AFTERSALES_DATA_DIR="$OUT/data")
    ADMIN=demo; ADMIN_PASSWORD=demo; AGENT_PASSWORD=agent ;;
  postgres)
    command -v psql >/dev/null || { log "psql not found: install PostgreSQL (apt-get install -y postgresql)"; exit 2; }
    PG_HOST="${AFTERSALES_TEST_PG_HOST:-127.0.0.1}"; PG_PORT="${AFTERSALES_TEST_PG_PORT:-5432}"
    PG_USER="${AFTERSALES_TEST_PG_USER:-aftersales}"; export PGPASSWORD="${AFTERSALES_TEST_PG_PASSWORD:-aftersales}"
    DB_NAME="${DB_NAME:-aftersales_tasklist}"
    sql() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -qtA "$@"; }
    sql -d postgres -c "select 1" >/dev/null || { log "no PostgreSQL at $PG_HOST:$PG_PORT for $PG_USER (README, 'Tests on PostgreSQL')"; exit 2; }
    if [[ -z "$(sql -d postgres -c "select 1 from pg_database where datname = '$DB_NAME'")" ]]; then
      log "new database $DB_NAME"; sql -d postgres -c "create database $DB_NAME" || exit 2
      rm -f "$OUT/secret"
    fi
    [[ -f "$OUT/secret" ]] || echo "bench-$(cat /proc/sys/kernel/random/uuid)" >"$OUT/secret"
    ADMIN=admin; ADMIN_PASSWORD="$(cat "$OUT/secret")"; AGENT_PASSWORD="$ADMIN_PASSWORD"
    ENV=(SPRING_PROFILES_ACTIVE=postgres AFTERSALES_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB_NAME"
         AFTERSALES_DB_USER="$PG_USER" AFTERSALES_DB_PASSWORD="$PGPASSWORD" AFTERSALES_ADMIN_PASSWORD="$ADMIN_PASSWORD") ;;
  *) log "DB must be h2 or postgres, not $DB"; exit 2 ;;
esac

PORT="$(free_port)" || { log "no free port"; exit 2; }
APP_PID=""
trap 'stop_app "$APP_PID"' EXIT
trap 'exit 130' INT TERM
# shellcheck disable=SC2086  # JAVA_OPTS and APP_ARGS are word lists on purpose
(cd "$OUT" && exec env "${ENV[@]}" java ${JAVA_OPTS:-} -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
  ${APP_ARGS:-} >"$OUT/app.log" 2>&1) &
APP_PID=$!
log "app on $DB: pid $APP_PID, http://127.0.0.1:$PORT, log $OUT/app.log"
java "$PROGRAM" --wait-ready --base-url "http://127.0.0.1:$PORT" --pid "$APP_PID" --timeout-s "${READY_TIMEOUT_S:-300}" \
  --user "$ADMIN" --password "$ADMIN_PASSWORD" || { log "the app did not start:"; tail -n 40 "$OUT/app.log"; exit 3; }

log "load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
java "$PROGRAM" --tasklist --base-url "http://127.0.0.1:$PORT" --user "$ADMIN" --password "$ADMIN_PASSWORD" \
  --agent-password "$AGENT_PASSWORD" --open-cases "$OPEN_CASES" --samples "$SAMPLES" --clients "$CLIENTS" \
  | tee "$OUT/result.txt"
RC=${PIPESTATUS[0]}
echo "database: $DB, load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/result.txt"
exit "$RC"
