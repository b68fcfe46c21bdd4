#!/usr/bin/env bash
# Long fuzz run of ingest (issue 18): N lines (default 1,000,000) of mutated logs in every input format through
# analyze and analyze --strict, every 10th file through every command that reads logs. Prints lines, crashes,
# hangs, count mismatches (requests + bad + duplicates + filtered != lines), absurd figures and --strict failures.
# Usage: bench/fuzz.sh [LINES] [EVERY_NTH_FILE_ALL_COMMANDS] [SEED]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
"$root/bin/techopt" --version >/dev/null
mvn -q -B -ntp -o -Dstyle.color=never test-compile >/dev/null
java -Xmx1g -Xss16m -cp "target/techopt.jar:target/test-classes" io.techopt.ingest.IngestFuzzBench "${1:-1000000}" "${2:-10}" "${3:-18}"
