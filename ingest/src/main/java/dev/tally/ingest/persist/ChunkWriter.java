package dev.tally.ingest.persist;

import dev.tally.ingest.rollup.LiveIndex;
import dev.tally.storage.catalog.SegmentDescriptor;
import dev.tally.storage.read.RowBuffer;
import dev.tally.storage.schema.Granularity;
import dev.tally.storage.schema.TableSpec;
import dev.tally.storage.segment.SegmentInfo;
import dev.tally.storage.segment.SegmentWriter;
import org.agrona.collections.IntArrayList;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes rows of one table as segment files in its table directory, one segment per {@code segmentGranularity}
 * time chunk, and describes them for the catalog. The files belong to the caller until a commit names them (a crash
 * before that leaves orphans that the next {@code TableSegments.open} deletes). Persist, compaction and batch load
 * all write through here, so segment naming and accounting live in one place. Stateless apart from its settings.
 */
public final class ChunkWriter
{
    private final TableSpec spec;
    private final Path tableDir;
    private final SegmentWriter.Options options;
    private final Granularity segmentGranularity;

    public ChunkWriter(final TableSpec spec, final Path tableDir, final SegmentWriter.Options options)
    {
        this.spec = spec;
        this.tableDir = tableDir;
        this.options = options;
        this.segmentGranularity = spec.segmentGranularity();
    }

    public TableSpec spec()
    {
        return spec;
    }

    /** Start of the time chunk holding {@code time}. */
    public long chunkStart(final long time)
    {
        return segmentGranularity.bucketStart(time);
    }

    /** End (exclusive) of the time chunk starting at {@code chunkStart}. */
    public long chunkEnd(final long chunkStart)
    {
        return segmentGranularity.nextBucketStart(chunkStart);
    }

    /**
     * Writes every row of a frozen (or finished) index: one segment per chunk its rows fall in, in time order. If one
     * fails, the files already written for the others are deleted before the exception goes on.
     */
    public List<SegmentDescriptor> writeIndex(final LiveIndex index, final long version, final int partition)
        throws IOException
    {
        final TreeMap<Long, IntArrayList> rowsByChunk = new TreeMap<>();
        for (int row = 0, rows = index.rowCount(); row < rows; row++)
        {
            rowsByChunk.computeIfAbsent(chunkStart(index.time(row)), k -> new IntArrayList()).addInt(row);
        }
        final List<SegmentDescriptor> segments = new ArrayList<>(rowsByChunk.size());
        try
        {
            for (final Map.Entry<Long, IntArrayList> chunk : rowsByChunk.entrySet())
            {
                final int[] rowIds = chunk.getValue().toIntArray();
                final RowBuffer buffer = new RowBuffer(index.schema());
                index.copyRows(rowIds, rowIds.length, buffer);
                long events = 0;
                for (final int row : rowIds)
                {
                    events += index.events(row);
                }
                segments.add(writeRows(buffer, chunk.getKey(), version, partition, events));
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // a full disk fails a later chunk: the earlier ones would be orphans until the next open, taking space
            discard(segments);
            throw ex;
        }
        return segments;
    }

    /** Writes {@code rows}, all inside the chunk starting at {@code chunkStart}, as one segment. */
    public SegmentDescriptor writeRows(final RowBuffer rows, final long chunkStart, final long version,
        final int partition, final long events) throws IOException
    {
        final long end = chunkEnd(chunkStart);
        final SegmentDescriptor planned = SegmentDescriptor.of(
            spec.name(), chunkStart, end, version, partition, rows.rowCount(), events, 0);
        final SegmentInfo info = new SegmentWriter(rows, options).write(tableDir.resolve(planned.fileName()));
        return SegmentDescriptor.of(spec.name(), chunkStart, end, version, partition, info.rowCount(), events,
            info.sizeBytes());
    }

    /** Deletes files written for segments that will not be committed (best effort: the next open deletes them too). */
    public void discard(final List<SegmentDescriptor> segments)
    {
        for (final SegmentDescriptor segment : segments)
        {
            try
            {
                java.nio.file.Files.deleteIfExists(tableDir.resolve(segment.fileName()));
            }
            catch (final IOException ex)
            {
                // left as an orphan; TableSegments.open deletes unnamed segment files
            }
        }
    }
}
