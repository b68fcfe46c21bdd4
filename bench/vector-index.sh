#!/usr/bin/env bash
# The semantic cache's embedded lookup: N (default 100,000) real QQP questions embedded with all-MiniLM-L6-v2 in the
# Lucene HNSW index; embedding speed, lookup p50/p99 (embedding excluded) and top-1 agreement with an exact scan.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
"$root/bin/techopt" --version >/dev/null
mvn -q -B -ntp -Dstyle.color=never test-compile >/dev/null
java -Xmx3g -cp "target/techopt.jar:target/test-classes" io.techopt.cache.VectorIndexBench "${1:-100000}" \
  "${2:-../shared/data/gptcache-qqp/similiar_qqp_full.json}" bench/work
