package io.techopt.analyze;

import io.techopt.core.Redactor;
import io.techopt.core.Saving;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * analyze's rules and words for laying figures out: the calendar series' resolution and stray days, the notes on
 * unpriced groups and null figures, the error label. Public so that the Spark job (#15), which computes the same figures
 * another way, lays them out from this one copy.
 */
public final class AnalyzeLayout {
    /** Buckets a calendar series may have before it is summarised by a coarser period. */
    public static final int MAX_DAILY_BUCKETS = 1000;
    /** Days with requests further than this from the rest of the log are named in a warning. */
    public static final int STRAY_GAP_DAYS = 60;
    private static final String[] UNITS = {"day", "week", "month", "year"};
    private static final ChronoUnit[] STEPS = {ChronoUnit.DAYS, ChronoUnit.WEEKS, ChronoUnit.MONTHS, ChronoUnit.YEARS};

    private AnalyzeLayout() {
    }

    /** The series' unit for days first..last: 0 day, 1 week, 2 month, 3 year (the finest within MAX_DAILY_BUCKETS). */
    public static int unit(LocalDate first, LocalDate last) {
        int u = 0;
        while (u < UNITS.length - 1 && STEPS[u].between(bucket(first, u), bucket(last, u)) + 1 > MAX_DAILY_BUCKETS) {
            u++;
        }
        return u;
    }

    /** The unit's name, as daily_resolution says it. */
    public static String resolution(int unit) {
        return UNITS[unit];
    }

    /** One bucket of the unit. */
    public static ChronoUnit step(int unit) {
        return STEPS[unit];
    }

    /** Whether every bucket first..last is listed (zero where nothing ran), or only those with requests. */
    public static boolean filled(LocalDate first, LocalDate last, int unit) {
        return STEPS[unit].between(bucket(first, unit), bucket(last, unit)) + 1 <= MAX_DAILY_BUCKETS;
    }

    /** The first day of the day (0), Monday-started week (1), month (2) or year (3) that holds d. */
    public static LocalDate bucket(LocalDate d, int unit) {
        return switch (unit) {
            case 0 -> d;
            case 1 -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case 2 -> d.withDayOfMonth(1);
            default -> d.withDayOfYear(1);
        };
    }

    /** The warning that a long log's series is summarised by a coarser unit (none by day). */
    public static void spanNote(LocalDate first, LocalDate last, int unit, List<String> warnings) {
        if (unit > 0) {
            warnings.add("the log spans " + (ChronoUnit.DAYS.between(first, last) + 1) + " days ("
                    + first + " to " + last + "): daily spend is summarised by " + UNITS[unit] + " (daily_resolution; "
                    + "each date is the start of its " + UNITS[unit] + ")" + (filled(first, last, unit) ? "" : ", and only "
                    + UNITS[unit] + "s with requests are listed"));
        }
    }

    /**
     * A few requests dated far from the rest (one record of 2020 in a 2026 log, a replay trace with one absolute
     * timestamp) stretch the period and the daily series. They are real requests, so every total keeps them, but a
     * warning names their dates and what they did to the period. Runs of days split at gaps longer than
     * {@link #STRAY_GAP_DAYS}; the run with the most requests is the log's body; the other runs are stray when they
     * hold at most 1% of the requests (or 5). {@code days}: the epoch days with requests, ascending; {@code requests}:
     * each day's.
     */
    public static void strayDays(long[] days, long[] requests, List<String> warnings) {
        List<int[]> runs = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= days.length; i++) {
            if (i == days.length || days[i] - days[i - 1] > STRAY_GAP_DAYS) {
                runs.add(new int[]{start, i - 1});
                start = i;
            }
        }
        if (runs.size() < 2) {
            return;
        }
        long total = 0;
        long[] inRun = new long[runs.size()];
        for (int r = 0; r < runs.size(); r++) {
            for (int i = runs.get(r)[0]; i <= runs.get(r)[1]; i++) {
                inRun[r] += requests[i];
            }
            total += inRun[r];
        }
        int body = 0;
        for (int r = 1; r < runs.size(); r++) {
            body = inRun[r] > inRun[body] ? r : body;
        }
        long strayRequests = total - inRun[body];
        if (strayRequests > Math.max(5, total / 100)) {
            return; // several real periods of traffic, not a stray record
        }
        List<String> named = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            for (int i = runs.get(r)[0]; r != body && i <= runs.get(r)[1] && named.size() < 5; i++) {
                long n = requests[i];
                named.add(LocalDate.ofEpochDay(days[i]) + " (" + n + " request" + (n == 1 ? "" : "s") + ")");
            }
        }
        LocalDate bodyFirst = LocalDate.ofEpochDay(days[runs.get(body)[0]]);
        LocalDate bodyLast = LocalDate.ofEpochDay(days[runs.get(body)[1]]);
        long withDays = days[days.length - 1] - days[0] + 1;
        long withoutDays = days[runs.get(body)[1]] - days[runs.get(body)[0]] + 1;
        warnings.add(strayRequests + " request" + (strayRequests == 1 ? " is" : "s are") + " dated more than "
                + STRAY_GAP_DAYS + " days away from the rest of the log (" + bodyFirst + " to " + bodyLast + "): "
                + String.join(", ", named) + (named.size() < runs.size() - 1 ? ", …" : "") + "; with them period.days is "
                + withDays + ", without them " + withoutDays + ". They count in every total (they are real requests): "
                + "check their timestamps, or leave them out with --since/--until");
    }

    /**
     * The notes on a provider grouping's requests that log no provider: {@code fromName} grouped under the provider their
     * model name starts with, {@code fromCatalog} under their model's provider in the price catalog.
     */
    public static void providerGroupNotes(String by, long fromName, long fromCatalog, List<String> warnings) {
        if (fromName > 0) {
            warnings.add("groups by " + by + ": " + fromName + " requests log no provider and are grouped under the provider "
                    + "their model name starts with (azure/..., bedrock/...: who bills, whichever catalog prices the model)");
        }
        if (fromCatalog > 0) {
            warnings.add("groups by " + by + ": " + fromCatalog + " requests log no provider and are grouped under their "
                    + "model's provider in the price catalog (a provider the log names is kept, compared case-insensitively "
                    + "and shown in lower case)");
        }
    }

    /**
     * The notes on a group table's cost of unpriced requests: null for groups of only those, a lower bound for the rest.
     * {@code shown}: each listed row's name and its {requests, unpriced requests}; {@code groups}: every group's.
     */
    public static void unpricedGroupNotes(String by, Map<String, long[]> shown, Collection<long[]> groups,
                                          List<String> warnings) {
        if (groups.stream().noneMatch(g -> g[1] > 0) || groups.stream().allMatch(g -> g[1] >= g[0])) {
            return; // none unpriced; or none priced, which the first warning says of every cost figure
        }
        unpricedGroupNotes(by, shown, warnings);
    }

    /** The notes themselves, for a caller that has checked that some of the table's groups are priced and some not. */
    public static void unpricedGroupNotes(String by, Map<String, long[]> shown, List<String> warnings) {
        List<String> unknown = new ArrayList<>(), partial = new ArrayList<>();
        shown.forEach((name, g) -> {
            if (g[1] >= g[0] && g[0] > 0) {
                unknown.add(name);
            } else if (g[1] > 0) {
                partial.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            warnings.add("groups by " + by + ": cost_usd and cost_share are null for " + String.join(", ",
                    unknown.subList(0, Math.min(5, unknown.size()))) + (unknown.size() > 5 ? " and " + (unknown.size() - 5)
                    + " more" : "") + ": every request of the group is of a model without a price (see unpriced_models), "
                    + "so its cost is unknown, not $0 (add the prices with --prices FILE)");
        }
        if (!partial.isEmpty()) {
            warnings.add("groups by " + by + ": cost_usd is a lower bound for " + String.join(", ",
                    partial.subList(0, Math.min(5, partial.size()))) + (partial.size() > 5 ? " and " + (partial.size() - 5)
                    + " more" : "") + ": some of the group's requests are of models without a price, and they count "
                    + "in its requests and tokens but not in its cost (cost_share is a share of the priced cost)");
        }
    }

    /** cli.md: every null figure is named in a note that says why. */
    public static List<String> nullNotes(long requests, AnalyzeResult.Latency latency, List<AnalyzeResult.ModelRow> models,
                                         List<Saving> savings, boolean anySession) {
        List<String> notes = new ArrayList<>();
        if (latency.p50() == null) {
            notes.add("latency_ms.p50, p95, p99 and mean are null: " + (requests == 0 ? "no request was read" : "no request logs a latency"));
        }
        List<String> noLatency = models.stream().filter(m -> m.latencyMs().p50() == null).map(AnalyzeResult.ModelRow::model).toList();
        if (!noLatency.isEmpty() && latency.p50() != null) {
            notes.add("by_model latency_ms.p50 and p95 are null for " + String.join(", ", noLatency) + ": none of its requests logs a latency");
        }
        List<String> noCatalog = models.stream().filter(m -> m.priceKey() == null).map(AnalyzeResult.ModelRow::model).toList();
        if (!noCatalog.isEmpty()) {
            notes.add("by_model price_key, price_catalog and price_effective are null for " + String.join(", ", noCatalog)
                    + ": no price catalog knows the model");
        }
        List<String> undated = models.stream().filter(m -> m.priceKey() != null && m.priceEffective() == null)
                .map(AnalyzeResult.ModelRow::model).toList();
        if (!undated.isEmpty()) {
            notes.add("by_model price_effective is null for " + String.join(", ", undated) + ": its catalog carries no dated prices");
        }
        for (Saving v : savings) {
            if (v.usd() == null) {
                String why = v.assumptions().isEmpty() ? "" : v.assumptions().get(0).replaceFirst("^not measured: ", "");
                notes.add("savings " + v.lever() + ": usd and share_of_cost are null: " + (requests == 0 ? "no request was read" : why));
            }
        }
        if (!anySession) {
            notes.add("sessions.calls_per_session_mean, calls_per_session_p50 and calls_per_session_p95 are null: "
                    + (requests == 0 ? "no request was read" : "no request carries a session id"));
        }
        return notes;
    }

    /** Error messages are grouped by their first line, without secrets, at most 120 characters. */
    public static String errorLabel(String text) {
        if (text == null || text.isBlank()) {
            return "(no message)";
        }
        String s = text.strip();
        int nl = s.indexOf('\n');
        if (nl > 0) {
            s = s.substring(0, nl);
        }
        s = Redactor.redact(s);
        return s.length() > 120 ? s.substring(0, 119) + "…" : s;
    }
}
