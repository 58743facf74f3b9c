package dev.tally.ingest.testing;

import dev.tally.ingest.record.EventParser;
import dev.tally.ingest.record.EventRecordReader;
import dev.tally.ingest.rollup.LiveIndex;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;

/** Parses JSON events into records and applies them to a live index, as a source and the writer would. */
public final class RecordBatches
{
    private final EventParser parser;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 16]);
    private final EventRecordReader reader = new EventRecordReader();

    public RecordBatches(final EventParser parser)
    {
        this.parser = parser;
    }

    /** Applies events {@code [from, to)} (positions = list index, partition 0) and publishes. */
    public void apply(final List<byte[]> events, final int from, final int to, final LiveIndex index)
    {
        for (int i = from; i < to; i++)
        {
            final byte[] raw = events.get(i);
            final int length = parser.parse(raw, 0, raw.length, 0, i, buffer, 0, buffer.capacity());
            reader.wrap(buffer, 0);
            if (length <= 0 || !index.hasRoom())
            {
                throw new IllegalStateException("event " + i + " does not fit");
            }
            index.apply(reader);
        }
        index.publish();
    }
}
