#!/usr/bin/env bash
# Memory per idle client (DESIGN §6: ≤ 32 KB per idle client): opens N authenticated client
# connections to Airlock and holds them idle, then reports the growth of Airlock's live heap
# (after a full GC) and of its resident set, per client.
# Usage: bench/idle-clients.sh [clients] [heap]        e.g. bench/idle-clients.sh 4000 512m
set -euo pipefail
source "$(dirname "$0")/lib.sh"

CLIENTS=${1:-4000}
HEAP=${2:-512m}
PG_PORT=55450 AIRLOCK_PORT=55451
bench_init
ulimit -n "$(ulimit -Hn)"

echo "== PostgreSQL on :$PG_PORT, Airlock on :$AIRLOCK_PORT (heap $HEAP)"
start_postgres $PG_PORT
grant_readonly
JAVA_OPTS="-Xms$HEAP -Xmx$HEAP -XX:+UseParallelGC" \
  start_airlock idle $AIRLOCK_PORT true "limits:
  max_client_connections: $((CLIENTS + 100))"

live_heap_kb() {
  jcmd "$AIRLOCK_PID" GC.run >/dev/null
  sleep 1
  jcmd "$AIRLOCK_PID" GC.heap_info | awk '/PSYoungGen|ParOldGen/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i+1); sub(/K/, "", v); total += v}} END {print total}'
}
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$AIRLOCK_PID/status"; }

# One client first, so the classes and buffers every session needs are already loaded.
mkfifo "$WORK/hold-warm" "$WORK/hold"
java -cp "$JAR" "$ROOT/bench/src/IdleClients.java" $AIRLOCK_PORT bench app app 1 < "$WORK/hold-warm" > "$WORK/warm.out" &
WARM_PID=$!
exec 3>"$WORK/hold-warm"
until grep -q READY "$WORK/warm.out" 2>/dev/null; do sleep 0.5; done
heap_before=$(live_heap_kb)
rss_before=$(rss_kb)

echo "== opening $CLIENTS idle clients"
java -Xss256k -cp "$JAR" "$ROOT/bench/src/IdleClients.java" $AIRLOCK_PORT bench app app "$CLIENTS" < "$WORK/hold" > "$WORK/clients.out" &
CLIENTS_PID=$!
exec 4>"$WORK/hold"
until grep -q READY "$WORK/clients.out" 2>/dev/null; do
  sleep 1
  kill -0 "$CLIENTS_PID" 2>/dev/null || { echo "the client driver failed:"; cat "$WORK/clients.out"; exit 1; }
done
sleep 2
heap_after=$(live_heap_kb)
rss_after=$(rss_kb)
exec 4>&- 3>&-
wait "$CLIENTS_PID" "$WARM_PID" 2>/dev/null || true

echo
printf 'clients: %d (plus one to warm up)\n' "$CLIENTS"
printf 'live heap: %d KB -> %d KB: %.1f KB per client\n' "$heap_before" "$heap_after" "$(echo "($heap_after - $heap_before) / $CLIENTS" | bc -l)"
printf 'resident set: %d KB -> %d KB: %.1f KB per client\n' "$rss_before" "$rss_after" "$(echo "($rss_after - $rss_before) / $CLIENTS" | bc -l)"
