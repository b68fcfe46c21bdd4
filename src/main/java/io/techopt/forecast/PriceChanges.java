package io.techopt.forecast;

import io.techopt.core.Charge;
import io.techopt.core.Charges;
import io.techopt.core.Usage;
import io.techopt.pricing.CostCalculator;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.PriceEntry;
import io.techopt.pricing.PriceVersion;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dated prices of the loaded price book that take effect after "as of": the fit forecasts spend at the prices its
 * history paid, so each forecast day is scaled by what a scope's recent tokens (the last 7 days', per model, kind and
 * SKU) cost at that day's prices over what they cost at the prices of "as of" (review r21f M2: a halving on 11-20 in a
 * log ending 11-14 was ignored, $25.20 with a zero-width band for a bill of $20.58). With --price-date every request,
 * and so every forecast day, is priced at that one date: nothing changes.
 */
public final class PriceChanges {
    /** The days of recent history whose tokens stand for the days ahead (as the unpriced-share rule's window). */
    static final int RECENT_DAYS = 28;
    /** The days whose token mix a dated change is scaled by: the level the fit forecasts is the last days'. */
    static final int MIX_DAYS = 7;
    private static final Pattern ABOVE = Pattern.compile("/above_(\\d+)_tokens");

    /** No dated change applies (no book, or --price-date). */
    public static final PriceChanges NONE = new PriceChanges(List.of(), null, null);

    private final List<Charge> charges;
    private final PriceBook book;
    private final LocalDate priceDate;
    private final Map<String, double[]> cache = new HashMap<>();

    private PriceChanges(List<Charge> charges, PriceBook book, LocalDate priceDate) {
        this.charges = charges;
        this.book = book;
        this.priceDate = priceDate;
    }

    /** @param priceDate --price-date (null: each request, and each forecast day, at its own day's prices) */
    public static PriceChanges of(Charges charges, PriceBook book, LocalDate priceDate) {
        return new PriceChanges(charges.charges(), book, priceDate);
    }

    /**
     * Per forecast day k = 1..days (index k - 1), the ratio of the scope's recent tokens' cost at that day's prices to
     * their cost at the prices of {@code last}; 1 where no price changes. A scope the charges cannot tell apart (a
     * user) takes the total's mix, as does one without priced tokens in the window.
     */
    double[] ratios(String scope, LocalDate last, int days) {
        double[] one = new double[Math.max(0, days)];
        java.util.Arrays.fill(one, 1);
        if (book == null || priceDate != null || charges.isEmpty()) {
            return one;
        }
        return cache.computeIfAbsent(scope + '\u0000' + last + '\u0000' + days, k -> {
            // the last week's mix is the one the days ahead continue: a scope that moved models two weeks ago
            // would take the old model's changes from a 28-day mix (review r23f N4: $22.89 for a bill of $20.58)
            double[] r = compute(recent(last, MIX_DAYS, of(scope)), last, days);
            r = r != null ? r : compute(recent(last, RECENT_DAYS, of(scope)), last, days);
            return r != null ? r : scope.equals("total") ? one : ratios("total", last, days);
        }).clone();
    }

    /**
     * For a scope whose own mix is unknown (a user: a charge names none), the lowest and highest ratio per forecast day
     * of any one model of the total's last week (index 0 the lows, 1 the highs), so its bounds can reach a user on any
     * one of them (review r23f N4: each user at the total's ratio, zero-width bands excluding both users' bills); null
     * for a scope with a mix of its own, or when no dated change applies.
     */
    double[][] unknownMixRange(String scope, LocalDate last, int days) {
        if (book == null || priceDate != null || charges.isEmpty() || of(scope) != null) {
            return null;
        }
        Map<String, List<Charge>> byModel = new TreeMap<>();
        for (Charge c : recent(last, MIX_DAYS, x -> true)) {
            byModel.computeIfAbsent(String.valueOf(c.priceKey()), k -> new ArrayList<>()).add(c);
        }
        double[][] out = null;
        for (List<Charge> one : byModel.values()) {
            double[] r = compute(one, last, days);
            if (r == null) {
                continue;
            }
            if (out == null) {
                out = new double[][]{r.clone(), r.clone()};
            }
            for (int k = 0; k < r.length; k++) {
                out[0][k] = Math.min(out[0][k], r[k]);
                out[1][k] = Math.max(out[1][k], r[k]);
            }
        }
        return out;
    }

    /**
     * Per history day from {@code first} to {@code last}, what the scope's tokens of that day cost at the prices of
     * {@code last} over what they cost; 1 where no dated price changed. The fit reads the history at one price version,
     * so a price change on the last days is no dip or spike (review r23f N1: a halving on the last day was read as a
     * dip and the forecast kept the old price, $24.78 for a bill of $18.06).
     */
    double[] historyAtPricesOf(String scope, LocalDate first, LocalDate last) {
        int n = (int) java.time.temporal.ChronoUnit.DAYS.between(first, last) + 1;
        double[] out = new double[Math.max(0, n)];
        java.util.Arrays.fill(out, 1);
        if (book == null || priceDate != null || charges.isEmpty() || n <= 0) {
            return out;
        }
        Predicate<Charge> in = of(scope) != null ? of(scope) : x -> true;
        double[] paid = new double[n], atLast = new double[n];
        for (Charge c : charges) {
            int i = (int) java.time.temporal.ChronoUnit.DAYS.between(first, c.day());
            if (i < 0 || i >= n || !in.test(c)) {
                continue;
            }
            PriceEntry e = c.priceKey() == null ? null : book.get(c.priceKey());
            paid[i] += c.costUsd();
            atLast[i] += e == null || !e.isDated() || Double.isNaN(c.usdPerToken()) ? c.costUsd()
                    : c.quantity() * rate(e.at(last), c.sku());
        }
        for (int i = 0; i < n; i++) {
            // the same prices summed in another order differ in the last bits: no change is exactly 1
            out[i] = paid[i] > 0 && atLast[i] > 0 && Math.abs(atLast[i] - paid[i]) > 1e-9 * paid[i] ? atLast[i] / paid[i] : 1;
        }
        return out;
    }

