package dev.tally.ingest.testing;

import dev.tally.ingest.source.EventSource;
import dev.tally.ingest.source.RecordBatcher;

import java.util.List;

/**
 * A source over an in-memory list of events split round-robin over partitions (event i is position i / partitions of
 * partition i % partitions), read from the committed positions on, up to a limit. Owns one thread.
 */
public final class ListSource implements EventSource
{
    private final List<byte[]> events;
    private final int partitions;
    private final int limit;
    private final long pauseMillis;
    private volatile boolean isRunning = true;
    private volatile long offered;
    private volatile boolean isDone;
    private Thread thread;

    public ListSource(final List<byte[]> events, final int partitions, final int limit)
    {
        this(events, partitions, limit, 0);
    }

    /** @param pauseMillis pause after every batch of 500 events, so ingest goes on for a while. */
    public ListSource(final List<byte[]> events, final int partitions, final int limit, final long pauseMillis)
    {
        this.events = events;
        this.partitions = partitions;
        this.limit = limit;
        this.pauseMillis = pauseMillis;
    }

    @Override
    public String positionKey(final int partition)
    {
        return "list:" + partition;
    }

    /** Records handed to the batcher and flushed. */
    public long offered()
    {
        return offered;
    }

    /** Whether every event up to the limit has been handed to the ring buffer. */
    public boolean isDone()
    {
        return isDone;
    }

    @Override
    public void start(final CommittedPositions committed, final RecordBatcher batcher)
    {
        thread = new Thread(() ->
        {
            final long[] next = new long[partitions];
            for (int p = 0; p < partitions; p++)
            {
                next[p] = committed.committed(p) + 1;
            }
            int count = 0;
            for (int i = 0; i < limit && isRunning; i++)
            {
                final int partition = i % partitions;
                final long position = i / partitions;
                if (position < next[partition])
                {
                    continue;
                }
                final byte[] raw = events.get(i);
                if (!batcher.offer(raw, 0, raw.length, partition, position))
                {
                    return;
                }
                if (++count % 500 == 0)
                {
                    if (!batcher.flush())
                    {
                        return;
                    }
                    pause();
                }
                offered = count;
            }
            batcher.flush();
            offered = count;
            isDone = true;
        }, "list-source");
        thread.start();
    }

    private void pause()
    {
        if (pauseMillis > 0)
        {
            try
            {
                Thread.sleep(pauseMillis);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                isRunning = false;
            }
        }
    }

    @Override
    public void close()
    {
        isRunning = false;
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
