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
suites=(main/agent main/store main/sync main/cli test/sync-faults.test.ts test/sync-pull.test.ts
  server/sync server/process.test.ts server/cli.test.ts)
(($#)) && suites=("$@")
exec faketime "$when" node_modules/.bin/vitest run --project node --project postgres "${suites[@]}"
