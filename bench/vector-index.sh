#!/usr/bin/env bash
# Embedded semantic-cache lookup latency: Lucene HNSW at 100k entries (embedding excluded).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
"$root/bin/techopt" --version >/dev/null
mvn -q -B -ntp -Dstyle.color=never test-compile >/dev/null
java -Xmx2g -cp "target/techopt.jar:target/test-classes" io.techopt.cache.VectorIndexBench "$@"
