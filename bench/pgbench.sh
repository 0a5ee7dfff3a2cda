#!/usr/bin/env bash
# Read pass-through benchmark (DESIGN §6): pgbench -S, simple and prepared protocol, 1/10/50
# clients, against PostgreSQL directly, through pgbouncer (session pooling) and through Airlock
# (gate on, and gate off for the gate's cost; airlock-audit: gate on with the control plane, so every
# statement also goes to the hash-chained audit log and through the policy), interleaved round by
# round in one run. Prints TPS, p50 latency, the ratios, and whether the run shows each throughput
# target and the latency target met. airlock-audit's sandbox is the same throw-away PostgreSQL (it
# is only needed to start the control plane; a read benchmark files no change).
# pgbouncer, each Airlock and each pgbench run in a session of their own (see "Scheduling" in lib.sh).
#
# Needs: PostgreSQL server binaries (PG_BIN), pgbench, pgbouncer, a built proxy/target/airlock.jar.
# Usage: bench/pgbench.sh [seconds-per-run] [rounds]      e.g. bench/pgbench.sh 15 3
# Environment: CLIENT_COUNTS ("1 10 50"), MODES ("simple prepared"), TARGETS, WARMUP (seconds of load
# per Airlock instance and mode before measuring, 45: after start-up the JIT goes on compiling for
# about a minute of load, on the cores the measurement needs; at 10 clients with the audit log on, C2
# took 12, 4.4, 2.6 and then under 1.5 us per transaction in successive 20 s windows), WARMUP_RUNS
# (the runs the warm-up is split into, 3; see warm_up), NATIVE_WARMUP
# (the same for PostgreSQL and pgbouncer, which only fill their caches: 5), IO_THREADS (Airlock's
# listen.io_threads), TRANSPORT (listen.transport), JAVA_OPTS (every Airlock instance, after the
# launcher's own options), GATE_JAVA_OPTS and AUDIT_JAVA_OPTS (the gate-on
# and audit-on instances only, e.g. a JFR recording), INTERLEAVED_QUERIES (queries per target and mode
# for bench/interleaved-latency.py after the rounds, 20000; 0 skips it; it runs only with direct and pgbouncer
# among the targets, and python3-psycopg2 and python3-psycopg).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

DURATION=${1:-10}
ROUNDS=${2:-2}
PG_PORT=55440 BOUNCER_PORT=55441 AIRLOCK_PORT=55442 NOGATE_PORT=55443 AUDIT_PORT=55444
CLIENT_COUNTS=${CLIENT_COUNTS:-"1 10 50"}
bench_init
RESULTS="$WORK/results.tsv"
command -v pgbouncer >/dev/null || { echo "pgbouncer is missing (apt-get install pgbouncer)"; exit 1; }

echo "== PostgreSQL on :$PG_PORT"
start_postgres $PG_PORT
PGPASSWORD=postgres pgbench -q -i -s 10 -p $PG_PORT -U postgres bench >/dev/null 2>&1
grant_readonly

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
as_postgres setsid pgbouncer "$WORK/pgbouncer.ini" >/dev/null 2>&1 &

echo "== Airlock on :$AIRLOCK_PORT (gate on) and :$NOGATE_PORT (gate off)"
EXTRA_JAVA_OPTS=${GATE_JAVA_OPTS:-} start_airlock gate $AIRLOCK_PORT true
GATE_PID=$AIRLOCK_PID
start_airlock nogate $NOGATE_PORT false
NOGATE_PID=$AIRLOCK_PID
AUDIT_PID=
if [[ " ${TARGETS:-} " == *" airlock-audit "* ]]; then
  PGPASSWORD=postgres psql -q -p "$PG_PORT" -U postgres -c "CREATE ROLE bench_change LOGIN PASSWORD 'bench_change'; GRANT CREATE ON DATABASE bench TO bench_change" >/dev/null
  export BENCH_CHANGE_PASSWORD=bench_change BENCH_SANDBOX_PASSWORD=postgres
  EXTRA_JAVA_OPTS=${AUDIT_JAVA_OPTS:-} start_airlock audit $AUDIT_PORT true "production.change_user: bench_change
production.change_password: env:BENCH_CHANGE_PASSWORD
sandbox:
  host: 127.0.0.1
  port: $PG_PORT
  admin_user: postgres
  admin_password: env:BENCH_SANDBOX_PASSWORD
store:
  h2_file: $WORK/store
api:
  port: 0"
  AUDIT_PID=$AIRLOCK_PID
