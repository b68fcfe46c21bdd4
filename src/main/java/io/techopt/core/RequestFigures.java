package io.techopt.core;

import java.util.Arrays;

/**
 * One figure per request, by the request's place in the input (see {@link SavingsLever}): a growable column of
 * doubles, 0 where nothing was set, 8 bytes a request.
 */
public final class RequestFigures implements SavingsLever.PerRequest {
    private double[] a = new double[1024];
    private double[] latency;

    public void set(int request, double share) {
        a = fit(a, request, 0);
        a[request] = share;
    }

    /** Also keeps a latency change for the request (NaN where none is set). */
    public void setLatency(int request, double ms) {
        if (latency == null) {
            latency = new double[1024];
            Arrays.fill(latency, Double.NaN);
        }
        latency = fit(latency, request, Double.NaN);
        latency[request] = ms;
    }

    private static double[] fit(double[] x, int i, double empty) {
        if (i < x.length) {
            return x;
        }
        double[] y = Arrays.copyOf(x, Math.max(i + 1, x.length * 2));
        Arrays.fill(y, x.length, y.length, empty);
        return y;
    }

    @Override
    public double costShareRemoved(int request) {
        return request < a.length ? a[request] : 0;
    }

    @Override
    public double latencyChangeMs(int request) {
        return latency == null || request >= latency.length ? Double.NaN : latency[request];
    }
}
