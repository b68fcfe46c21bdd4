package io.techopt;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 invariants on random canonical logs (several models, one unpriced; errors; cache reads and writes;
 * reasoning; teams, users, task types, sessions; an experiment): every table's rows sum to the totals for requests,
 * errors, cost and every token kind, for every --group-by dimension and combination, by_model and daily too; and
 * cost-forecast's daily actuals, budget's, route-sim's as-logged and ab-report's costs equal analyze's on the same log.
 */
class FiguresReconcileTest {
    static final List<String> DIMENSIONS = List.of("model", "provider", "user", "team", "task_type", "session", "day");
    /** table token column -> analyze's tokens.* total */
    static final Map<String, String> TOKEN_KINDS = Map.of("input_tokens", "input", "cache_read_tokens", "cache_read",
            "cache_write_tokens", "cache_write", "cache_write_1h_tokens", "cache_write_1h", "output_tokens", "output",
            "reasoning_tokens", "reasoning");
    /** model, provider (null: not logged), whether it writes reasoning tokens, whether it uses the prompt cache */
    static final String[][] MODELS = {
            {"gpt-4o-mini-2024-07-18", "openai", "", "read"},
            {"openai/gpt-4o-mini", null, "", "read"},
            {"claude-sonnet-4-20250514", "anthropic", "", "write"},
            {"claude-haiku-4-5-20251001", "anthropic", "", "write"},
            {"gpt-4.1", "openai", "", "read"},
            {"o4-mini", "openai", "reasoning", "read"},
            {"gemini-2.5-flash", "google", "reasoning", ""},
            {"deepseek/deepseek-chat", "deepseek", "", "read"},
            {"acme-unknown-7", "vllm", "", ""}};
    static final String[] TASKS = {"simple_qa", "summarization", "code_generation", "complex_reasoning"};
    static final String[] TEAMS = {"support", "search", "research"};

    static final AtomicInteger ANALYZE_LOGS = new AtomicInteger(), CROSS_COMMAND_LOGS = new AtomicInteger();
    static final AtomicInteger GROUP_TABLES_CHECKED = new AtomicInteger();

    @AfterContainer
    static void say() {
        System.out.println("FiguresReconcileTest: group-by invariants on " + ANALYZE_LOGS.get() + " random logs ("
                + GROUP_TABLES_CHECKED.get() + " group tables), cross-command invariants on " + CROSS_COMMAND_LOGS.get() + " random logs");
    }

