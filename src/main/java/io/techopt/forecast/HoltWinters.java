package io.techopt.forecast;

import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

import java.util.Locale;

/**
 * Additive Holt-Winters with a damped trend, ETS(A,Ad,A) in error-correction form:
 * <pre>
 *   e_t = y_t - (l + phi b + s_{t-m})
 *   l_t = l + phi b + alpha e_t,  b_t = phi b + beta e_t,  s_t = s_{t-m} + gamma e_t
 * </pre>
 * Smoothing parameters, damping and the initial level and trend are fitted by minimizing the sum of squared
 * one-step-ahead errors (Nelder-Mead, several starts); the initial season comes from the first two seasons
 * (fitting it too overfits: it raised the backtest error on every series tried).
 * Prediction variances are the analytic ones of Hyndman et al. (2008), class 1.
 */
public final class HoltWinters implements Forecast {
    private static final double PHI_MIN = 0.8, PHI_MAX = 0.98;

    private final int m;
    private final double alpha, beta, gamma, phi, sigma2;
    /** sd from the mean square one-step error over the robust sd this model's variances use. */
    private final double meanSquareRatio;
    private final double level, trend;
    private final double[] season; // the last m seasonal states, season[k] for (n + k) mod m ordering
    private final int n;
    /** The level smoothing of the unconstrained fit, when it was degenerate and refitted; NaN otherwise. */
    private double flooredFrom = Double.NaN;

    private HoltWinters(int m, double[] p, double[] y) {
        this.m = m;
        this.alpha = p[0];
        this.beta = p[1];
        this.gamma = p[2];
        this.phi = p[3];
        Filtered f = filter(y, p, initialSeason(y, m));
        this.level = f.level();
        this.trend = f.trend();
        this.season = f.season();
        this.n = y.length;
        double meanSquare = f.sse() / Math.max(1, observed(y) - 6);
        this.sigma2 = robustSigma2(y, p, initialSeason(y, m), meanSquare);
        this.meanSquareRatio = Math.sqrt(meanSquare / sigma2);
    }

    /** True when the unconstrained fit froze the level (alpha at zero) and this one holds alpha at its floor. */
    public boolean degenerate() {
        return !Double.isNaN(flooredFrom);
    }

    /** Level smoothing below this never learns from the data: the fit is refitted with alpha at least ALPHA_FLOOR. */
    static final double ALPHA_DEGENERATE = 0.01, ALPHA_FLOOR = 0.05;

    /**
     * Fits to a series with at least two full seasons. A fit whose level smoothing comes out at zero (a fixed
     * curve drawn through the history, which neither follows a shift nor knows its own extrapolation error) is
     * refitted with the level smoothing at least {@link #ALPHA_FLOOR}.
     */
    public static HoltWinters fit(double[] y, int m) {
        HoltWinters free = fit(y, m, 0);
        if (free.alpha >= ALPHA_DEGENERATE) {
            return free;
        }
        HoltWinters floored = fit(y, m, ALPHA_FLOOR);
        floored.flooredFrom = free.alpha;
        return floored;
    }

    private static HoltWinters fit(double[] y, int m, double alphaMin) {
        if (y.length < 2 * m) {
            throw new IllegalArgumentException("Holt-Winters needs at least two seasons of data");
        }
        double[] s0 = initialSeason(y, m);
        double first = mean(y, 0, m), second = mean(y, m, 2 * m);
        double l0 = Double.isNaN(first) ? second : first;
        double b0 = Double.isNaN(second) ? 0 : (second - l0) / m;
        double scale = Math.max(1e-9, stdev(y));
        int dim = 6;
        ObjectiveFunction f = new ObjectiveFunction(x -> filter(y, params(x, l0, b0, scale, alphaMin), s0).sse());
        SimplexOptimizer opt = new SimplexOptimizer(1e-12, 1e-14);
        PointValuePair best = null;
        double[][] shapes = {{-1, -2, -2, 0}, {0, -1, -1, 1}, {1, -3, -3, 2}, {-2, 0, 0, -1}};
        for (double[] shape : shapes) {
            double[] start = java.util.Arrays.copyOf(shape, dim);
            try {
                PointValuePair r = opt.optimize(f, GoalType.MINIMIZE, new InitialGuess(start), new NelderMeadSimplex(dim),
                        new MaxEval(4000));
                if (best == null || r.getValue() < best.getValue()) {
                    best = r;
                }
            } catch (org.apache.commons.math3.exception.TooManyEvaluationsException e) {
                // keep the other starts' results
            }
        }
        double[] x = best == null ? java.util.Arrays.copyOf(shapes[0], dim) : best.getPoint();
        return new HoltWinters(m, params(x, l0, b0, scale, alphaMin), y);
    }

    /** The search space mapped to valid parameters: 0<alpha<1, 0<beta<alpha, 0<gamma<1-alpha, phi in [0.8,0.98]. */
    private static double[] params(double[] x, double l0, double b0, double scale, double alphaMin) {
        double alpha = alphaMin + (1 - alphaMin) * sig(x[0]);
        return new double[]{alpha, alpha * sig(x[1]), (1 - alpha) * sig(x[2]), PHI_MIN + (PHI_MAX - PHI_MIN) * sig(x[3]),
                l0 + x[4] * scale, b0 + x[5] * scale / 7};
    }

    /** The states after the last observation, and the sum of squared one-step errors on the way. */
    private record Filtered(double level, double trend, double[] season, double sse) {
    }

