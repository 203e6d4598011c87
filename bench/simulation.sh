#!/usr/bin/env bash
# Policy simulation at scale (issue 14), on H2 or on PostgreSQL: 100,000 resolved damaged-item cases with their
# ReshipEligibility decision in Camunda's history, then POST /api/insights/simulations with the reship limit lowered
# from 30 to 20, RUNS times (after 2 warm-up runs): p50/p95/max. Target: p95 <= 1 s.
# Seeding: the app starts once on an empty database (schema, deployed tables), stops, and
# PolicySimulationBenchmark.java --seed bulk-inserts the cases' rows with JDBC (orders, cases, ACT_HI_PROCINST,
# ACT_HI_DECINST / _DEC_IN / _DEC_OUT as Camunda writes them for a business rule task); running 100,000 flows would
# take hours here. The seeded data is kept for the next run (FRESH=1 starts from an empty database). The app's own copy
# of each decision (recorded_decision, insights/RecordedDecisions) is not seeded: the first warm-up simulation fills it
# from Camunda's history, as the first simulation after an upgrade does; its time is printed with the warm-up runs.
#
# Env: DB (h2 | postgres)  CASES (100000)  RUNS (20)  FRESH (0)
#      NEW_FILE (0; 1: every upload a file the app has not seen, so not its kept check and parse)
#      AFTERSALES_TEST_PG_HOST/_PORT/_USER/_PASSWORD as for bench/on-postgres.sh; DB_NAME (aftersales_simulation)
#      JAR  JAVA_OPTS  APP_ARGS
set -uo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
DB="${DB:-h2}"
OUT="$BENCH_DIR/out/simulation-$DB"
CASES="${CASES:-100000}"
RUNS="${RUNS:-20}"
PROGRAM="$BENCH_DIR/PolicySimulationBenchmark.java"
log() { printf '[simulation %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
# shellcheck source=bench/common.sh
source "$BENCH_DIR/common.sh"
command -v java >/dev/null || { log "java not found on PATH"; exit 2; }
command -v unzip >/dev/null || { log "unzip not found on PATH"; exit 2; }
[[ "${FRESH:-0}" == "1" ]] && rm -rf "$OUT"
mkdir -p "$OUT"
ensure_jar || exit 2

# the JDBC drivers of the app's own jar, for the seeding
mkdir -p "$OUT/lib"
(cd "$OUT/lib" && unzip -o -q -j "$JAR" 'BOOT-INF/lib/h2-*.jar' 'BOOT-INF/lib/postgresql-*.jar') || { log "no JDBC drivers in $JAR"; exit 2; }
DRIVERS="$(ls "$OUT"/lib/*.jar | tr '\n' ':')"

case "$DB" in
  h2)
    ENV=(AFTERSALES_DATA_DIR="$OUT/data")
    JDBC="jdbc:h2:file:$OUT/data/aftersales;DB_CLOSE_ON_EXIT=FALSE"; JDBC_USER=sa; JDBC_PASSWORD=""
    ADMIN=demo; ADMIN_PASSWORD=demo ;;
  postgres)
    command -v psql >/dev/null || { log "psql not found: install PostgreSQL (apt-get install -y postgresql)"; exit 2; }
    PG_HOST="${AFTERSALES_TEST_PG_HOST:-127.0.0.1}"; PG_PORT="${AFTERSALES_TEST_PG_PORT:-5432}"
    PG_USER="${AFTERSALES_TEST_PG_USER:-aftersales}"; export PGPASSWORD="${AFTERSALES_TEST_PG_PASSWORD:-aftersales}"
    DB_NAME="${DB_NAME:-aftersales_simulation}"
    sql() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -qtA "$@"; }
    sql -d postgres -c "select 1" >/dev/null || { log "no PostgreSQL at $PG_HOST:$PG_PORT for $PG_USER (README, 'Tests on PostgreSQL')"; exit 2; }
    [[ "${FRESH:-0}" == "1" ]] && sql -d postgres -c "drop database if exists $DB_NAME" >/dev/null
    if [[ -z "$(sql -d postgres -c "select 1 from pg_database where datname = '$DB_NAME'")" ]]; then
      log "new database $DB_NAME"; sql -d postgres -c "create database $DB_NAME" || exit 2
      rm -f "$OUT/secret"
    fi
    [[ -f "$OUT/secret" ]] || echo "bench-$(cat /proc/sys/kernel/random/uuid)" >"$OUT/secret"
    ADMIN=admin; ADMIN_PASSWORD="$(cat "$OUT/secret")"
    JDBC="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB_NAME"; JDBC_USER="$PG_USER"; JDBC_PASSWORD="$PGPASSWORD"
    ENV=(SPRING_PROFILES_ACTIVE=postgres AFTERSALES_DB_URL="$JDBC"
         AFTERSALES_DB_USER="$PG_USER" AFTERSALES_DB_PASSWORD="$PGPASSWORD" AFTERSALES_ADMIN_PASSWORD="$ADMIN_PASSWORD") ;;
  *) log "DB must be h2 or postgres, not $DB"; exit 2 ;;
esac

APP_PID=""
trap 'stop_app "$APP_PID"' EXIT
trap 'exit 130' INT TERM

if [[ ! -f "$OUT/seeded-$CASES" ]]; then
  start_bench_app                       # schema, deployed tables
  stop_app "$APP_PID"; APP_PID=""
  log "seeding $CASES resolved cases with their ReshipEligibility decision (JDBC batches)"
  java -cp "$DRIVERS" "$PROGRAM" --seed --jdbc "$JDBC" --user "$JDBC_USER" --password "$JDBC_PASSWORD" --cases "$CASES" \
    || { log "seeding failed"; exit 4; }
  touch "$OUT/seeded-$CASES"
fi

start_bench_app
sed -e 's|<text>&lt;= 30</text>|<text>\&lt;= 20</text>|' -e 's|<text>&gt; 30</text>|<text>\&gt; 20</text>|' \
  "$ROOT/bpmn/reship-eligibility.dmn" >"$OUT/reship-limit-20.dmn"
grep -q '&lt;= 20' "$OUT/reship-limit-20.dmn" || { log "could not change the reship limit in the copy"; exit 2; }
NEW_FILE_ARG=(); [[ "${NEW_FILE:-0}" == "1" ]] && NEW_FILE_ARG=(--new-file-each-run)
log "load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
java "$PROGRAM" --measure --base-url "http://127.0.0.1:$PORT" --user "$ADMIN" --password "$ADMIN_PASSWORD" \
  --runs "$RUNS" --file "$OUT/reship-limit-20.dmn" "${NEW_FILE_ARG[@]}" | tee "$OUT/result.txt"
RC=${PIPESTATUS[0]}
echo "database: $DB, cases: $CASES, new file each run: ${NEW_FILE:-0}, load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/result.txt"
exit "$RC"
