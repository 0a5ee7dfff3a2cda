# Shared set-up for Airlock's benchmark scripts: a throw-away PostgreSQL, a read-only role, and
# Airlock instances in front of it. Source it; call bench_init first.

bench_init() {
  PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
  ROOT=$(cd "$(dirname "${BASH_SOURCE[1]}")/.." && pwd)
  JAR="$ROOT/proxy/target/airlock.jar"
  WORK=$(mktemp -d /tmp/airlock-bench.XXXXXX)
  AIRLOCK_PIDS=()
  [ -f "$JAR" ] || (cd "$ROOT" && mvn -q -DskipTests package)
  chmod 755 "$WORK"
  [ "$(id -u)" = 0 ] && chown postgres "$WORK"
  trap bench_cleanup EXIT
  export PGHOST=127.0.0.1 PGCLIENTENCODING=UTF8 BENCH_RO_PASSWORD=bench_ro
}

# Scheduling: the proxies under test and pgbench each run in a new session (setsid), so each gets
# a scheduling group of its own, as a service does. With the kernel's autogroup scheduling (on by
# default, and on here), the CPU is shared between sessions first and between a session's
# processes second. Each PostgreSQL backend starts a session and so is its own group; left in the
# script's session, the proxy under test and pgbench would share one group's share between them, on
# equal terms with one backend. That measured the scheduler more than the proxy: on this 2-core
# machine Airlock's runs left 7-9 % of the CPU idle against pgbouncer's 2-6 % at simple/10; each in
# its own session, both leave 7-8 %.

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

bench_cleanup() {
  for pid in "${AIRLOCK_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  pkill -f "pgbouncer $WORK/pgbouncer.ini" 2>/dev/null || true
  as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -m fast stop >/dev/null 2>&1 || true
  wait 2>/dev/null || true
  # Keep the results and each program's output; the database, the audit store and the statement
  # logs of a run take gigabytes.
  rm -rf "$WORK/pgdata" "$WORK"/store* "$WORK"/statements-*.log*
}

# start_postgres PORT: a cluster with database "bench" and the read-only role bench_ro.
start_postgres() {
  PG_PORT=$1
  echo postgres > "$WORK/pwfile"
  [ "$(id -u)" = 0 ] && chown postgres "$WORK/pwfile"
  as_postgres "$PG_BIN/initdb" -D "$WORK/pgdata" -A scram-sha-256 -U postgres --pwfile="$WORK/pwfile" >/dev/null
  as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -l "$WORK/pg.log" \
    -o "-p $PG_PORT -k $WORK -c max_connections=300 -c shared_buffers=256MB -c fsync=off" start >/dev/null
  PGPASSWORD=postgres psql -q -p "$PG_PORT" -U postgres -c "CREATE DATABASE bench" >/dev/null
}

# grant_readonly: the read-only role, able to read every table of "bench" and nothing more.
grant_readonly() {
  PGPASSWORD=postgres psql -q -p "$PG_PORT" -U postgres -d bench >/dev/null <<'SQL'
CREATE ROLE bench_ro LOGIN PASSWORD 'bench_ro';
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE TEMPORARY ON DATABASE bench FROM PUBLIC;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO bench_ro;
SQL
}

# start_airlock NAME PORT GATE_ENABLED [extra YAML lines]: Airlock with identity app/app; sets AIRLOCK_PID.
start_airlock() {
  local name=$1 port=$2 gate=$3 extra=${4:-}
  [ -n "${VERIFIER:-}" ] || VERIFIER=$(echo app | java -jar "$JAR" hash-password)
  cat > "$WORK/airlock-$name.yaml" <<YAML
listen:
  port: $port
  io_threads: ${IO_THREADS:-0}
  transport: ${TRANSPORT:-auto}
production:
  port: $PG_PORT
  database: bench
  readonly_user: bench_ro
  readonly_password: env:BENCH_RO_PASSWORD
  sslmode: disable
  pool:
    max_size: 60
gate:
  enabled: $gate
log:
  statements_file: $WORK/statements-$name.log
$extra
identities:
  - name: app
    kind: application
    password_verifier: "$VERIFIER"
YAML
  local unsafe=0
  [ "$gate" = false ] && unsafe=1
  # Through the launcher, so the JVM runs with the options a deployment gets, and these besides; in
  # a session of its own (see "Scheduling" above).
  local java_opts=${JAVA_OPTS:-"-Xms512m -Xmx512m -XX:+UseParallelGC"}
  AIRLOCK_UNSAFE_BENCHMARK=$unsafe AIRLOCK_JAVA_OPTS="$java_opts ${EXTRA_JAVA_OPTS:-}" \
    setsid "$ROOT/airlock" serve --config "$WORK/airlock-$name.yaml" >"$WORK/airlock-$name.out" 2>&1 &
  AIRLOCK_PID=$!
  AIRLOCK_PIDS+=("$AIRLOCK_PID")
  wait_for_port "$port" || { echo "Airlock $name did not start:"; cat "$WORK/airlock-$name.out"; exit 1; }
}

wait_for_port() {
  for _ in $(seq 120); do (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.5; done
  return 1
}

# CPU time (user + system, in clock ticks) a process has used so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
