package io.techopt.cache.memory;

import io.techopt.cache.VectorIndex;
import io.techopt.embed.Embedder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An exact, in-memory vector index (every entry compared): for replays and tests, where writes must be visible to
 * the next lookup at once and nothing is kept. Bounded: past {@code maxEntries} the oldest entry is replaced.
 */
public final class MemoryVectorIndex implements VectorIndex {
    private final int maxEntries;
    private final List<String> ids = new ArrayList<>();
    private final List<float[]> vectors = new ArrayList<>();
    private final List<String> payloads = new ArrayList<>();
    private final Map<String, Integer> slot = new HashMap<>();
    private int next;
    /** Slots emptied by {@link #delete}, until an entry takes their place. */
    private int deleted;

    public MemoryVectorIndex(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    @Override
    public synchronized void upsert(String id, float[] vector, String payload) {
        Integer s = slot.get(id);
        if (s == null) {
            if (ids.size() < maxEntries) {
                s = ids.size();
                ids.add(id);
                vectors.add(vector);
                payloads.add(payload);
                slot.put(id, s);
                return;
            }
            s = next;
            next = (next + 1) % maxEntries;
            if (ids.get(s) == null) {
                deleted--;
            } else {
                slot.remove(ids.get(s));
            }
            slot.put(id, s);
        }
        ids.set(s, id);
        vectors.set(s, vector);
        payloads.set(s, payload);
    }

    @Override
    public synchronized List<Hit> search(float[] query, int k) {
        int n = ids.size();
        int[] best = new int[Math.min(k, n)];
        double[] score = new double[best.length];
        int have = 0;
        for (int i = 0; i < n; i++) {
            if (vectors.get(i) == null) {
                continue; // deleted
            }
            double c = Embedder.cosine(query, vectors.get(i));
            if (have < best.length || c > score[have - 1]) {
                int pos = have < best.length ? have++ : have - 1;
                while (pos > 0 && score[pos - 1] < c) {
                    score[pos] = score[pos - 1];
                    best[pos] = best[pos - 1];
                    pos--;
                }
                score[pos] = c;
                best[pos] = i;
            }
        }
        List<Hit> out = new ArrayList<>(have);
        for (int j = 0; j < have; j++) {
            out.add(new Hit(ids.get(best[j]), score[j], payloads.get(best[j])));
        }
        return out;
    }

    @Override
    public synchronized boolean contains(String id) {
        return slot.containsKey(id);
    }

    /**
     * Removes the entry {@code id}, if present: the replay takes back the vector an earlier copy of a request stored once
     * a later copy of it (the one that counts) arrives, so the retry never hits its own superseded copy.
     */
    public synchronized void delete(String id) {
        Integer s = slot.remove(id);
        if (s != null) {
            ids.set(s, null);
            vectors.set(s, null);
            payloads.set(s, null);
            deleted++;
        }
    }

    /** Nothing is kept: the state lives as long as the index. */
    private String learnedState;

    @Override
    public synchronized String learnedState() {
        return learnedState;
    }

    @Override
    public synchronized void keepLearnedState(String json) {
        learnedState = json;
    }

    @Override
    public synchronized long size() {
        return ids.size() - deleted;
    }

    @Override
    public void commit() {
    }

    @Override
    public void close() {
    }
}
