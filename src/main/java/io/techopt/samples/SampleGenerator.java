package io.techopt.samples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.techopt.core.Usage;
import io.techopt.pricing.CostCalculator;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.PriceEntry;

import java.io.IOException;
import java.io.OutputStream;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Realistic canonical logs of any size, reproducible from a seed: several models and providers, teams and users,
 * Zipf-distributed repeated questions and paraphrases, multi-turn sessions, long shared system prompts with
 * provider prompt caching, errors, retries logged twice, an A/B experiment with quality scores, batch jobs,
 * weekly and daily seasonality with a slow trend.
 */
public final class SampleGenerator {
    /** capability: the quality the model reaches on easy tasks; harder tasks widen the gap between models. */
    record ModelSpec(String model, String provider, double weight, double msPerToken, double ttftMs, double capability) {
    }

    private static final Map<String, Double> TASK_DIFFICULTY = Map.of("simple_qa", 0.1, "classification", 0.1,
            "extraction", 0.2, "summarization", 0.3, "code_generation", 0.8, "complex_reasoning", 1.0);

    /** Mean quality score of a model on a task type: strong and weak models differ most on hard tasks. */
    static double expectedQuality(ModelSpec m, String task) {
        return m.capability() - TASK_DIFFICULTY.getOrDefault(task, 0.3) * (1 - m.capability());
    }

    private static final List<ModelSpec> MODELS = List.of(
            new ModelSpec("gpt-4o-mini-2024-07-18", "openai", 30, 9, 350, 0.76),
            new ModelSpec("claude-sonnet-4-20250514", "anthropic", 24, 22, 900, 0.9),
            new ModelSpec("claude-haiku-4-5-20251001", "anthropic", 14, 8, 450, 0.82),
            new ModelSpec("gpt-4.1", "openai", 10, 18, 600, 0.88),
            new ModelSpec("gemini-2.5-flash", "google", 10, 6, 400, 0.8),
            new ModelSpec("o4-mini", "openai", 4, 14, 1800, 0.89),
            new ModelSpec("deepseek/deepseek-chat", "deepseek", 5, 16, 700, 0.83),
            new ModelSpec("acme-llm-v2", "vllm", 3, 12, 250, 0.7));

    private static final java.util.Map<String, Double> EXPERIMENT_WEIGHTS = new java.util.LinkedHashMap<>(
            java.util.Map.of("control", 0.5));

    static {
        EXPERIMENT_WEIGHTS.put("treatment", 0.5);
    }

    private static final String[] TEAMS = {"support", "search", "growth", "platform"};
    private static final String[] TASKS = {"simple_qa", "summarization", "code_generation", "complex_reasoning",
            "classification", "extraction"};
    private static final double[] TASK_WEIGHTS = {35, 20, 15, 10, 10, 10};
    private static final String[] TOPICS = {"password reset", "invoice download", "API key rotation", "two-factor login",
            "refund request", "plan upgrade", "data export", "SSO setup", "webhook retries", "rate limits",
            "team invitations", "billing address", "usage alerts", "audit logs", "mobile app sync", "dark mode",
            "CSV import", "account deletion", "email notifications", "search filters", "role permissions",
            "storage quota", "calendar integration", "Slack integration", "GDPR request", "trial extension",
            "payment failure", "tax invoice", "shared dashboards", "API pagination", "timezone settings",
            "custom domains", "session timeout", "backup restore", "PDF reports", "usage-based pricing",
            "seat management", "SAML metadata", "OAuth scopes", "data retention"};
    private static final String[] QA_TEMPLATES = {"How do I handle %s?", "What is the policy for %s?",
            "Why is %s not working for me?", "Can you explain %s in two sentences?", "Where can I find the settings for %s?"};
    private static final String[] PARAPHRASE = {"Quick question: %s", "%s Thanks!", "Hi, %s", "Please help: %s"};

    private final SplittableRandom rnd;
    private final PriceBook prices = PriceBook.builtin();
    private final Map<String, String> systemPrompts = new HashMap<>();
    private final Map<String, Long> lastPrefixUse = new HashMap<>();
    private final double[] zipfCdf;
    private final List<String[]> pool = new ArrayList<>();

