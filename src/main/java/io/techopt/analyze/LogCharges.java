package io.techopt.analyze;

import io.techopt.core.Charge;
import io.techopt.core.Charges;
import io.techopt.core.Usage;
import io.techopt.pricing.CostCalculator;
import io.techopt.pricing.PriceEntry;
import io.techopt.pricing.PriceVersion;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The log's cost as charges that each price one thing (FOCUS's unit-price rule): per day x provider x model x
 * team, the tokens of one kind that one SKU price priced, at that price's USD per token. Reasoning tokens are
 * output tokens at the output price, in their own rows; cost-as-logged requests (billing exports) are one
 * "billed" charge per group, priced per request. Unpriced models have no price to state and are counted apart.
 * The charges' costs sum to {@code cost_usd}.
 * <p>The charges are grouped by a map keyed by day x provider x model x team x token kind x SKU (tablesaw groups
 * only in its {@code Table}, kept out), sorted, then held as tablesaw columns ({@code core.Charges}, built once after
 * the log is read), which cross to forecast's FOCUS export through core (#13 item 4).
 */
final class LogCharges {
    private static final List<String> KIND_ORDER = List.of("input", "cache_read", "cache_write", "output", "reasoning", "billed");

    private final Map<List<Object>, ChargeAcc> acc = new LinkedHashMap<>();
    private final Map<List<Object>, String> catalogProviders = new HashMap<>();
    /** Each group's requests (day, provider, model and team as shown), to go on its first charge. */
    private final Map<List<Object>, Long> groupRequests = new HashMap<>();
    private long unpricedRequests;
    private final TreeSet<String> unpricedModels = new TreeSet<>();

    static Charges of(RequestStore s) {
        LogCharges charges = new LogCharges();
        for (int i = 0; i < s.t.n; i++) {
            if (s.t.live(i)) {
                charges.add(s, i);
            }
        }
        return charges.finish(s);
    }

    /** Live row {@code i} into the charges of its group (a reader folding chunks of rows adds each as it comes). */
    void add(RequestStore s, int i) {
        RequestTable t = s.t;
        long day = s.day(i);
        List<Object> group = List.of(day, t.provider(i), t.model(i), t.team(i));
        if (t.is(i, RequestTable.COST_AS_LOGGED)) {
            add(acc, group, "billed", null, "as_billed", Double.NaN, null, t.count(i), t.logged(i), t.count(i));
            countRequests(s, i);
            return;
        }
        PriceEntry e = s.entry(i);
        if (e == null) {
            unpricedRequests += t.count(i);
            unpricedModels.add(s.models.name(t.model(i)));
            return;
        }
        countRequests(s, i);
        Usage u = s.usage(i);
        PriceVersion v = s.version(e, i);
        if (t.provider(i) < 0 || s.providers.raw(t.provider(i)).codePoints().noneMatch(Character::isLetterOrDigit)) {
            // FOCUS's ProviderName when the log logs none (or one of spaces or invisible characters: FOCUS wants a name; review r23f):
            // as --group-by provider names it
            int p = s.namedProvider(i) >= 0 ? s.namedProvider(i) : s.catalogProvider(i);
            if (p >= 0) {
                catalogProviders.putIfAbsent(group, s.providers.raw(p));
            }
        }
        CostCalculator.Applied r = CostCalculator.rates(v, u, t.is(i, RequestTable.BATCH));
        LocalDate eff = v.effective();
        String suffix = (r.batch() ? "/batch" : "") + (r.tierAboveTokens() > 0 ? "/above_" + r.tierAboveTokens() + "_tokens" : "");
        long reasoning = Math.min(u.reasoningTokens(), u.outputTokens());
        // a request without tokens (a failed call) still has its input charge, at 0, so its group keeps its requests
        boolean none = u.inputTokens() + u.cacheReadTokens() + u.cacheWriteTokens() + u.cacheWrite1hTokens() + u.outputTokens() == 0;
        add(acc, group, "input", e.key(), "input" + suffix, r.input(), eff, none ? -1 : u.inputTokens(), u.inputTokens() * r.input(), t.count(i));
        add(acc, group, "cache_read", e.key(), "cache_read" + suffix, r.cacheRead(), eff, u.cacheReadTokens(),
                u.cacheReadTokens() * r.cacheRead(), t.count(i));
        add(acc, group, "cache_write", e.key(), "cache_write" + suffix, r.cacheWrite(), eff, u.cacheWriteTokens(),
                u.cacheWriteTokens() * r.cacheWrite(), t.count(i));
        add(acc, group, "cache_write", e.key(), "cache_write_1h" + suffix, r.cacheWrite1h(), eff, u.cacheWrite1hTokens(),
                u.cacheWrite1hTokens() * r.cacheWrite1h(), t.count(i));
        add(acc, group, "output", e.key(), "output" + suffix, r.output(), eff, u.outputTokens() - reasoning,
                (u.outputTokens() - reasoning) * r.output(), t.count(i));
        add(acc, group, "reasoning", e.key(), "output" + suffix, r.output(), eff, reasoning, reasoning * r.output(), t.count(i));
    }

