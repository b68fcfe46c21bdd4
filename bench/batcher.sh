#!/usr/bin/env bash
# Micro-batcher throughput and added latency (p50/p99, submit to completion) with 1, 10 and 100 producers.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
"$root/bin/techopt" --version >/dev/null
mvn -q -B -ntp -Dstyle.color=never test-compile >/dev/null
java -Xmx512m -cp "target/techopt.jar:target/test-classes" io.techopt.http.MicroBatcherBench "$@"
