package io.techopt.route;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cost-quality curve of a router that sends a prompt to the strong model when its score reaches a threshold,
 * with RouteLLM's summaries: PGR (performance gap recovered) against the share of strong calls, APGR (its area)
 * and CPT(x) (the smallest share of strong calls that recovers x of the gap).
 */
public final class RoutingCurve {
    /** One threshold: the share routed to strong, the quality reached, and the cost. */
    public record Point(double threshold, double strongShare, double quality, double costUsd) {
    }

    public final List<Point> points;
    public final double weakQuality, strongQuality;

    private RoutingCurve(List<Point> points, double weak, double strong) {
        this.points = points;
        this.weakQuality = weak;
        this.strongQuality = strong;
    }

    /**
     * @param score   per prompt, higher = more in need of the strong model
     * @param weakQ   per prompt quality of the weak model; strongQ of the strong one
     * @param weakCost per prompt cost of the weak model; strongCost of the strong one
     */
    public static RoutingCurve of(double[] score, double[] weakQ, double[] strongQ, double[] weakCost, double[] strongCost) {
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a])); // most in need first
        double q = 0, cost = 0, qs = 0, qw = 0;
        for (int i = 0; i < n; i++) {
            q += weakQ[i];
            cost += weakCost[i];
            qs += strongQ[i];
            qw += weakQ[i];
        }
        List<Point> pts = new ArrayList<>();
        pts.add(new Point(Double.POSITIVE_INFINITY, 0, q / n, cost));
        for (int k = 0; k < n; ) {
            double t = score[order[k]];
            // every prompt with this same score moves together: a threshold cannot split ties
            while (k < n && score[order[k]] == t) {
                int i = order[k++];
                q += strongQ[i] - weakQ[i];
                cost += strongCost[i] - weakCost[i];
            }
            pts.add(new Point(t, (double) k / n, q / n, cost));
        }
        return new RoutingCurve(pts, qw / n, qs / n);
    }

    public double pgr(Point p) {
        double gap = strongQuality - weakQuality;
        return gap == 0 ? 1 : (p.quality() - weakQuality) / gap;
    }

    /** Area under PGR against the strong share, 0..1 (trapezoids); a random router scores 0.5. */
    public double apgr() {
        double area = 0;
        for (int i = 1; i < points.size(); i++) {
            Point a = points.get(i - 1), b = points.get(i);
            area += (b.strongShare() - a.strongShare()) * (pgr(a) + pgr(b)) / 2;
        }
        return area;
    }

    /** The smallest strong share whose PGR reaches x (interpolated between thresholds); NaN if never. */
    public double cpt(double x) {
        for (int i = 1; i < points.size(); i++) {
            Point a = points.get(i - 1), b = points.get(i);
            double pa = pgr(a), pb = pgr(b);
            if (pb >= x) {
                if (pa >= x) {
                    return a.strongShare();
                }
                return a.strongShare() + (x - pa) / (pb - pa) * (b.strongShare() - a.strongShare());
            }
        }
        return Double.NaN;
    }
}
