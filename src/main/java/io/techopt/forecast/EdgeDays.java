package io.techopt.forecast;

import io.techopt.core.DailySpend;

import java.time.LocalDate;
import java.util.List;

/** A first or last day the log covers only part of: the share of a full day's spend its missing hours held. */
final class EdgeDays {
    private EdgeDays() {
    }

    /**
     * A first or last day whose missing hours held more than this share of a full day's spend (measured on the log's
     * full days) is partial: the fit adds what those hours usually hold to its spend.
     */
    static final double PARTIAL_DAY_SHARE = 0.02;
    /** At most this share of a day is filled in: a day holding a few minutes would make the rest a guess. */
    static final double MAX_MISSING_SHARE = 0.75;
    /** A partial edge day is filled in from at most this multiple of what its neighbours spend in the same hours. */
    static final double EDGE_SPEND_CAP = 1.25;
    /**
     * Full days needed to measure how a day spreads its spend over its hours; with fewer, no edge day is filled in: a
     * guessed spread made a two-day log a falling line (its first day doubled, its last day less) and hid a budget alert.
     */
    static final int PROFILE_DAYS = 3;
    /**
     * Hours with spend a full day needs to count towards that spread: a day of one to three requests tells nothing of
     * how a day's spend spreads (review r21f M7: six one-request days made a sparse log's last request at 17:00 a day
     * "cut short" and the period total added 22.6% of a day).
     */
    static final int PROFILE_HOURS = 4;

    /**
     * The shares of a full day's spend missing from the series' first and last day ({0, 0}: both whole); with fewer
     * than PROFILE_DAYS whole days, a third share, the last day's measured on those few, for a burst's level alone. A day is
     * partial when the hours before the log's first request (after its last) held more than PARTIAL_DAY_SHARE of the
     * spend of the log's full days (the days between): a log cut at 20:00 misses the 17% of spend its days have after
     * 20:00, a log of working hours that ends at 19:00 every day misses nothing. Says so in a warning.
     */
    static double[] edgeShares(List<DailySpend.Hour> hours, LocalDate first, LocalDate last, boolean lastIsData,
                                       List<String> warnings) {
        double[] missing = {0, 0};
        if (hours == null || hours.isEmpty()) {
            return missing;
        }
        double[] profile = new double[24];
        java.util.Map<LocalDate, Integer> hoursOf = new java.util.HashMap<>();
        for (DailySpend.Hour h : hours) {
            if (h.costUsd() > 0) {
                hoursOf.merge(LocalDate.ofEpochDay(Math.floorDiv(h.epochHour(), 24)), 1, Integer::sum);
            }
        }
        java.util.Set<LocalDate> full = new java.util.HashSet<>();
        int firstHour = -1, lastHour = -1;
        double firstUsd = 0, lastUsd = 0;
        for (DailySpend.Hour h : hours) {
            LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(h.epochHour(), 24));
            int hour = (int) Math.floorMod(h.epochHour(), 24);
            if (day.isAfter(first) && day.isBefore(last) && hoursOf.getOrDefault(day, 0) >= PROFILE_HOURS) {
                profile[hour] += h.costUsd();
                full.add(day);
            }
            if (day.equals(first)) {
                firstHour = firstHour < 0 ? hour : Math.min(firstHour, hour);
                firstUsd += h.costUsd();
            }
            if (day.equals(last)) {
                lastHour = Math.max(lastHour, hour);
                lastUsd += h.costUsd();
            }
        }
        double sum = java.util.Arrays.stream(profile).sum();
        if (full.size() < PROFILE_DAYS || sum <= 0) {
            // too few whole days for the fit to fill a partial last day in, but a sparse log's burst reads its level
            // per hour covered: the share its whole days spent after the last day's last hour (review r24f M3)
            double after = 0;
            for (int h = lastHour + 1; lastIsData && lastHour >= 0 && sum > 0 && h < 24; h++) {
                after += profile[h] / sum;
            }
            return after > PARTIAL_DAY_SHARE && after <= MAX_MISSING_SHARE ? new double[]{0, 0, after} : missing;
        }
        for (int h = 0; h < 24; h++) {
            profile[h] = profile[h] / sum;
        }
        String how = "of a full day's spend (measured on the log's " + full.size() + " full days)";
        double before = 0, after = 0;
        for (int h = 0; h < Math.max(0, firstHour); h++) {
            before += profile[h];
        }
        for (int h = lastHour + 1; lastHour >= 0 && h < 24; h++) {
            after += profile[h];
        }
        if (firstHour >= 0 && before > MAX_MISSING_SHARE && before < 1) {
            // a first day of a few late hours is no day's spend to scale up, as a last day of a few minutes (review
            // r21f L1: a log from 20:00 filled its first day to $0.47 of a $0.70 day): a missing value
            missing[0] = before;
            warnings.add(String.format(java.util.Locale.ROOT, "the log's first day, %s, begins at %02d:00 UTC: the hours before "
                    + "hold %.1f%% %s, over %.0f%%, so the fit takes the day as a missing value; daily keeps the spend logged",
                    first, firstHour, 100 * before, how, 100 * MAX_MISSING_SHARE));
        } else if (firstHour >= 0 && before > PARTIAL_DAY_SHARE && before < 1) {
            missing[0] = Math.min(before, MAX_MISSING_SHARE);
            warnings.add(Dollars.format("the log's first day, %s, begins at %02d:00 UTC: the hours before "
                    + "hold %.1f%% %s, so the fit fills them in from its $%.2f logged (from at most %sx what its "
                    + "neighbouring days spend in the hours it has); daily keeps the spend logged", first, firstHour, 100 * before, how, firstUsd, EDGE_SPEND_CAP));
        }
        if (lastIsData && lastHour >= 0 && after > MAX_MISSING_SHARE && after < 1) {
            // a last day holding a few early minutes is no day's spend to scale up (review h12d #5): a missing value
            missing[1] = after;
            warnings.add(Dollars.format("the log's last day, %s, ends before %02d:00 UTC: the hours after "
                    + "hold %.1f%% %s, over %.0f%%, so the fit takes the day as a missing value, and the period total adds "
                    + "its forecast less the $%.2f logged; daily keeps the spend logged", last, lastHour + 1, 100 * after, how,
                    100 * MAX_MISSING_SHARE, lastUsd));
        } else if (lastIsData && lastHour >= 0 && after > PARTIAL_DAY_SHARE && after < 1) {
            missing[1] = Math.min(after, MAX_MISSING_SHARE);
            warnings.add(Dollars.format("the log's last day, %s, ends before %02d:00 UTC: the hours after "
                    + "hold %.1f%% %s, so the fit fills them in from its $%.2f logged (from at most %sx what its "
                    + "neighbouring days spend in the hours it has), and the period total counts them; daily keeps the spend logged", last,
                    lastHour + 1, 100 * after, how, lastUsd, EDGE_SPEND_CAP));
        }
        return missing;
    }
}
