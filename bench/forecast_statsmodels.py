#!/usr/bin/python3
"""Rolling-origin backtest of statsmodels' ExponentialSmoothing (additive trend, damped, additive weekly season)
on a daily cost series, with exactly the protocol of techopt's Forecaster.backtestMape: from each origin in the
last HOLDOUT days, fit on the days before it and forecast every remaining holdout day; MAPE over all pairs whose
actual is positive. Usage: forecast_statsmodels.py SERIES_JSON [HOLDOUT]  (a JSON list of daily costs)."""
import json
import sys
import warnings

import numpy as np
from statsmodels.tsa.holtwinters import ExponentialSmoothing

warnings.filterwarnings("ignore")
y = np.array(json.load(open(sys.argv[1])), dtype=float)
holdout = int(sys.argv[2]) if len(sys.argv) > 2 else 14
errors = []
for origin in range(len(y) - holdout, len(y)):
    fit = ExponentialSmoothing(y[:origin], trend="add", damped_trend=True, seasonal="add",
                               seasonal_periods=7).fit()
    f = fit.forecast(len(y) - origin)
    errors += [abs(y[t] - f[t - origin]) / y[t] for t in range(origin, len(y)) if y[t] > 0]
import statsmodels
print(json.dumps({"statsmodels": statsmodels.__version__, "mape": float(np.mean(errors)), "pairs": len(errors)}))
