#!/usr/bin/python3
"""Reference values for io.techopt.stats.InferenceTest, computed once with scipy and statsmodels.
Run: /usr/bin/python3 src/test/resources/stats/stats_reference.py  (Debian: python3-scipy python3-statsmodels)."""
import numpy as np
import scipy
import scipy.stats as st
import statsmodels
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint, proportions_ztest
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

a = np.array([12.1, 9.8, 11.4, 10.0, 13.7, 9.1, 10.5, 11.9, 12.6, 8.7, 10.0, 11.2, 9.9, 14.3, 10.8,
              11.5, 12.0, 9.4, 10.0, 13.1, 11.8, 10.3, 9.7, 12.4, 11.0])
b = np.array([11.2, 8.9, 10.1, 9.5, 12.0, 8.4, 9.9, 10.0, 11.3, 7.9, 9.2, 10.6, 9.0, 12.8, 10.0, 10.4,
              11.1, 8.8, 9.6, 12.2, 10.9, 9.8, 8.6, 11.7, 10.0, 9.3, 10.7, 8.1, 12.5, 10.0])
print("scipy", scipy.__version__, "statsmodels", statsmodels.__version__)
t = st.ttest_ind(b, a, equal_var=False)
ci = CompareMeans(DescrStatsW(b), DescrStatsW(a)).tconfint_diff(alpha=0.05, usevar="unequal")
print("welch p", repr(t.pvalue), "ci", repr(ci[0]), repr(ci[1]))
mw = st.mannwhitneyu(a, b, alternative="two-sided", method="asymptotic", use_continuity=True)
print("mannwhitney U", repr(mw.statistic), "p", repr(mw.pvalue))
z = proportions_ztest([530, 560], [1000, 1000])
print("ztest p", repr(z[1]))
w = proportion_confint(530, 1000, alpha=0.05, method="wilson")
print("wilson", repr(w[0]), repr(w[1]))
nc = confint_proportions_2indep(560, 1000, 530, 1000, method="newcomb", compare="diff", alpha=0.05)
print("newcombe", repr(nc[0]), repr(nc[1]))
c = st.chisquare([10400, 9600], f_exp=[10000, 10000])
print("chisquare 52/48", repr(c.statistic), repr(c.pvalue))
c2 = st.chisquare([10013, 9987], f_exp=[10000, 10000])
print("chisquare 50/50", repr(c2.statistic), repr(c2.pvalue))
h = multipletests([0.01, 0.04, 0.03, 0.005, 0.2], method="holm")
print("holm", [repr(x) for x in h[1]])
