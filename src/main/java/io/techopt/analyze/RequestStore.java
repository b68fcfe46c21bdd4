package io.techopt.analyze;

import io.techopt.core.Dict;
import io.techopt.core.Dimension;
import io.techopt.core.LogRecord;
import io.techopt.core.PromptKey;
import io.techopt.core.Redactor;
import io.techopt.core.Usage;
import io.techopt.ingest.RepeatedRequests;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.PriceEntry;
import io.techopt.pricing.PriceVersion;
import io.techopt.pricing.Pricer;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The requests analyze keeps: one {@link RequestTable} row each, the names of their dimensions interned (and redacted)
 * once in a {@link Dict}, the last copy of a request logged twice, and the price that applies to each row. Every part
 * of the analysis reads the log from here after the stream ends.
 */
final class RequestStore {
    static final long DAY_MS = 86_400_000L;

    final RequestTable t = new RequestTable();
    final Dict models = new Dict(), providers = new Dict(), users = new Dict(), teams = new Dict(),
            tasks = new Dict(), sessions = new Dict(), errorTexts = new Dict();
    private final RepeatedRequests repeated = new RepeatedRequests();
    private final Pricer pricer;
    private final LocalDate priceDate;
    /** The reader hands over last copies only (a store): no request id is kept to kill an earlier copy. */
    private final boolean lastCopiesOnly;

    RequestStore(Pricer pricer, LocalDate priceDate) {
        this(pricer, priceDate, false);
    }

    RequestStore(Pricer pricer, LocalDate priceDate, boolean lastCopiesOnly) {
        this.pricer = pricer;
        this.priceDate = priceDate;
        this.lastCopiesOnly = lastCopiesOnly;
    }

    /** Stores a request (its prompt key, or null) and returns its row; an earlier copy of the same request dies. */
    int add(LogRecord r, PromptKey.Info info) {
        byte flags = (byte) ((r.error ? RequestTable.ERROR : 0) | (r.batch ? RequestTable.BATCH : 0)
                | (r.costAsLogged ? RequestTable.COST_AS_LOGGED : 0));
        int i = t.add(models.id(r.model), providers.id(r.provider), users.id(r.user), teams.id(r.team),
                tasks.id(r.taskType), sessions.id(r.sessionId), r.timestampMs, info == null ? 0 : info.key(),
                r.latencyMs, r.loggedCostUsd, flags);
        Usage u = r.usage;
        t.setTokens(i, u.inputTokens(), u.cacheReadTokens(), u.cacheWriteTokens(), u.cacheWrite1hTokens(),
                u.outputTokens(), u.reasoningTokens());
        t.setCount(i, r.count);
        t.setErrorText(i, r.error ? errorTexts.id(AnalyzeLayout.errorLabel(r.errorText)) : -1);
        int prev = lastCopiesOnly ? -1 : repeated.lastCopy(r, i);
        if (prev >= 0) {
            t.kill(prev); // the same request logged again: the last copy wins
        }
        return i;
    }

    /** Requests logged more than once (only the last copy is kept). */
    long repeats() {
        return repeated.repeats();
    }

    PriceBook.Resolution resolution(int row) {
        return pricer.resolve(models.raw(t.model(row)), providers.raw(t.provider(row)));
    }

    PriceEntry entry(int row) {
        PriceBook.Resolution r = resolution(row);
        return r == null ? null : r.entry();
    }

    PriceVersion version(PriceEntry e, int row) {
        return pricer.version(e, t.ts(row));
    }

    Usage usage(int i) {
        return new Usage(t.tokens(i, RequestTable.INPUT), t.tokens(i, RequestTable.CACHE_READ),
                t.tokens(i, RequestTable.CACHE_WRITE), t.tokens(i, RequestTable.CACHE_WRITE_1H),
                t.tokens(i, RequestTable.OUTPUT), t.tokens(i, RequestTable.REASONING));
    }

    /** The UTC day of a row, as an epoch day. */
    long day(int row) {
        return Math.floorDiv(t.ts(row), DAY_MS);
    }

    /** The day a request is priced at: --price-date, else its own. */
    LocalDate pricedOn(int row) {
        return priceDate != null ? priceDate : LocalDate.ofEpochDay(Math.floorDiv(t.ts(row), 86_400_000L));
    }

