#!/usr/bin/env bash
# Throughput of `compress` in log mode (keep 50% of every prompt) on the 200k-request log of bench/analyze.sh.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
work="${BENCH_DIR:-$root/bench/work}"
n="${REQUESTS:-200000}"
mkdir -p "$work"
log="$work/requests-$n.jsonl"
[ -f "$log" ] || "$root/bin/techopt" samples generate --requests "$n" --seed 1 --days 30 --out "$log"
bytes=$(stat -c %s "$log")
"$root/bin/techopt" --version >/dev/null
/usr/bin/time -f "%e %M" -o "$work/compress.time" "$root/bin/techopt" compress -q -f json --rate 0.5 "$log" > "$work/compress.json"
read secs rss < "$work/compress.time"
python3 - "$work/compress.json" "$bytes" "$secs" "$rss" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); mb = int(sys.argv[2]) / 1e6; s = float(sys.argv[3])
print(f"compress --rate 0.5: {d['requests']} requests, {mb:.0f} MB in {s:.1f} s = {mb / s:.1f} MB/s, peak RSS {int(sys.argv[4]) / 1024:.0f} MB")
print(f"prompt tokens {d['tokens_before']:,} -> {d['tokens_after']:,}, saved ${d['usd_saved']:.2f}, "
      f"{d['tokens_left_for_prompt_cache']:,} tokens left to the provider's prompt cache")
PY
