package io.techopt.core;

import java.util.List;

/**
 * A savings lever that a plan can stack on others (analyze --plan). Each engine measures its lever on the whole log as
 * logged (the figure it reports on its own) and says what the lever does to each request, by the request's place in
 * the input: the n-th record every sink accepted is request n, the same in every engine that reads the log together.
 * The plan applies the levers one after the other, each to the cost the earlier ones left.
 */
public interface SavingsLever {
    /** Measured once, after the log is read. */
    Effect effect();

    /** What the lever does to one request. */
    interface PerRequest {
        /**
         * The share of the request's cost the lever takes away: 1 when a cache answers it, 0 when the lever leaves it
         * alone, below 0 when it costs more (a routed request on a dearer model, a prompt-cache write).
         */
        double costShareRemoved(int request);

        /** The change of the request's latency in ms where the lever acts (a cache hit: minus its latency); NaN: not measured. */
        default double latencyChangeMs(int request) {
            return Double.NaN;
        }

        PerRequest NONE = request -> 0;
    }

    /**
     * @param alone             the lever's figure on the whole log as logged (usd null: not measured, with its reason)
     * @param perRequest        what it does to each request (NONE when it cannot be measured)
     * @param servesFromCache   a cache: a request it answers costs nothing and waits only for the lookup
     * @param latencyMeasured   perRequest gives a latency change; false: the plan's latency figure is null with latencyNote
     * @param qualityChange     expected change of answer quality on the log (0..1 scale); null: not measured (qualityNote)
     * @param expectedFalseHits a semantic cache's hits expected to answer a different question; null otherwise
     * @param risk              what the lever risks, one sentence
     */
    record Effect(Saving alone, PerRequest perRequest, boolean servesFromCache, boolean latencyMeasured, String latencyNote,
                  Double qualityChange, String qualityNote, Double expectedFalseHits, String risk, List<String> notes) {
        public Effect {
            notes = notes == null ? List.of() : List.copyOf(notes);
        }
    }
}