    /**
     * Logs of up to 150 lines: the 127 tables of every combination print about one row per request, so the JSON grows
     * with the log (16 MB at 400 lines, each line redacted on its way out) while the sums checked stay the same.
     */
    @Property(tries = 60, shrinking = ShrinkingMode.OFF)
    void everyGroupByTableByModelAndDailySumToTheTotals(@ForAll long seed, @ForAll @IntRange(min = 1, max = 150) int lines)
            throws IOException {
        Path log = randomLog(seed, lines);
        try {
            List<String> args = new ArrayList<>(List.of("analyze", log.toString(), "-f", "json", "-q", "--top", "1000000"));
            List<String> combos = allCombinations();
            for (String c : combos) {
                args.add("--group-by");
                args.add(c);
            }
            TestSupport.Run run = TestSupport.cli(args.toArray(String[]::new));
            assertEquals(0, run.code(), run.err());
            JsonNode a = run.json();
            assertEquals(lines, a.get("requests").asLong(), "every generated request is read");
            assertEquals(combos.size(), a.get("groups").size());
            for (JsonNode g : a.get("groups")) {
                String by = String.join("+", iterable(g.get("by")));
                assertRowsSumToTotals(a, g.get("rows"), "group-by " + by);
                GROUP_TABLES_CHECKED.incrementAndGet();
            }
            assertRowsSumToTotals(a, a.get("by_model"), "by_model");
            long dailyRequests = 0;
            double dailyCost = 0;
            for (JsonNode d : a.get("daily")) {
                dailyRequests += d.get("requests").asLong();
                dailyCost += d.get("cost_usd").asDouble();
            }
            assertEquals(a.get("requests").asLong(), dailyRequests, "daily requests");
            assertClose(a.get("cost_usd").asDouble(), dailyCost, "daily cost");
            for (var k : TOKEN_KINDS.entrySet()) {
                long sum = 0;
                for (JsonNode d : a.get("daily")) {
                    assertTrue(d.has(k.getKey()), "daily row lacks " + k.getKey() + ": " + d);
                    sum += d.get(k.getKey()).asLong();
                }
                assertEquals(a.at("/tokens/" + k.getValue()).asLong(), sum, "daily " + k.getKey());
            }
            ANALYZE_LOGS.incrementAndGet();
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Property(tries = 25, shrinking = ShrinkingMode.OFF)
    void budgetRouteSimAbReportAndForecastCostsEqualAnalyzes(@ForAll long seed, @ForAll @IntRange(min = 30, max = 300) int lines)
            throws IOException {
        assertCrossCommandFiguresEqualAnalyzes(randomLog(seed, lines));
    }

    /**
     * log-format.md: "duplicates of one id are counted once (last wins)". Every random log ends with requests logged
     * again under their id with 999 more output tokens; every command must count the later copy, as analyze does.
     */
    @Example
    void aRequestLoggedAgainWithMoreOutputCountsItsLastCopyInEveryCommand() throws IOException {
        Path log = randomLog(12, 120);
        String text = Files.readString(log);
        assertTrue(text.lines().count() > 120 && text.contains("\"output_tokens\":"), "the log repeats request ids");
        assertCrossCommandFiguresEqualAnalyzes(log);
    }

    /** budget, route-sim as logged, ab-report and cost-forecast's daily actuals equal analyze's on {@code log}, then deletes it. */
    static void assertCrossCommandFiguresEqualAnalyzes(Path log) throws IOException {
        try {
            JsonNode a = json("analyze", log.toString(), "-f", "json", "-q");
            double cost = a.get("cost_usd").asDouble();

            JsonNode budget = json("budget", log.toString(), "-f", "json", "-q");
            assertEquals(a.get("requests").asLong(), budget.get("requests").asLong(), "budget requests");
            assertEquals(a.get("errors").asLong(), budget.get("errors").asLong(), "budget errors");
            assertClose(cost, budget.get("cost_usd").asDouble(), "budget cost_usd");
            assertEquals(kinds(a.get("tokens")), kinds(budget.get("tokens")), "budget's token kinds are analyze's");
            for (String kind : TOKEN_KINDS.values()) {
                assertEquals(a.at("/tokens/" + kind).asLong(), budget.at("/tokens/" + kind).asLong(), "budget tokens." + kind);
            }

            JsonNode route = json("route-sim", log.toString(), "-f", "json", "-q");
            JsonNode asLogged = null;
            for (JsonNode s : route.get("strategies")) {
                if (s.get("name").asText().equals("as-logged")) {
                    asLogged = s;
                }
            }
            assertEquals(a.get("requests").asLong(), route.get("requests").asLong(), "route-sim requests");
            assertClose(cost, asLogged.get("cost_usd").asDouble(), "route-sim as-logged cost_usd");

            JsonNode ab = json("ab-report", log.toString(), "--experiment", "exp", "-f", "json", "-q");
            long abRequests = 0;
            for (JsonNode v : ab.get("variants")) {
                abRequests += v.get("requests").asLong();
                if (v.get("cost_usd").isNull()) { // a variant with requests of the unpriced model: its cost is unknown, with a note
                    assertTrue(v.get("cost_per_user_usd").isNull() && ab.get("warnings").toString().contains("Variant "
                            + v.get("name").asText() + ": cost_usd"), ab.toString());
                }
            }
            assertEquals(a.get("requests").asLong(), abRequests, "ab-report requests");
            // the cost invariant on the same log without the unpriced model, where every variant's cost is measured
            Path priced = Files.createTempFile("figures-priced-", ".jsonl");
            try {
                Files.write(priced, Files.readAllLines(log).stream().filter(l -> !l.contains("acme-unknown-7")).toList());
                double pricedCost = json("analyze", priced.toString(), "-f", "json", "-q").get("cost_usd").asDouble();
                double abCost = 0;
                for (JsonNode v : json("ab-report", priced.toString(), "--experiment", "exp", "-f", "json", "-q").get("variants")) {
                    abCost += v.get("cost_usd").asDouble();
                    assertClose(v.get("cost_usd").asDouble(), v.get("cost_per_user_usd").asDouble() * v.get("users").asLong(),
                            "variant cost = cost per user x users");
                }
                assertClose(pricedCost, abCost, "ab-report cost_usd over variants");
            } finally {
                Files.deleteIfExists(priced);
            }

            assertForecastDailyEqualsAnalyzesLessItsExcludedDays(a, log);
            CROSS_COMMAND_LOGS.incrementAndGet();
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * cost-forecast's daily actuals equal analyze's daily, exactly, once the days cost-forecast names in
     * excluded_days (stray or far outside the log's range) are taken out of analyze's. Returns those days.
     */
    static List<String> assertForecastDailyEqualsAnalyzesLessItsExcludedDays(JsonNode a, Path log) {
        JsonNode forecast = json("cost-forecast", log.toString(), "-f", "json", "-q");
        List<String> excluded = new ArrayList<>();
        forecast.get("excluded_days").forEach(d -> excluded.add(d.asText()));
        Map<String, Double> analyzeDaily = new TreeMap<>(), forecastDaily = new TreeMap<>();
        a.get("daily").forEach(d -> analyzeDaily.merge(d.get("date").asText(), d.get("cost_usd").asDouble(), Double::sum));
        forecast.get("daily").forEach(d -> forecastDaily.merge(d.get("date").asText(), d.get("cost_usd").asDouble(), Double::sum));
        for (String day : excluded) {
            assertTrue(analyzeDaily.containsKey(day), "excluded day " + day + " is a day analyze has requests on");
            assertFalse(forecastDaily.containsKey(day), "excluded day " + day + " is not in cost-forecast's daily");
            analyzeDaily.remove(day);
        }
        for (String day : union(analyzeDaily, forecastDaily)) {
            assertClose(analyzeDaily.getOrDefault(day, 0.0), forecastDaily.getOrDefault(day, 0.0), "cost-forecast daily " + day);
        }
        return excluded;
    }

    /**
     * A random log with one more request twelve days before its first: a stray record cost-forecast leaves out of its
     * series, named in excluded_days; one twelve days after its last is kept (the latest day sets "as of", review of
     * 49215d4). Either way the daily actuals reconcile with analyze's, exactly.
     */
    @Example
    void aStrayDayBeforeTheLogIsExcludedByNameOneAfterItIsKeptAndTheDailyActualsStillReconcile() throws IOException {
        Path log = randomLog(7, 200);
        try {
            String text = Files.readString(log);
            List<java.time.LocalDate> days = text.lines().map(l -> l.replaceFirst(".*\"timestamp\":\"(\\d{4}-\\d{2}-\\d{2}).*", "$1"))
                    .map(java.time.LocalDate::parse).sorted().toList();
            for (String stray : List.of(days.get(0).minusDays(12) + "T09:00:00Z", days.get(days.size() - 1).plusDays(12) + "T09:00:00Z")) {
                Files.writeString(log, text + text.lines().findFirst().orElseThrow()
                        .replaceFirst("\"timestamp\":\"[^\"]+\"", "\"timestamp\":\"" + stray + "\"")
                        .replaceFirst("\"request_id\":\"[^\"]+\"", "\"request_id\":\"stray\"") + "\n");
                JsonNode a = json("analyze", log.toString(), "-f", "json", "-q");
                List<String> excluded = assertForecastDailyEqualsAnalyzesLessItsExcludedDays(a, log);
                assertEquals(stray.startsWith(days.get(0).minusDays(12).toString()) ? List.of(stray.substring(0, 10)) : List.of(),
                        excluded, stray);
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static List<String> union(Map<String, Double> a, Map<String, Double> b) {
        TreeMap<String, Boolean> all = new TreeMap<>();
        a.keySet().forEach(k -> all.put(k, true));
        b.keySet().forEach(k -> all.put(k, true));
        return new ArrayList<>(all.keySet());
    }

    private static JsonNode json(String... args) {
        TestSupport.Run run = TestSupport.cli(args);
        assertEquals(0, run.code(), String.join(" ", args) + ": " + run.err());
        return run.json();
    }

    private static void assertRowsSumToTotals(JsonNode a, JsonNode rows, String table) {
        long requests = 0, errors = 0;
        double cost = 0;
        Map<String, Long> tokens = new HashMap<>();
        for (JsonNode r : rows) {
            requests += r.get("requests").asLong();
            errors += r.get("errors").asLong();
            if (!r.get("cost_usd").isNull()) {
                cost += r.get("cost_usd").asDouble();
            }
            for (String k : TOKEN_KINDS.keySet()) {
                assertTrue(r.has(k), table + " row lacks " + k + ": " + r);
                tokens.merge(k, r.get(k).asLong(), Long::sum);
            }
        }
        assertEquals(a.get("requests").asLong(), requests, table + " requests");
        assertEquals(a.get("errors").asLong(), errors, table + " errors");
        assertClose(a.get("cost_usd").asDouble(), cost, table + " cost_usd");
        for (var k : TOKEN_KINDS.entrySet()) {
            assertEquals(a.at("/tokens/" + k.getValue()).asLong(), tokens.get(k.getKey()).longValue(), table + " " + k.getKey());
        }
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)), what);
    }

    /** Every non-empty combination of the dimensions, joined with '+': 127 of them. */
    static List<String> allCombinations() {
        List<String> out = new ArrayList<>();
        for (int mask = 1; mask < 1 << DIMENSIONS.size(); mask++) {
            List<String> dims = new ArrayList<>();
            for (int d = 0; d < DIMENSIONS.size(); d++) {
                if ((mask & 1 << d) != 0) {
                    dims.add(DIMENSIONS.get(d));
                }
            }
            out.add(String.join("+", dims));
        }
        return out;
    }

    private static java.util.Set<String> kinds(JsonNode object) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Iterable<String> iterable(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * A canonical JSONL log of {@code lines} requests over 8 to 45 days, out of order: every request has a user and
     * belongs to experiment "exp" (each user always under one variant); the rest varies per request. A few requests
     * are logged again at the end under their request id, the later copy with 999 more output tokens.
     */
    static Path randomLog(long seed, int lines) {
        SplittableRandom r = new SplittableRandom(seed);
        int days = 8 + r.nextInt(38), users = 2 + r.nextInt(30); // users 0 and 1: both variants always appear
        Instant start = Instant.parse("2026-09-01T00:00:00Z").plusSeconds(r.nextInt(86_400));
        try {
            Path log = Files.createTempFile("figures-", ".jsonl");
            List<String> written = new ArrayList<>();
            try (Writer w = Files.newBufferedWriter(log)) {
                for (int i = 0; i < lines; i++) {
                    String[] m = MODELS[r.nextInt(MODELS.length)];
                    int user = i < 2 ? i : r.nextInt(users);
                    StringBuilder b = new StringBuilder("{");
                    b.append("\"timestamp\":\"").append(start.plusMillis((long) (r.nextDouble() * days * 86_400_000L))).append('"');
                    b.append(",\"request_id\":\"req-").append(i).append('"');
                    b.append(",\"model\":\"").append(m[0]).append('"');
                    if (m[1] != null && r.nextInt(5) > 0) {
                        b.append(",\"provider\":\"").append(m[1]).append('"');
                    }
                    b.append(",\"user\":\"user-").append(user).append('"');
                    b.append(",\"experiment\":\"exp\",\"variant\":\"").append(user % 2 == 0 ? "control" : "treatment").append('"');
                    if (r.nextInt(4) > 0) {
                        b.append(",\"team\":\"").append(TEAMS[user % TEAMS.length]).append('"');
                    }
                    if (r.nextInt(5) > 0) {
                        b.append(",\"task_type\":\"").append(TASKS[r.nextInt(TASKS.length)]).append('"');
                    }
                    if (r.nextInt(3) == 0) {
                        b.append(",\"session_id\":\"s-").append(user).append('-').append(r.nextInt(4)).append('"');
                    }
                    boolean error = r.nextInt(12) == 0;
                    if (error) {
                        b.append(",\"status\":\"error\",\"error\":\"rate limited\"");
                    }
                    if (r.nextInt(6) > 0) {
                        b.append(",\"latency_ms\":").append(100 + r.nextInt(20_000));
                    }
                    if (r.nextInt(3) == 0) {
                        b.append(String.format(Locale.ROOT, ",\"quality\":%.3f", r.nextDouble()));
                    }
                    if (r.nextInt(15) == 0) {
                        b.append(",\"batch\":true");
                    }
                    if (r.nextInt(4) == 0) {
                        b.append(",\"messages\":[{\"role\":\"user\",\"content\":\"question ").append(r.nextInt(5)).append("\"}]");
                    }
                    long input = error && r.nextBoolean() ? 0 : r.nextLong(1, 30_000);
                    long output = error ? 0 : r.nextLong(0, 4_000);
                    b.append(",\"usage\":{\"input_tokens\":").append(input);
                    if (m[3].equals("read") && r.nextInt(3) == 0) {
                        b.append(",\"cache_read_input_tokens\":").append(r.nextLong(0, 50_000));
                    }
                    if (m[3].equals("write") && r.nextInt(3) == 0) {
                        b.append(",\"cache_read_input_tokens\":").append(r.nextLong(0, 50_000));
                        b.append(",\"cache_creation_input_tokens\":").append(r.nextLong(0, 20_000));
                        if (r.nextInt(3) == 0) {
                            b.append(",\"cache_creation_1h_input_tokens\":").append(r.nextLong(0, 10_000));
                        }
                    }
                    b.append(",\"output_tokens\":").append(output);
                    if (m[2].equals("reasoning") && output > 0) {
                        b.append(",\"reasoning_tokens\":").append(r.nextLong(0, output + 1));
                    }
                    b.append("}}\n");
                    w.write(b.toString());
                    written.add(b.toString());
                }
                // requests logged again under their id, the later copy with 999 more output tokens: the last copy wins
                for (int k = 0; k < Math.max(1, lines / 20); k++) {
                    String again = written.get(r.nextInt(written.size()));
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"output_tokens\":(\\d+)").matcher(again);
                    if (m.find()) {
                        again = again.substring(0, m.start()) + "\"output_tokens\":" + (Long.parseLong(m.group(1)) + 999) + again.substring(m.end());
                    }
                    written.add(again);
                    w.write(again);
                }
            }
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
