#!/usr/bin/env bash
# The cancellation lifecycle on PostgreSQL, on one or several app nodes sharing the database
# (issue 3: "two nodes, one database"). Creates a fresh database, starts NODES app JVMs with the
# postgres profile on free loopback ports (node 1 first: it creates the schema), opens CASES
# cancellations round-robin across the nodes (case i opened on node i, its WAREHOUSE_UPDATE sent to
# the next node), sends TIMER_CASES cases to the return leg and makes their 10-day timer due, then
# prints: cases, refunds in the ledger and which node paid them, duplicate refunds, timers fired and
# by which node, incidents, failed jobs, seconds. Exit 0 only when every refund was paid once and
# nothing failed. CI runs it with the defaults (2 nodes, 200 cases, 20 timers).
#
# Env: NODES (2)  CASES (200)  CLIENTS (8)  TIMER_CASES (20)  TIMEOUT_S (600)  READY_TIMEOUT_S (300)
#      AFTERSALES_TEST_PG_HOST (127.0.0.1) _PORT (5432) _USER (aftersales) _PASSWORD (aftersales):
#      a PostgreSQL role that may create databases, as for the tests (README, "Tests on PostgreSQL")
#      DB_NAME (aftersales_bench)  JAR  JAVA_OPTS  APP_ARGS  KEEP_DB=1 (keep the database)
#      BENCH_ARGS (extra arguments for the benchmark program, e.g. "--bare 0": no bare start + complete phases)
set -uo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
OUT="$BENCH_DIR/out/on-postgres"
NODES="${NODES:-2}"
CASES="${CASES:-200}"
CLIENTS="${CLIENTS:-8}"
TIMER_CASES="${TIMER_CASES:-20}"
TIMEOUT_S="${TIMEOUT_S:-600}"
PG_HOST="${AFTERSALES_TEST_PG_HOST:-127.0.0.1}"
PG_PORT="${AFTERSALES_TEST_PG_PORT:-5432}"
PG_USER="${AFTERSALES_TEST_PG_USER:-aftersales}"
export PGPASSWORD="${AFTERSALES_TEST_PG_PASSWORD:-aftersales}"
DB_NAME="${DB_NAME:-aftersales_bench}"
PROGRAM="$BENCH_DIR/CancellationLifecycleBenchmark.java"
mkdir -p "$OUT"
log() { printf '[on-postgres %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
# shellcheck source=bench/common.sh
source "$BENCH_DIR/common.sh"

command -v java >/dev/null || { log "java not found on PATH"; exit 2; }
command -v psql >/dev/null || { log "psql not found: install PostgreSQL (apt-get install -y postgresql)"; exit 2; }
sql() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -qtA "$@"; }
sql -d postgres -c "select 1" >/dev/null || { log "no PostgreSQL at $PG_HOST:$PG_PORT for $PG_USER (see README, 'Tests on PostgreSQL')"; exit 2; }
ensure_jar || exit 2

log "fresh database $DB_NAME on $PG_HOST:$PG_PORT"
sql -d postgres -c "drop database if exists $DB_NAME with (force)" -c "create database $DB_NAME" || exit 2
ADMIN_PASSWORD="bench-$(cat /proc/sys/kernel/random/uuid)"

