package io.techopt.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.techopt.forecast.Forecaster.WEEK;
import static io.techopt.forecast.LevelShifts.median;
import static io.techopt.forecast.SpikeRule.SPIKE_K;
import static io.techopt.forecast.SpikeRule.SPIKE_REL;
import static io.techopt.forecast.SpikeRule.spikeNoise;

/** Recurring jobs on a period the weekly season cannot hold (see {@link #schedule}). */
final class JobSchedule {
    private JobSchedule() {
    }

    /** Periods (days) of a recurring job the weekly season cannot hold: every second, third or fourth week. */
    static final int[] JOB_PERIODS = {2 * WEEK, 3 * WEEK, 4 * WEEK};
    /** Runs of a job on its period, at least, before it is a schedule and not a string of spikes. */
    static final int JOB_RUNS = 3;

    /**
     * Recurring jobs in y[0..upTo): for a period P of 14, 21 or 28 days, the days on one phase of it, from the first
     * far above its typical to the last seen, at least JOB_RUNS of them, every one far above (the spike rule's SPIKE_K
     * robust sds and SPIKE_REL) its weekday's typical off the schedule: the median of the same weekday one to four
     * weeks either side that is not on the schedule. A day's usual typical takes the job's runs P days either side
     * into its median, so only a first run was a spike and the others stayed in the fit and the calibration, whose
     * misses made a $33.52 month's 80% upper bound $171 (review r15 #4). The fit leaves the runs out; the forecast
     * adds each future run on schedule at the runs' median size over their typical; the calibration counts their
     * errors less that size.
     */
    record Schedule(int[] days, double[] size, int[] period, int[] lastRun, double[] dayExcess) {
        static final Schedule NONE = new Schedule(new int[0], new double[0], new int[0], new int[0], new double[0]);

        /** What the jobs add on day index t (0 off schedule or before a job's last run). */
        double extraAt(int t) {
            double add = 0;
            for (int j = 0; j < period.length; j++) {
                add += t > lastRun[j] && (t - lastRun[j]) % period[j] == 0 ? size[j] : 0;
            }
            return add;
        }
    }

    static Schedule schedule(double[] y, int upTo) {
        if (upTo < JOB_RUNS * 2 * WEEK) {
            return Schedule.NONE;
        }
        double noise = spikeNoise(y, upTo);
        boolean[] taken = new boolean[upTo];
        List<Integer> days = new ArrayList<>(), periods = new ArrayList<>(), lasts = new ArrayList<>();
        List<Double> sizes = new ArrayList<>(), excess = new ArrayList<>();
        for (int period : JOB_PERIODS) {
            for (int phase = 0; phase < period; phase++) {
                List<Integer> run = new ArrayList<>();
                List<Double> up = new ArrayList<>();
                boolean broken = false;
                for (int t = phase; t < upTo && !broken; t += period) {
                    double base = offSchedule(y, t, upTo, period);
                    boolean far = !taken[t] && !Double.isNaN(y[t]) && !Double.isNaN(base) && y[t] - base > SPIKE_K * noise
                            && y[t] - base > SPIKE_REL * base;
                    if (far) {
                        run.add(t);
                        up.add(y[t] - base);
                    } else {
                        broken = !run.isEmpty(); // a job that skipped a run, or stopped, is no schedule to forecast
                    }
                }
                if (broken || run.size() < JOB_RUNS) {
                    continue;
                }
                double[] u = up.stream().mapToDouble(Double::doubleValue).toArray();
                for (int j = 0; j < run.size(); j++) {
                    taken[run.get(j)] = true;
                    days.add(run.get(j));
                    excess.add(u[j]);
                }
                periods.add(period);
                lasts.add(run.get(run.size() - 1));
                sizes.add(median(u));
            }
        }
        if (days.isEmpty()) {
            return Schedule.NONE;
        }
        Integer[] order = new Integer[days.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(days.get(a), days.get(b)));
        return new Schedule(Arrays.stream(order).mapToInt(days::get).toArray(),
                sizes.stream().mapToDouble(Double::doubleValue).toArray(), periods.stream().mapToInt(Integer::intValue).toArray(),
                lasts.stream().mapToInt(Integer::intValue).toArray(), Arrays.stream(order).mapToDouble(excess::get).toArray());
    }

    /** Day t's weekday's typical off a job's schedule of this period (see {@link #schedule}); NaN as in {@link SpikeRule#typical}. */
    private static double offSchedule(double[] y, int t, int upTo, int period) {
        double[] around = new double[8];
        int k = 0;
        for (int w = -4; w <= 4; w++) {
            int d = t + w * WEEK;
            if (w == 0 || (w * WEEK) % period == 0 || d < 0 || d >= upTo || Double.isNaN(y[d])) {
                continue;
            }
            if (!(y[d] > 0)) {
                return Double.NaN;
            }
            around[k++] = y[d];
        }
        return k >= 2 ? median(Arrays.copyOf(around, k)) : Double.NaN;
    }
}