fi
wait_for_port $BOUNCER_PORT

proxy_pid() {
  case $1 in
    pgbouncer) pgrep -f "^pgbouncer $WORK/pgbouncer.ini" | head -1;;
    airlock) echo "$GATE_PID";;
    airlock-nogate) echo "$NOGATE_PID";;
    airlock-audit) echo "$AUDIT_PID";;
    *) echo "";;
  esac
}
TICKS_PER_SECOND=$(getconf CLK_TCK)

target_port() { case $1 in direct) echo $PG_PORT;; pgbouncer) echo $BOUNCER_PORT;; airlock) echo $AIRLOCK_PORT;; airlock-nogate) echo $NOGATE_PORT;; airlock-audit) echo $AUDIT_PORT;; esac; }
target_user() { [ "$1" = direct ] && echo bench_ro || echo app; }
target_password() { [ "$1" = direct ] && echo bench_ro || echo app; }

# CPU time so far, in clock ticks: "busy idle postgres": the whole machine's busy and idle time
# (idle counts I/O wait too), and PostgreSQL's (its live processes and those it has reaped).
machine_ticks() {
  local postmaster
  postmaster=$(head -1 "$WORK/pgdata/postmaster.pid")
  echo "$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6; exit}' /proc/stat)" \
    "$({ awk '{print $16 + $17}' "/proc/$postmaster/stat"; for child in $(pgrep -P "$postmaster"); do cpu_ticks "$child"; done; } \
       | awk '{sum += $1} END {print sum}')"
}

# One pgbench run; appends "target mode clients tps p50_ms proxy_cpu_us_per_transaction
# host_cpu_us_per_transaction host_idle_percent postgres_cpu_us_per_transaction". The host figures
# take in pgbench and PostgreSQL too: a proxy that spends less CPU itself but makes the others spend
# more shows there, and idle CPU under a saturating load means the clients wait on latency, not on
# the cores.
run() {
  local target=$1 mode=$2 clients=$3 seconds=$4 record=$5
  local threads=$(( clients < 2 ? 1 : 2 ))
  local prefix="$WORK/log-$target-$mode-$clients"
  rm -f "$prefix".*
  local pid ticks_before machine_before out
  pid=$(proxy_pid "$target")
  ticks_before=$([ -n "$pid" ] && cpu_ticks "$pid" || echo 0)
  machine_before=$(machine_ticks)
  out=$(cd "$WORK" && PGPASSWORD=$(target_password "$target") setsid -w pgbench -n -S -M "$mode" -c "$clients" -j "$threads" \
        -T "$seconds" -l --log-prefix="$prefix" -p "$(target_port "$target")" -U "$(target_user "$target")" bench 2>&1) \
        || { echo "pgbench failed for $target $mode $clients:"; echo "$out"; exit 1; }
  local machine_after tps p50 transactions cpu_us host_cpu_us host_idle postgres_cpu_us
  machine_after=$(machine_ticks)
  tps=$(echo "$out" | awk '/^tps = / {print $3; exit}')
  transactions=$(echo "$out" | awk '/^number of transactions actually processed:/ {print $6; exit}')
  p50=$(cat "$prefix".* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)]/1000}')
  cpu_us=0
  if [ -n "$pid" ]; then
    cpu_us=$(awk -v t=$(( $(cpu_ticks "$pid") - ticks_before )) -v n="$transactions" -v hz="$TICKS_PER_SECOND" \
      'BEGIN {printf "%.2f", t * 1000000 / hz / n}')
  fi
  read -r host_cpu_us host_idle postgres_cpu_us < <(echo "$machine_before $machine_after" \
    | awk -v n="$transactions" -v hz="$TICKS_PER_SECOND" '{busy = $4 - $1; idle = $5 - $2; us = 1000000 / hz / n;
        printf "%.2f %.1f %.2f\n", busy * us, 100 * idle / (busy + idle), ($6 - $3) * us}')
  [ "$record" = yes ] && printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$mode" "$clients" "$tps" "$p50" "$cpu_us" \
    "$host_cpu_us" "$host_idle" "$postgres_cpu_us" >> "$RESULTS"
  rm -f "$prefix".*
}

