package io.techopt.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.cache.redis.RedisCache;
import io.techopt.core.AtomicOutput;
import io.techopt.http.MicroBatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Writes a warm selection to the chosen layers. Every write is keyed by the prompt's cache key, so a re-run
 * overwrites instead of duplicating and refreshes TTLs. The L1 snapshot is written to a temporary file and renamed.
 * Redis writes go through the micro-batcher, pipelined per batch. The semantic layer (embedding is the slow part)
 * records its progress in a checkpoint after every committed chunk, and a re-run of the same selection resumes
 * there; exact layers are cheap and always written in full, so a Redis that lost its data is made whole again.
 */
public final class WarmWriter {
    static final int REDIS_BATCH = 1000, SEMANTIC_CHUNK = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Semantic entries written by this run, and those a checkpoint said were done before it. */
    /** learned: entry pairs whose logged answers the adaptive state compared (verified outcomes). */
    public record SemanticWrite(long written, long resumedFrom, long learned) {
    }

    private WarmWriter() {
    }

    /** One line per entry: {key, response, expires_at_ms}; what an L1 cache loads at start. */
    public static long writeSnapshot(Path file, List<WarmPlanner.Entry> entries, Duration ttl, long nowMs) throws IOException {
        AtomicOutput.write(file, w -> {
            for (WarmPlanner.Entry e : entries) {
                ObjectNode o = JSON.createObjectNode().put("key", e.request().key()).put("response", e.response())
                        .put("expires_at_ms", nowMs + ttl.toMillis());
                w.write(o.toString());
                w.write('\n');
            }
        });
        return entries.size();
    }

    /** Loads a snapshot into a memory cache, skipping expired entries; returns how many were loaded. */
    public static long loadSnapshot(Path file, Cache l1, long nowMs) throws IOException {
        long n = 0;
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode o = JSON.readTree(line);
            long left = o.path("expires_at_ms").asLong() - nowMs;
            if (left > 0) {
                l1.put(o.path("key").asText(), o.path("response").asText(), Duration.ofMillis(left));
                n++;
            }
        }
        return n;
    }

    /**
     * The answers of a snapshot an earlier run wrote, by key, expired or not (a nightly run with a 24h TTL finds the
     * last night's just expired; a logged answer is re-warmed however old it is, and so is a generated one), each line
     * that reads as one (a damaged line gives nothing; its number, from 1, goes to {@code damaged}).
     */
    public static Map<String, String> readSnapshot(Path file, List<Long> damaged) throws IOException {
        Map<String, String> out = new java.util.HashMap<>();
        if (file == null || !Files.isRegularFile(file)) {
            return out;
        }
        long n = 0;
        try (var lines = Files.lines(file)) {
            for (String line : (Iterable<String>) lines::iterator) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode o = JSON.readTree(line);
                    if (o != null && o.path("key").isTextual() && o.path("response").isTextual()) {
                        out.put(o.path("key").asText(), o.path("response").asText());
                        continue;
                    }
                } catch (com.fasterxml.jackson.core.JacksonException e) {
                    // damaged: said below
                }
                damaged.add(n); // reuses nothing, and is said (review r21 L7)
            }
        } catch (UncheckedIOException e) {
            throw e.getCause(); // not UTF-8, say: read as no snapshot would be wrong, so say it
        }
        return out;
    }

    public static long writeRedis(RedisCache redis, List<WarmPlanner.Entry> entries, Duration ttl) {
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failed = new java.util.concurrent.atomic.AtomicReference<>();
        MicroBatcher.Handler<WarmPlanner.Entry, Boolean> handler = batch -> {
            if (failed.get() != null) {
                throw failed.get(); // the server is gone: fail the rest fast instead of timing out batch by batch
            }
            Map<String, String> kv = new LinkedHashMap<>();
            for (WarmPlanner.Entry e : batch) {
                kv.put(e.request().key(), e.response());
            }
            try {
                redis.putAll(kv, ttl);
            } catch (RuntimeException e) {
                failed.compareAndSet(null, e);
                throw e;
            }
            return batch.stream().map(e -> MicroBatcher.Outcome.ok(true)).toList();
        };
        List<CompletableFuture<Boolean>> done = new ArrayList<>(entries.size());
        try (MicroBatcher<WarmPlanner.Entry, Boolean> batcher = new MicroBatcher<>(REDIS_BATCH, Duration.ofMillis(5), 4 * REDIS_BATCH, handler)) {
            for (WarmPlanner.Entry e : entries) {
                done.add(batcher.submit(e));
            }
            for (CompletableFuture<Boolean> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while writing to Redis"));
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new UncheckedIOException(new IOException(String.valueOf(c.getMessage())));
        }
        return entries.size();
    }

    /** True when the file is a checkpoint {@link #writeSemantic} wrote (its selection and progress). */
    static boolean isCheckpoint(Path file) {
        try {
            JsonNode cp = JSON.readTree(file.toFile());
            return cp != null && cp.path("selection").isTextual() && cp.path("semantic_done").isIntegralNumber();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Upserts the entries into the semantic layer, committing and checkpointing every chunk. A run resumes where an
     * interrupted one left off only when the checkpoint has the same fingerprint (selection and settings, see
     * {@link WarmPlanner#fingerprint}); after a finished run the checkpoint says so, and the next run writes every
     * entry again, which renews its TTL.
     */
    public static SemanticWrite writeSemantic(SemanticCache l3, List<WarmPlanner.Entry> entries, Path checkpoint, String fingerprint,
                                       java.util.function.LongConsumer progress) throws IOException {
        long start = 0;
        if (checkpoint != null && Files.exists(checkpoint)) {
            JsonNode cp;
            try {
                cp = JSON.readTree(checkpoint.toFile());
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                cp = null; // a damaged checkpoint resumes nothing
            }
            if (cp != null && fingerprint.equals(cp.path("selection").asText()) && !cp.path("complete").asBoolean(false)) {
                start = Math.min(cp.path("semantic_done").asLong(), entries.size());
            }
        }
        long learned = 0;
        progress.accept(start); // the step starts before the first chunk's embedding, not when it is done
        for (int i = (int) start; i < entries.size(); i += SEMANTIC_CHUNK) {
            List<WarmPlanner.Entry> chunk = entries.subList(i, Math.min(entries.size(), i + SEMANTIC_CHUNK));
            learned += l3.storeAll(chunk.stream().map(WarmPlanner.Entry::request).toList(), chunk.stream().map(WarmPlanner.Entry::response).toList());
            l3.commit();
            long doneSoFar = i + chunk.size();
            if (checkpoint != null) {
                ObjectNode cp = JSON.createObjectNode().put("selection", fingerprint).put("semantic_done", doneSoFar)
                        .put("entries", entries.size()).put("complete", false);
                AtomicOutput.write(checkpoint, w -> w.write(cp.toString()));
            }
            progress.accept(doneSoFar);
        }
        if (checkpoint != null) {
            ObjectNode cp = JSON.createObjectNode().put("selection", fingerprint).put("semantic_done", entries.size())
                    .put("entries", entries.size()).put("complete", true);
            AtomicOutput.write(checkpoint, w -> w.write(cp.toString()));
        }
        return new SemanticWrite(entries.size() - start, start, learned);
    }
}
