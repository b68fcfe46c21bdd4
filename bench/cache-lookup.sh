#!/usr/bin/env bash
# Issue #16: the semantic layer's lookup cost at N entries (default 100,000 real QQP questions, all-MiniLM-L6-v2, the
# Lucene HNSW index): the adaptive policy (max error $2, default 0.05) beside the static threshold (0.95), on the
# same index and the same 3,000 held-out questions; p50/p99 with embedding excluded. Vectors are kept under
# bench/work (or $TECHOPT_BENCH_WORK), shared with bench/cache-replay.sh: the first run embeds them (minutes).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
"$root/bin/techopt" --version >/dev/null
mvn -q -B -ntp -o -Dstyle.color=never test-compile >/dev/null
work="${TECHOPT_BENCH_WORK:-bench/work}"
java -Xmx3g -cp "target/techopt.jar:target/test-classes" io.techopt.cache.CacheLookupBench "${1:-100000}" \
  "${TECHOPT_SHARED:-../shared}/data/gptcache-qqp/similiar_qqp_full.json" "$work" "${2:-0.05}"
