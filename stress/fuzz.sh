#!/usr/bin/env bash
# Long protocol fuzzing run: ProtocolFuzzIT with many more cases per property than the suite's 200.
# Usage: stress/fuzz.sh [cases-per-property] [seed]       e.g. stress/fuzz.sh 20000
# A failure prints the smallest failing input jqwik could shrink to and the seed to replay it with.
set -euo pipefail
cd "$(dirname "$0")/.."
tries=${1:-5000}
seed=${2:-}
mvn -q -DskipTests install
args=(-B verify -pl integration-tests -Dit.test=ProtocolFuzzIT -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
      "-Djqwik.tries.default=$tries")
[ -n "$seed" ] && args+=("-Djqwik.seeds.whenfixed=ALLOW" "-Djqwik.seeds.default=$seed")
time mvn "${args[@]}"
