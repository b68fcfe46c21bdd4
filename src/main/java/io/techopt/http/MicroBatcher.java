package io.techopt.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Groups items from many producers into batches of at most {@code maxBatch}, waiting at most {@code maxWait} after
 * the first item of a batch. The queue is bounded: {@link #submit} blocks when it is full (back-pressure). Each
 * item gets its own future; a handler reports each item's outcome, so a failure affects only the items it
 * concerns (a handler that throws fails its whole batch, and only that batch).
 */
public final class MicroBatcher<T, R> implements AutoCloseable {
    /** Processes one batch; returns one outcome per item, in order. */
    @FunctionalInterface
    public interface Handler<T, R> {
        List<Outcome<R>> handle(List<T> batch) throws Exception;
    }

    /** An item's result or its failure. */
    public record Outcome<R>(R value, Throwable failure) {
        public static <R> Outcome<R> ok(R value) {
            return new Outcome<>(value, null);
        }

        public static <R> Outcome<R> failed(Throwable t) {
            return new Outcome<>(null, t);
        }
    }

    private record Pending<T, R>(T item, CompletableFuture<R> future, long enqueuedNanos) {
    }

    private final BlockingQueue<Pending<T, R>> queue;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final Handler<T, R> handler;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread worker;

    public MicroBatcher(int maxBatch, java.time.Duration maxWait, int queueCapacity, Handler<T, R> handler) {
        if (maxBatch < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("batch size and queue capacity must be at least 1");
        }
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWait.toNanos();
        this.handler = handler;
        this.worker = new Thread(this::run, "techopt-batcher");
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues an item, blocking while the queue is full. */
    public CompletableFuture<R> submit(T item) throws InterruptedException {
        if (closed.get()) {
            throw new IllegalStateException("batcher is closed");
        }
        CompletableFuture<R> f = new CompletableFuture<>();
        queue.put(new Pending<>(item, f, System.nanoTime()));
        return f;
    }

    private void run() {
        List<Pending<T, R>> batch = new ArrayList<>(maxBatch);
        try {
            while (!closed.get() || !queue.isEmpty()) {
                Pending<T, R> first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = first.enqueuedNanos() + maxWaitNanos;
                while (batch.size() < maxBatch) {
                    long left = deadline - System.nanoTime();
                    Pending<T, R> next = left <= 0 ? queue.poll() : queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                dispatch(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            batch.forEach(p -> p.future().completeExceptionally(new IllegalStateException("batcher stopped")));
            queue.forEach(p -> p.future().completeExceptionally(new IllegalStateException("batcher stopped")));
        }
    }

    private void dispatch(List<Pending<T, R>> batch) {
        List<T> items = new ArrayList<>(batch.size());
        batch.forEach(p -> items.add(p.item()));
        List<Outcome<R>> out;
        try {
            out = handler.handle(items);
            if (out == null || out.size() != items.size()) {
                throw new IllegalStateException("handler returned " + (out == null ? "nothing" : out.size() + " outcomes")
                        + " for " + items.size() + " items");
            }
        } catch (Throwable t) {
            batch.forEach(p -> p.future().completeExceptionally(t));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Outcome<R> o = out.get(i);
            if (o != null && o.failure() == null) {
                batch.get(i).future().complete(o.value());
            } else {
                batch.get(i).future().completeExceptionally(o == null ? new IllegalStateException("no outcome") : o.failure());
            }
        }
    }

    /** Stops taking items, processes what is queued, and waits for the worker. */
    @Override
    public void close() {
        closed.set(true);
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
