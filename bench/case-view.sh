#!/usr/bin/env bash
# Issue 16's target: the case view, GET /api/cases/{caseId}, at p95 <= 20 ms with 100,000 cases, on H2 or PostgreSQL.
# 1. Starts the app on a fresh database and runs REAL_CASES cases of every type through the real flows
#    (bench/MixedLifecycleBenchmark.java: the shop, the agents, the clock), then opens OPEN_CASES more that stay
#    waiting (an agent's task, the buyer, the carrier).
# 2. Stops the app and copies the finished real cases by JDBC into CASES more cases (bench/CaseViewBenchmark.java
#    --clone): the app's rows of each case and the engine's history rows (process, decision and task
#    instances; not activities and variables, which the view does not read), as Camunda wrote them, under new ids.
# 3. Starts the app again and times VIEWS views as the shop after WARMUP views, CLIENTS at a time: 80 % copied cases,
#    15 % real finished, 5 % real open. Prints p50/p95/p99/max by kind, the app's CPU ms per view, the load average.
#    Exit 1 when the p95 of all views is above 20 ms.
#
# Env: DB (h2 | postgres)  CASES (100000)  REAL_CASES (300)  OPEN_CASES (100)  VIEWS (2000)  WARMUP (300)  CLIENTS (4)
#      AFTERSALES_TEST_PG_HOST/_PORT/_USER/_PASSWORD as for bench/on-postgres.sh; DB_NAME (aftersales_case_view)
#      REUSE=1: time the views again on the cases of the last run (bench/out/case-view-$DB, its CASES), after a change
#      JAR  JAVA_OPTS (e.g. -XX:StartFlightRecording=filename=view.jfr,settings=profile)  APP_ARGS
set -uo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
DB="${DB:-h2}"
OUT="$BENCH_DIR/out/case-view-$DB"
CASES="${CASES:-100000}"
REAL_CASES="${REAL_CASES:-300}"
OPEN_CASES="${OPEN_CASES:-100}"
VIEWS="${VIEWS:-2000}"
WARMUP="${WARMUP:-300}"
CLIENTS="${CLIENTS:-4}"
PROGRAM="$BENCH_DIR/CaseViewBenchmark.java"
log() { printf '[case-view %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
# shellcheck source=bench/common.sh
source "$BENCH_DIR/common.sh"
command -v java >/dev/null || { log "java not found on PATH"; exit 2; }
if [[ "${REUSE:-0}" == 1 && -f "$OUT/real-cases.txt" ]]; then
  REUSE=1; CASES="$(cat "$OUT/copies" 2>/dev/null || echo "$CASES")"
  log "REUSE=1: the $CASES copied cases of the last run in $OUT (H2 data or database), no new ones"
else
  REUSE=0; rm -rf "$OUT"
fi
mkdir -p "$OUT/lib"
ensure_jar || exit 2

# the JDBC drivers the app ships with, for the copying
[[ -n "$(ls "$OUT/lib")" ]] || (cd "$OUT/lib" && jar tf "$JAR" | grep -E '^BOOT-INF/lib/(h2|postgresql)-[0-9].*\.jar$' | xargs jar xf "$JAR") || exit 2
DRIVERS="$(find "$OUT/lib" -name '*.jar' | paste -sd: -)"

ADMIN=demo; ADMIN_PASSWORD=demo   # the demo users: shop opens and reads the cases, demo moves timers (mixed benchmark)
case "$DB" in
  h2)
    ENV=(AFTERSALES_DATA_DIR="$OUT/data")
    JDBC_URL="jdbc:h2:file:$OUT/data/aftersales"; JDBC_USER=sa; JDBC_PASSWORD="" ;;
  postgres)
    command -v psql >/dev/null || { log "psql not found: install PostgreSQL (apt-get install -y postgresql)"; exit 2; }
    PG_HOST="${AFTERSALES_TEST_PG_HOST:-127.0.0.1}"; PG_PORT="${AFTERSALES_TEST_PG_PORT:-5432}"
    PG_USER="${AFTERSALES_TEST_PG_USER:-aftersales}"; export PGPASSWORD="${AFTERSALES_TEST_PG_PASSWORD:-aftersales}"
    export PGOPTIONS="-c client_min_messages=warning"
    DB_NAME="${DB_NAME:-aftersales_case_view}"
    sql() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -qtA "$@"; }
    sql -d postgres -c "select 1" >/dev/null || { log "no PostgreSQL at $PG_HOST:$PG_PORT for $PG_USER (README, 'Tests on PostgreSQL')"; exit 2; }
    [[ "$REUSE" == 1 ]] || sql -d postgres -c "drop database if exists $DB_NAME with (force)" -c "create database $DB_NAME" || exit 2
    JDBC_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB_NAME"; JDBC_USER="$PG_USER"; JDBC_PASSWORD="$PGPASSWORD"
    # a throwaway database with the demo users, as bench/mixed-lifecycle.sh
    ENV=(SPRING_PROFILES_ACTIVE=postgres AFTERSALES_DB_URL="$JDBC_URL" AFTERSALES_DB_USER="$PG_USER"
         AFTERSALES_DB_PASSWORD="$PGPASSWORD" AFTERSALES_ADMIN_PASSWORD="case-view-$RANDOM$RANDOM-Aa1!")
    APP_ARGS="--aftersales.demo-data=true ${APP_ARGS:-}" ;;
  *) log "DB must be h2 or postgres, not $DB"; exit 2 ;;
