#!/usr/bin/env bash
# Read pass-through benchmark (DESIGN §6): pgbench -S, simple and prepared protocol, 1/10/50
# clients, against PostgreSQL directly, through pgbouncer (session pooling) and through Airlock
# (gate on, and gate off for the gate's cost), interleaved round by round in one run. Prints TPS,
# p50 latency and the ratios.
#
# Needs: PostgreSQL server binaries (PG_BIN), pgbench, pgbouncer, a built proxy/target/airlock.jar.
# Usage: bench/pgbench.sh [seconds-per-run] [rounds]      e.g. bench/pgbench.sh 15 3
set -euo pipefail

DURATION=${1:-10}
ROUNDS=${2:-2}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/proxy/target/airlock.jar"
WORK=$(mktemp -d /tmp/airlock-bench.XXXXXX)
PG_PORT=55440 BOUNCER_PORT=55441 AIRLOCK_PORT=55442 NOGATE_PORT=55443
CLIENT_COUNTS=${CLIENT_COUNTS:-"1 10 50"}
RESULTS="$WORK/results.tsv"

[ -f "$JAR" ] || (cd "$ROOT" && mvn -q -DskipTests package)
command -v pgbouncer >/dev/null || { echo "pgbouncer is missing (apt-get install pgbouncer)"; exit 1; }

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  [ -n "${AIRLOCK_PID:-}" ] && kill "$AIRLOCK_PID" 2>/dev/null || true
  [ -n "${NOGATE_PID:-}" ] && kill "$NOGATE_PID" 2>/dev/null || true
  pkill -f "pgbouncer $WORK/pgbouncer.ini" 2>/dev/null || true
  as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -m fast stop >/dev/null 2>&1 || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
chmod 755 "$WORK"
[ "$(id -u)" = 0 ] && chown postgres "$WORK"

echo "== PostgreSQL on :$PG_PORT"
echo postgres > "$WORK/pwfile"
[ "$(id -u)" = 0 ] && chown postgres "$WORK/pwfile"
as_postgres "$PG_BIN/initdb" -D "$WORK/pgdata" -A scram-sha-256 -U postgres --pwfile="$WORK/pwfile" >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -l "$WORK/pg.log" \
  -o "-p $PG_PORT -k $WORK -c max_connections=300 -c shared_buffers=256MB -c fsync=off" start >/dev/null
export PGHOST=127.0.0.1 PGPASSWORD=postgres PGCLIENTENCODING=UTF8
psql -q -p $PG_PORT -U postgres -c "CREATE DATABASE bench" >/dev/null
pgbench -q -i -s 10 -p $PG_PORT -U postgres bench >/dev/null 2>&1
psql -q -p $PG_PORT -U postgres -d bench >/dev/null <<'SQL'
CREATE ROLE bench_ro LOGIN PASSWORD 'bench_ro';
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE TEMPORARY ON DATABASE bench FROM PUBLIC;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO bench_ro;
SQL

echo "== pgbouncer on :$BOUNCER_PORT (session pooling)"
cat > "$WORK/pgbouncer.ini" <<INI
[databases]
bench = host=127.0.0.1 port=$PG_PORT dbname=bench user=bench_ro password=bench_ro
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $WORK/userlist.txt
pool_mode = session
max_client_conn = 1000
default_pool_size = 60
logfile = $WORK/pgbouncer.log
INI
echo '"app" "app"' > "$WORK/userlist.txt"
[ "$(id -u)" = 0 ] && chown postgres "$WORK"/pgbouncer.ini "$WORK"/userlist.txt
as_postgres pgbouncer "$WORK/pgbouncer.ini" >/dev/null 2>&1 &

echo "== Airlock on :$AIRLOCK_PORT (gate on) and :$NOGATE_PORT (gate off)"
VERIFIER=$(echo app | java -jar "$JAR" hash-password)
write_config() {
  cat > "$WORK/airlock-$1.yaml" <<YAML
listen:
  port: $2
production:
  port: $PG_PORT
  database: bench
  readonly_user: bench_ro
  readonly_password: env:BENCH_RO_PASSWORD
  sslmode: disable
  pool:
    max_size: 60
gate:
  enabled: $3
identities:
  - name: app
    kind: application
    password_verifier: "$VERIFIER"
YAML
}
write_config gate $AIRLOCK_PORT true
write_config nogate $NOGATE_PORT false
export BENCH_RO_PASSWORD=bench_ro AIRLOCK_LOG_DIR="$WORK/logs"
JAVA_OPTS=${JAVA_OPTS:-"-Xms512m -Xmx512m -XX:+UseParallelGC -XX:-DontCompileHugeMethods"}
java $JAVA_OPTS -jar "$JAR" serve --config "$WORK/airlock-gate.yaml" >"$WORK/airlock.log" 2>&1 &
AIRLOCK_PID=$!
AIRLOCK_UNSAFE_BENCHMARK=1 java $JAVA_OPTS -jar "$JAR" serve --config "$WORK/airlock-nogate.yaml" >"$WORK/airlock-nogate.log" 2>&1 &
NOGATE_PID=$!
for port in $BOUNCER_PORT $AIRLOCK_PORT $NOGATE_PORT; do
  for _ in $(seq 60); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.5; done
