package io.techopt.route;

/**
 * Chooses the model for one request of a replayed log. Routers see requests in timestamp order and may learn from
 * what was logged before ({@link #observe} is called with each request after it was routed).
 */
public interface Router {
    String name();

    Decision route(int row);

    /** The logged outcome of a request (its own model, quality and latency), after it was routed. */
    default void observe(int row) {
    }

    /**
     * Call {@code model}; with probability {@code escalateProbability} also call {@code escalateTo} and use its
     * answer (a cascade), otherwise keep the first answer, whose expected quality is then {@code qualityIfKept}
     * (NaN: the model's plain estimate).
     */
    record Decision(int model, int escalateTo, double escalateProbability, double qualityIfKept) {
        public static Decision to(int model) {
            return new Decision(model, -1, 0, Double.NaN);
        }
    }
}
