package io.techopt.analyze.change;

/**
 * Additive LMDI-I (Ang 2005) for one cell {@code C = x_1 × … × x_n}: the change {@code C^T − C^0} split into one effect
 * per factor, {@code L(C^T, C^0) · ln(x_f^T / x_f^0)}, which add up to the change with no residual. Zero values follow
 * the analytical limits of Ang &amp; Liu (2007), as Wood &amp; Lenzen (2006) recommend over substituting a small
 * number: a cell that is zero in one period and positive in the other gives its whole change to the factors that are
 * zero in the zero period (equally, when several are, which is the limit of each taken to the same δ → 0), and every
 * other factor of that cell gets 0.
 */
final class Lmdi {
    private Lmdi() {
    }

    /** |ln(x^T / x^0)| at or below this is rounding, not a change of the factor. */
    static final double RATIO_NOISE = 1e-12;

    /** The logarithmic mean {@code (a − b) / (ln a − ln b)}, {@code a} when a = b; a, b &gt; 0. */
    static double logMean(double a, double b) {
        if (a == b) {
            return a;
        }
        double d = a - b;
        // log1p keeps ln(a/b) accurate when a and b are close
        return d / Math.log1p(d / b);
    }

    /**
     * The effects of one cell. {@code x0}, {@code xT}: the factors in each period (finite, ≥ 0, whose product is
     * {@code c0}, {@code cT}). The effects add up to {@code cT − c0} to the last bit of rounding: what rounding leaves
     * (about 1e-16 of the cell) is given to the largest effect, so sums are exact to 1e-9 and more.
     */
    static double[] cell(double c0, double cT, double[] x0, double[] xT) {
        int n = x0.length;
        double[] e = new double[n];
        double change = cT - c0;
        if (c0 == 0 && cT == 0) {
            return e;
        }
        if (c0 > 0 && cT > 0) {
            double l = logMean(cT, c0);
            double sum = 0;
            int largest = -1;
            for (int f = 0; f < n; f++) {
                double ln = Math.log(xT[f] / x0[f]);
                // a ratio within rounding of 1 (the same rate summed in another order) is no change: what it would
                // give is rounding, which the residual below puts back
                if (Math.abs(ln) > RATIO_NOISE) {
                    e[f] = l * ln;
                    sum += e[f];
                    if (largest < 0 || Math.abs(e[f]) > Math.abs(e[largest])) {
                        largest = f;
                    }
                }
            }
            double rest = change - sum;
            if (rest != 0) {
                // no factor moved beyond rounding: the cell's change is rounding too, given to the factor that moved most
                e[largest >= 0 ? largest : mostMoved(x0, xT)] += rest;
            }
            return e;
        }
        double[] zeroSide = c0 == 0 ? x0 : xT;
        int zeros = 0;
        for (double x : zeroSide) {
            if (x == 0) {
                zeros++;
            }
        }
        if (zeros == 0) {
            // cannot happen for the identity's cells (a cell is zero only through a zero factor); kept exact regardless
            e[mostMoved(x0, xT)] = change;
            return e;
        }
        for (int f = 0; f < n; f++) {
            if (zeroSide[f] == 0) {
                e[f] = change / zeros;
            }
        }
        if (zeros > 1) {
            double sum = 0;
            for (double v : e) {
                sum += v;
            }
            for (int f = 0; f < n; f++) {
                if (zeroSide[f] == 0) {
                    e[f] += change - sum;
                    break;
                }
            }
        }
        return e;
    }

    /** The factor whose ratio is farthest from 1 (the first one when none moved). */
    static int mostMoved(double[] x0, double[] xT) {
        int best = 0;
        double far = -1;
        for (int f = 0; f < x0.length; f++) {
            double d = x0[f] > 0 && xT[f] > 0 ? Math.abs(Math.log(xT[f] / x0[f])) : Double.POSITIVE_INFINITY;
            if (d > far) {
                far = d;
                best = f;
            }
        }
        return best;
    }
}