    private static Filtered filter(double[] y, double[] p, double[] s0) {
        int m = s0.length;
        double alpha = p[0], beta = p[1], gamma = p[2], phi = p[3], l = p[4], b = p[5];
        double[] s = s0.clone();
        double sse = 0;
        for (int t = 0; t < y.length; t++) {
            int k = t % m;
            // a missing day (NaN: a logging outage) is predicted, not learned from: its error is taken as zero
            double e = Double.isNaN(y[t]) ? 0 : y[t] - (l + phi * b + s[k]);
            sse += e * e;
            double l1 = l + phi * b + alpha * e;
            b = phi * b + beta * e;
            l = l1;
            s[k] += gamma * e;
        }
        return new Filtered(l, b, s, sse);
    }

    /**
     * The one-step error variance from the median absolute error (times 1.4826, its ratio to the sd for normal
     * errors), not the mean square: one level shift or spike in the history would otherwise widen every later band,
     * on top of the calibration's own record of such errors (it counted them twice).
     */
    static double robustSigma2(double[] y, double[] p, double[] s0, double meanSquare) {
        int m = s0.length;
        double alpha = p[0], beta = p[1], gamma = p[2], phi = p[3], l = p[4], b = p[5];
        double[] s = s0.clone();
        double[] abs = new double[y.length];
        int observed = 0;
        for (int t = 0; t < y.length; t++) {
            int k = t % m;
            double e = Double.isNaN(y[t]) ? 0 : y[t] - (l + phi * b + s[k]);
            if (!Double.isNaN(y[t])) {
                abs[observed++] = Math.abs(e);
            }
            double l1 = l + phi * b + alpha * e;
            b = phi * b + beta * e;
            l = l1;
            s[k] += gamma * e;
        }
        abs = java.util.Arrays.copyOf(abs, Math.max(1, observed));
        java.util.Arrays.sort(abs);
        double mad = abs.length % 2 == 1 ? abs[abs.length / 2] : (abs[abs.length / 2 - 1] + abs[abs.length / 2]) / 2;
        double v = 1.4826 * mad;
        return v > 0 ? v * v : meanSquare;
    }

    /** Days of y that are not missing (NaN). */
    static int observed(double[] y) {
        int n = 0;
        for (double v : y) {
            n += Double.isNaN(v) ? 0 : 1;
        }
        return n;
    }

    /** Seasonal indices from the first two seasons, centred on zero (a missing day: from the other season alone). */
    static double[] initialSeason(double[] y, int m) {
        double[] s = new double[m];
        double l1 = mean(y, 0, m), l2 = mean(y, m, 2 * m);
        l1 = Double.isNaN(l1) ? l2 : l1;
        l2 = Double.isNaN(l2) ? l1 : l2;
        for (int k = 0; k < m; k++) {
            double a = y[k] - l1, b = y[m + k] - l2;
            s[k] = Double.isNaN(a) ? Double.isNaN(b) ? 0 : b : Double.isNaN(b) ? a : (a + b) / 2;
        }
        double c = mean(s, 0, m);
        for (int k = 0; k < m; k++) {
            s[k] -= c;
        }
        return s;
    }

    /**
     * The sd of the one-step errors from their mean square, over the robust sd the variances use: the widening the
     * model's own intervals need when there are no out-of-sample errors to calibrate them on (a fat tail counts).
     */
    @Override
    public double uncalibratedWidening() {
        return Double.isFinite(meanSquareRatio) ? Math.max(1, meanSquareRatio) : 1;
    }

    @Override
    public String describe() {
        String d = String.format(Locale.ROOT, "Holt-Winters additive, damped trend, season %d (alpha %.3f, beta %.3f, gamma %.3f, phi %.3f)",
                m, alpha, beta, gamma, phi);
        return degenerate() ? d + "; the unconstrained fit froze the level (alpha 0), so alpha is held at its floor "
                + ALPHA_FLOOR : d;
    }

    @Override
    public double mean(int h) {
        double phiH = 0, p = 1;
        for (int j = 1; j <= h; j++) {
            p *= phi;
            phiH += p;
        }
        return level + phiH * trend + season[(n + h - 1) % m];
    }

    /** c_j = alpha + beta (phi + ... + phi^j) + gamma [j mod m == 0]. */
    private double c(int j) {
        double phiJ = 0, p = 1;
        for (int i = 1; i <= j; i++) {
            p *= phi;
            phiJ += p;
        }
        return alpha + beta * phiJ + (j % m == 0 ? gamma : 0);
    }

    @Override
    public double variance(int h) {
        double v = 1;
        for (int j = 1; j < h; j++) {
            double c = c(j);
            v += c * c;
        }
        return sigma2 * v;
    }

    @Override
    public double varianceOfSum(int horizon) {
        double v = 0, cum = 0;
        double[] cumC = new double[horizon];
        for (int j = 1; j < horizon; j++) {
            cum += c(j);
            cumC[j] = cum;
        }
        for (int k = 1; k <= horizon; k++) {
            double coef = 1 + cumC[horizon - k];
            v += coef * coef;
        }
        return sigma2 * v;
    }

    private static double sig(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Mean of a[from, to) over the days not missing (NaN when all are). */
    static double mean(double[] a, int from, int to) {
        double s = 0;
        int n = 0;
        for (int i = from; i < to; i++) {
            if (!Double.isNaN(a[i])) {
                s += a[i];
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    private static double stdev(double[] a) {
        double mu = mean(a, 0, a.length), v = 0;
        for (double x : a) {
            v += Double.isNaN(x) ? 0 : (x - mu) * (x - mu);
        }
        return Math.sqrt(v / Math.max(1, observed(a) - 1));
    }
}
