#!/usr/bin/env bash
# Issue 14's scale target: GET /api/insights at p95 <= 1 s with 100,000 resolved cases, on H2 or PostgreSQL.
# Starts the app once on a fresh database (Flyway creates the tables), stops it, seeds CASES resolved cases with
# JDBC batches straight into the app's tables (bench/InsightsBenchmark.java --seed: orders, case records, ledger,
# keep offers, SLA breaches, reships; not through the flows, which would take hours), starts the app again and
# times CALLS calls of /api/insights as the admin with varied periods (a year, a quarter, a month, a week),
# platforms and case types: p50, p95, max. Exit 1 when p95 is above 1 s.
#
# Env: DB (h2 | postgres)  CASES (100000)  CALLS (50)
#      AFTERSALES_TEST_PG_HOST/_PORT/_USER/_PASSWORD as for bench/on-postgres.sh; DB_NAME (aftersales_insights)
#      JAR  JAVA_OPTS  APP_ARGS
set -uo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
DB="${DB:-h2}"
OUT="$BENCH_DIR/out/insights-$DB"
CASES="${CASES:-100000}"
CALLS="${CALLS:-50}"
PROGRAM="$BENCH_DIR/InsightsBenchmark.java"
log() { printf '[insights %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
# shellcheck source=bench/common.sh
source "$BENCH_DIR/common.sh"
command -v java >/dev/null || { log "java not found on PATH"; exit 2; }
rm -rf "$OUT"
mkdir -p "$OUT/lib"
ensure_jar || exit 2

# the JDBC drivers the app ships with, for the seeding
(cd "$OUT/lib" && jar tf "$JAR" | grep -E '^BOOT-INF/lib/(h2|postgresql)-[0-9].*\.jar$' | xargs jar xf "$JAR") || exit 2
DRIVERS="$(find "$OUT/lib" -name '*.jar' | paste -sd: -)"

case "$DB" in
  h2)
    ENV=(AFTERSALES_DATA_DIR="$OUT/data")
    ADMIN=demo; ADMIN_PASSWORD=demo
    JDBC_URL="jdbc:h2:file:$OUT/data/aftersales"; JDBC_USER=sa; JDBC_PASSWORD="" ;;
  postgres)
    command -v psql >/dev/null || { log "psql not found: install PostgreSQL (apt-get install -y postgresql)"; exit 2; }
    PG_HOST="${AFTERSALES_TEST_PG_HOST:-127.0.0.1}"; PG_PORT="${AFTERSALES_TEST_PG_PORT:-5432}"
    PG_USER="${AFTERSALES_TEST_PG_USER:-aftersales}"; export PGPASSWORD="${AFTERSALES_TEST_PG_PASSWORD:-aftersales}"
    DB_NAME="${DB_NAME:-aftersales_insights}"
    sql() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -qtA "$@"; }
    sql -d postgres -c "select 1" >/dev/null || { log "no PostgreSQL at $PG_HOST:$PG_PORT for $PG_USER (README, 'Tests on PostgreSQL')"; exit 2; }
    sql -d postgres -c "drop database if exists $DB_NAME" && sql -d postgres -c "create database $DB_NAME" || exit 2
    ADMIN=admin; ADMIN_PASSWORD="bench-$(cat /proc/sys/kernel/random/uuid)"
    JDBC_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB_NAME"; JDBC_USER="$PG_USER"; JDBC_PASSWORD="$PGPASSWORD"
    ENV=(SPRING_PROFILES_ACTIVE=postgres AFTERSALES_DB_URL="$JDBC_URL"
         AFTERSALES_DB_USER="$PG_USER" AFTERSALES_DB_PASSWORD="$PGPASSWORD" AFTERSALES_ADMIN_PASSWORD="$ADMIN_PASSWORD") ;;
  *) log "DB must be h2 or postgres, not $DB"; exit 2 ;;
esac

APP_PID=""
trap 'stop_app "$APP_PID"' EXIT
trap 'exit 130' INT TERM

start_bench_app   # creates the tables
stop_app "$APP_PID"; APP_PID=""
log "seeding $CASES resolved cases with JDBC batches"
java -cp "$DRIVERS" "$PROGRAM" --seed --jdbc-url "$JDBC_URL" --db-user "$JDBC_USER" --db-password "$JDBC_PASSWORD" \
  --cases "$CASES" || exit 3
[[ "$DB" == postgres ]] && sql -d "$DB_NAME" -c "analyze"
start_bench_app
log "load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
java "$PROGRAM" --measure --base-url "http://127.0.0.1:$PORT" --user "$ADMIN" --password "$ADMIN_PASSWORD" \
  --calls "$CALLS" | tee "$OUT/result.txt"
RC=${PIPESTATUS[0]}
echo "database: $DB, $CASES resolved cases, load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/result.txt"
exit "$RC"
