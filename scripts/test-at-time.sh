#!/usr/bin/env bash
# Runs the time-sensitive suites (the agent, its sync to a real hub, the hub's integration tests)
# with the wall clock of every process they start set to WHEN, in UTC, by libfaketime; the
# monotonic clock is left alone, as when a real clock is changed. A test that builds its time
# from the hour it runs fails here at the hours it would fail in real life.
#   scripts/test-at-time.sh '2026-11-27 05:00:00' [test files or folders instead of the usual ones]
set -euo pipefail
cd "$(dirname "$0")/.."
when="$1"; shift
command -v faketime >/dev/null || { echo "faketime is not installed (Debian package faketime)" >&2; exit 1; }
echo "== time-sensitive suites with the wall clock at $when UTC"
export TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1 PATH="$PWD/node_modules/.bin:$PATH"
# The tests that build their times from the wall clock: the agent and its CLI, its sync to a real
# hub, the hub's ingest (which works out each record's local day) and a hub process. The hub's day
# arithmetic is the same code on both databases; ZVIT_FAKETIME_PROJECTS="node postgres" adds PostgreSQL.
suites=(main/agent main/sync main/cli test/sync-faults.test.ts test/sync-pull.test.ts server/sync server/process.test.ts)
(($#)) && suites=("$@")
projects=()
for p in ${ZVIT_FAKETIME_PROJECTS:-node}; do projects+=(--project "$p"); done
exec faketime "$when" node_modules/.bin/vitest run "${projects[@]}" "${suites[@]}"