TARGETS=${TARGETS:-"direct pgbouncer airlock airlock-nogate"}
MODES=${MODES:-"simple prepared"}
WARMUP=${WARMUP:-45}
NATIVE_WARMUP=${NATIVE_WARMUP:-5}
# An Airlock instance warms up in WARMUP_RUNS runs, each with new connections: the first few times
# clients disconnect and others connect, the JIT throws away hot code compiled for steady traffic
# (116, 46, then under 25 deoptimisations per run) and compiles it again during the next run, as a
# long-running proxy has long done.
WARMUP_RUNS=${WARMUP_RUNS:-3}
INTERLEAVED_QUERIES=${INTERLEAVED_QUERIES:-20000}
warm_up() {
  local target=$1 mode=$2
  case $target in
    airlock*) for _ in $(seq "$WARMUP_RUNS"); do run "$target" "$mode" 10 $(( WARMUP / WARMUP_RUNS )) no; done;;
    *) run "$target" "$mode" 10 "$NATIVE_WARMUP" no;;
  esac
}
echo "== warm-up: ${WARMUP}s in $WARMUP_RUNS runs per Airlock instance and mode, ${NATIVE_WARMUP}s for the others"
for target in $TARGETS; do for mode in $MODES; do warm_up "$target" "$mode"; done; done

# TARGETS turned left by SHIFT places: each round starts with another target, so no target always
# runs right after the same one or at the same point of a round.
rotated_targets() {
  local shift=$1 targets
  read -ra targets <<< "$TARGETS"
  for i in "${!targets[@]}"; do echo "${targets[(i + shift) % ${#targets[@]}]}"; done
}

echo "== measuring: ${DURATION}s per run, $ROUNDS interleaved rounds"
for round in $(seq "$ROUNDS"); do
  for clients in $CLIENT_COUNTS; do
    for mode in $MODES; do
      for target in $(rotated_targets $((round - 1))); do
        run "$target" "$mode" "$clients" "$DURATION" yes
      done
    done
  done
  echo "   round $round done"
done

# pgbench's p50 at one client moves by a third between runs of the same target; the probe sends
# one query at a time to each target in turn, so all meet the same moment of the machine.
if [ "$INTERLEAVED_QUERIES" -gt 0 ] && [[ " $TARGETS " == *" direct "* && " $TARGETS " == *" pgbouncer "* ]]; then
  echo "== added latency at 1 client, query by query in turn ($INTERLEAVED_QUERIES queries per target and mode)"
  dsns=()
  for target in $TARGETS; do
    dsns+=("$target=host=127.0.0.1 port=$(target_port "$target") dbname=bench user=$(target_user "$target") password=$(target_password "$target") sslmode=disable")
  done
  /usr/bin/python3 "$ROOT/bench/interleaved-latency.py" "$INTERLEAVED_QUERIES" "${dsns[@]}" | tee "$WORK/interleaved.txt"
fi

echo
# Medians over the rounds: one slow round on a shared machine should not move the figures.
python3 - "$RESULTS" "$ROOT/bench" <<'PY'
import sys, statistics, collections
sys.path.insert(0, sys.argv[2])
import paired_ratios
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    target, mode, clients, *figures = line.split('\t')
    runs[(target, mode, int(clients))].append(tuple(map(float, figures)))
def med(key, i):
    values = [r[i] for r in runs.get(key, [])]
    return statistics.median(values) if values else float('nan')
print(f"{'mode':8} {'clients':>7} {'direct':>9} {'pgbouncer':>10} {'airlock':>9} {'no-gate':>9} {'vs pgb':>7} {'vs direct':>9} {'gate cost':>9}   cpu us/txn: pgbouncer airlock no-gate")
for mode in ('simple', 'prepared'):
    for clients in sorted({k[2] for k in runs if k[1] == mode}):
        d, b, a, g = (med((t, mode, clients), 0) for t in ('direct', 'pgbouncer', 'airlock', 'airlock-nogate'))
        cb, ca, cg = (med((t, mode, clients), 2) for t in ('pgbouncer', 'airlock', 'airlock-nogate'))
        print(f"{mode:8} {clients:7d} {d:9.0f} {b:10.0f} {a:9.0f} {g:9.0f} {a/b:7.2f} {a/d:9.2f} {100*(1-a/g):8.1f}%   {cb:19.1f} {ca:7.1f} {cg:7.1f}")
