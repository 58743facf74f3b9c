package dev.tally.bench.system;

import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Pushes events to one table over HTTP at a steady rate: one NDJSON request every {@value #TICK_MILLIS} ms holding
 * {@code rate / 100} events (pre-generated, cycled), and when a request is late the next goes at once, so the
 * average rate holds while the server keeps up. Remembers when each request began, for freshness. Owns one thread.
 */
final class SteadyPusher implements AutoCloseable
{
    static final int TICK_MILLIS = 10;
    private static final int POOL = 64;

    private final LocalTally tally;
    private final String table;
    private final int batchEvents;
    private final byte[][] batches;
    private final AtomicLongArray sendStarts;
    private final Thread thread;
    private volatile boolean isRunning = true;
    private volatile int sent;
    private volatile long startNanos;
    private volatile long endNanos;
    private volatile RuntimeException failure;

    /** @param maxMillis how long it may run at most (sizes the record of request starts). */
    SteadyPusher(final LocalTally tally, final String table, final int rate, final long maxMillis)
    {
        this.tally = tally;
        this.table = table;
        this.batchEvents = Math.max(1, rate * TICK_MILLIS / 1000);
        this.batches = batches(batchEvents);
        this.sendStarts = new AtomicLongArray((int)(maxMillis / TICK_MILLIS) + 1);
        this.thread = new Thread(this::pushLoop, "steady-pusher-" + table);
    }

    private static byte[][] batches(final int batchEvents)
    {
        final WebEventGenerator generator = new WebEventGenerator(EndToEnd.SEED + 1, EndToEnd.START,
            WebEventGenerator.DEFAULT_WINDOW_MILLIS, (long)batchEvents * POOL);
        final WebEvent event = new WebEvent();
        final byte[][] batches = new byte[POOL][];
        final StringBuilder text = new StringBuilder();
        for (int b = 0; b < POOL; b++)
        {
            text.setLength(0);
            for (int i = 0; i < batchEvents; i++)
            {
                generator.next(event).appendJson(text).append('\n');
            }
            batches[b] = text.toString().getBytes(StandardCharsets.UTF_8);
        }
        return batches;
    }

    SteadyPusher start()
    {
        thread.start();
        return this;
    }

    int batchEvents()
    {
        return batchEvents;
    }

    /** Requests answered so far (each added {@link #batchEvents()} events). */
    int sent()
    {
        return sent;
    }

    /** When request {@code batch} began ({@link System#nanoTime()}); valid below {@link #sent()} + 1. */
    long sendStart(final int batch)
    {
        return sendStarts.get(batch);
    }

    /** Events per second actually pushed. */
    double achievedRate()
    {
        final long end = endNanos != 0 ? endNanos : System.nanoTime();
        return (double)sent * batchEvents / ((end - startNanos) / 1e9);
    }

    private void pushLoop()
    {
        startNanos = System.nanoTime();
        final long tick = TICK_MILLIS * 1_000_000L;
        try
        {
            for (int b = 0; isRunning && b < sendStarts.length(); b++)
            {
                final long due = startNanos + b * tick;
                final long wait = due - System.nanoTime();
                if (wait > 0)
                {
                    LockSupport.parkNanos(wait);
                }
                sendStarts.set(b, System.nanoTime());
                tally.push(table, batches[b % POOL]);
                sent = b + 1;
            }
        }
        catch (final RuntimeException ex)
        {
            failure = ex;
        }
        endNanos = System.nanoTime();
    }

    /** Stops pushing; rethrows a push failure. */
    @Override
    public void close() throws InterruptedException
    {
        isRunning = false;
        thread.join();
        if (failure != null)
        {
            throw failure;
        }
    }
}
