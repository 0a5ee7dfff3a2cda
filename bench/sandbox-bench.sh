#!/usr/bin/env bash
# Sandbox benchmark: catalog snapshot, in-memory diff, pg_dump -s (when a PostgreSQL 15 pg_dump
# is installed; PG_DUMP=/path overrides), mirror build, task clone and DDL -> effect, on generated
# schemas of 10, 100, 1,000 and 10,000 tables and on GitLab's structure.sql.
# Usage: bench/sandbox-bench.sh [workload ...]   (workloads: a table count, or "gitlab")
# Results: printed, and written to bench/results/sandbox-<millis>.md (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl sandbox test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
    -Dmdep.includeScope=test
classpath="sandbox/target/classes:sandbox/target/test-classes:$(cat sandbox/target/bench.classpath)"
exec java -Xmx4g -Dbench.results=bench/results -Dlogback.configurationFile=sandbox/src/test/resources/logback-test.xml \
    -cp "$classpath" dev.airlock.sandbox.bench.SandboxBenchmark "$@"
