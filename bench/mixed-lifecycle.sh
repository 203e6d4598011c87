#!/usr/bin/env bash
# Mixed-load lifecycle benchmark: every case type in a realistic mix (bench/README.md, "Mixed load"),
# driven through /api as the shop, with the benchmark acting as the agents (/engine-rest) and as the clock
# (timers made due). Starts the app on a free loopback port with a fresh temporary H2 data dir (or, with
# DB=postgres, a fresh PostgreSQL database), runs bench/MixedLifecycleBenchmark.java against it, prints
# the app's CPU per case, stops the app and deletes its data.
#
# Env: CASES (1000)  CLIENTS (8)  DB (h2 | postgres)  JAR  KEEP_DATA=1  TIMEOUT_S (900)  READY_TIMEOUT_S (120)
#      JAVA_OPTS  APP_ARGS  BENCH_ARGS (e.g. "--seed 7 --poll-ms 500")
#      PostgreSQL as for on-postgres.sh: AFTERSALES_TEST_PG_HOST (127.0.0.1) _PORT (5432) _USER (aftersales)
#      _PASSWORD (aftersales), DB_NAME (aftersales_mixed)
set -uo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
CASES="${CASES:-1000}"
CLIENTS="${CLIENTS:-8}"
DB="${DB:-h2}"
TIMEOUT_S="${TIMEOUT_S:-900}"
READY_TIMEOUT_S="${READY_TIMEOUT_S:-120}"
OUT="$BENCH_DIR/out/mixed-$DB"
mkdir -p "$OUT"

log() { printf '[mixed %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
command -v java >/dev/null || { log "java not found on PATH"; exit 2; }
[[ "$DB" == h2 || "$DB" == postgres ]] || { log "DB must be h2 or postgres, not '$DB'"; exit 2; }

# shellcheck source=bench/common.sh
source "$BENCH_DIR/common.sh"
ensure_jar || exit 2

PORT="$(free_port)" || { log "could not find a free port"; exit 2; }
DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/aftersales-mixed.XXXXXX")" || exit 2
APP_LOG="$OUT/app.log"
RESULT="$OUT/result.txt"
DB_ENV=()
if [[ "$DB" == postgres ]]; then
  command -v psql >/dev/null || { log "psql not found"; exit 2; }
  PG_HOST="${AFTERSALES_TEST_PG_HOST:-127.0.0.1}"
  PG_PORT="${AFTERSALES_TEST_PG_PORT:-5432}"
  PG_USER="${AFTERSALES_TEST_PG_USER:-aftersales}"
  export PGPASSWORD="${AFTERSALES_TEST_PG_PASSWORD:-aftersales}"
  export PGOPTIONS="-c client_min_messages=warning"
  DB_NAME="${DB_NAME:-aftersales_mixed}"
  sql() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -qtA "$@"; }
  sql -d postgres -c "drop database if exists $DB_NAME with (force)" -c "create database $DB_NAME" || exit 2
  # a throwaway database: the demo users (shop, agent, lead, demo) are what the benchmark logs in as
  DB_ENV=(SPRING_PROFILES_ACTIVE=postgres "AFTERSALES_DB_URL=jdbc:postgresql://$PG_HOST:$PG_PORT/$DB_NAME"
    "AFTERSALES_DB_USER=$PG_USER" "AFTERSALES_DB_PASSWORD=$PGPASSWORD" "AFTERSALES_ADMIN_PASSWORD=mixed-$RANDOM$RANDOM-Aa1!")
  APP_ARGS="--aftersales.demo-data=true ${APP_ARGS:-}"
fi
log "port $PORT, database $DB, app log $APP_LOG"

APP_PID=""
cleanup() {
  local rc=$?
  stop_app "$APP_PID"
  if [[ "${KEEP_DATA:-0}" == "1" ]]; then
    log "KEEP_DATA=1: data kept (${DATA_DIR}${DB_NAME:+, database $DB_NAME})"
  else
    [[ "$DATA_DIR" == */aftersales-mixed.* ]] && rm -rf -- "$DATA_DIR"
    [[ "$DB" == postgres ]] && sql -d postgres -c "drop database if exists $DB_NAME with (force)" >/dev/null 2>&1
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cd "$DATA_DIR" || exit 2
# shellcheck disable=SC2086  # JAVA_OPTS and APP_ARGS are word lists on purpose
env "${DB_ENV[@]}" AFTERSALES_DATA_DIR="$DATA_DIR" java ${JAVA_OPTS:-} -jar "$JAR" \
  --server.address=127.0.0.1 --server.port="$PORT" ${APP_ARGS:-} >"$APP_LOG" 2>&1 &
APP_PID=$!
log "app started, pid $APP_PID${APP_ARGS:+, extra args: $APP_ARGS}"
if ! java "$BENCH_DIR/CancellationLifecycleBenchmark.java" --wait-ready --base-url "http://127.0.0.1:$PORT" --pid "$APP_PID" \
    --timeout-s "$READY_TIMEOUT_S"; then
  tail -n 40 "$APP_LOG"
  exit 3
fi

app_cpu_ticks() { awk '{print $14 + $15}' "/proc/$APP_PID/stat" 2>/dev/null || echo 0; }
host_cpu() { awk '/^cpu / {busy = $2 + $3 + $4 + $7 + $8 + $9; print busy}' /proc/stat; }
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
APP_CPU0=$(app_cpu_ticks); HOST0=$(host_cpu); T0=$(date +%s.%N)
log "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
# shellcheck disable=SC2086
java "$BENCH_DIR/MixedLifecycleBenchmark.java" --base-url "http://127.0.0.1:$PORT" --cases "$CASES" --clients "$CLIENTS" \
  --timeout-s "$TIMEOUT_S" ${BENCH_ARGS:-} | tee "$RESULT"
BENCH_RC=${PIPESTATUS[0]}
APP_CPU1=$(app_cpu_ticks); HOST1=$(host_cpu); T1=$(date +%s.%N)

APP_ALIVE=yes; kill -0 "$APP_PID" 2>/dev/null || APP_ALIVE=no
{
  awk -v a0="$APP_CPU0" -v a1="$APP_CPU1" -v h0="$HOST0" -v h1="$HOST1" -v t0="$T0" -v t1="$T1" -v hz="$CLK_TCK" -v n="$CASES" 'BEGIN {
    app = (a1 - a0) / hz
    printf "app cpu seconds: %.1f\n", app
    printf "app cpu ms per case: %.1f\n", (n > 0 ? 1000 * app / n : 0)
    printf "host cpu seconds used by others (client, builds, ...): %.1f\n", (h1 - h0) / hz - app
    printf "run seconds (app view): %.1f\n", t1 - t0
  }'
  echo "peak rss MB (VmHWM): $(( $(awk '/^VmHWM:/ {print $2}' "/proc/$APP_PID/status" 2>/dev/null || echo 0) / 1024 ))"
  echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "app alive at the end: $APP_ALIVE"
  echo "app log job failures: $(grep -c -E 'ENGINE-14006|ENGINE-16004|Exception while executing job' "$APP_LOG" || true)"
} | tee -a "$RESULT"

[[ "$BENCH_RC" -eq 0 && "$APP_ALIVE" == yes ]] || { log "benchmark FAILED"; exit 1; }
log "benchmark passed; results in $RESULT"