    public SampleGenerator(long seed) {
        this.rnd = new SplittableRandom(seed);
        for (String team : TEAMS) {
            systemPrompts.put(team, systemPrompt(team));
        }
        for (String task : TASKS) {
            for (String topic : TOPICS) {
                pool.add(new String[]{task, question(task, topic, pool.size())});
            }
        }
        // shuffle so that popular ranks spread over task types
        for (int i = pool.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            String[] x = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, x);
        }
        zipfCdf = new double[pool.size()];
        double sum = 0;
        for (int k = 0; k < zipfCdf.length; k++) {
            sum += 1 / Math.pow(k + 1, 1.05);
            zipfCdf[k] = sum;
        }
        for (int k = 0; k < zipfCdf.length; k++) {
            zipfCdf[k] /= sum;
        }
    }

    private static String systemPrompt(String team) {
        StringBuilder s = new StringBuilder("You are the " + team + " assistant of Acme Cloud. Answer precisely, "
                + "cite the relevant policy section, and never reveal internal tooling.\n");
        int sections = switch (team) {
            case "support" -> 18; // a knowledge base long enough for provider prompt caching (>1,024 tokens)
            case "growth" -> 17;
            case "search" -> 3;
            default -> 8;
        };
        for (int i = 1; i <= sections; i++) {
            String topic = TOPICS[(i * 7) % TOPICS.length];
            s.append("Section ").append(i).append(" (").append(topic).append("): customers on every plan may ask about ")
                    .append(topic).append(". Confirm the account owner, check the plan limits, explain the steps in order, ")
                    .append("and link to the documentation page for ").append(topic).append(". Escalate after two failed attempts.\n");
        }
        return s.toString();
    }

    private static String question(String task, String topic, int salt) {
        return switch (task) {
            case "summarization" -> "Summarize this support ticket in three bullet points: the customer reports that "
                    + topic + " fails after the latest release; they tried clearing the cache, reinstalling and "
                    + "contacting their admin; the issue blocks " + (3 + salt % 40) + " users since Monday.";
            case "code_generation" -> "Write a Python function that automates " + topic
                    + " through our REST API, with retries and type hints.";
            case "complex_reasoning" -> "Our " + topic + " volume grew from " + (100 + salt % 900) + " to "
                    + (1200 + salt % 700) + " per week. Reason step by step about the likely causes and the cheapest fix.";
            case "classification" -> "Classify this message into billing, technical, account or other: 'I have a problem with "
                    + topic + "'. Answer with one word.";
            case "extraction" -> "Extract the product area, urgency and customer plan as JSON from: 'Enterprise customer, "
                    + topic + " broken, need a fix today.'";
            default -> String.format(Locale.ROOT, QA_TEMPLATES[salt % QA_TEMPLATES.length], topic);
        };
    }

    /** Writes n requests over days days from start, as canonical JSONL. */
    public void generate(int n, int days, LocalDate start, OutputStream out) throws IOException {
        generate(n, days, start, out, io.techopt.core.Progress.NONE);
    }

    /** As {@link #generate(int, int, LocalDate, OutputStream)}, telling {@code progress} how many requests are written. */
    public void generate(int n, int days, LocalDate start, OutputStream out, io.techopt.core.Progress progress) throws IOException {
        long[] times = timestamps(n, days, start);
        JsonFactory f = new JsonFactory();
        int users = Math.max(20, Math.min(2000, n / 15));
        long startMs = start.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long experimentStart = startMs + (long) days * 86_400_000L / 2;
        int i = 0, seq = 0;
        while (i < n) {
            String team = TEAMS[pickIndex(new double[]{28, 34, 22, 16})];
            String user = userId(rnd.nextInt(users));
            ModelSpec model = pickModel(team);
            boolean session = rnd.nextDouble() < 0.25;
            int turns = session ? 2 + rnd.nextInt(4) : 1;
            String sessionId = session ? String.format(Locale.ROOT, "s-%08x", rnd.nextInt()) : null;
            List<String[]> history = new ArrayList<>();
            history.add(new String[]{"system", systemPrompts.get(team)});
            for (int turn = 0; turn < turns && i < n; turn++, i++) {
                String[] q = pool.get(zipf());
                String task = turn == 0 ? q[0] : "simple_qa";
                String text = turn == 0 ? variant(q[1]) : followUp(turn);
                history.add(new String[]{"user", text});
                long ts = times[i];
                String answer = answer(task, text);
                writeRecord(f, out, ++seq, ts, team, user, model, sessionId, task, history, answer,
                        ts >= experimentStart && team.equals("support"));
                if ((seq & 1023) == 0) {
                    progress.at("writing requests", seq, n);
                }
                history.add(new String[]{"assistant", answer});
            }
        }
        progress.at("writing requests", n, n);
        out.flush();
    }

    private String userId(int k) {
        // a few users are logged by e-mail address: reports must never show them
        return k % 97 == 13 ? "user" + k + "@example.com" : String.format(Locale.ROOT, "u-%04d", k);
    }

    private ModelSpec pickModel(String team) {
        double[] w = new double[MODELS.size()];
        for (int k = 0; k < w.length; k++) {
            w[k] = MODELS.get(k).weight();
            if (team.equals("support") && MODELS.get(k).provider().equals("anthropic")) {
                w[k] *= 2;
            }
        }
        return MODELS.get(pickIndex(w));
    }

    private int zipf() {
        double u = rnd.nextDouble();
        int k = Arrays.binarySearch(zipfCdf, u);
        return Math.min(zipfCdf.length - 1, k >= 0 ? k : -k - 1);
    }

    /** Paraphrases and whitespace noise: some are exact repeats once whitespace is normalized, some are not. */
    private String variant(String q) {
        double u = rnd.nextDouble();
        if (u < 0.15) {
            return String.format(Locale.ROOT, PARAPHRASE[rnd.nextInt(PARAPHRASE.length)], q);
        }
        if (u < 0.25) {
            return "  " + q.replace(" ", "  ") + "\n";
        }
        return q;
    }

    private String followUp(int turn) {
        String[] f = {"Can you give an example?", "What if that does not work?", "Shorter, please.",
                "Does this apply to the enterprise plan?", "Thanks, and how long does it take?", "Can you write that as steps?"};
        return f[(turn + rnd.nextInt(f.length)) % f.length];
    }

    private String answer(String task, String q) {
        int sentences = switch (task) {
            case "complex_reasoning" -> 6;
            case "code_generation" -> 5;
            case "summarization" -> 3;
            case "classification" -> 1;
            default -> 2;
        };
        StringBuilder a = new StringBuilder();
        for (int k = 0; k < sentences; k++) {
            a.append(k == 0 ? "Here is what to do: " : " ").append("step ").append(k + 1).append(" covers ")
                    .append(TOPICS[rnd.nextInt(TOPICS.length)]).append('.');
        }
        return a.toString();
    }

    private void writeRecord(JsonFactory f, OutputStream out, int seq, long ts, String team, String user, ModelSpec m,
                             String sessionId, String task, List<String[]> messages, String answer, boolean inExperiment)
            throws IOException {
        String variant = inExperiment ? io.techopt.experiment.Assignment.assign("support-prompt-v2", user, EXPERIMENT_WEIGHTS) : null;
        int promptChars = 0;
        for (String[] msg : messages) {
            promptChars += msg[1].length() + 4;
        }
        long prompt = promptChars / 4 + 3L * messages.size();
        long systemTokens = messages.get(0)[1].length() / 4;
        double outMean = switch (task) {
            case "complex_reasoning" -> 900;
            case "code_generation" -> 600;
            case "summarization" -> 180;
            case "classification" -> 4;
            case "extraction" -> 60;
            default -> 140;
        };
        if ("treatment".equals(variant)) {
            outMean *= 0.85;
        }
        long output = Math.max(1, Math.round(outMean * Math.exp(0.5 * rnd.nextGaussian() - 0.125)));
        long reasoning = m.model().startsWith("o4") ? output * 3 : 0;
        output += reasoning;
        boolean error = rnd.nextDouble() < (m.provider().equals("vllm") ? 0.06 : 0.018);
        String errorText = null;
        long cacheRead = 0, cacheWrite = 0;
        // teams that turned on provider prompt caching; growth has a long prompt but never did
        boolean caching = !team.equals("growth") && systemTokens >= 1024
                && (m.provider().equals("anthropic") || m.provider().equals("openai"));
        if (caching) {
            String key = m.model() + "|" + team;
            Long last = lastPrefixUse.get(key);
            if (last != null && ts - last <= 300_000) {
                cacheRead = systemTokens;
            } else if (m.provider().equals("anthropic")) {
                cacheWrite = systemTokens;
            }
            lastPrefixUse.put(key, ts);
        }
        long input = prompt - cacheRead - cacheWrite;
        double latency = m.ttftMs() * Math.exp(0.35 * rnd.nextGaussian()) + output * m.msPerToken() * Math.exp(0.2 * rnd.nextGaussian());
        if (error) {
            boolean rateLimited = rnd.nextBoolean();
            errorText = rateLimited ? "429 Rate limit exceeded for key sk-proj-" + hex(24) + "; retry after 20s"
                    : "504 upstream timeout after 60s";
            output = 0;
            reasoning = 0;
            if (rateLimited) {
                input = 0;
                cacheRead = 0;
                cacheWrite = 0;
                latency = 40 + rnd.nextDouble() * 80;
            } else {
                latency = 60_000;
            }
        }
        boolean batch = task.equals("summarization") && rnd.nextDouble() < 0.08 && !error;
        Usage usage = new Usage(input, cacheRead, cacheWrite, 0, output, reasoning);
        Double logged = null;
        PriceBook.Resolution res = prices.resolve(m.model(), m.provider());
        if (res != null && rnd.nextDouble() < 0.85) {
            PriceEntry e = res.entry();
            double c = CostCalculator.cost(e.at(LocalDate.ofEpochDay(Math.floorDiv(ts, 86_400_000L))), usage, batch);
            // providers round and occasionally bill differently: a small drift between billed and recomputed
            logged = rnd.nextDouble() < 0.05 ? c * 1.1 : c;
        }
        String requestId = "req_" + hex(20);
        int copies = rnd.nextDouble() < 0.005 ? 2 : 1; // a retry logged twice under the same id
        for (int copy = 0; copy < copies; copy++) {
            try (JsonGenerator g = f.createGenerator(out)) {
                g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
                g.writeStartObject();
                g.writeStringField("timestamp", Instant.ofEpochMilli(ts).toString());
                g.writeStringField("request_id", requestId);
                g.writeStringField("model", m.model());
                g.writeStringField("provider", m.provider());
                g.writeStringField("user", user);
                g.writeStringField("team", team);
                if (sessionId != null) {
                    g.writeStringField("session_id", sessionId);
                }
                g.writeStringField("task_type", task);
                g.writeArrayFieldStart("messages");
                for (String[] msg : messages) {
                    g.writeStartObject();
                    g.writeStringField("role", msg[0]);
                    g.writeStringField("content", msg[1]);
                    g.writeEndObject();
                }
                g.writeEndArray();
                if (error) {
                    g.writeNullField("response");
                } else {
                    g.writeStringField("response", answer);
                }
                g.writeNumberField("latency_ms", Math.round(latency * 10) / 10.0);
                g.writeStringField("status", error ? "error" : "ok");
                if (errorText != null) {
                    g.writeStringField("error", errorText);
                }
                g.writeObjectFieldStart("usage");
                g.writeNumberField("input_tokens", input);
                g.writeNumberField("cache_read_input_tokens", cacheRead);
                g.writeNumberField("cache_creation_input_tokens", cacheWrite);
                g.writeNumberField("output_tokens", output);
                if (reasoning > 0) {
                    g.writeNumberField("reasoning_tokens", reasoning);
                }
                g.writeEndObject();
                if (logged != null) {
                    g.writeNumberField("cost_usd", logged);
                }
                if (batch) {
                    g.writeBooleanField("batch", true);
                }
                if (variant != null) {
                    g.writeStringField("experiment", "support-prompt-v2");
                    g.writeStringField("variant", variant);
                }
                if (!error && rnd.nextDouble() < 0.4) {
                    double base = expectedQuality(m, task) + ("treatment".equals(variant) ? 0.04 : 0);
                    g.writeNumberField("quality", Math.round(Math.max(0, Math.min(1, base + 0.15 * rnd.nextGaussian())) * 1000) / 1000.0);
                }
                g.writeObjectFieldStart("metadata");
                g.writeStringField("app", team + "-assistant");
                g.writeNumberField("seq", seq);
                g.writeEndObject();
                g.writeEndObject();
            }
            out.write('\n');
        }
    }

    private String hex(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int k = 0; k < n; k++) {
            s.append(Character.forDigit(rnd.nextInt(16), 16));
        }
        return s.toString();
    }

    /** Request times: weekdays busier than weekends, business hours busier than nights, 1% growth a day. */
    private long[] timestamps(int n, int days, LocalDate start) {
        double[] w = new double[days * 24];
        for (int d = 0; d < days; d++) {
            DayOfWeek dow = start.plusDays(d).getDayOfWeek();
            double day = dow == DayOfWeek.SATURDAY ? 0.45 : dow == DayOfWeek.SUNDAY ? 0.35 : 1.0;
            for (int h = 0; h < 24; h++) {
                double hour = 0.25 + Math.exp(-Math.pow((h - 14) / 4.0, 2));
                w[d * 24 + h] = day * hour * (1 + 0.01 * d);
            }
        }
        double[] cdf = new double[w.length];
        double sum = 0;
        for (int k = 0; k < w.length; k++) {
            sum += w[k];
            cdf[k] = sum;
        }
        long startMs = start.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long[] t = new long[n];
        for (int k = 0; k < n; k++) {
            int slot = Arrays.binarySearch(cdf, rnd.nextDouble() * sum);
            slot = slot >= 0 ? slot : -slot - 1;
            t[k] = startMs + slot * 3_600_000L + (long) (rnd.nextDouble() * 3_600_000L);
        }
        Arrays.sort(t);
        return t;
    }

    private int pickIndex(double[] weights) {
        double sum = 0;
        for (double x : weights) {
            sum += x;
        }
        double u = rnd.nextDouble() * sum;
        for (int k = 0; k < weights.length; k++) {
            u -= weights[k];
            if (u < 0) {
                return k;
            }
        }
        return weights.length - 1;
    }
}
