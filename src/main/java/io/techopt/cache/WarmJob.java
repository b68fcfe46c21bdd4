package io.techopt.cache;

import io.techopt.core.Progress;
import io.techopt.cache.lucene.LuceneVectorIndex;
import io.techopt.cache.qdrant.QdrantVectorIndex;
import io.techopt.cache.redis.RedisCache;
import io.techopt.embed.Embedder;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** The nightly warm: select from a planned log, write to the targets, say what was done. */
public final class WarmJob {
    /** The semantic layer's checkpoint in the --index directory when no --checkpoint is given. */
    public static final String INDEX_CHECKPOINT = "warm-checkpoint.json";

    /**
     * A directory holding files no warm wrote would have them mixed with the index's or replaced (its checkpoint's
     * name, review r22 L2, as --batch-export's r21 M2): only a new or empty directory, or an earlier warm's index
     * (Lucene's files, the checkpoint, the checkpoint's temporary file a killed run left), is written into.
     */
    public static void refuseFilesOfOthers(Path index) throws IOException {
        if (!java.nio.file.Files.isDirectory(index)) {
            return;
        }
        List<Path> entries;
        try (var list = java.nio.file.Files.list(index)) {
            entries = list.sorted().toList();
        }
        for (Path p : entries) {
            String n = p.getFileName().toString();
            boolean ours = java.nio.file.Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && (LuceneVectorIndex.isIndexFile(n) || n.equals(INDEX_CHECKPOINT) && WarmWriter.isCheckpoint(p)
                    || n.startsWith("." + INDEX_CHECKPOINT + ".") && n.endsWith(".tmp"));
            if (!ours) {
                throw new IllegalArgumentException("--index " + index + " holds files a warm's index did not write (" + n
                        + " among its " + entries.size() + " entries): they would be mixed with the index's files or replaced; "
                        + "give a new or empty directory, or an earlier warm's index");
            }
        }
    }

    /** How entries are chosen. */
    public record Selection(int top, int minCount, double halfLifeDays) {
    }

    /** Where entries go; null targets are skipped. embedder: for the semantic targets. */
    public record Targets(Path l1Snapshot, String redisUrl, String qdrantUrl, String collection, Path index,
                          Embedder embedder, Path checkpoint, Duration ttl, boolean dryRun) {
    }

    private WarmJob() {
    }

