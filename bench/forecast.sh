#!/usr/bin/env bash
# Forecast accuracy and interval calibration, in three parts (statsmodels: apt-get install python3-statsmodels).
# 1. samples-generated 90-day logs (seeds 11-15): techopt's 14-day rolling-origin backtest MAPE beside statsmodels'
#    ExponentialSmoothing (additive damped trend, additive weekly season) on the same daily series and protocol, and
#    the share of techopt's backtest days inside its 80% / 95% bands (coverage80 / coverage95).
# 2. the same logs through the CLI as of three origins (--until): backtest figures, and whether the month's actual
#    total lies inside the forecast_total_interval's 80% / 95% bounds.
# 3. the generated series of ForecastCalibrationTest (noise, level shifts, slow and negative growth, drift), seeds
#    SEEDS_FROM..SEEDS_TO (default 1..10) x 3 origins each: MAPE, coverage80/95, held-out days and month end inside.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
work="${BENCH_DIR:-$root/bench/work}"
mkdir -p "$work"
# the peer (statsmodels' ExponentialSmoothing) comes from Debian's python3-statsmodels (pip cannot install into the
# system Python here, PEP 668); installed with apt-get when missing, as bin/test does for redis-server
have_sm=0
if ! /usr/bin/python3 -c "import statsmodels" 2>/dev/null; then
  echo "bench/forecast.sh: the peer figure needs statsmodels: installing python3-statsmodels with apt-get ..." >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo="sudo -n"
  { $sudo env DEBIAN_FRONTEND=noninteractive apt-get -y -qq install python3-statsmodels \
    || { $sudo apt-get -qq update && $sudo env DEBIAN_FRONTEND=noninteractive apt-get -y -qq install python3-statsmodels; }; } \
    >/dev/null 2>&1 || true
fi
if /usr/bin/python3 -c "import statsmodels" 2>/dev/null; then
  have_sm=1
  echo "peer: statsmodels $(/usr/bin/python3 -c 'import statsmodels; print(statsmodels.__version__)') ExponentialSmoothing (additive damped trend, additive weekly season), same series and protocol"
else
  echo "peer: statsmodels is NOT installed and could not be (apt-get install python3-statsmodels needs root and Debian's" \
    "package lists): the statsmodels column says so; techopt's figures are measured all the same" >&2
fi
# ingest drops timestamps after now plus a day: the logs end ten days before today, entirely in the past
start=$(date -u -d '100 days ago' +%F)
echo "== 1. backtest on samples-generated logs (14-day rolling origin)"
printf '%-34s %-10s %-14s %-22s\n' "log" "techopt" "statsmodels" "techopt coverage80/95"
specs="30000 11,60000 12,60000 13,30000 14,30000 15"
IFS=, read -ra speclist <<< "$specs"
for spec in "${speclist[@]}"; do
  set -- $spec
  log="$work/forecast-$2-$start.jsonl.gz"
  [ -f "$log" ] || "$root/bin/techopt" samples generate --requests "$1" --seed "$2" --days 90 --start "$start" --out "$log"
  "$root/bin/techopt" cost-forecast -q -f json "$log" > "$work/forecast-$2.json"
  t=$(python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['backtest_mape'], 4))" "$work/forecast-$2.json")
  c=$(python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(round(j['coverage80'], 3), '/', round(j['coverage95'], 3))" "$work/forecast-$2.json")
  s="(needs python3-statsmodels)"
  if [ "$have_sm" = 1 ]; then
    python3 -c "import json,sys; json.dump([d['cost_usd'] for d in json.load(open(sys.argv[1]))['daily']], open(sys.argv[2], 'w'))" \
      "$work/forecast-$2.json" "$work/series-$2.json"
    s=$(/usr/bin/python3 "$root/bench/forecast_statsmodels.py" "$work/series-$2.json" | python3 -c "import json,sys; print(round(json.load(sys.stdin)['mape'], 4))")
  fi
  d=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['daily']))" "$work/forecast-$2.json")
  printf '%-34s %-10s %-14s %-22s\n' "$d days, $1 requests, seed $2" "$t" "$s" "$c"
done

echo
echo "== 2. the CLI as of three origins: is the month's actual total inside forecast_total_interval?"
printf '%-6s %-11s %-8s %-7s %-7s %-10s %-23s %-5s %-5s\n' seed as_of mape cov80 cov95 actual "interval 80%" in80 in95
for spec in "${speclist[@]}"; do
  set -- $spec
  log="$work/forecast-$2-$start.jsonl.gz"
  # origins: the 10th and 20th of the last whole month in the log, and the 15th of the month before
  origins=$(python3 - "$work/forecast-$2.json" <<'PY'
import json, sys, datetime as dt
days = [dt.date.fromisoformat(d['date']) for d in json.load(open(sys.argv[1]))['daily']]
last = days[-1]
m_end = last if (last + dt.timedelta(days=1)).day == 1 else last.replace(day=1) - dt.timedelta(days=1)
m = m_end.replace(day=1)
prev = (m - dt.timedelta(days=1)).replace(day=15)
print(' '.join(str(d) for d in (prev, m.replace(day=10), m.replace(day=20))))
PY
)
  for until in $origins; do
    "$root/bin/techopt" cost-forecast -q -f json --until "$until" "$log" > "$work/forecast-$2-$until.json"
    python3 - "$work/forecast-$2.json" "$work/forecast-$2-$until.json" "$2" <<'PY'
import json, sys
full, f = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
month = f['period_start'][:7]
actual = sum(d['cost_usd'] for d in full['daily'] if d['date'].startswith(month))
i = f['forecast_total_interval']
fmt = lambda v: 'null' if v is None else '%.3f' % v
print('%-6s %-11s %-8s %-7s %-7s %-10.2f %-23s %-5s %-5s' % (sys.argv[3], f['as_of'], fmt(f['backtest_mape']), fmt(f['coverage80']),
      fmt(f['coverage95']), actual, '%.2f - %.2f' % (i['lo80'], i['hi80']),
      'yes' if i['lo80'] <= actual <= i['hi80'] else 'no', 'yes' if i['lo95'] <= actual <= i['hi95'] else 'no'))
PY
  done
done

echo
echo "== 3. generated series (ForecastCalibrationTest's scenarios), as cost-forecast would see them at each origin"
(cd "$root" && mvn -q -o -Dstyle.color=never test-compile && mvn -q -o -Dstyle.color=never dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/test-classpath.txt" >/dev/null)
java -cp "$root/target/classes:$root/target/test-classes:$(cat "$work/test-classpath.txt")" io.techopt.forecast.CalibrationTable \
  "${SEEDS_FROM:-1}" "${SEEDS_TO:-10}"
