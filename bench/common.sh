# Shared by the bench scripts (sourced): the app jar, free ports, stopping an app.
# Needs BENCH_DIR and ROOT set; defines log() unless the script has its own.

# The app's JVM settings, the same as README.md, the Dockerfile and pom.xml (spring-boot:run) give it
# (issue 16: resident memory at most 768 MB through the benchmarks). JAVA_OPTS="" runs the JVM's defaults.
: "${JAVA_OPTS=-Xmx512m -XX:+UseSerialGC}"

declare -F log >/dev/null || log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# Sets JAR to the app jar (absolute): $JAR if given, else target/after-sales-0.1.0-SNAPSHOT.jar,
# built with ./mvnw package when it is missing or older than the sources.
ensure_jar() {
  if [[ -n "${JAR:-}" ]]; then
    [[ -f "$JAR" ]] || { log "JAR=$JAR does not exist"; return 2; }
  else
    JAR="$ROOT/target/after-sales-0.1.0-SNAPSHOT.jar"
    local reason=""
    if [[ ! -f "$JAR" ]]; then
      reason="the jar is missing"
    elif [[ -n "$(find "$ROOT/src/main" "$ROOT/bpmn" "$ROOT/pom.xml" -type f -newer "$JAR" -print -quit 2>/dev/null)" ]]; then
      reason="the jar is older than the sources"
    fi
    if [[ -n "$reason" ]]; then
      log "$reason: building it with ./mvnw -q -B package -DskipTests in $ROOT"
      (cd "$ROOT" && ./mvnw -q -B package -DskipTests) || { log "build failed"; return 2; }
    fi
  fi
  JAR="$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")"   # absolute: apps run from other directories
  log "jar: $JAR"
}

# A free loopback port.
free_port() { java "$BENCH_DIR/CancellationLifecycleBenchmark.java" --free-port; }

# stop_app PID: SIGTERM, 30 s grace, then SIGKILL.
stop_app() {
  local pid=$1
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  log "stopping the app (pid $pid)"
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then log "app $pid did not stop in 30 s: SIGKILL"; kill -KILL "$pid" 2>/dev/null; fi
  wait "$pid" 2>/dev/null
  return 0
}

# start_bench_app: the app from $JAR with the environment "${ENV[@]}" on a free loopback port, in $OUT, logging to
# $OUT/app.log; returns once it answers as $ADMIN/$ADMIN_PASSWORD (READY_TIMEOUT_S, 300 s), exits 3 if it does not.
# Sets PORT and APP_PID. (insights.sh, simulation.sh)
start_bench_app() {
  PORT="$(free_port)" || { log "no free port"; exit 2; }
  # shellcheck disable=SC2086  # JAVA_OPTS and APP_ARGS are word lists on purpose
  (cd "$OUT" && exec env "${ENV[@]}" java ${JAVA_OPTS:-} -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
    ${APP_ARGS:-} >>"$OUT/app.log" 2>&1) &
  APP_PID=$!
  log "app on $DB: pid $APP_PID, http://127.0.0.1:$PORT, log $OUT/app.log"
  java "$BENCH_DIR/CancellationLifecycleBenchmark.java" --wait-ready --base-url "http://127.0.0.1:$PORT" --pid "$APP_PID" \
    --timeout-s "${READY_TIMEOUT_S:-300}" --user "$ADMIN" --password "$ADMIN_PASSWORD" \
    || { log "the app did not start:"; tail -n 40 "$OUT/app.log"; exit 3; }
}
