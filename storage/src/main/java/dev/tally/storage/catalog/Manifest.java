package dev.tally.storage.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * One committed state of a table: the live segments, the quarantined ones, and per source partition the position of
 * the last event included in the live segments. Immutable; {@link Catalog} assigns {@code version}, one more per
 * commit. Source position keys (e.g. {@code kafka:events:0}) and values are opaque to the catalog.
 * <p>
 * Segment ids are unique across live and quarantined segments. Changes are expressed with the {@code with...}
 * methods, which return a new manifest with the same version. {@code restream} is the last re-stream
 * ({@link RestreamMarker}), or {@code null} if the table never had one; it is left out of the JSON then, so a
 * manifest of a table that never re-streamed reads as before.
 */
public record Manifest(
    long version,
    List<SegmentDescriptor> segments,
    Map<String, Long> sourcePositions,
    List<QuarantinedSegment> quarantined,
    @JsonInclude(JsonInclude.Include.NON_NULL) RestreamMarker restream)
{
    public Manifest
    {
        if (version < 0)
        {
            throw new IllegalArgumentException("manifest version[" + version + "] must be >= 0");
        }
        segments = List.copyOf(segments);
        quarantined = List.copyOf(quarantined);
        final TreeMap<String, Long> positions = new TreeMap<>();
        for (final Map.Entry<String, Long> entry : sourcePositions.entrySet())
        {
            positions.put(
                Objects.requireNonNull(entry.getKey(), "source position key"),
                Objects.requireNonNull(entry.getValue(), () -> "source position[" + entry.getKey() + "] is null"));
        }
        sourcePositions = Collections.unmodifiableMap(positions);
        final Set<String> ids = new HashSet<>();
        for (final SegmentDescriptor segment : segments)
        {
            checkUnique(ids, segment.id());
        }
        for (final QuarantinedSegment entry : quarantined)
        {
            checkUnique(ids, entry.segment().id());
        }
    }

    /** The manifest of a table that has never committed anything. */
    public static Manifest empty()
    {
        return new Manifest(0, List.of(), Map.of(), List.of(), null);
    }

    /** The live segment with this id, or {@code null}. */
    public SegmentDescriptor segment(final String segmentId)
    {
        for (final SegmentDescriptor segment : segments)
        {
            if (segment.id().equals(segmentId))
            {
                return segment;
            }
        }
        return null;
    }

    /** Live segments whose interval intersects the half-open interval {@code [start, end)}, in manifest order. */
    public List<SegmentDescriptor> segmentsOverlapping(final long start, final long end)
    {
        final List<SegmentDescriptor> result = new ArrayList<>();
        for (final SegmentDescriptor segment : segments)
        {
            if (segment.overlaps(start, end))
            {
                result.add(segment);
            }
        }
        return result;
    }

    public long totalRows()
    {
        long total = 0;
        for (final SegmentDescriptor segment : segments)
        {
            total += segment.rowCount();
        }
        return total;
    }

    public long totalEvents()
    {
        long total = 0;
        for (final SegmentDescriptor segment : segments)
        {
            total += segment.eventCount();
        }
        return total;
    }

    public OptionalLong sourcePosition(final String key)
    {
        final Long position = sourcePositions.get(key);
        return position == null ? OptionalLong.empty() : OptionalLong.of(position);
    }

    public Manifest withVersion(final long newVersion)
    {
        return new Manifest(newVersion, segments, sourcePositions, quarantined, restream);
    }

    public Manifest withSegmentsAdded(final Collection<SegmentDescriptor> added)
    {
        final List<SegmentDescriptor> next = new ArrayList<>(segments.size() + added.size());
        next.addAll(segments);
        next.addAll(added);
        return new Manifest(version, next, sourcePositions, quarantined, restream);
    }

    /** Removes live segments by id; every id must be live, so a stale compaction or retention plan fails loudly. */
    public Manifest withSegmentsRemoved(final Collection<String> segmentIds)
    {
        final Set<String> toRemove = new HashSet<>(segmentIds);
        final List<SegmentDescriptor> next = new ArrayList<>(segments.size());
        for (final SegmentDescriptor segment : segments)
        {
            if (!toRemove.remove(segment.id()))
            {
                next.add(segment);
            }
        }
        if (!toRemove.isEmpty())
        {
            throw new IllegalArgumentException("segments" + toRemove + " are not live in manifest version[" +
                version + "]");
        }
        return new Manifest(version, next, sourcePositions, quarantined, restream);
    }

    /** Sets (or overwrites) the given source positions; positions of other keys are kept. */
    public Manifest withSourcePositions(final Map<String, Long> positions)
    {
        final Map<String, Long> next = new TreeMap<>(sourcePositions);
        next.putAll(positions);
        return new Manifest(version, segments, next, quarantined, restream);
    }

    /** Records a re-stream (replacing the last one). */
    public Manifest withRestream(final RestreamMarker marker)
    {
        return new Manifest(version, segments, sourcePositions, quarantined, marker);
    }

    /** Marks the re-stream in progress finished at {@code nowMillis} if the source positions have caught up. */
    public Manifest withRestreamCaughtUp(final long nowMillis)
    {
        if (restream == null || !restream.inProgress() || !restream.caughtUpWith(sourcePositions))
        {
            return this;
        }
        return withRestream(restream.finishedAt(nowMillis));
    }

    /** Moves a live segment to the quarantined list. */
    public Manifest withQuarantined(final String segmentId, final String reason, final long quarantinedAtMillis)
    {
        final SegmentDescriptor segment = segment(segmentId);
        if (segment == null)
        {
            throw new IllegalArgumentException(
                "segment[" + segmentId + "] is not live in manifest version[" + version + "]");
        }
        final List<SegmentDescriptor> live = new ArrayList<>(segments);
        live.remove(segment);
        final List<QuarantinedSegment> next = new ArrayList<>(quarantined.size() + 1);
        next.addAll(quarantined);
        next.add(new QuarantinedSegment(segment, reason, quarantinedAtMillis));
        return new Manifest(version, live, sourcePositions, next, restream);
    }

    private static void checkUnique(final Set<String> ids, final String id)
    {
        if (!ids.add(id))
        {
            throw new IllegalArgumentException("duplicate segment[" + id + "] in manifest");
        }
    }
}
