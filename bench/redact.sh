#!/usr/bin/env bash
# The redactor alone (bench/RedactBench.java): Redactor.redact over every string of a log (default the bundled sample's
# 3,015 requests, 10 MB of prompts), PASSES=N passes after a warm-up; the thread's CPU seconds a pass, and a digest of
# every output (equal before and after a change that must not change what is masked).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
"$root/bin/techopt" --version >/dev/null # builds the jar when the sources changed
java -Xmx1g -cp "$root/target/techopt.jar" "$root/bench/RedactBench.java" "${1:-$root/samples/requests.jsonl.gz}" "${PASSES:-3}"
