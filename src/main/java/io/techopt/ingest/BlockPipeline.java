package io.techopt.ingest;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The ordered block pipeline of one read: a producer thread cuts the input into chunks ({@link #parallel} parses one
 * on the pool of parser threads, {@link #deliver} hands over one already parsed), and the calling thread takes the
 * chunks in the order they were queued, whichever finished first, so records keep their input order. The queue holds
 * a few chunks per thread, so memory stays bounded however large the input.
 */
final class BlockPipeline {
    /** Reads one source, queueing its chunks in input order; runs on the producer thread. */
    interface Producer {
        void produce(LogSource src, BlockPipeline out) throws IOException;
    }

    /** Takes the chunks in order on the calling thread. */
    interface Consumer {
        void consume(Chunk c);
    }

    private final ExecutorService pool;
    private final BlockingQueue<Future<Chunk>> queue;

    private BlockPipeline(int threads) {
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "techopt-parse");
            t.setDaemon(true);
            return t;
        });
        this.queue = new ArrayBlockingQueue<>(threads * 3 + 2);
    }

    /**
     * Runs {@code producer} over every source on a thread of its own and hands each chunk to {@code consumer} in
     * order; throws what a producer or parser threw (an I/O failure that makes a source unreadable, or a bug).
     */
    static void run(int threads, List<LogSource> sources, Producer producer, Consumer consumer) throws IOException {
        new BlockPipeline(threads).run(sources, producer, consumer);
    }

    private void run(List<LogSource> sources, Producer producer, Consumer consumer) throws IOException {
        Future<Chunk> end = CompletableFuture.completedFuture(null);
        Thread reader = new Thread(() -> {
            try {
                for (LogSource s : sources) {
                    producer.produce(s, this);
                }
                putQuietly(end);
            } catch (Throwable e) { // an Error too: the consumer must fail, never finish on partial data
                putQuietly(CompletableFuture.failedFuture(e));
            }
        }, "techopt-read");
        reader.setDaemon(true);
        reader.start();
        try {
            while (true) {
                Future<Chunk> f = queue.take();
                if (f == end) {
                    break;
                }
                consumer.consume(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        } finally {
            pool.shutdownNow();
            reader.interrupt();
        }
    }

    /** Queues a chunk to be parsed on a parser thread; blocks while the queue is full. */
    void parallel(Callable<Chunk> parse) throws IOException {
        put(pool.submit(parse));
    }

    /** Queues a chunk the producer has built itself; blocks while the queue is full. */
    void deliver(Chunk c) throws IOException {
        put(CompletableFuture.completedFuture(c));
    }

    private void put(Future<Chunk> f) throws IOException {
        try {
            queue.put(f);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private void putQuietly(Future<Chunk> f) {
        try {
            queue.put(f);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
