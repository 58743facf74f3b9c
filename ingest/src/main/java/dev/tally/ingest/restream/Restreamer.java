package dev.tally.ingest.restream;

import dev.tally.ingest.rollup.ReplayFilter;
import dev.tally.ingest.source.EventSource;
import dev.tally.storage.catalog.Catalog;
import dev.tally.storage.catalog.Manifest;
import dev.tally.storage.catalog.RestreamMarker;
import dev.tally.storage.catalog.SegmentDescriptor;
import dev.tally.storage.catalog.TableSegments;
import dev.tally.storage.schema.Granularity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Re-streams a Kafka table (Kappa): rebuilds every time chunk from a start S out of the topic, exactly once. It runs
 * inside the source's {@link EventSource#rewind}, on the source thread while the source is paused:
 * <ol>
 * <li>everything read so far is applied and committed ({@link Quiesce}), so the catalog holds every event up to
 * the committed offsets ("stored") and nothing is in memory;</li>
 * <li>S and the reset offsets R are chosen so that every stored event at or after S lies at an offset ≥ R of its
 * partition;</li>
 * <li>one catalog commit drops the segments from S on, moves each partition's position to R − 1 and records the
 * {@link RestreamMarker} {S, stored offsets};</li>
 * <li>the writer gets the marker's {@link ReplayFilter}: a re-read event before S at or below its stored offset is
 * still in a kept chunk and only advances the position; every other event is applied;</li>
 * <li>the source seeks to R. The persist that commits positions past every stored offset finishes the marker.</li>
 * </ol>
 * A crash after step 3 resumes at the committed positions with the marker's filter (the table sets it at start),
 * so the outcome does not depend on where a crash falls.
 * <p>
 * Kafka knows events by offset and record timestamp, not by event time, so step 2 rests on one assumption: no event
 * is written to Kafka before it happened (record timestamp ≥ event time; true when producers stamp the event time,
 * the send time, or the broker stamps the append time), and records Kafka has deleted are older than the ones it
 * still holds. A reset offset before the earliest one Kafka holds is refused, and so is a start whose stored events
 * may lie in records Kafka has deleted. Stateless apart from its collaborators; the caller serializes re-streams.
 */
public final class Restreamer
{
    private static final Logger LOG = LoggerFactory.getLogger(Restreamer.class);
    /** Upper end of the search for S: later than any record timestamp. */
    private static final long NEVER = Instant.parse("9999-01-01T00:00:00Z").toEpochMilli();

    /** Applies what the ring holds and commits everything in memory, or throws. */
    public interface Quiesce
    {
        void run(Duration timeout) throws Exception;
    }

    private final Granularity chunks;
    private final TableSegments segments;
    private final Catalog catalog;
    private final IntFunction<String> positionKeys;
    private final Quiesce quiesce;
    private final Consumer<ReplayFilter> onFilter;

    /**
     * @param chunks       the table's segment granularity.
     * @param positionKeys the catalog key of a partition's position.
     * @param onFilter     gets the filter the writer must use from the reset on.
     */
    public Restreamer(final Granularity chunks, final TableSegments segments, final IntFunction<String> positionKeys,
        final Quiesce quiesce, final Consumer<ReplayFilter> onFilter)
    {
        this.chunks = chunks;
        this.segments = segments;
        this.catalog = segments.catalog();
        this.positionKeys = positionKeys;
        this.quiesce = quiesce;
        this.onFilter = onFilter;
    }

    /**
     * Resets the table and returns once the reset is committed and the source reads again from the reset offsets;
     * the rebuilt chunks fill up as it catches up (the status shows the re-stream in progress until then).
     *
     * @throws IllegalArgumentException      if the request cannot be served exactly (the message says why); nothing
     *                                       changed.
     * @throws UnsupportedOperationException if the source cannot go back (a push table).
     */
    public RestreamResult restream(final EventSource source, final RestreamRequest request, final Duration timeout)
        throws Exception
    {
        final RestreamResult[] result = new RestreamResult[1];
        source.rewind(offsets -> reset(offsets, request, timeout, result), timeout);
        return result[0];
    }

