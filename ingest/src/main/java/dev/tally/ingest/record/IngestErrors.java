package dev.tally.ingest.record;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Bad-input accounting of one table: a count per {@link ParseError} and the last {@link #sampleLimit()} rejected
 * events (raw text, reason, position), for the table status. Thread-safe: sources record, status readers read.
 * Counting is lock-free; keeping a sample takes a lock, which only bad input pays.
 */
public final class IngestErrors
{
    public static final int SAMPLE_LIMIT_DEFAULT = 20;
    /** Raw text kept per sample, in bytes. */
    public static final int SAMPLE_RAW_LIMIT = 1024;

    /** One rejected event as the status shows it. */
    public record Sample(ParseError reason, String raw, int partition, long offset)
    {
    }

    /** Receives every rejected event's raw bytes (the dead-letter journal). */
    @FunctionalInterface
    public interface RejectedEventSink
    {
        void onRejected(ParseError reason, byte[] raw, int offset, int length, int partition, long position);
    }

    private final AtomicLongArray counts = new AtomicLongArray(ParseError.values().length);
    private final int sampleLimit;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private final RejectedEventSink sink;

    public IngestErrors()
    {
        this(SAMPLE_LIMIT_DEFAULT, null);
    }

    /** @param sink gets each rejected event after it is counted; {@code null} for none. */
    public IngestErrors(final int sampleLimit, final RejectedEventSink sink)
    {
        this.sampleLimit = sampleLimit;
        this.sink = sink;
    }

    public int sampleLimit()
    {
        return sampleLimit;
    }

    /**
     * Counts a rejected event, keeps it as a sample (the oldest sample goes when the limit is reached) and hands it
     * to the sink.
     */
    public void onRejected(
        final ParseError reason, final byte[] raw, final int rawOffset, final int rawLength, final int partition,
        final long offset)
    {
        counts.incrementAndGet(reason.ordinal());
        final String text = new String(raw, rawOffset, Math.min(rawLength, SAMPLE_RAW_LIMIT), StandardCharsets.UTF_8);
        synchronized (samples)
        {
            if (samples.size() == sampleLimit)
            {
                samples.removeFirst();
            }
            samples.addLast(new Sample(reason, text, partition, offset));
        }
        if (sink != null)
        {
            sink.onRejected(reason, raw, rawOffset, rawLength, partition, offset);
        }
    }

    public long count(final ParseError reason)
    {
        return counts.get(reason.ordinal());
    }

    public long total()
    {
        long total = 0;
        for (int i = 0; i < counts.length(); i++)
        {
            total += counts.get(i);
        }
        return total;
    }

    /** Non-zero counts by reason. */
    public Map<ParseError, Long> counts()
    {
        final Map<ParseError, Long> result = new EnumMap<>(ParseError.class);
        for (final ParseError reason : ParseError.values())
        {
            final long count = counts.get(reason.ordinal());
            if (count != 0)
            {
                result.put(reason, count);
            }
        }
        return result;
    }

    /** The kept samples, oldest first. */
    public List<Sample> samples()
    {
        synchronized (samples)
        {
            return new ArrayList<>(samples);
        }
    }
}