if any(k[0] == 'airlock-audit' for k in runs):
    print()
    print("with the audit log and policy on (airlock-audit), against gate-on without them and against gate off:")
    for mode in ('simple', 'prepared'):
        for clients in sorted({k[2] for k in runs if k[1] == mode}):
            b, a, u, g = (med((t, mode, clients), 0) for t in ('pgbouncer', 'airlock', 'airlock-audit', 'airlock-nogate'))
            cu = med(('airlock-audit', mode, clients), 2)
            print(f"{mode:8} {clients:7d} audit-on {u:9.0f} tps  vs airlock {u/a:5.2f}  vs pgbouncer {u/b:5.2f}"
                  f"  gate+audit cost vs no-gate {100*(1-u/g):5.1f}%  cpu us/txn {cu:.1f}")
print()
print("the whole machine (pgbench, PostgreSQL and the proxy): CPU us per transaction (PostgreSQL's) / idle %")
targets = [t for t in ('direct', 'pgbouncer', 'airlock', 'airlock-nogate', 'airlock-audit') if any(k[0] == t for k in runs)]
print(f"{'mode':8} {'clients':>7} " + " ".join(f"{t:>24}" for t in targets))
for mode in ('simple', 'prepared'):
    for clients in sorted({k[2] for k in runs if k[1] == mode}):
        cells = [f"{med((t, mode, clients), 3):.1f} ({med((t, mode, clients), 5):.1f}) / {med((t, mode, clients), 4):.1f}%"
                 for t in targets]
        print(f"{mode:8} {clients:7d} " + " ".join(f"{c:>24}" for c in cells))
print()
# A ratio of medians can pair one target's good round with the other's bad one; pairing the two
# within each round (they ran a minute apart) shows how far the rounds agree.
def tps_ratios(target, mode, clients):
    """TARGET's TPS over pgbouncer's, round by round."""
    ours, theirs = runs.get((target, mode, clients), []), runs.get(('pgbouncer', mode, clients), [])
    return [a[0] / b[0] for a, b in zip(ours, theirs)]
print("Airlock / pgbouncer TPS paired within each round: median (lowest-highest) of the rounds")
for mode in ('simple', 'prepared'):
    for clients in sorted({k[2] for k in runs if k[1] == mode}):
        cells = []
        for target in ('airlock', 'airlock-audit'):
            ratios = tps_ratios(target, mode, clients)
            if ratios:
                cells.append(f"{target} {statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})")
        print(f"{mode:8} {clients:7d}  " + "   ".join(cells))
print()
# One round's ratio moves by a fifth either way; the paired geometric mean with its interval says
# whether this run shows each DESIGN section 6 target met (see bench/paired_ratios.py).
print("Airlock / pgbouncer TPS, paired by round: geometric mean [95% interval] against the target (10 and 50 clients)")
for mode in ('simple', 'prepared'):
    for clients in sorted(k[2] for k in runs if k[0] == 'airlock' and k[1] == mode and k[2] >= 10):
        ratios = tps_ratios('airlock', mode, clients)
        if len(ratios) >= paired_ratios.MIN_PAIRS:
            print(f"{mode:8} {clients:7d}  {paired_ratios.verdict(ratios, paired_ratios.TPS_TARGETS[mode], at_least=True)}")
print()
print("p50 latency at 1 client (ms), and Airlock's added latency as a multiple of pgbouncer's:")
for mode in ('simple', 'prepared'):
    d, b, a = (med((t, mode, 1), 1) for t in ('direct', 'pgbouncer', 'airlock'))
    if d == d:
        print(f"{mode:8} direct {d:.3f}  pgbouncer {b:.3f}  airlock {a:.3f}  added: {(a-d)/max(b-d, 0.001):.2f}x")
# Within each round, Airlock's p50 over direct's against pgbouncer's over direct's.
latency_rounds = {}
for mode in ('simple', 'prepared'):
    rounds = list(zip(*(runs.get((t, mode, 1), []) for t in ('direct', 'pgbouncer', 'airlock'))))
    if len(rounds) >= paired_ratios.MIN_PAIRS:
        latency_rounds[mode] = rounds
if latency_rounds:
    print("added p50 latency at 1 client, Airlock / pgbouncer, paired by round: geometric mean [95% interval] against the target")
for mode, rounds in latency_rounds.items():
    if any(a[1] <= d[1] or b[1] <= d[1] for d, b, a in rounds):
        print(f"{mode:8}       1  no verdict: in some round a proxy's p50 was not above direct's")
        continue
    ratios = [(a[1] - d[1]) / (b[1] - d[1]) for d, b, a in rounds]
    print(f"{mode:8}       1  {paired_ratios.verdict(ratios, paired_ratios.ADDED_LATENCY_TARGET, at_least=False)}")
PY
echo
echo "raw results: $RESULTS (kept: $WORK)"
