#!/usr/bin/env bash
# Forecast accuracy beside statsmodels: generates 90-day logs (weekly seasonality, trend), prints techopt's
# 14-day rolling-origin backtest MAPE and statsmodels' ExponentialSmoothing (additive damped trend, additive weekly
# season) on the same daily series with the same protocol, and the share of techopt's backtest days inside its
# 80% / 95% bands. statsmodels: apt-get install python3-statsmodels.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
work="${BENCH_DIR:-$root/bench/work}"
mkdir -p "$work"
have_sm=0
/usr/bin/python3 -c "import statsmodels" 2>/dev/null && have_sm=1
# ingest drops timestamps after now plus a day: the logs end ten days before today, entirely in the past
start=$(date -u -d '100 days ago' +%F)
printf '%-28s %-12s %-12s %-22s\n' "log" "techopt" "statsmodels" "techopt coverage80/95"
for spec in "30000 11" "60000 12" "60000 13"; do
  set -- $spec
  log="$work/forecast-$2-$start.jsonl.gz"
  [ -f "$log" ] || "$root/bin/techopt" samples generate --requests "$1" --seed "$2" --days 90 --start "$start" --out "$log"
  "$root/bin/techopt" cost-forecast -q -f json "$log" > "$work/forecast-$2.json"
  t=$(python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['backtest_mape'], 4))" "$work/forecast-$2.json")
  c=$(python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(j['coverage80'], '/', j['coverage95'])" "$work/forecast-$2.json")
  s="(not installed)"
  if [ "$have_sm" = 1 ]; then
    python3 -c "import json,sys; json.dump([d['cost_usd'] for d in json.load(open(sys.argv[1]))['daily']], open(sys.argv[2], 'w'))" \
      "$work/forecast-$2.json" "$work/series-$2.json"
    s=$(/usr/bin/python3 "$root/bench/forecast_statsmodels.py" "$work/series-$2.json" | python3 -c "import json,sys; print(round(json.load(sys.stdin)['mape'], 4))")
  fi
  d=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['daily']))" "$work/forecast-$2.json")
  printf '%-28s %-12s %-12s %-22s\n' "$d days, $1 requests, seed $2" "$t" "$s" "$c"
done
