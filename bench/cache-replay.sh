#!/usr/bin/env bash
# Issue #16's must-show: the labelled replay of `cache-warm simulate --pairs`, adaptive beside the best static threshold
# on the same replay. QQP: 20,000 questions (or $1), seeds 1 2 3, --max-error 0.05 and 0.02; STS 2016 question-question
# (score >= 4 equivalent): every rated question, the same seeds and bounds. Vectors are kept under bench/work (or
# $TECHOPT_BENCH_WORK) between runs: embedding 20,000 questions with all-MiniLM-L6-v2 takes minutes on two cores.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
"$root/bin/techopt" --version >/dev/null
work="${TECHOPT_BENCH_WORK:-bench/work}"
mkdir -p "$work"
n="${1:-20000}"
data="${TECHOPT_SHARED:-../shared}/data"
printf '%-5s %4s %-15s %6s %7s %7s %10s %8s %12s  %s\n' set seed policy hits correct wrong error_rate hit_rate explorations "best static within the bound (threshold: hits, error, hit rate); adaptive / static"
run() { # set file queries seed bound
  java -Xmx3g -jar target/techopt.jar cache-warm simulate --pairs "$2" --queries "$3" --seed "$4" --max-error "$5" \
    --embedding-cache "$work/replay-minilm.vec" --format json -q |
  jq -r --arg set "$1" '[$set, .seed, "adaptive " + (.policy.max_error|tostring), .result.hits, .result.correct_hits,
      .result.wrong_hits, (.result.error_rate // "null"), .result.hit_rate, .result.explorations,
      (if .best_static then "\(.best_static.threshold): \(.best_static.hits), \(.best_static.error_rate*10000|round/10000), \(.best_static.hit_rate*10000|round/10000)" else "none" end),
      (.hit_rate_over_best_static // "null")] | @tsv' |
  awk -F'\t' '{printf "%-5s %4s %-15s %6s %7s %7s %10s %8.4f %12s  %s; %s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11}'
}
for seed in 1 2 3; do
  for bound in 0.05 0.02; do
    run qqp "$data/gptcache-qqp/similiar_qqp_full.json" "$n" "$seed" "$bound"
  done
done
for seed in 1 2 3; do
  for bound in 0.05 0.02; do
    run sts "$data/sts2016-qq/question-question.test.tsv" 100000 "$seed" "$bound"
  done
done