    private void countRequests(RequestStore s, int i) {
        RequestTable t = s.t;
        groupRequests.merge(List.of(LocalDate.ofEpochDay(s.day(i)), String.valueOf(s.providers.name(t.provider(i))),
                String.valueOf(s.models.name(t.model(i))), String.valueOf(s.teams.name(t.team(i)))), t.count(i), Long::sum);
    }

    /** The charges of the rows added, sorted, each group's requests on its first charge. */
    Charges finish(RequestStore s) {
        List<Charge> out = new ArrayList<>(acc.size());
        for (var en : acc.entrySet()) {
            List<Object> k = en.getKey();
            ChargeAcc a = en.getValue();
            int provider = (Integer) k.get(1), model = (Integer) k.get(2), team = (Integer) k.get(3);
            out.add(new Charge(LocalDate.ofEpochDay((Long) k.get(0)), s.providers.name(provider),
                    s.providers.raw(provider), s.models.name(model), s.teams.name(team), a.priceKey, a.kind, a.sku,
                    a.usdPerToken, a.quantity, a.cost, 0, a.priceEffective, catalogProviders.get(k.subList(0, 4))));
        }
        Comparator<String> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
        out.sort(Comparator.comparing(Charge::day).thenComparing(Charge::provider, nullsFirst)
                .thenComparing(Charge::model, nullsFirst).thenComparing(Charge::team, nullsFirst)
                .thenComparingInt(c -> KIND_ORDER.indexOf(c.kind())).thenComparing(Charge::sku)
                .thenComparingDouble(Charge::usdPerToken));
        // a group's requests go on its first charge, so that the column sums to the requests
        Map<List<Object>, Long> requests = new HashMap<>(groupRequests);
        Charges charges = new Charges();
        for (Charge x : out) {
            Long n = requests.remove(List.of(x.day(), String.valueOf(x.provider()), String.valueOf(x.model()),
                    String.valueOf(x.team())));
            charges.append(n == null ? x : new Charge(x.day(), x.provider(), x.providerRaw(), x.model(), x.team(),
                    x.priceKey(), x.kind(), x.sku(), x.usdPerToken(), x.quantity(), x.costUsd(), n, x.priceEffective(),
                    x.catalogProvider()));
        }
        return charges.unpriced(unpricedRequests, List.copyOf(unpricedModels));
    }

    private static void add(Map<List<Object>, ChargeAcc> acc, List<Object> group, String kind, String priceKey, String sku,
                            double usdPerToken, LocalDate priceEffective, long quantity, double cost, long requests) {
        if (quantity == 0 && cost == 0) {
            return; // (a billed row standing for no request still carries its cost)
        }
        quantity = Math.max(0, quantity); // -1: keep the charge at 0 tokens
        List<Object> key = new ArrayList<>(group);
        key.add(kind);
        key.add(sku);
        key.add(Double.doubleToLongBits(usdPerToken));
        key.add(String.valueOf(priceEffective)); // two dated prices at one rate are still two prices
        ChargeAcc a = acc.computeIfAbsent(key, x -> new ChargeAcc(kind, priceKey, sku, usdPerToken, priceEffective));
        a.quantity += quantity;
        a.cost += cost;
        a.requests += requests;
    }

    /** A charge being summed: its price (and the date of that price), and the tokens (or requests) and cost so far. */
    private static final class ChargeAcc {
        final String kind, priceKey, sku;
        final double usdPerToken;
        final LocalDate priceEffective;
        long quantity, requests;
        double cost;

        ChargeAcc(String kind, String priceKey, String sku, double usdPerToken, LocalDate priceEffective) {
            this.kind = kind;
            this.priceKey = priceKey;
            this.sku = sku;
            this.usdPerToken = usdPerToken;
            this.priceEffective = priceEffective;
        }
    }
}
