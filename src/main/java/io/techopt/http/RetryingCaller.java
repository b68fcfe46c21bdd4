package io.techopt.http;

import java.io.IOException;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Calls with bounded attempts: a retryable outcome (the judge says so, or an I/O error such as a timeout) waits
 * for the server's Retry-After when it gives one, else an exponential backoff with full jitter, then tries again.
 * A circuit breaker, when given, fails calls fast while a dependency keeps failing.
 */
public final class RetryingCaller {
    /** One attempt. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws IOException;
    }

    /** How an attempt that returned went: done, or retry after {@code retryAfterMs} (-1: use the backoff). */
    public record Decision(boolean retry, long retryAfterMs, boolean throttled) {
        public static final Decision DONE = new Decision(false, -1, false);

        public static Decision retryAfter(long ms) {
            return new Decision(true, ms, false);
        }

        /** The server throttles and names its wait (429 with Retry-After): not a failure, so the breaker does not count it. */
        public static Decision throttled(long ms) {
            return new Decision(true, ms, true);
        }
    }

    /** The last value and how many attempts it took. */
    public record Result<T>(T value, int attempts) {
    }

    /** The breaker refused the call. */
    public static final class BreakerOpenException extends IOException {
        public BreakerOpenException() {
            super("circuit breaker open: the dependency failed repeatedly; not calling it for now");
        }
    }

    /** An attempt that must not be made or tried again (the caller refused it): ends the call at once, no breaker failure. */
    public static class GiveUpException extends IOException {
        public GiveUpException(String why) {
            super(why);
        }
    }

    private final int maxAttempts;
    private final long baseBackoffMs, maxBackoffMs, maxRetryAfterMs;
    private final CircuitBreaker breaker;
    private final RateLimiter.Clock clock;
    private final SplittableRandom random = new SplittableRandom();

    public RetryingCaller(int maxAttempts, Duration baseBackoff, Duration maxBackoff, Duration maxRetryAfter,
                          CircuitBreaker breaker, RateLimiter.Clock clock) {
        this.maxAttempts = Math.max(1, maxAttempts);
        this.baseBackoffMs = baseBackoff.toMillis();
        this.maxBackoffMs = maxBackoff.toMillis();
        this.maxRetryAfterMs = maxRetryAfter.toMillis();
        this.breaker = breaker;
        this.clock = clock;
    }

    public <T> Result<T> call(Attempt<T> attempt, Function<T, Decision> judge) throws IOException, InterruptedException {
        IOException lastError = null;
        T last = null;
        for (int n = 1; n <= maxAttempts; n++) {
            if (breaker != null && !breaker.allow()) {
                throw new BreakerOpenException();
            }
            long wait;
            try {
                last = attempt.run();
                lastError = null;
                Decision d = judge.apply(last);
                if (!d.retry()) {
                    if (breaker != null) {
                        breaker.success();
                    }
                    return new Result<>(last, n);
                }
                if (breaker != null && !d.throttled()) {
                    breaker.failure();
                }
                wait = d.retryAfterMs() >= 0 ? Math.min(d.retryAfterMs(), maxRetryAfterMs) : backoff(n);
            } catch (GiveUpException e) {
                throw e;
            } catch (IOException e) {
                if (breaker != null) {
                    breaker.failure();
                }
                lastError = e;
                wait = backoff(n);
            }
            if (n < maxAttempts) {
                clock.sleepNanos(wait * 1_000_000L);
            }
        }
        if (lastError != null) {
            throw lastError;
        }
        return new Result<>(last, maxAttempts);
    }

    /** Full jitter: uniform in [0, min(max, base x 2^(n-1))]. */
    private long backoff(int n) {
        long cap = Math.min(maxBackoffMs, baseBackoffMs << Math.min(20, n - 1));
        return cap <= 0 ? 0 : random.nextLong(cap + 1);
    }
}
