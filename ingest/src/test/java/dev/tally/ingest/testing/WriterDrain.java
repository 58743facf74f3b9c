package dev.tally.ingest.testing;

import dev.tally.ingest.rollup.RollupWriter;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * Source and rollup writer on one thread (tests, the one-core ingest benchmark): as a source's wait for ring space,
 * the writer empties the ring instead of another thread doing it.
 */
public record WriterDrain(RollupWriter writer, RingBuffer ring) implements IdleStrategy
{
    /** Runs the writer until the ring is empty (a step that only passes the ring's end-of-buffer padding reads 0). */
    public static void drain(final RollupWriter writer, final RingBuffer ring)
    {
        while (writer.doWork() > 0 || ring.size() > 0)
        {
            // until the ring is empty
        }
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount <= 0)
        {
            idle();
        }
    }

    @Override
    public void idle()
    {
        drain(writer, ring);
    }

    @Override
    public void reset()
    {
    }
}
