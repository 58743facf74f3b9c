package dev.tally.storage.catalog;

import dev.tally.storage.segment.Segment;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The committed segments of a table as one query sees them, from {@link TableSegments#acquire()}: an immutable list
 * of open segments with their descriptors, in manifest order. While the snapshot is open none of its segments is
 * unmapped or deleted, whatever commits happen meanwhile; {@link #close()} gives them back, and a second close does
 * nothing. Segments must not be used after close. May be read by several threads; close it once all are done.
 */
public final class SegmentsSnapshot implements AutoCloseable
{
    private final TableSegments owner;
    private final long manifestVersion;
    private final OpenSegment[] held;
    private final List<Segment> segments;
    private final List<SegmentDescriptor> descriptors;
    private final AtomicBoolean isClosed = new AtomicBoolean();

    SegmentsSnapshot(
        final TableSegments owner,
        final long manifestVersion,
        final OpenSegment[] held,
        final List<Segment> segments,
        final List<SegmentDescriptor> descriptors)
    {
        this.owner = owner;
        this.manifestVersion = manifestVersion;
        this.held = held;
        this.segments = segments;
        this.descriptors = descriptors;
    }

    /**
     * The catalog manifest version these segments were opened from. Segments quarantined since then are left out
     * even though that version lists them.
     */
    public long manifestVersion()
    {
        return manifestVersion;
    }

    /** The open segments, in the order of {@link #descriptors()}. */
    public List<Segment> segments()
    {
        checkOpen();
        return segments;
    }

    /** The catalog's descriptors of {@link #segments()}, index for index. */
    public List<SegmentDescriptor> descriptors()
    {
        return descriptors;
    }

    public int size()
    {
        return held.length;
    }

    public Segment segment(final int index)
    {
        checkOpen();
        return segments.get(index);
    }

    public SegmentDescriptor descriptor(final int index)
    {
        return descriptors.get(index);
    }

    public boolean isClosed()
    {
        return isClosed.get();
    }

    /**
     * Releases the segments; the last holder of a segment that a commit removed unmaps it and deletes its file here.
     *
     * @throws java.io.UncheckedIOException if such a file could not be deleted or moved to quarantine; every segment
     *                                      is released all the same, and the next {@link TableSegments#open} retries.
     */
    @Override
    public void close()
    {
        if (isClosed.compareAndSet(false, true))
        {
            owner.release(held, held.length);
        }
    }

    @Override
    public String toString()
    {
        return "SegmentsSnapshot[version " + manifestVersion + ", segments " + held.length +
            (isClosed.get() ? ", closed]" : "]");
    }

    private void checkOpen()
    {
        if (isClosed.get())
        {
            throw new IllegalStateException("snapshot of manifest version[" + manifestVersion + "] is closed");
        }
    }
}
