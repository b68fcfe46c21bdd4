"""techopt's figures beside DuckDB's own query of the same store's Parquet (bench/StoreScaleQuery.java's output: a
time line, then one JSON line), for bench/store-scale.sh and bench/raw-forecast.sh.
Usage: python3 bench/against_duckdb.py WORK PREFIX: reads WORK/PREFIX{analyze,cost-forecast,ab-report}.json (a command
not run, or failed, shows as such) and WORK/PREFIXduckdb.json."""
import json
import os
import sys

w, prefix = sys.argv[1], sys.argv[2]


def report(name):  # a command's JSON; "not run" without its file, "failed" without JSON (a crashed JVM's text)
    p = f"{w}/{prefix}{name}.json"
    if not os.path.exists(p):
        return "not run"
    try:
        return json.load(open(p))
    except ValueError:
        return "failed"


a, f, b = report("analyze"), report("cost-forecast"), report("ab-report")
p = f"{w}/{prefix}duckdb.json"
if not os.path.exists(p) or not os.path.getsize(p):
    sys.exit("DuckDB's query failed: nothing to compare")
d = json.loads(open(p).read().split("\n", 1)[1])
print(f"{'':34} {'techopt':>18} {'DuckDB':>18}")


def cell(r, key, spec):
    return format(r[key], spec) if isinstance(r, dict) else r


if a != "not run":
    print(f"{'analyze requests':34} {cell(a, 'requests', ','):>18} {d['requests']:>18,}")
    print(f"{'analyze cost_usd':34} {cell(a, 'cost_usd', '.6f'):>18} {d['cost_usd']:>18.6f}")
if isinstance(f, dict):
    daily = {x['date']: x['cost_usd'] for x in f['daily']}
    print(f"{'cost-forecast daily, sum':34} {sum(daily.values()):>18.6f} {sum(d['daily'].values()):>18.6f}")
    worst = max(abs(daily.get(k, 0) - v) / max(abs(v), 1e-12) for k, v in d['daily'].items())
    print(f"{'cost-forecast days, worst rel. diff':34} {worst:>18.2e} {'(' + str(len(d['daily'])) + ' days)':>18}")
elif f != "not run":
    print(f"{'cost-forecast daily, sum':34} {f:>18} {sum(d['daily'].values()):>18.6f}")
if b != "not run":
    for name, dv in d['variants'].items():
        v = next((x for x in b['variants'] if x['name'] == name), {}) if isinstance(b, dict) else {}
        for k in ('requests', 'users', 'cost_usd'):
            print(f"{'ab-report ' + name + ' ' + k:34} {v.get(k, 'failed'):>18} {dv[k]:>18}")
