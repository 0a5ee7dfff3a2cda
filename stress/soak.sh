#!/usr/bin/env bash
# Soak run: MixedLoadIT with more sessions for longer than the suite's 200 sessions for 30 s
# (applications reading and trying to write, agents reading and proposing changes; afterwards no
# client connection, busy production connection, task sandbox or pending change of an ended task may
# be left). Production's pool is sized to the sessions plus 20.
# Usage: stress/soak.sh [seconds] [sessions]        e.g. stress/soak.sh 300 200   (the issue's 5 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
sessions=${2:-200}
mvn -q -DskipTests install
time mvn -B verify -pl integration-tests -Dit.test=MixedLoadIT -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  "-Dairlock.load.seconds=$seconds" "-Dairlock.load.sessions=$sessions"