done

target_port() { case $1 in direct) echo $PG_PORT;; pgbouncer) echo $BOUNCER_PORT;; airlock) echo $AIRLOCK_PORT;; airlock-nogate) echo $NOGATE_PORT;; esac; }
target_user() { [ "$1" = direct ] && echo bench_ro || echo app; }
target_password() { [ "$1" = direct ] && echo bench_ro || echo app; }

# One pgbench run; appends "target mode clients tps p50_ms" to the results.
run() {
  local target=$1 mode=$2 clients=$3 seconds=$4 record=$5
  local threads=$(( clients < 2 ? 1 : 2 ))
  local prefix="$WORK/log-$target-$mode-$clients"
  rm -f "$prefix".*
  local out
  out=$(cd "$WORK" && PGPASSWORD=$(target_password "$target") pgbench -n -S -M "$mode" -c "$clients" -j "$threads" \
        -T "$seconds" -l --log-prefix="$prefix" -p "$(target_port "$target")" -U "$(target_user "$target")" bench 2>&1) \
        || { echo "pgbench failed for $target $mode $clients:"; echo "$out"; exit 1; }
  local tps p50
  tps=$(echo "$out" | awk '/^tps = / {print $3; exit}')
  p50=$(cat "$prefix".* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)]/1000}')
  [ "$record" = yes ] && printf '%s\t%s\t%s\t%s\t%s\n' "$target" "$mode" "$clients" "$tps" "$p50" >> "$RESULTS"
  rm -f "$prefix".*
}

TARGETS="direct pgbouncer airlock airlock-nogate"
echo "== warm-up"
for target in $TARGETS; do for mode in simple prepared; do run "$target" "$mode" 10 5 no; done; done

echo "== measuring: ${DURATION}s per run, $ROUNDS interleaved rounds"
for round in $(seq "$ROUNDS"); do
  for clients in $CLIENT_COUNTS; do
    for mode in simple prepared; do
      for target in $TARGETS; do
        run "$target" "$mode" "$clients" "$DURATION" yes
      done
    done
  done
  echo "   round $round done"
done

echo
awk -F'\t' '
  { key=$1 FS $2 FS $3; tps[key]+=$4; n[key]++; p50[key]+=$5 }
  END {
    printf "%-8s %7s %14s %14s %14s %14s %9s %9s %9s\n", "mode", "clients", "direct tps", "pgbouncer tps", "airlock tps", "no-gate tps", "vs pgb", "vs direct", "gate cost"
    split("simple prepared", modes, " ")
    for (m = 1; m <= 2; m++) for (c in clients_seen) ;
    for (m = 1; m <= 2; m++) {
      mode = modes[m]
      for (i = 1; i <= 3; i++) {
        clients = (i == 1 ? 1 : (i == 2 ? 10 : 50))
        d = "direct" FS mode FS clients; b = "pgbouncer" FS mode FS clients; a = "airlock" FS mode FS clients; g = "airlock-nogate" FS mode FS clients
        if (!(d in n)) continue
        printf "%-8s %7d %14.0f %14.0f %14.0f %14.0f %9.2f %9.2f %8.1f%%\n", mode, clients, tps[d]/n[d], tps[b]/n[b], tps[a]/n[a], tps[g]/n[g],
               (tps[a]/n[a])/(tps[b]/n[b]), (tps[a]/n[a])/(tps[d]/n[d]), 100*(1-(tps[a]/n[a])/(tps[g]/n[g]))
      }
    }
    print ""
    printf "%-8s %7s %12s %14s %12s %14s\n", "mode", "clients", "direct p50", "pgbouncer p50", "airlock p50", "added vs pgb"
    for (m = 1; m <= 2; m++) {
      mode = modes[m]; clients = 1
      d = "direct" FS mode FS clients; b = "pgbouncer" FS mode FS clients; a = "airlock" FS mode FS clients
      if (!(d in n)) continue
      dp = p50[d]/n[d]; bp = p50[b]/n[b]; ap = p50[a]/n[a]
      printf "%-8s %7d %10.3fms %12.3fms %10.3fms %13.2fx\n", mode, clients, dp, bp, ap, (ap-dp)/((bp-dp) > 0 ? (bp-dp) : 0.001)
    }
  }' "$RESULTS"
echo
echo "raw results: $RESULTS (kept: $WORK)"
trap - EXIT
cleanup
