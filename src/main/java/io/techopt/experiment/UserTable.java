package io.techopt.experiment;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;
import tech.tablesaw.selection.Selection;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * One experiment's users as a table, the unit ab-report compares: a row per user and variant (variants by name, users in
 * the order first seen), and beside it a row per request latency. Built once the log is read, from the accumulators
 * {@link ExperimentAnalyzer} keeps while reading; every figure is summed in row order, so the figures are those of the
 * per-user loops it replaces to the last digit. Tablesaw's columns and selections, not its {@code Table}: that class's
 * static initializer scans the class path for file readers (ClassGraph), which cost every ab-report run ~0.7 CPU s and
 * 40 MB to read no file.
 */
final class UserTable {
    static final String VARIANT = "variant", USER = "user", REQUESTS = "requests", SUCCESSES = "successes",
            PRICED_REQUESTS = "priced_requests", UNPRICED = "unpriced_requests", RATED = "rated", COST = "cost_usd",
            QUALITY = "quality_sum", COST_AT_PRICED_RATE = "cost_at_priced_rate_usd", PRE_SPEND = "pre_period_spend_usd",
            LATENCY = "latency_ms";

    /** A row per user: the variant and user columns first, then the numeric ones. */
    private final List<Column<?>> users;
    /** A row per request latency: variant, user, latency. */
    private final List<Column<?>> latencies;

    private UserTable(List<Column<?>> users, List<Column<?>> latencies) {
        this.users = users;
        this.latencies = latencies;
    }

    /** @param preSpend a user's spend before the experiment's first day (CUPED's covariate) */
    static UserTable of(Map<String, Map<String, ExperimentAnalyzer.UserStats>> byVariant, ToDoubleFunction<String> preSpend) {
        StringColumn variant = StringColumn.create(VARIANT), user = StringColumn.create(USER);
        LongColumn requests = LongColumn.create(REQUESTS), successes = LongColumn.create(SUCCESSES),
                priced = LongColumn.create(PRICED_REQUESTS), unpriced = LongColumn.create(UNPRICED), rated = LongColumn.create(RATED);
        DoubleColumn cost = DoubleColumn.create(COST), quality = DoubleColumn.create(QUALITY),
                atPricedRate = DoubleColumn.create(COST_AT_PRICED_RATE), pre = DoubleColumn.create(PRE_SPEND);
        StringColumn latencyVariant = StringColumn.create(VARIANT), latencyUser = StringColumn.create(USER);
        DoubleColumn latency = DoubleColumn.create(LATENCY);
        byVariant.forEach((v, byUser) -> byUser.forEach((u, s) -> {
            variant.append(v);
            user.append(u);
            requests.append(s.requests);
            successes.append(s.successes);
            priced.append(s.requests - s.unpriced);
            unpriced.append(s.unpriced);
            rated.append(s.rated);
            cost.append(s.cost);
            quality.append(s.quality);
            atPricedRate.append(ExperimentAnalyzer.atPricedRate(s));
            pre.append(preSpend.applyAsDouble(u));
            for (int i = 0; i < s.latencies.size(); i++) {
                if (!Double.isNaN(s.latencies.raw()[i])) { // NaN: an earlier copy of a request logged again
                    latencyVariant.append(v);
                    latencyUser.append(u);
                    latency.append(s.latencies.raw()[i]);
                }
            }
        }));
        return new UserTable(List.of(variant, user, requests, successes, priced, unpriced, rated, cost, quality, atPricedRate, pre),
                List.of(latencyVariant, latencyUser, latency));
    }

    /** Users seen under more than one variant (a user has one row per variant it was seen under). */
    Set<String> mixedUsers() {
        Set<String> seen = new HashSet<>(), mixed = new HashSet<>();
        for (String u : strings(users, USER)) {
            if (!seen.add(u)) {
                mixed.add(u);
            }
        }
        return mixed;
    }

    UserTable without(Set<String> left) {
        return new UserTable(where(users, strings(users, USER).isNotIn(left)), where(latencies, strings(latencies, USER).isNotIn(left)));
    }

    /** The users of one variant, in the order first seen. */
    UserTable variant(String name) {
        return new UserTable(where(users, strings(users, VARIANT).isEqualTo(name)),
                where(latencies, strings(latencies, VARIANT).isEqualTo(name)));
    }

    /** The users with a quality score. */
    UserTable rated() {
        return new UserTable(where(users, ((LongColumn) column(users, RATED)).isGreaterThan(0)), latencies);
    }

    int users() {
        return users.get(0).size();
    }

    Iterable<String> userNames() {
        return strings(users, USER);
    }

    /** A numeric column, one value a user in row order. */
    double[] column(String name) {
        return ((NumericColumn<?>) column(users, name)).asDoubleArray();
    }

    /** A column's sum in row order, as the loops over users summed (a long column's sum is exact below 2^53). */
    double sum(String name) {
        return ((NumericColumn<?>) column(users, name)).sum();
    }

    long longSum(String name) {
        return (long) sum(name);
    }

    /** The request latencies of these users, in user then request order. */
    double[] latencies() {
        return ((DoubleColumn) column(latencies, LATENCY)).asDoubleArray();
    }

    private static List<Column<?>> where(List<Column<?>> columns, Selection rows) {
        return columns.stream().<Column<?>>map(c -> c.where(rows)).toList();
    }

    private static StringColumn strings(List<Column<?>> columns, String name) {
        return (StringColumn) column(columns, name);
    }

    private static Column<?> column(List<Column<?>> columns, String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
