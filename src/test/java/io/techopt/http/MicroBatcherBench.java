package io.techopt.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Throughput and added latency (submit to completion) of the micro-batcher with 1, 10 and 100 producers, for a
 * no-op handler (the batcher's own cost) and a handler that takes 2 ms a batch (a fast backend). Run by
 * bench/batcher.sh.
 */
public final class MicroBatcherBench {
    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        System.out.printf("%-10s %-14s %12s %12s %12s%n", "producers", "handler", "items/s", "p50 added", "p99 added");
        for (long handlerMicros : new long[]{0, 2000}) {
            for (int producers : new int[]{1, 10, 100}) {
                run(producers, handlerMicros, handlerMicros == 0 ? items : items / 10);
            }
        }
    }

    private static void run(int producers, long handlerMicros, int items) throws Exception {
        MicroBatcher<Long, Long> b = new MicroBatcher<>(256, Duration.ofMillis(2), 8192, batch -> {
            if (handlerMicros > 0) {
                Thread.sleep(handlerMicros / 1000);
            }
            List<MicroBatcher.Outcome<Long>> out = new ArrayList<>(batch.size());
            batch.forEach(v -> out.add(MicroBatcher.Outcome.ok(v)));
            return out;
        });
        long[] latency = new long[items];
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(items);
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Thread t = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < items) {
                    final int k = i;
                    long start = System.nanoTime();
                    try {
                        CompletableFuture<Long> f = b.submit(start);
                        f.thenRun(() -> {
                            latency[k] = System.nanoTime() - start;
                            done.countDown();
                        });
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        done.await();
        long elapsed = System.nanoTime() - t0;
        b.close();
        Arrays.sort(latency);
        System.out.printf("%-10d %-14s %12.0f %10.2f ms %10.2f ms%n", producers, handlerMicros == 0 ? "no-op" : "2 ms/batch",
                items / (elapsed / 1e9), latency[items / 2] / 1e6, latency[(int) (items * 0.99)] / 1e6);
    }
}
