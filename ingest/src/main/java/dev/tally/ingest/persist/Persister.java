package dev.tally.ingest.persist;

import dev.tally.ingest.rollup.FrozenIndex;
import dev.tally.ingest.rollup.LiveIndex;
import dev.tally.ingest.rollup.RollupTable;
import dev.tally.storage.catalog.Catalog;
import dev.tally.storage.catalog.Manifest;
import dev.tally.storage.catalog.SegmentDescriptor;
import dev.tally.storage.read.RowBuffer;
import dev.tally.storage.schema.Granularity;
import dev.tally.storage.segment.SegmentInfo;
import dev.tally.storage.segment.SegmentWriter;
import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.Agent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Writes frozen indexes as segments and commits them (an {@link Agent}; its runner owns the thread, and this class
 * owns the segment files it writes until they are committed). For each frozen index, in the order the writer froze
 * them: one segment per {@code segmentGranularity} chunk its rows fall in, then one catalog commit of those segments
 * together with, per source partition, the position of the last record the index holds; then the index is marked
 * committed, the segment set refreshed, and the index retired. A crash between write and commit leaves files the
 * next {@code TableSegments.open} deletes, and the source replays from the last committed position: exactly once.
 * A failed persist is retried (the index stays queryable meanwhile).
 */
public final class Persister implements Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(Persister.class);
    private static final long RETRY_NANOS = 1_000_000_000L;

    private final RollupTable table;
    private final Queue<FrozenIndex> queue;
    private final IntFunction<String> positionKeys;
    private final Consumer<Map<Integer, Long>> onCommitted;
    private final SegmentWriter.Options options;
    private final Catalog catalog;
    private final Granularity segmentGranularity;
    private long nextVersion;
    private long retryAtNanos;
    private volatile long persisted;
    private volatile long lastPersistMillis;
    private volatile Throwable lastFailure;

    /**
     * @param positionKeys the catalog key of a source partition's position, e.g. {@code kafka:events:0}.
     * @param onCommitted  told the committed position per partition after each commit.
     */
    public Persister(final RollupTable table, final Queue<FrozenIndex> queue, final IntFunction<String> positionKeys,
        final Consumer<Map<Integer, Long>> onCommitted, final SegmentWriter.Options options)
    {
        this.onCommitted = onCommitted;
        this.table = table;
        this.queue = queue;
        this.positionKeys = positionKeys;
        this.options = options;
        this.catalog = table.segments().catalog();
        this.segmentGranularity = table.spec().segmentGranularity();
        long version = catalog.snapshot().version();
        for (final SegmentDescriptor segment : catalog.snapshot().segments())
        {
            version = Math.max(version, segment.version());
        }
        this.nextVersion = version + 1;
    }

    @Override
    public String roleName()
    {
        return "persister-" + table.spec().name();
    }

    @Override
    public int doWork()
    {
        final FrozenIndex frozen = queue.peek();
        if (frozen == null || System.nanoTime() - retryAtNanos < 0)
        {
            return 0;
        }
        try
        {
            persist(frozen);
            queue.poll();
            lastFailure = null;
            lastPersistMillis = System.currentTimeMillis();
            persisted = persisted + 1;
            return 1;
        }
        catch (final IOException | RuntimeException ex)
        {
            LOG.error("persist of {} of table[{}] failed; retrying", frozen, table.spec().name(), ex);
            lastFailure = ex;
            retryAtNanos = System.nanoTime() + RETRY_NANOS;
            return 0;
        }
    }

    /** Frozen indexes committed so far. */
    public long persisted()
    {
        return persisted;
    }

    public long lastPersistMillis()
    {
        return lastPersistMillis;
    }

    public Throwable lastFailure()
    {
        return lastFailure;
    }

    private void persist(final FrozenIndex frozen) throws IOException
    {
        if (frozen.committedVersion() != FrozenIndex.NOT_COMMITTED)
        {
            // committed by an earlier attempt whose refresh failed: never commit the same rows twice
            table.segments().refresh();
            table.retire(frozen);
            return;
        }
        final LiveIndex index = frozen.index();
        final TreeMap<Long, IntArrayList> rowsByChunk = new TreeMap<>();
        for (int row = 0, rows = index.rowCount(); row < rows; row++)
        {
            rowsByChunk.computeIfAbsent(segmentGranularity.bucketStart(index.time(row)), k -> new IntArrayList())
                .addInt(row);
        }
        final long version = nextVersion++;
        final List<SegmentDescriptor> segments = new ArrayList<>(rowsByChunk.size());
        final Path dir = catalog.tableDir();
        for (final Map.Entry<Long, IntArrayList> chunk : rowsByChunk.entrySet())
        {
            final long start = chunk.getKey();
            final long end = segmentGranularity.nextBucketStart(start);
            final IntArrayList rows = chunk.getValue();
            final RowBuffer buffer = new RowBuffer(index.schema());
            final int[] rowIds = rows.toIntArray();
            index.copyRows(rowIds, rowIds.length, buffer);
            long events = 0;
            for (final int row : rowIds)
            {
                events += index.events(row);
            }
            final SegmentDescriptor planned = SegmentDescriptor.of(
                table.spec().name(), start, end, version, 0, rowIds.length, events, 0);
            final SegmentInfo info = new SegmentWriter(buffer, options).write(dir.resolve(planned.fileName()));
            segments.add(SegmentDescriptor.of(
                table.spec().name(), start, end, version, 0, info.rowCount(), events, info.sizeBytes()));
        }
        final Map<String, Long> positions = new HashMap<>();
        final Map<Integer, Long> partitionPositions = new HashMap<>();
        for (int partition = 0; partition < index.partitionLimit(); partition++)
        {
            final long position = index.position(partition);
            if (position != Long.MIN_VALUE)
            {
                positions.put(positionKeys.apply(partition), position);
                partitionPositions.put(partition, position);
            }
        }
        final Manifest manifest = catalog.addSegments(segments, positions);
        frozen.onCommitted(manifest.version());
        table.segments().refresh();
        table.retire(frozen);
        onCommitted.accept(partitionPositions);
    }
}