PIDS=()
URLS=()
cleanup() {
  local rc=$?
  for pid in "${PIDS[@]}"; do stop_app "$pid"; done
  if [[ "${KEEP_DB:-0}" != "1" ]]; then sql -d postgres -c "drop database if exists $DB_NAME with (force)" >/dev/null 2>&1; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for n in $(seq 1 "$NODES"); do
  port="$(free_port)" || { log "no free port"; exit 2; }
  # shellcheck disable=SC2086  # JAVA_OPTS and APP_ARGS are word lists on purpose
  (cd "$OUT" && SPRING_PROFILES_ACTIVE=postgres \
    AFTERSALES_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB_NAME" AFTERSALES_DB_USER="$PG_USER" \
    AFTERSALES_DB_PASSWORD="$PGPASSWORD" AFTERSALES_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
    exec java ${JAVA_OPTS:-} -jar "$JAR" --server.address=127.0.0.1 --server.port="$port" ${APP_ARGS:-} \
    >"$OUT/node$n.log" 2>&1) &
  PIDS+=($!)
  URLS+=("http://127.0.0.1:$port")
  log "node $n: pid ${PIDS[-1]}, ${URLS[-1]}, log $OUT/node$n.log"
  if ! java "$PROGRAM" --wait-ready --base-url "${URLS[-1]}" --pid "${PIDS[-1]}" --timeout-s "${READY_TIMEOUT_S:-300}" \
      --user admin --password "$ADMIN_PASSWORD"; then
    log "node $n did not start; last lines of its log:"; tail -n 40 "$OUT/node$n.log"; exit 3
  fi
done

# CPU ticks of the PostgreSQL server's processes, when it runs on this machine (backends live as long as the app's pool)
pg_ticks() { local t=0 p; for p in $(pgrep -u postgres 2>/dev/null); do
  t=$((t + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
PG_TICKS_START=$(pg_ticks)
START=$(date +%s.%N)
BASE_URLS=$(IFS=,; echo "${URLS[*]}")
APP_PID_ARGS=()
[[ "$NODES" -eq 1 ]] && APP_PID_ARGS=(--app-pid "${PIDS[0]}")   # one node: its CPU per case, as on H2
# shellcheck disable=SC2086  # BENCH_ARGS is a word list on purpose
java "$PROGRAM" --base-url "$BASE_URLS" --cases "$CASES" --clients "$CLIENTS" --timer-cases "$TIMER_CASES" \
  --timeout-s "$TIMEOUT_S" --poll-ms 500 --user admin --password "$ADMIN_PASSWORD" --bare-user admin --bare-password "$ADMIN_PASSWORD" \
  --bare-files "$BENCH_DIR" \
  "${APP_PID_ARGS[@]}" ${BENCH_ARGS:-} | tee "$OUT/result.txt"
BENCH_RC=${PIPESTATUS[0]}
SECONDS_TAKEN=$(awk -v s="$START" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}')
PG_CPU_S=$(awk -v a="$PG_TICKS_START" -v b="$(pg_ticks)" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", (b - a) / hz}')
sleep 2   # let a job that is still running finish before counting

LEDGER=$(sql -d "$DB_NAME" -c "select count(*) from refund_ledger")
LEDGER_CASES=$(sql -d "$DB_NAME" -c "select count(distinct case_id) from refund_ledger")
INCIDENTS=$(sql -d "$DB_NAME" -c "select count(*) from act_ru_incident")
FAILED_JOBS=$(sql -d "$DB_NAME" -c "select count(*) from act_ru_job where exception_msg_ is not null")
PAID=0; FIRED=0; PER_NODE=""
for n in $(seq 1 "$NODES"); do
  paid=$(grep -c 'Refund .* recorded for order' "$OUT/node$n.log" || true)
  fired=$(grep -c 'Case CLOSED: ' "$OUT/node$n.log" || true)
  PAID=$((PAID + paid)); FIRED=$((FIRED + fired))
  PER_NODE+="  node $n: refunds paid $paid, timers fired $fired, OptimisticLockingException $(grep -c OptimisticLockingException "$OUT/node$n.log" || true)"$'\n'
done
DUPLICATES=$((PAID - LEDGER))

{
  echo "=== $NODES node(s), one PostgreSQL database ==="
  echo "cases: $CASES cancellations (opened round-robin, each event sent to another node) + $TIMER_CASES timer cases"
  echo "refunds in the ledger: $LEDGER for $LEDGER_CASES cases (expected $CASES)"
  echo "refund payments executed (gateway calls, all nodes): $PAID"
  echo "duplicate refunds: $DUPLICATES"
  echo "timers fired (return leg closed without a tracking number, R-RET-5): $FIRED (expected $TIMER_CASES)"
  echo "incidents: $INCIDENTS"
  echo "failed jobs: $FAILED_JOBS"
  printf '%s' "$PER_NODE"
  echo "seconds: $SECONDS_TAKEN"
  if [[ "$PG_TICKS_START" -gt 0 ]]; then echo "postgres cpu seconds (this machine's server, whole run): $PG_CPU_S"; fi
} | tee -a "$OUT/result.txt"

RC=0
[[ "$BENCH_RC" -eq 0 ]] || { log "the benchmark client reported failures (exit $BENCH_RC)"; RC=1; }
[[ "$LEDGER" -eq "$CASES" && "$LEDGER_CASES" -eq "$CASES" ]] || { log "ledger has $LEDGER refunds for $LEDGER_CASES cases, expected $CASES"; RC=1; }
[[ "$DUPLICATES" -eq 0 ]] || { log "$DUPLICATES refunds were paid more than once"; RC=1; }
[[ "$FIRED" -eq "$TIMER_CASES" ]] || { log "$FIRED timers fired, expected $TIMER_CASES"; RC=1; }
[[ "$INCIDENTS" -eq 0 && "$FAILED_JOBS" -eq 0 ]] || { log "$INCIDENTS incidents, $FAILED_JOBS failed jobs"; RC=1; }
if [[ "$NODES" -gt 1 ]]; then
  busy=$(printf '%s' "$PER_NODE" | grep -c 'refunds paid [1-9]' || true)
  [[ "$busy" -gt 1 ]] || log "note: only one node executed refund jobs in this run"
fi
[[ "$RC" -eq 0 ]] && log "PASS: results in $OUT/result.txt" || log "FAIL: see $OUT/result.txt and $OUT/node*.log"
exit "$RC"
