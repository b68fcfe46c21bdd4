#!/usr/bin/env bash
# IngestJob (#15) beside techopt ingest on the same generated log (REQUESTS=200000 by default, kept in bench/work/):
# wall time and throughput of each, the job at local[1] and local[2] on the log as one file and split into each of
# PARTS files (default "2 4"; a log is one task: a job scales with the number of files), then the Spark store checked against the CLI's row for
# row (bench/StoreRowsEqual.java) and analyze --store JSON on both compared.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
n="${REQUESTS:-200000}"
parts_list="${PARTS:-2 4}"
work="$root/bench/work"
mkdir -p "$work"
log="$work/requests-$n.jsonl"
if [ ! -f "$log" ]; then
  "$root/bin/techopt" samples generate --requests "$n" --seed 1 --days 30 --out "$log"
fi
for parts in $parts_list; do
  split_dir="$work/requests-$n-split$parts"
  if [ ! -d "$split_dir" ]; then
    mkdir -p "$split_dir"
    lines=$(wc -l < "$log")
    split -d -a 2 -l $(( (lines + parts - 1) / parts )) --additional-suffix=.jsonl "$log" "$split_dir/part-"
  fi
done
mb=$(du -m "$log" | awk '{print $1}')
run() { # run NAME COMMAND...: wall time and peak RSS of one run
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/$name.json" 2> "$work/$name.err" \
    || { cat "$work/$name.err" >&2; exit 1; }
  read -r t rss < "$work/time.txt"
  printf '%-38s %7.1f s %8.1f MB/s %6d MB peak RSS (load after: %s)\n' "$name" "$t" "$(echo "$mb / $t" | bc -l)" \
    $((rss / 1024)) "$(cut -d' ' -f1 /proc/loadavg)"
}
"$root/bin/techopt" --version >/dev/null
"$root/bin/techopt-spark" --help >/dev/null 2>&1 || true
echo "log: $log ($n requests, $mb MB); machine: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
rm -rf "$work/store-cli" "$work/store-spark-1" "$work/store-spark-2" "$work"/store-spark-2-split*
run "techopt ingest" "$root/bin/techopt" ingest -q -f json --store "$work/store-cli" "$log"
run "techopt-spark ingest local[1], 1 file" "$root/bin/techopt-spark" ingest --master 'local[1]' --store "$work/store-spark-1" "$log"
run "techopt-spark ingest local[2], 1 file" "$root/bin/techopt-spark" ingest --master 'local[2]' --store "$work/store-spark-2" "$log"
for parts in $parts_list; do
  run "techopt-spark ingest local[2], $parts files" "$root/bin/techopt-spark" ingest --master 'local[2]' \
    --store "$work/store-spark-2-split$parts" "$work/requests-$n-split$parts"
done
echo "row for row, techopt ingest's store against the job's (local[2], 1 file):"
java -cp "$root/target/techopt.jar" "$root/bench/StoreRowsEqual.java" "$work/store-cli" "$work/store-spark-2"
"$root/bin/techopt" analyze -q -f json --store "$work/store-cli" | grep -v '"file"' > "$work/analyze-cli.json"
"$root/bin/techopt" analyze -q -f json --store "$work/store-spark-2" | grep -v '"file"' > "$work/analyze-spark.json"
for parts in $parts_list; do
  "$root/bin/techopt" analyze -q -f json --store "$work/store-spark-2-split$parts" | grep -v '"file"' > "$work/analyze-spark-split$parts.json"
done
if cmp -s "$work/analyze-cli.json" "$work/analyze-spark.json"; then
  echo "analyze --store: the same JSON on both stores (inputs[].file aside)"
else
  echo "analyze --store differs:"; diff "$work/analyze-cli.json" "$work/analyze-spark.json" | head -20; exit 1
fi
echo "analyze --store on the stores of the parts (requests and cost; the parts are other sources, so request ids repeated across them count once as on the one log):"
for parts in $parts_list; do
  grep -m2 '"requests"\|"cost_usd"' "$work/analyze-cli.json" "$work/analyze-spark-split$parts.json"
done
