#!/usr/bin/env bash
# Cancellation lifecycle benchmark: starts the app on a free loopback port with a fresh temporary
# H2 data dir, runs bench/CancellationLifecycleBenchmark.java against it, samples the app's RSS,
# stops the app and deletes the data dir. Needs only a JDK (17+). See bench/README.md.
#
# Env: CASES (2000)  CLIENTS (8)  JAR (default target/after-sales-0.1.0-SNAPSHOT.jar, built if missing
#      or older than the sources)  KEEP_DATA=1 (keep the temp data dir)  TIMEOUT_S (900, resolution
#      timeout)  READY_TIMEOUT_S (120)  JAVA_OPTS (JVM options for the app)  APP_ARGS (extra Spring
#      arguments for the app, e.g. "--camunda.bpm.job-execution.max-jobs-per-acquisition=16")
#      BENCH_ARGS (extra arguments for the benchmark program, e.g. "--bare 500" or "--bare 0")
# Before and after the cases the program runs as many bare start + complete of a minimal process as the admin
# (demo/demo, the demo users of the default profile) and prints the ratios (bench/README.md, "Bare start+complete").
set -uo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
OUT="$BENCH_DIR/out"
CASES="${CASES:-2000}"
CLIENTS="${CLIENTS:-8}"
TIMEOUT_S="${TIMEOUT_S:-900}"
READY_TIMEOUT_S="${READY_TIMEOUT_S:-120}"
PROGRAM="$BENCH_DIR/CancellationLifecycleBenchmark.java"
mkdir -p "$OUT"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

command -v java >/dev/null || { log "java not found on PATH"; exit 2; }

# ---- the jar --------------------------------------------------------------------------------
# shellcheck source=bench/common.sh
source "$BENCH_DIR/common.sh"
ensure_jar || exit 2

# ---- port and data dir ----------------------------------------------------------------------
PORT="$(free_port)" || { log "could not find a free port"; exit 2; }
DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/aftersales-bench.XXXXXX")" || { log "mktemp failed"; exit 2; }
BASE_URL="http://127.0.0.1:$PORT"
APP_LOG="$OUT/app.log"
RSS_LOG="$OUT/rss.tsv"
RESULT="$OUT/result.txt"
log "port $PORT, data dir $DATA_DIR, app log $APP_LOG"

