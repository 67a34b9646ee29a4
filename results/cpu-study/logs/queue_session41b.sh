#!/usr/bin/env bash
# Session 41, second queue: waits for queue_session41.sh (process 1354, resnet18's test rows, about 12 minutes a
# run), then runs the fresh-clone check alone (git clone . /tmp/check && CI=true bash .ci/run), so its timing is
# clean. (A first version also ran a 1% validation pair at 2,000 steps; at 12 minutes a 1,000-step run there was no
# time left for it in this session.)
set -uo pipefail
while kill -0 1354 2> /dev/null; do sleep 15; done
echo "start $(date +%T)"
rm -rf /tmp/check && git clone -q /work/main /tmp/check && (cd /tmp/check && git log --oneline -1 && CI=true bash .ci/run 2>&1 | tail -6)
echo "fresh-clone check rc ${PIPESTATUS[0]} done $(date +%T)"
