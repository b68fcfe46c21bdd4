package io.techopt.analyze;

import java.util.Arrays;

/**
 * Every request kept as one row of primitive columns (about 110 bytes a request), so that exact percentiles,
 * "last wins" de-duplication and any grouping can be computed after the stream ends.
 */
final class RequestTable {
    static final byte ERROR = 1, BATCH = 2, ESTIMATED = 4, DEAD = 8;

    int n;
    int[] model = new int[1024], provider = new int[1024], user = new int[1024], team = new int[1024],
            task = new int[1024], session = new int[1024], errorText = new int[1024];
    long[] ts = new long[1024], input = new long[1024], cacheRead = new long[1024], cacheWrite = new long[1024],
            cacheWrite1h = new long[1024], output = new long[1024], reasoning = new long[1024], count = new long[1024],
            prompt = new long[1024];
    double[] latency = new double[1024], logged = new double[1024];
    byte[] flags = new byte[1024];

    int add() {
        if (n == ts.length) {
            int c = n + (n >> 1);
            model = Arrays.copyOf(model, c);
            provider = Arrays.copyOf(provider, c);
            user = Arrays.copyOf(user, c);
            team = Arrays.copyOf(team, c);
            task = Arrays.copyOf(task, c);
            session = Arrays.copyOf(session, c);
            errorText = Arrays.copyOf(errorText, c);
            ts = Arrays.copyOf(ts, c);
            input = Arrays.copyOf(input, c);
            cacheRead = Arrays.copyOf(cacheRead, c);
            cacheWrite = Arrays.copyOf(cacheWrite, c);
            cacheWrite1h = Arrays.copyOf(cacheWrite1h, c);
            output = Arrays.copyOf(output, c);
            reasoning = Arrays.copyOf(reasoning, c);
            count = Arrays.copyOf(count, c);
            prompt = Arrays.copyOf(prompt, c);
            latency = Arrays.copyOf(latency, c);
            logged = Arrays.copyOf(logged, c);
            flags = Arrays.copyOf(flags, c);
        }
        return n++;
    }

    boolean is(int row, byte flag) {
        return (flags[row] & flag) != 0;
    }

    boolean live(int row) {
        return (flags[row] & DEAD) == 0;
    }
}