    public static WarmResult run(WarmPlanner planner, Selection s, Targets t, Progress progress) throws IOException {
        try {
            return run(planner, s, t, null, progress, w -> { }); // no --generate: the snapshot is not read
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }

    /**
     * With a generator (--generate), the selected prompts the log left unanswered are first asked for an answer;
     * only then is anything written, so a run killed or failed while asking leaves every target as it was, and the
     * answers it did get are written like logged ones (the prompts that got none are left out).
     */
    public static WarmResult run(WarmPlanner planner, Selection s, Targets t, AnswerGenerator generator, Progress progress,
                                 java.util.function.Consumer<String> warn) throws IOException, InterruptedException {
        List<WarmPlanner.Entry> chosen = planner.select(s.top(), s.minCount(), s.halfLifeDays());
        long selected = chosen.size();
        List<String> notes = new ArrayList<>();
        WarmResult.Generate generated = null;
        if (generator != null) {
            // a nightly re-run: the answers the last run generated are in its L1 snapshot, so they are not paid for again
            Map<String, String> earlier = new HashMap<>();
            List<Long> damaged = new ArrayList<>();
            WarmWriter.readSnapshot(t.l1Snapshot(), damaged).forEach((k, v) -> {
                if (CachePolicy.checkAnswer(v) == null) {
                    earlier.put(k, v);
                }
            });
            if (!damaged.isEmpty()) {
                String w = "--l1-snapshot " + t.l1Snapshot() + ": line" + (damaged.size() == 1 ? " " : "s ")
                        + damaged.stream().limit(5).map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                        + (damaged.size() > 5 ? " and " + (damaged.size() - 5) + " more" : "") + " could not be read (not a "
                        + "JSON line with key and response): no answer reused from there; a prompt that needs it is asked again";
                warn.accept(w);
                notes.add("generate.reused: " + w);
            }
            List<WarmPlanner.Entry> needing = new ArrayList<>();
            long reused = 0;
            for (WarmPlanner.Entry e : chosen) {
                if (e.needsAnswer()) {
                    if (earlier.containsKey(e.request().key())) {
                        reused++;
                    } else {
                        needing.add(e);
                    }
                }
            }
            AnswerGenerator.Outcome o = generator.run(needing, reused, progress);
            generated = o.report();
            notes.addAll(o.notes());
            if (reused > 0) {
                notes.add("generate.reused: " + reused + " prompts were answered by the L1 snapshot an earlier run wrote (not asked again)");
            }
            if (!t.dryRun()) {
                List<WarmPlanner.Entry> answered = new ArrayList<>(chosen.size());
                for (WarmPlanner.Entry e : chosen) {
                    String a = !e.needsAnswer() ? e.response() : o.answers().containsKey(e.request().key())
                            ? o.answers().get(e.request().key()) : earlier.get(e.request().key());
                    if (a != null) {
                        answered.add(e.needsAnswer() ? e.withResponse(a) : e);
                    }
                }
                chosen = answered;
            }
        }
        // every documented key stays present: under --dry-run each target's count is null (nothing written)
        WarmResult.Written written = new WarmResult.Written(null, null, null, null, null);
        if (!t.dryRun()) {
            Long snap = null, red = null, sem = null, resumed = null, learned = null;
            if (t.l1Snapshot() != null) {
                snap = WarmWriter.writeSnapshot(t.l1Snapshot(), chosen, t.ttl(), System.currentTimeMillis());
            }
            if (t.redisUrl() != null) {
                try (RedisCache r = RedisCache.connect(t.redisUrl(), "")) {
                    red = WarmWriter.writeRedis(r, chosen, t.ttl());
                }
            }
            if (t.qdrantUrl() != null || t.index() != null) {
                Path cp = t.checkpoint() != null ? t.checkpoint() : t.index() != null ? t.index().resolve(INDEX_CHECKPOINT) : null;
                VectorIndex vi = t.qdrantUrl() != null ? new QdrantVectorIndex(t.qdrantUrl(), t.collection(), t.embedder().dimension(), 256)
                        : new LuceneVectorIndex(t.index());
                // the embedded index learns the adaptive policy's state from the log's answers and keeps it (issue #16)
                AdaptiveState state = vi instanceof LuceneVectorIndex ? AdaptiveState.fromJson(vi.learnedState(), AdaptiveThresholds.DEFAULT_MAX_ERROR) : null;
                try (SemanticCache l3 = new SemanticCache(t.embedder(), vi, 1.0, true, t.ttl(), System::currentTimeMillis, state)) {
                    String settings = "ttl=" + t.ttl() + ";embedder=" + t.embedder().name() + "-" + t.embedder().dimension()
                            + ";target=" + (t.qdrantUrl() != null ? t.qdrantUrl() + "/" + t.collection() : t.index().toAbsolutePath().normalize());
                    List<WarmPlanner.Entry> toWrite = chosen;
                    WarmWriter.SemanticWrite r = WarmWriter.writeSemantic(l3, toWrite, cp, WarmPlanner.fingerprint(toWrite, settings),
                            done -> progress.at("warming the semantic layer (" + t.embedder().name() + ")", done, toWrite.size()));
                    sem = r.written();
                    resumed = r.resumedFrom();
                    learned = state == null ? null : r.learned();
                    if (vi instanceof LuceneVectorIndex lucene) {
                        lucene.optimize();
                    }
                }
            }
            if (snap == null && red == null && sem == null) {
                notes.add("no target given (--l1-snapshot, --redis, --qdrant or --index): nothing was written");
            }
            written = new WarmResult.Written(snap, red, sem, resumed, learned);
            List<String> none = new ArrayList<>();
            if (snap == null) {
                none.add("written.l1_snapshot (no --l1-snapshot)");
            }
            if (red == null) {
                none.add("written.redis (no --redis)");
            }
            if (sem == null) {
                none.add("written.semantic, semantic_resumed_from and semantic_learned (no --qdrant or --index)");
            } else if (learned == null) {
                notes.add("written.semantic_learned is null: Qdrant keeps no adaptive state yet (the embedded --index does)");
            }
            if (!none.isEmpty()) {
                notes.add("null where no target was given: " + String.join(", ", none));
            }
        } else {
            notes.add("written.l1_snapshot, redis, semantic, semantic_resumed_from and semantic_learned are null: --dry-run writes nothing");
        }
        double perDay = 0;
        for (WarmPlanner.Entry e : chosen) {
            perDay += e.count() / planner.days() * e.avgCostUsd();
        }
        List<SimulationResult.Skipped> skipped = new ArrayList<>();
        planner.skipped().forEach((k, v) -> skipped.add(new SimulationResult.Skipped(k.label, v)));
        List<WarmResult.Top> top = chosen.stream().limit(20).map(e -> new WarmResult.Top(e.model(),
                WarmReport.shown(e.request().text()), e.count(), e.avgCostUsd(), e.score())).toList();
        notes.add(String.format(Locale.ROOT, "score = times asked x average cost x 0.5^(days since last asked / %.1f); at least %d "
                + "asks; the best %,d", s.halfLifeDays(), s.minCount(), s.top()));
        notes.add("expected saving per day: each entry's asks per day over the log's span times its average cost, if every "
                + "later ask hits");
        if (planner.overflow() > 0) {
            notes.add(planner.overflow() + " requests of prompts beyond the first distinct ones the planner holds were not considered");
        }
        return new WarmResult(planner.requests(), planner.candidates(), selected, t.dryRun(), written, generated, perDay, skipped, top, notes);
    }
}
