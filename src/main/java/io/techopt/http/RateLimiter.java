package io.techopt.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Requests-per-window and tokens-per-window limits (per minute for providers) as exact sliding windows: an
 * acquisition waits until the last window's requests and tokens plus its own fit. No burst beyond the limit, in
 * any window.
 */
public final class RateLimiter {
    private final long maxRequests;
    private final long maxTokens;
    private final long windowNanos;
    private final Clock clock;
    private final Deque<long[]> events = new ArrayDeque<>(); // {time, tokens}
    private long tokensInWindow;

    /** Time source and sleeper, replaceable in tests. */
    public interface Clock {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;

        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        };
    }

    /** @param maxRequests 0 for no request limit; @param maxTokens 0 for no token limit */
    public RateLimiter(long maxRequests, long maxTokens, Duration window, Clock clock) {
        this.maxRequests = maxRequests;
        this.maxTokens = maxTokens;
        this.windowNanos = window.toNanos();
        this.clock = clock;
    }

    public static RateLimiter perMinute(long rpm, long tpm) {
        return new RateLimiter(rpm, tpm, Duration.ofMinutes(1), Clock.SYSTEM);
    }

    /** Blocks until one request of {@code tokens} tokens fits both limits, then records it. */
    public void acquire(long tokens) throws InterruptedException {
        if (maxTokens > 0 && tokens > maxTokens) {
            throw new IllegalArgumentException("a request of " + tokens + " tokens can never fit a limit of " + maxTokens);
        }
        while (true) {
            long wait;
            synchronized (this) {
                long now = clock.nanoTime();
                expire(now);
                boolean fitsRequests = maxRequests == 0 || events.size() < maxRequests;
                boolean fitsTokens = maxTokens == 0 || tokensInWindow + tokens <= maxTokens;
                if (fitsRequests && fitsTokens) {
                    events.addLast(new long[]{now, tokens});
                    tokensInWindow += tokens;
                    return;
                }
                wait = waitNanos(now, tokens, fitsRequests);
            }
            clock.sleepNanos(Math.max(wait, 100_000));
        }
    }

    private void expire(long now) {
        while (!events.isEmpty() && now - events.peekFirst()[0] >= windowNanos) {
            tokensInWindow -= events.pollFirst()[1];
        }
    }

    /** How long until enough of the window expires. */
    private long waitNanos(long now, long tokens, boolean fitsRequests) {
        long wait = 0;
        if (!fitsRequests) {
            wait = events.peekFirst()[0] + windowNanos - now;
        }
        if (maxTokens > 0) {
            long freed = 0, need = tokensInWindow + tokens - maxTokens;
            for (long[] e : events) {
                freed += e[1];
                if (freed >= need) {
                    wait = Math.max(wait, e[0] + windowNanos - now);
                    break;
                }
            }
        }
        return wait;
    }
}
