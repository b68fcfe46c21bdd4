package io.techopt.cache;

import java.io.IOException;
import java.util.List;

/** Nearest-neighbour search over unit vectors: the port behind the semantic cache (embedded HNSW or Qdrant). */
public interface VectorIndex extends AutoCloseable {
    /** A stored vector's id, its cosine similarity to the query, and its payload. */
    record Hit(String id, double score, String payload) {
    }

    /** Inserts or replaces by id: writing the same id twice keeps one entry. */
    void upsert(String id, float[] vector, String payload) throws IOException;

    /** The k most similar entries, best first. */
    List<Hit> search(float[] query, int k) throws IOException;

    long size() throws IOException;

    /** Whether an entry of this id is in the index (written before the last search's refresh). */
    default boolean contains(String id) throws IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot look an entry up by id");
    }

    /**
     * The adaptive policy's learned state ({@link AdaptiveState#toJson}) as of the last commit, null when none was
     * kept. An index that cannot keep one says so.
     */
    default String learnedState() throws IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no learned state");
    }

    /** Keeps the learned state with the index: durable with the next {@link #commit}, atomically with the entries. */
    default void keepLearnedState(String json) throws IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no learned state");
    }

    /** Makes what was written durable and visible to searches. */
    void commit() throws IOException;

    @Override
    void close() throws IOException;
}
