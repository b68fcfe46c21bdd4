package io.techopt.http;

import java.time.Duration;

/**
 * Opens after {@code threshold} consecutive failures; while open, calls fail fast; after {@code cooldown} one trial
 * call is let through (half-open): its success closes the breaker, its failure opens it again.
 */
public final class CircuitBreaker {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final long cooldownNanos;
    private final RateLimiter.Clock clock;
    private State state = State.CLOSED;
    private int failures;
    private long openedAt;
    private boolean trialInFlight;

    public CircuitBreaker(int threshold, Duration cooldown, RateLimiter.Clock clock) {
        this.threshold = threshold;
        this.cooldownNanos = cooldown.toNanos();
        this.clock = clock;
    }

    /** May a call go ahead now? Moves OPEN to HALF_OPEN once the cooldown is over. */
    public synchronized boolean allow() {
        if (state == State.OPEN && clock.nanoTime() - openedAt >= cooldownNanos) {
            state = State.HALF_OPEN;
            trialInFlight = false;
        }
        if (state == State.HALF_OPEN) {
            if (trialInFlight) {
                return false;
            }
            trialInFlight = true;
            return true;
        }
        return state == State.CLOSED;
    }

    public synchronized void success() {
        failures = 0;
        state = State.CLOSED;
        trialInFlight = false;
    }

    public synchronized void failure() {
        failures++;
        if (state == State.HALF_OPEN || failures >= threshold) {
            state = State.OPEN;
            openedAt = clock.nanoTime();
            trialInFlight = false;
        }
    }

    public synchronized State state() {
        if (state == State.OPEN && clock.nanoTime() - openedAt >= cooldownNanos) {
            return State.HALF_OPEN;
        }
        return state;
    }
}
