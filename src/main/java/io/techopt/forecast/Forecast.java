package io.techopt.forecast;

/**
 * A fitted daily model: point forecasts and the variance of the forecast error at each horizon and of their
 * sum (for period totals such as month end).
 */
public interface Forecast {
    /** Method name and fitted parameters, for the report. */
    String describe();

    /** Mean forecast h days after the last observation (h >= 1). */
    double mean(int h);

    /** Variance of the h-step forecast error. */
    double variance(int h);

    /** Variance of the sum of the 1..horizon step forecast errors (errors at different horizons correlate). */
    double varianceOfSum(int horizon);

    /** Factor on the model's own intervals when no out-of-sample errors calibrate them (1: none needed). */
    default double uncalibratedWidening() {
        return 1;
    }
}
