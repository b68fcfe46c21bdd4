package io.techopt.http;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * JSON over HTTP for techopt's clients (webhooks, OpenAI-compatible endpoints): each request waits for the rate
 * limiter, times out, and is retried on 429, 5xx and I/O errors by a {@link RetryingCaller}. Credentials go in
 * headers given by the caller and are never logged.
 */
public final class HttpCaller {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    /** Status, body and the attempts it took. */
    public record HttpResult(int status, String body, int attempts) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** One attempt's answer; retryAfterMs is -1 when the server named no wait; tooLarge: the body passed the bound, unread. */
    private record Raw(int status, String body, long retryAfterMs, boolean tooLarge) {
    }

    /** The answer's body was longer than the caller's bound: not read (a hostile or broken server must not exhaust memory). */
    public static final class BodyTooLargeException extends IOException {
        public final int attempts;

        BodyTooLargeException(long maxBytes, int attempts) {
            super("the answer's body was larger than " + maxBytes + " bytes");
            this.attempts = attempts;
        }
    }

    /** Asked before each attempt with how many earlier ones may have been billed unanswered; false: the attempt is not sent. */
    @FunctionalInterface
    public interface AttemptGate {
        boolean mayAttempt(int maybeBilledSoFar);
    }

    /** The caller's gate refused an attempt (a retry whose possible bill would not fit): nothing more was sent. */
    public static final class NotSentException extends RetryingCaller.GiveUpException {
        public final int attempts;

        NotSentException(int attempts) {
            super("not sent again: the caller's gate refused another attempt");
            this.attempts = attempts;
        }
    }

    private final OkHttpClient client;
    private final RetryingCaller retrying;
    private final RateLimiter limiter;

    public HttpCaller(Duration timeout, RetryingCaller retrying, RateLimiter limiter) {
        // No redirects: a 301/302 would turn the POST into a GET and lose the body; the 3xx is the answer.
        this.client = new OkHttpClient.Builder().callTimeout(timeout).connectTimeout(timeout).readTimeout(timeout)
                .retryOnConnectionFailure(false).followRedirects(false).followSslRedirects(false).build();
        this.retrying = retrying;
        this.limiter = limiter;
    }

    /** Whether the text is an http(s) URL this caller can use. */
    public static boolean isHttpUrl(String url) {
        // OkHttp would percent-encode a space or control character; a URL cannot hold one (RFC 3986), so it is a typo
        return url != null && url.chars().noneMatch(ch -> ch <= ' ' || ch == 0x7f) && okhttp3.HttpUrl.parse(url) != null;
    }

    /** POSTs JSON; {@code tokens} is what the request counts against a tokens-per-minute limit. */
    public HttpResult postJson(String url, String json, Map<String, String> headers, long tokens)
            throws IOException, InterruptedException {
        return postJson(url, json, headers, tokens, new java.util.concurrent.atomic.AtomicInteger());
    }

    /**
     * {@link #postJson(String, String, Map, long)} that counts each attempt sent in {@code attempts}, so a caller
     * knows how many were made even when the call ends in an exception (retries of timeouts, a breaker that opened).
     */
    public HttpResult postJson(String url, String json, Map<String, String> headers, long tokens,
                               java.util.concurrent.atomic.AtomicInteger attempts) throws IOException, InterruptedException {
        return postJson(url, json, headers, tokens, attempts, Long.MAX_VALUE, new java.util.concurrent.atomic.AtomicInteger(), n -> true);
    }

    /**
     * As above, reading at most {@code maxBodyBytes} of the answer (a longer one throws {@link BodyTooLargeException},
     * not retried); {@code unanswered} counts the attempts that may have reached the server and got no answer (an I/O
     * error other than a refused connection or an unknown host, or a 2xx whose body could not be read whole): a paid
     * API may have billed each. {@code gate} is asked before each attempt; when it refuses, {@link NotSentException}.
     */
    public HttpResult postJson(String url, String json, Map<String, String> headers, long tokens,
                               java.util.concurrent.atomic.AtomicInteger attempts, long maxBodyBytes,
                               java.util.concurrent.atomic.AtomicInteger unanswered, AttemptGate gate) throws IOException, InterruptedException {
        Request.Builder b;
        try {
            b = new Request.Builder().url(url).post(RequestBody.create(json, JSON));
        } catch (IllegalArgumentException e) {
            throw new IOException("not a valid http(s) URL"); // the URL itself may hold a secret: never echo it
        }
        headers.forEach(b::header);
        Request request = b.build();
        RetryingCaller.Result<Raw> r = retrying.call(() -> {
            if (limiter != null) {
                try {
                    limiter.acquire(tokens);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
            if (!gate.mayAttempt(unanswered.get())) {
                throw new NotSentException(attempts.get());
            }
            attempts.incrementAndGet();
            Response resp = execute(request, unanswered);
            try (resp) {
                String retryAfter = resp.header("Retry-After");
                long wait = retryAfter == null ? -1 : retryAfterMs(retryAfter);
                if (resp.body() == null) {
                    return new Raw(resp.code(), "", wait, false);
                }
                if (maxBodyBytes == Long.MAX_VALUE) {
                    return new Raw(resp.code(), resp.body().string(), wait, false);
                }
                okio.BufferedSource src = resp.body().source();
                if (src.request(maxBodyBytes + 1)) {
                    return new Raw(resp.code(), "", wait, true);
                }
                return new Raw(resp.code(), src.readUtf8(), wait, false);
            } catch (IOException e) {
                // the 2xx's headers came and its body did not (reset, cut, read timeout): the answer was made, maybe billed (r21 H3)
                if (resp.isSuccessful()) {
                    unanswered.incrementAndGet();
                }
                throw e;
            }
        }, res -> res.tooLarge() ? RetryingCaller.Decision.DONE
                : res.status() == 429 && res.retryAfterMs() >= 0 ? RetryingCaller.Decision.throttled(res.retryAfterMs())
                : res.status() == 429 || res.status() >= 500 ? RetryingCaller.Decision.retryAfter(res.retryAfterMs())
                : RetryingCaller.Decision.DONE);
        if (r.value().tooLarge()) {
            throw new BodyTooLargeException(maxBodyBytes, r.attempts());
        }
        return new HttpResult(r.value().status(), r.value().body(), r.attempts());
    }

    private Response execute(Request request, java.util.concurrent.atomic.AtomicInteger unanswered) throws IOException {
        try {
            return client.newCall(request).execute();
        } catch (java.net.ConnectException | java.net.UnknownHostException e) {
            throw e; // never reached the server
        } catch (IOException e) {
            unanswered.incrementAndGet();
            throw e;
        }
    }

    /** Retry-After as seconds or an HTTP date; -1 when unreadable. */
    static long retryAfterMs(String v) {
        String s = v.trim();
        if (s.matches("\\d+")) {
            // any number of digits, never an exception: past 15 digits (31 million years) the wait is as good as
            // forever, and the retrying caller bounds every wait anyway (review r21 H2: 23 digits threw)
            return s.length() > 15 ? Long.MAX_VALUE : Long.parseLong(s) * 1000;
        }
        try {
            return Math.max(0, Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME)).toMillis());
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