    /** The dated changes of the recent log's models that took effect on its last 28 days up to {@code last}, for a note. */
    List<String> changesInside(LocalDate last) {
        if (book == null || charges.isEmpty() || priceDate != null) {
            return List.of();
        }
        LocalDate from = last.minusDays(RECENT_DAYS - 1L);
        Map<String, String> out = new TreeMap<>();
        for (Charge c : recent(last, RECENT_DAYS, x -> true)) {
            PriceEntry e = c.priceKey() == null ? null : book.get(c.priceKey());
            if (e == null || !e.isDated()) {
                continue;
            }
            for (PriceVersion v : e.versions()) {
                if (v.effective() != null && v.effective().isAfter(from) && !v.effective().isAfter(last)) {
                    out.putIfAbsent(v.effective() + " " + e.key(), e.key() + " from " + v.effective());
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    /** The dated changes from the day after {@code last} to {@code until} of the models in the recent log, for a note. */
    List<String> changes(LocalDate last, LocalDate until) {
        if (book == null || charges.isEmpty()) {
            return List.of();
        }
        Map<String, String> out = new TreeMap<>();
        for (Charge c : recent(last, RECENT_DAYS, x -> true)) {
            PriceEntry e = c.priceKey() == null ? null : book.get(c.priceKey());
            if (e == null || !e.isDated()) {
                continue;
            }
            PriceVersion now = e.at(last);
            for (PriceVersion v : e.versions()) {
                if (v.effective() != null && v.effective().isAfter(last) && !v.effective().isAfter(until)) {
                    out.putIfAbsent(v.effective() + " " + e.key(), String.format(Locale.ROOT, "%s from %s: input "
                                    + "$%s, output $%s per 1M tokens (as of %s: $%s, $%s)", c.model().equals(e.key())
                                    ? e.key() : c.model() + " (" + e.key() + ")", v.effective(), usd(v.standard().input()), usd(v.standard().output()), last,
                            usd(now.standard().input()), usd(now.standard().output())));
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    /** True when --price-date priced every request at one date (so the forecast days too). */
    boolean atOneDate() {
        return priceDate != null;
    }

    private static String usd(double perToken) {
        return Double.isNaN(perToken) ? "-" : String.format(Locale.ROOT, "%.4g", perToken * 1e6).replaceAll("\\.?0+$", "");
    }

    private static Predicate<Charge> of(String scope) {
        int colon = scope.indexOf(':');
        if (scope.equals("total") || colon < 0) {
            return c -> true;
        }
        String dim = scope.substring(0, colon), value = scope.substring(colon + 1);
        return switch (dim) {
            case "team" -> c -> value.equals(c.team());
            case "model" -> c -> value.equals(c.model());
            case "provider" -> c -> value.equals(c.provider() != null ? c.provider() : c.catalogProvider());
            default -> null; // a charge names no user: the total's mix stands for it
        };
    }

    private List<Charge> recent(LocalDate last, int days, Predicate<Charge> in) {
        if (in == null) {
            return List.of();
        }
        LocalDate from = last.minusDays(days - 1L);
        return charges.stream().filter(c -> !c.day().isBefore(from) && !c.day().isAfter(last) && in.test(c)).toList();
    }

    /** The ratios, or null when the charges hold no priced tokens of the scope. */
    private double[] compute(List<Charge> recent, LocalDate last, int days) {
        double[] out = new double[Math.max(0, days)];
        double base = 0, fixed = 0;
        for (Charge c : recent) {
            PriceEntry e = c.priceKey() == null ? null : book.get(c.priceKey());
            if (e == null || !e.isDated() || Double.isNaN(c.usdPerToken())) {
                fixed += c.costUsd(); // billed as logged, or an undated catalog: no dated change reaches it
            } else {
                base += c.quantity() * rate(e.at(last), c.sku());
            }
        }
        if (base + fixed <= 0) {
            return null;
        }
        for (int k = 1; k <= days; k++) {
            LocalDate d = last.plusDays(k);
            double at = fixed;
            for (Charge c : recent) {
                PriceEntry e = c.priceKey() == null ? null : book.get(c.priceKey());
                if (e != null && e.isDated() && !Double.isNaN(c.usdPerToken())) {
                    at += c.quantity() * rate(e.at(d), c.sku());
                }
            }
            out[k - 1] = at / (base + fixed);
        }
        return out;
    }

    /** USD per token of a charge's SKU ("output/batch", "input/above_200000_tokens") in one price version. */
    static double rate(PriceVersion v, String sku) {
        Matcher m = ABOVE.matcher(sku);
        long prompt = m.find() ? Long.parseLong(m.group(1)) + 1 : 0;
        CostCalculator.Applied a = CostCalculator.rates(v, new Usage(prompt, 0, 0, 0, 0, 0), sku.contains("/batch"));
        return switch (sku.split("/")[0]) {
            case "input" -> a.input();
            case "cache_read" -> a.cacheRead();
            case "cache_write" -> a.cacheWrite();
            case "cache_write_1h" -> a.cacheWrite1h();
            default -> a.output();
        };
    }
}
