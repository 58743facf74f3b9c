package dev.tally.ingest.persist;

import dev.tally.storage.catalog.TableSegments;
import dev.tally.storage.schema.Granularity;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Drops the time chunks of a table that lie entirely before its retention period: one catalog commit removes their
 * segments, and {@link TableSegments} deletes each file once no query holds it (a crash in between leaves files the
 * next open deletes). Runs on the caller's thread; stateless apart from its settings.
 */
public final class Retention
{
    private final Granularity period;
    private final TableSegments segments;

    public Retention(final Granularity period, final TableSegments segments)
    {
        this.period = period;
        this.segments = segments;
    }

    /** Chunks ending at or before this instant are dropped at wall time {@code nowMillis}. */
    public long cutoff(final long nowMillis)
    {
        if (period.isFixed())
        {
            return nowMillis - period.durationMillis();
        }
        return Instant.ofEpochMilli(nowMillis).atZone(ZoneOffset.UTC).minusMonths(period.months())
            .toInstant().toEpochMilli();
    }

    /**
     * Drops what is older than the period at wall time {@code nowMillis}.
     *
     * @return segments dropped.
     */
    public int apply(final long nowMillis) throws IOException
    {
        final int dropped = segments.catalog().dropSegmentsEndingBy(cutoff(nowMillis)).size();
        segments.refresh();
        return dropped;
    }
}
