#!/usr/bin/env bash
# Long fuzz run of ingest (issue 18): N lines (default 1,000,000) of mutated logs in every input format and every
# shape (file, .gz, pretty-printed .json document, directory of several files, stdin) through analyze and
# analyze --strict, every 10th log through every command that reads logs. Prints lines, files, crashes, hangs, count
# mismatches (requests + bad + duplicates + filtered + lines without a request != units the generator wrote),
# absurd figures and --strict failures. Runs from a copy of the build, so the worktree can be rebuilt meanwhile.
# Usage: bench/fuzz.sh [LINES] [EVERY_NTH_LOG_ALL_COMMANDS] [SEED] [MUTATED_SHARE, default 0.5]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
"$root/bin/techopt" --version >/dev/null
mvn -q -B -ntp -o -Dstyle.color=never test-compile >/dev/null
snap="$(mktemp -d "${TMPDIR:-/tmp}/techopt-fuzz-build.XXXXXX")"
trap 'rm -rf "$snap"' EXIT
cp target/techopt.jar "$snap/" && cp -r target/test-classes "$snap/"
echo "fuzz: commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' (with uncommitted changes)')"
java -Xmx1g -Xss16m -cp "$snap/techopt.jar:$snap/test-classes" io.techopt.ingest.IngestFuzzBench "${1:-1000000}" "${2:-10}" "${3:-18}" "${4:-0.5}"