esac

APP_PID=""
trap 'stop_app "$APP_PID"' EXIT
trap 'exit 130' INT TERM

if [[ "$REUSE" == 0 ]]; then
start_bench_app
log "running $REAL_CASES cases through the flows (bench/MixedLifecycleBenchmark.java), then opening $OPEN_CASES that wait"
java "$BENCH_DIR/MixedLifecycleBenchmark.java" --base-url "http://127.0.0.1:$PORT" --cases "$REAL_CASES" --clients 4 \
  --timeout-s 900 >"$OUT/real-cases.log" 2>&1 || { log "the real cases failed:"; tail -n 30 "$OUT/real-cases.log"; exit 3; }
tail -n 4 "$OUT/real-cases.log"
java "$PROGRAM" --open --base-url "http://127.0.0.1:$PORT" --cases "$OPEN_CASES" || exit 3
sleep 3   # let the open cases' first jobs run
stop_app "$APP_PID"; APP_PID=""

log "copying the finished real cases into $CASES cases (INSERT ... SELECT)"
java -cp "$DRIVERS" "$PROGRAM" --clone --jdbc-url "$JDBC_URL" --db-user "$JDBC_USER" --db-password "$JDBC_PASSWORD" \
  --cases "$CASES" --real-cases "$OUT/real-cases.txt" || exit 3
echo "$CASES" >"$OUT/copies"
[[ "$DB" == postgres ]] && sql -d "$DB_NAME" -c "analyze" 2>/dev/null   # (not the system catalogs: not a superuser)
fi
start_bench_app
log "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
java "$PROGRAM" --measure --base-url "http://127.0.0.1:$PORT" --user shop --password shop --real-cases "$OUT/real-cases.txt" \
  --cases "$CASES" --views "$VIEWS" --warmup "$WARMUP" --clients "$CLIENTS" --app-pid "$APP_PID" \
  --clk-tck "$(getconf CLK_TCK 2>/dev/null || echo 100)" | tee "$OUT/result.txt"
RC=${PIPESTATUS[0]}
echo "database: $DB, $CASES copied + $(wc -l <"$OUT/real-cases.txt") real cases, load average after: $(cut -d' ' -f1-3 /proc/loadavg)" \
  | tee -a "$OUT/result.txt"
exit "$RC"
