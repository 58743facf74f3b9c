package dev.tally.ingest.rollup;

import dev.tally.storage.catalog.SegmentsSnapshot;
import dev.tally.storage.read.RowSource;

import java.util.List;

/**
 * What one query reads of a table: committed segments, frozen indexes not yet committed, and the live index, taken
 * at one instant (no event missing, none twice). Close it when the query ends, to release the segments.
 */
public final class TableSnapshot implements AutoCloseable
{
    private final SegmentsSnapshot segments;
    private final List<RowSource> sources;

    TableSnapshot(final SegmentsSnapshot segments, final List<RowSource> sources)
    {
        this.segments = segments;
        this.sources = sources;
    }

    public List<RowSource> sources()
    {
        return sources;
    }

    public long manifestVersion()
    {
        return segments.manifestVersion();
    }

    @Override
    public void close()
    {
        segments.close();
    }
}