    int dimId(Dimension d, int i) {
        return switch (d) {
            case MODEL -> t.model(i);
            case PROVIDER -> providerGroup(i);
            case USER -> users.shown(t.user(i));
            case TEAM -> teams.shown(t.team(i));
            case TASK_TYPE -> tasks.shown(t.task(i));
            case SESSION -> sessions.shown(t.session(i));
            case DAY -> throw new IllegalStateException();
        };
    }

    /** Provider spelling in lower case -> the id its group shows: "OpenAI" and "openai" are one provider. */
    private final java.util.Map<String, Integer> providerCanon = new java.util.HashMap<>();
    private final java.util.Map<Integer, Integer> providerById = new java.util.HashMap<>();

    /**
     * The provider a request is grouped under: the logged one compared case-insensitively (shown in lower case), else
     * the one its model name's prefix names (azure/gpt-4o-mini: azure, whichever catalog prices it), else its catalog's.
     */
    int providerGroup(int i) {
        int p = t.provider(i) >= 0 ? t.provider(i) : namedProvider(i);
        if (p < 0) {
            p = catalogProvider(i);
        }
        if (p < 0) {
            return p;
        }
        return providerById.computeIfAbsent(p, id -> {
            String raw = providers.raw(id), lower = raw.strip().toLowerCase(java.util.Locale.ROOT);
            // shown in lower case unless the value holds a secret: lower-cased, one (AKIA...) would slip past the redactor
            return providerCanon.computeIfAbsent(lower, k -> Redactor.redact(raw).equals(raw) ? providers.id(k) : id);
        });
    }

    /** The provider a request's model name carries as its prefix (azure/, bedrock/); -1 when none. */
    int namedProvider(int row) {
        return namedByModel.computeIfAbsent(t.model(row), m -> {
            String p = PriceBook.namedProvider(models.raw(m));
            return p == null ? -1 : providers.id(p);
        });
    }

    /** Per model id (a name says the same on every row): its named and its catalog provider, worked out once. */
    private final java.util.Map<Integer, Integer> namedByModel = new java.util.HashMap<>(), catalogByModel = new java.util.HashMap<>();

    /**
     * The provider of a request that logs none, as its price catalog entry names it (most logs name only the model;
     * FOCUS's ProviderName is taken the same way); -1 when no catalog knows the model. Asked only of rows that log
     * no provider, whose price entry depends on the model alone.
     */
    int catalogProvider(int row) {
        return catalogByModel.computeIfAbsent(t.model(row), m -> {
            String p = PriceBook.catalogProvider(models.raw(m), entry(row));
            return p == null ? -1 : providers.id(p);
        });
    }

    String dimName(Dimension d, Object id) {
        if (d == Dimension.DAY) {
            return LocalDate.ofEpochDay((Long) id).toString();
        }
        int v = (Integer) id;
        String s = switch (d) {
            case MODEL -> models.name(v);
            case PROVIDER -> providers.name(v);
            case USER -> users.name(v);
            case TEAM -> teams.name(v);
            case TASK_TYPE -> tasks.name(v);
            case SESSION -> sessions.name(v);
            case DAY -> null;
        };
        return s == null ? "(none)" : s;
    }

    /** Live rows in timestamp order (file order breaks ties); logs already in order need no sort. */
    int[] timeOrder(long minTs) {
        int n = t.n;
        int live = 0;
        boolean ordered = true;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            if (t.live(i)) {
                live++;
                ordered &= t.ts(i) >= last;
                last = t.ts(i);
            }
        }
        int[] order = new int[live];
        if (ordered) {
            for (int i = 0, k = 0; i < n; i++) {
                if (t.live(i)) {
                    order[k++] = i;
                }
            }
            return order;
        }
        if (n < (1 << 23)) {
            long[] keys = new long[live];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (t.live(i)) {
                    keys[k++] = ((t.ts(i) - minTs) << 23) | i;
                }
            }
            Arrays.sort(keys);
            for (int j = 0; j < live; j++) {
                order[j] = (int) (keys[j] & ((1 << 23) - 1));
            }
            return order;
        }
        Integer[] boxed = new Integer[live];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (t.live(i)) {
                boxed[k++] = i;
            }
        }
        Arrays.sort(boxed, Comparator.comparingLong((Integer i) -> t.ts(i)).thenComparingInt(i -> i));
        for (int j = 0; j < live; j++) {
            order[j] = boxed[j];
        }
        return order;
    }
}
