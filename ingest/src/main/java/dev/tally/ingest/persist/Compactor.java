package dev.tally.ingest.persist;

import dev.tally.storage.catalog.Catalog;
import dev.tally.storage.catalog.CatalogCommitException;
import dev.tally.storage.catalog.Manifest;
import dev.tally.storage.catalog.SegmentDescriptor;
import dev.tally.storage.catalog.SegmentsSnapshot;
import dev.tally.storage.catalog.StaleSegmentsException;
import dev.tally.storage.catalog.TableSegments;
import dev.tally.storage.segment.CorruptSegmentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merges all segments of a time chunk into one segment with perfect rollup ({@link RollupMerger}) and swaps them in
 * the catalog in one commit. Runs on the caller's thread (the table's {@link SegmentLifecycle} thread); it never
 * touches the ingest threads: it reads committed segments through a snapshot (held until the swap is committed, so
 * the inputs stay mapped) and commits with {@link Catalog#replaceSegments}, which the catalog serializes with the
 * persister's commits. A segment the persister adds to the chunk meanwhile is simply kept (the next pass merges it);
 * an input another commit removed meanwhile (batch replace, retention) makes the swap stale: the merged file is
 * deleted and the chunk is left alone. Old files are deleted by {@link TableSegments} once no query holds them.
 */
public final class Compactor
{
    private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);

    /**
     * When a chunk is compacted.
     *
     * @param settleMillis   a chunk that ended this long ago no longer takes live events: compact it once it has
     *                       more than one segment.
     * @param smallChunkBytes a chunk with more than one segment whose segments together are smaller than this is
     *                       compacted even while live (merging small files is cheap and speeds every query).
     * @param dutyCycle      share of wall time a scheduled pass may work (it sleeps in between), so compaction
     *                       leaves a core for queries; 1 never sleeps.
     */
    public record Policy(long settleMillis, long smallChunkBytes, double dutyCycle)
    {
        public static final Policy DEFAULT = new Policy(15 * 60_000L, 8L << 20, 0.5);

        public Policy
        {
            if (settleMillis < 0 || smallChunkBytes < 0 || !(dutyCycle > 0 && dutyCycle <= 1))
            {
                throw new IllegalArgumentException("settleMillis[" + settleMillis + "] and smallChunkBytes[" +
                    smallChunkBytes + "] must be >= 0 and dutyCycle[" + dutyCycle + "] in (0, 1]");
            }
        }
    }

    /** What compacting one chunk did; {@code committed} is false when it was skipped or went stale. */
    public record ChunkResult(long chunkStart, boolean committed, int segmentsIn, long rowsIn, long rowsOut,
        long events, long millis)
    {
    }

    private final TableSegments segments;
    private final Catalog catalog;
    private final ChunkWriter chunks;
    private final Policy policy;

    public Compactor(final TableSegments segments, final ChunkWriter chunks, final Policy policy)
    {
        this.segments = segments;
        this.catalog = segments.catalog();
        this.chunks = chunks;
        this.policy = policy;
    }

    public Policy policy()
    {
        return policy;
    }

    /** Chunks to compact now in the latest manifest, see {@link #plan(Manifest, long, boolean)}. */
    public List<Long> plan(final long nowMillis, final boolean all)
    {
        return plan(catalog.snapshot(), nowMillis, all);
    }

    /**
     * Chunks to compact now, oldest first: every chunk with more than one segment when {@code all}, else those the
     * policy picks at wall time {@code nowMillis}.
     */
    public List<Long> plan(final Manifest manifest, final long nowMillis, final boolean all)
    {
        final Map<Long, List<SegmentDescriptor>> byChunk = byChunk(manifest.segments());
        final List<Long> picked = new ArrayList<>();
        for (final Map.Entry<Long, List<SegmentDescriptor>> chunk : byChunk.entrySet())
        {
            final List<SegmentDescriptor> parts = chunk.getValue();
            if (parts.size() < 2)
            {
                continue;
            }
            long bytes = 0;
            for (final SegmentDescriptor part : parts)
            {
                bytes += part.sizeBytes();
            }
            final boolean isSettled = parts.get(0).intervalEnd() + policy.settleMillis() <= nowMillis;
            if (all || isSettled || bytes < policy.smallChunkBytes())
            {
                picked.add(chunk.getKey());
            }
        }
        return picked;
    }

    /**
     * Compacts the chunk starting at {@code chunkStart}: merges its live segments into one and commits the swap.
     *
     * @throws IOException if the merged segment could not be written or the swap not committed (nothing changed).
     */
    public ChunkResult compact(final long chunkStart) throws IOException
    {
        final long started = System.nanoTime();
        try (SegmentsSnapshot snapshot = segments.acquire())
        {
            final List<String> inputIds = new ArrayList<>();
            final RollupMerger merger = new RollupMerger(chunks.spec());
            for (int i = 0; i < snapshot.size(); i++)
            {
                final SegmentDescriptor descriptor = snapshot.descriptor(i);
                if (descriptor.intervalStart() != chunkStart)
                {
                    continue;
                }
                inputIds.add(descriptor.id());
                try
                {
                    merger.add(snapshot.segment(i));
                }
                catch (final CorruptSegmentException ex)
                {
                    segments.reportCorrupt(descriptor.id(), ex);
                    throw new IOException("compaction of chunk[" + chunkStart + "] stopped: segment[" +
                        descriptor.id() + "] is corrupt and now quarantined", ex);
                }
            }
            if (inputIds.size() < 2)
            {
                return new ChunkResult(chunkStart, false, inputIds.size(), 0, 0, 0, elapsedMillis(started));
            }
            final long events = merger.events();
            final SegmentDescriptor merged = chunks.writeRows(merger.toRowBuffer(), chunkStart,
                catalog.nextSegmentVersion(), 0, events);
            try
            {
                catalog.replaceSegments(inputIds, List.of(merged));
            }
            catch (final StaleSegmentsException ex)
            {
                LOG.info("compaction of chunk[{}] of table[{}] went stale ({}); the chunk is left as it is",
                    chunkStart, chunks.spec().name(), ex.getMessage());
                chunks.discard(List.of(merged));
                return new ChunkResult(chunkStart, false, inputIds.size(), merger.inputRows(), 0, 0,
                    elapsedMillis(started));
            }
            catch (final CatalogCommitException ex)
            {
                if (!ex.isInDoubt())
                {
                    chunks.discard(List.of(merged));
                }
                throw ex;
            }
            segments.refresh();
            return new ChunkResult(chunkStart, true, inputIds.size(), merger.inputRows(), merged.rowCount(), events,
                elapsedMillis(started));
        }
    }

    private static Map<Long, List<SegmentDescriptor>> byChunk(final List<SegmentDescriptor> segments)
    {
        final Map<Long, List<SegmentDescriptor>> byChunk = new TreeMap<>();
        for (final SegmentDescriptor segment : segments)
        {
            byChunk.computeIfAbsent(segment.intervalStart(), k -> new ArrayList<>()).add(segment);
        }
        return byChunk;
    }

    private static long elapsedMillis(final long startedNanos)
    {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
