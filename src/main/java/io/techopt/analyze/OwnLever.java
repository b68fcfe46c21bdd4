package io.techopt.analyze;

import io.techopt.core.Saving;
import io.techopt.core.SavingsLever;

/**
 * One of analyze's own savings levers ({@link OwnLevers}): how it is offered the requests differs (as they are read, in
 * time order, or from the stored rows), what it gives back does not.
 */
interface OwnLever {
    /** The lever key its {@link Saving} carries: exact_cache, prompt_cache, batch. */
    String name();

    /** Its figure on the whole log as logged; {@code total} is the log's priced cost. */
    Saving saving(double total);

    /** For the savings plan: what it does to each request, beside its figure alone (possibly marked unmeasurable). */
    SavingsLever.Effect effect(Saving alone);
}
