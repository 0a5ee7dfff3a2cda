#!/usr/bin/env bash
# The statement gate's cost per statement, with JMH (percentiles): cached and uncached decisions
# for pgbench's statement and a 1 KB OLTP read, against Pagila's real catalog on embedded PostgreSQL.
# Usage: bench/gate-jmh.sh [JMH options, replacing the defaults]   e.g. bench/gate-jmh.sh -f 1 -wi 5 -i 10
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
mvn -q -pl sandbox,approver-api install -DskipTests
mvn -q -pl proxy test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
[ $# -gt 0 ] || set -- -f 1 -wi 3 -w 2s -i 5 -r 3s -t 1
set -- "$@" -jvmArgsAppend -XX:-DontCompileHugeMethods
exec java -cp "proxy/target/test-classes:proxy/target/classes:$(cat proxy/target/bench-classpath.txt)" \
  org.openjdk.jmh.Main 'dev.airlock.proxy.bench.GateBenchmark' "$@"
