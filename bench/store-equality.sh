#!/usr/bin/env bash
# #14's equality: for each LOG (default: the bundled sample and the generated 200k-request log, made as bench/store.sh
# makes it when missing), ingest it with --keep-text into a fresh store, run the seven commands once on the raw log and
# once with --store (-f json -q, default options; ab-report on EXPERIMENT, default support-prompt-v2) and compare the
# two JSONs with bench/JsonFiguresEqual.java (counts and strings exact, costs 1e-9 relative, other numbers 1e-6; it
# ignores inputs[].file only). One line per command: equal, or the first differences (the key and both values), with
# the CPU seconds and peak RSS of both runs. Exit 1 when any command differs, 2 when a run fails (its stderr shown).
# Outputs kept in bench/work/equality/. TECHOPT_STORE_MEMORY (DuckDB's limit, 256MB by default) reaches every run.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
work="${BENCH_DIR:-$root/bench/work}/equality"
experiment="${EXPERIMENT:-support-prompt-v2}"
generated="$root/bench/work/requests-200000.jsonl"
logs=("$@")
if [ ${#logs[@]} -eq 0 ]; then
  logs=("$root/samples/requests.jsonl.gz" "$generated")
  if [ ! -f "$generated" ]; then
    mkdir -p "$(dirname "$generated")"
    echo "generating 200000 requests ..." >&2
    "$root/bin/techopt" samples generate --requests 200000 --seed 1 --days 30 --out "$generated"
  fi
fi
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
techopt="$root/bin/techopt"
"$techopt" --version >/dev/null # build outside the runs
mkdir -p "$work"

# timed OUT COMMAND...: runs a techopt command, its JSON kept as OUT.json, its CPU seconds and peak RSS (MB) in
# $cpu and $rss; stops the script when it fails
timed() {
  local out="$1"; shift
  /usr/bin/time -f "%U %S %M" -o "$out.time" "$techopt" "$@" > "$out.json" 2> "$out.err" \
    || { echo "failed: techopt $*" >&2; cat "$out.err" >&2; exit 2; }
  read -r cpu rss <<< "$(awk '{printf "%.1f %d", $1 + $2, $3 / 1024}' "$out.time")"
}

differ=0
for log in "${logs[@]}"; do
  name="$(basename "$log")"
  store="$work/$name.store"
  rm -rf "$store"
  echo "$name: $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
  timed "$work/$name.ingest" ingest -q -f json --keep-text --store "$store" "$log"
  printf '  ingest --keep-text: %s s CPU, %s MB peak RSS\n' "$cpu" "$rss"
  for command in analyze compress budget cache-warm route-sim ab-report cost-forecast; do
    options=()
    [ "$command" = ab-report ] && options=(--experiment "$experiment")
    timed "$work/$name.$command.log" "$command" -f json -q "${options[@]}" "$log"
    log_cpu=$cpu log_rss=$rss
    timed "$work/$name.$command.store" "$command" -f json -q "${options[@]}" --store "$store"
    if result="$(java -cp "$root/target/techopt.jar" "$root/bench/JsonFiguresEqual.java" \
        "$work/$name.$command.log.json" "$work/$name.$command.store.json")"; then
      verdict=equal
    else
      differ=1
      verdict="DIFFERENT: $(echo "$result" | tail -1); first: $(echo "$result" | sed '$d' | head -3 | paste -sd ';' -)"
    fi
    printf '  %-14s %s  (CPU s / MB: log %s / %s, store %s / %s)\n' "$command" "$verdict" "$log_cpu" "$log_rss" "$cpu" "$rss"
  done
done
echo "done $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$differ"