APP_PID=""
SAMPLER_PID=""
cleanup() {
  local rc=$?
  if [[ -n "$SAMPLER_PID" ]] && kill -0 "$SAMPLER_PID" 2>/dev/null; then kill "$SAMPLER_PID" 2>/dev/null; wait "$SAMPLER_PID" 2>/dev/null; fi
  stop_app "$APP_PID"
  if [[ "${KEEP_DATA:-0}" == "1" ]]; then
    log "KEEP_DATA=1: data kept in $DATA_DIR"
  elif [[ -n "${DATA_DIR:-}" && -d "$DATA_DIR" && "$DATA_DIR" == */aftersales-bench.* ]]; then
    rm -rf -- "$DATA_DIR"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- start the app --------------------------------------------------------------------------
# shellcheck disable=SC2086  # JAVA_OPTS and APP_ARGS are word lists on purpose
# (run from the temp data dir, so that nothing the app writes relative to its working directory lands in the project)
cd "$DATA_DIR" || exit 2
PORT="$PORT" AFTERSALES_DATA_DIR="$DATA_DIR" java ${JAVA_OPTS:-} -jar "$JAR" \
  --server.address=127.0.0.1 --server.port="$PORT" ${APP_ARGS:-} >"$APP_LOG" 2>&1 &
APP_PID=$!
log "app started, pid $APP_PID${APP_ARGS:+, extra args: $APP_ARGS}${JAVA_OPTS:+, JAVA_OPTS: $JAVA_OPTS}"

# RSS every second (bounded: at most 6 hours of samples)
(
  printf 'epoch_s\tvmrss_kb\n'
  for _ in $(seq 1 21600); do
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$APP_PID/status" 2>/dev/null) || break
    [[ -n "$rss" ]] || break
    printf '%s\t%s\n' "$(date +%s)" "$rss"
    sleep 1
  done
) >"$RSS_LOG" &
SAMPLER_PID=$!

if ! java "$PROGRAM" --wait-ready --base-url "$BASE_URL" --pid "$APP_PID" --timeout-s "$READY_TIMEOUT_S"; then
  log "the app did not start; last lines of $APP_LOG:"
  tail -n 40 "$APP_LOG"
  exit 3
fi

# ---- run the benchmark ----------------------------------------------------------------------
# CPU accounting: the app's own CPU time and the whole machine's, so that load from other processes
# (a parallel build, say) shows in the figures.
app_cpu_ticks() { awk '{print $14 + $15}' "/proc/$APP_PID/stat" 2>/dev/null || echo 0; }
host_cpu() { awk '/^cpu / {busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6}' /proc/stat; }
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
APP_CPU0=$(app_cpu_ticks); read -r HOST_BUSY0 HOST_ALL0 < <(host_cpu); T0=$(date +%s.%N)
log "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
# shellcheck disable=SC2086
java "$PROGRAM" --base-url "$BASE_URL" --cases "$CASES" --clients "$CLIENTS" --timeout-s "$TIMEOUT_S" \
  --app-pid "$APP_PID" --clk-tck "$CLK_TCK" --bare-files "$BENCH_DIR" ${BENCH_ARGS:-} \
  | tee "$RESULT"
BENCH_RC=${PIPESTATUS[0]}

APP_CPU1=$(app_cpu_ticks); read -r HOST_BUSY1 HOST_ALL1 < <(host_cpu); T1=$(date +%s.%N)

# ---- memory, CPU and the app log ------------------------------------------------------------
HWM_KB=$(awk '/^VmHWM:/ {print $2}' "/proc/$APP_PID/status" 2>/dev/null || true)
MAX_SAMPLED_KB=$(awk 'NR > 1 && $2 > m {m = $2} END {print m + 0}' "$RSS_LOG")
SAMPLES=$(( $(wc -l <"$RSS_LOG") - 1 ))
APP_ALIVE=yes; kill -0 "$APP_PID" 2>/dev/null || APP_ALIVE=no
count() { grep -c -E "$1" "$APP_LOG" 2>/dev/null || true; }
{
  if [[ -n "$HWM_KB" ]]; then echo "peak rss MB (VmHWM): $(( HWM_KB / 1024 ))"; else echo "peak rss MB (VmHWM): n/a"; fi
  echo "max sampled rss MB (VmRSS every 1 s): $(( MAX_SAMPLED_KB / 1024 ))"
  echo "rss samples: $SAMPLES ($RSS_LOG)"
  echo "app alive at the end: $APP_ALIVE"
  awk -v a0="$APP_CPU0" -v a1="$APP_CPU1" -v hb0="$HOST_BUSY0" -v hb1="$HOST_BUSY1" -v ha0="$HOST_ALL0" -v ha1="$HOST_ALL1" \
      -v t0="$T0" -v t1="$T1" -v hz="$CLK_TCK" -v n="$CASES" -v cpus="$(nproc)" 'BEGIN {
    app = (a1 - a0) / hz; host = (hb1 - hb0) / hz; secs = t1 - t0
    printf "app cpu seconds (whole benchmark run): %.1f\n", app
    printf "app cpu ms per case, whole run (orders, bare phases and verification too): %.1f\n", (n > 0 ? 1000 * app / n : 0)
    printf "app cpu utilisation %% of %d CPUs: %.0f\n", cpus, (secs > 0 ? 100 * app / (secs * cpus) : 0)
    printf "host cpu busy %% (all processes): %.0f\n", (ha1 - ha0 > 0 ? 100 * (hb1 - hb0) / (ha1 - ha0) : 0)
    printf "host cpu seconds used by others (client, builds, ...): %.1f\n", host - app
  }'
  echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "app log ERROR lines: $(count ' ERROR ')"
  echo "app log WARN lines: $(count ' WARN ')"
  echo "app log OptimisticLockingException: $(count 'OptimisticLockingException')"
  echo "app log job failures (ENGINE-14006/16004 or 'Exception while executing job'): $(count 'ENGINE-14006|ENGINE-16004|Exception while executing job')"
  echo "app log incidents created: $(count 'incident|Incident')"
} | tee -a "$RESULT"

RC=0
if [[ "$BENCH_RC" -ne 0 ]]; then log "benchmark FAILED (exit $BENCH_RC)"; RC=1; fi
if [[ "$APP_ALIVE" != yes ]]; then log "the app died during the run"; RC=1; fi
if [[ "$RC" -eq 0 ]]; then log "benchmark passed; results in $RESULT"; fi
exit "$RC"
