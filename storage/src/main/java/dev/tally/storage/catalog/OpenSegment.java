package dev.tally.storage.catalog;

import dev.tally.storage.segment.Segment;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One mapped segment shared by {@link TableSegments} and the snapshots that hold it, with a reference count: the
 * published state of {@link TableSegments} holds one reference while it serves the segment, and each snapshot holds
 * one more. The thread that drops the count to zero unmaps the segment and disposes of its file as
 * {@link #retire(Disposal)} decided; a count of zero is final, so a reader that finds it zero must look again at the
 * newer state that dropped the segment.
 */
final class OpenSegment
{
    /** What happens to the file once the last reference is released. */
    enum Disposal
    {
        /** Unmap only: the file stays where it is (the table closed). */
        KEEP,
        /** Unmap and delete the file: a commit removed the segment. */
        DELETE,
        /** Unmap and move the file into the quarantine directory: it was found corrupt. */
        QUARANTINE
    }

    private final SegmentDescriptor descriptor;
    private final Segment segment;
    /** The state's reference plus one per snapshot; zero once released for good. */
    private final AtomicInteger refs = new AtomicInteger(1);
    /** Set by the serializing owner before it releases the state's reference, so the last releaser sees it. */
    private volatile Disposal disposal = Disposal.KEEP;

    OpenSegment(final SegmentDescriptor descriptor, final Segment segment)
    {
        this.descriptor = descriptor;
        this.segment = segment;
    }

    SegmentDescriptor descriptor()
    {
        return descriptor;
    }

    Segment segment()
    {
        return segment;
    }

    Disposal disposal()
    {
        return disposal;
    }

    /** Takes a reference for a snapshot, unless the segment is already released for good. */
    boolean tryAcquire()
    {
        while (true)
        {
            final int count = refs.get();
            if (count == 0)
            {
                return false;
            }
            if (refs.compareAndSet(count, count + 1))
            {
                return true;
            }
        }
    }

    /**
     * Drops one reference.
     *
     * @return true if it was the last one: the caller now owns disposal (the segment is not yet unmapped).
     */
    boolean release()
    {
        final int count = refs.decrementAndGet();
        if (count < 0)
        {
            throw new IllegalStateException("segment[" + descriptor.id() + "] released more often than acquired");
        }
        return count == 0;
    }

    /**
     * Records how to dispose of the file, before the state's reference is released. Called only by the owner
     * of the published state, under its lock.
     */
    void retire(final Disposal how)
    {
        disposal = how;
    }

    @Override
    public String toString()
    {
        return "OpenSegment[" + descriptor.id() + ", refs " + refs.get() + ", " + disposal + "]";
    }
}