    private Map<Integer, Long> reset(final EventSource.SourceOffsets offsets, final RestreamRequest request,
        final Duration timeout, final RestreamResult[] result) throws Exception
    {
        quiesce.run(timeout);
        final Manifest manifest = catalog.snapshot();
        final int partitions = offsets.partitionCount();
        final long[] committed = new long[partitions];
        final long[] stored = new long[partitions];
        final RestreamMarker previous = manifest.restream() != null && manifest.restream().inProgress() ?
            manifest.restream() : null;
        for (int p = 0; p < partitions; p++)
        {
            committed[p] = manifest.sourcePosition(positionKeys.apply(p)).orElse(-1);
            // a re-stream still in progress: what it counts as stored is stored too
            stored[p] = previous == null ? committed[p] :
                Math.max(committed[p], previous.storedPositions().getOrDefault(positionKeys.apply(p), -1L));
        }
        final long[] reset = new long[partitions];
        final long start;
        if (request.byOffsets())
        {
            resetOffsets(offsets, request.offsets(), committed, reset);
            start = earliestStart(offsets, reset, stored, manifest);
        }
        else
        {
            start = chunks.bucketStart(request.timestampMillis());
            for (int p = 0; p < partitions; p++)
            {
                reset[p] = Math.max(offsets.earliest(p), Math.min(offsets.firstAtOrAfter(p, start), committed[p] + 1));
                if (!covers(offsets, p, start, reset[p], stored[p]))
                {
                    throw new IllegalArgumentException("partition[" + p + "]: Kafka no longer holds the records " +
                        "before offset[" + offsets.earliest(p) + "], and events stored from them may lie at or " +
                        "after [" + Instant.ofEpochMilli(start) + "]; re-stream from a later time");
                }
            }
        }
        if (previous != null && start > previous.chunkStart())
        {
            throw new IllegalArgumentException("a re-stream from [" + describe(previous.chunkStart()) + "] is still " +
                "in progress; a new one must start at or before it, not at [" + describe(start) + "]");
        }
        final Map<String, Long> storedByKey = new TreeMap<>();
        final Map<String, Long> resetByKey = new TreeMap<>();
        final Map<Integer, Long> resetByPartition = new TreeMap<>();
        final Map<Integer, Long> storedByPartition = new TreeMap<>();
        for (int p = 0; p < partitions; p++)
        {
            storedByKey.put(positionKeys.apply(p), stored[p]);
            resetByKey.put(positionKeys.apply(p), reset[p]);
            resetByPartition.put(p, reset[p]);
            storedByPartition.put(p, stored[p]);
        }
        final long now = System.currentTimeMillis();
        final List<SegmentDescriptor> dropped =
            catalog.restream(new RestreamMarker(start, storedByKey, resetByKey, now, 0));
        // committed: from here on the source must seek to the reset offsets whatever else fails
        onFilter.accept(ReplayFilter.of(catalog.snapshot().restream(), positionKeys));
        try
        {
            segments.refresh();
        }
        catch (final IOException | RuntimeException ex)
        {
            LOG.error("segments of table dir[{}] not refreshed after the re-stream reset; the next persist retries",
                catalog.tableDir(), ex);
        }
        result[0] = new RestreamResult(start, resetByPartition, storedByPartition, dropped.size(),
            dropped.stream().mapToLong(SegmentDescriptor::eventCount).sum(), now);
        return resetByPartition;
    }

    /** Offsets as requested, after checks; partitions not named go on where they are. */
    private static void resetOffsets(final EventSource.SourceOffsets offsets, final Map<Integer, Long> requested,
        final long[] committed, final long[] reset)
    {
        for (int p = 0; p < reset.length; p++)
        {
            reset[p] = committed[p] + 1;
        }
        for (final Map.Entry<Integer, Long> entry : requested.entrySet())
        {
            final int p = entry.getKey();
            final long offset = entry.getValue();
            if (p >= reset.length)
            {
                throw new IllegalArgumentException("offsets: partition[" + p + "] does not exist; the topic has " +
                    reset.length + " partitions");
            }
            if (offset < offsets.earliest(p))
            {
                throw new IllegalArgumentException("offsets: partition[" + p + "] offset[" + offset + "] is before " +
                    "the earliest offset Kafka still holds[" + offsets.earliest(p) + "]");
            }
            if (offset > committed[p] + 1)
            {
                throw new IllegalArgumentException("offsets: partition[" + p + "] offset[" + offset + "] is past " +
                    "the next offset to read[" + (committed[p] + 1) + "]; a re-stream only goes back");
            }
            reset[p] = offset;
        }
    }

    /**
     * The earliest chunk start S from which every stored event is re-read: the least time t whose first record at or
     * after it is, in every partition, at or past the reset offset (so every record before the reset offset is
     * stamped before t). Only the starts of stored chunks are tried (binary search, a few broker round trips): the
     * same segments are dropped for any S between two of them. {@link Long#MIN_VALUE} when everything is read again
     * from the beginning, {@link #NEVER} when no stored chunk can be rebuilt.
     */
    private long earliestStart(final EventSource.SourceOffsets offsets, final long[] reset, final long[] stored,
        final Manifest manifest)
    {
        if (coverAll(offsets, 0, reset, stored))
        {
            return Long.MIN_VALUE;
        }
        final long[] starts = manifest.segments().stream().mapToLong(SegmentDescriptor::intervalStart)
            .filter(start -> start > 0).distinct().sorted().toArray();
        int low = 0;
        int high = starts.length;
        while (low < high)
        {
            final int middle = (low + high) >>> 1;
            if (coverAll(offsets, starts[middle], reset, stored))
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }
        if (low < starts.length)
        {
            return starts[low];
        }
        if (!coverAll(offsets, NEVER, reset, stored))
        {
            throw new IllegalArgumentException("Kafka no longer holds records the table stored events from, so no " +
                "chunk can be rebuilt exactly");
        }
        return NEVER;
    }

    private static boolean coverAll(final EventSource.SourceOffsets offsets, final long time, final long[] reset,
        final long[] stored)
    {
        for (int p = 0; p < reset.length; p++)
        {
            if (!covers(offsets, p, time, reset[p], stored[p]))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether every stored event of partition {@code p} at or after {@code time} is at an offset ≥ {@code reset}:
     * no record before the reset offset is stamped at or after the time, and (when Kafka has deleted the start of
     * the partition and the table stored events from it) the first record Kafka still holds is stamped before it.
     */
    private static boolean covers(final EventSource.SourceOffsets offsets, final int p, final long time,
        final long reset, final long stored)
    {
        final long first = offsets.firstAtOrAfter(p, time);
        if (first < reset)
        {
            return false;
        }
        final long earliest = offsets.earliest(p);
        return earliest == 0 || stored < 0 || first > earliest;
    }

    private static String describe(final long chunkStart)
    {
        return chunkStart == Long.MIN_VALUE ? "the beginning" : Instant.ofEpochMilli(chunkStart).toString();
    }
}
