package dev.tally.storage.catalog;

import dev.tally.storage.segment.CorruptSegmentException;
import dev.tally.storage.segment.Segment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The open, queryable view of one table's committed segments, shared by queries and ingest. It owns the memory
 * mappings of the live segment files of its {@link Catalog}'s table directory, and the segment files themselves once
 * a commit removes them (deleted) or they turn out corrupt (moved into {@code quarantine/}).
 * <p>
 * Readers call {@link #acquire()}, which takes no lock: the served set is an immutable state behind an
 * {@link AtomicReference}, and every segment is reference counted (one reference held by the state while it serves
 * the segment, one per snapshot). {@link #refresh()}, {@link #reportCorrupt} and {@link #close()} are serialized by a
 * lock; they publish a new state first and only then release the state's reference of the segments it dropped, so a
 * reader that finds a count already at zero knows a newer state exists and retries. Whoever releases the last
 * reference unmaps the segment and disposes of its file, so a file is never unmapped or deleted under a reader.
 * <p>
 * A segment whose file is missing or corrupt, when opened or when a reader reports it, stops being served at once,
 * is quarantined in the catalog and its file moved to {@code quarantine/}; the rest of the table keeps serving.
 */
public final class TableSegments implements AutoCloseable
{
    /** Directory inside the table directory that receives the files of quarantined segments. */
    public static final String QUARANTINE_DIR_NAME = "quarantine";
    /** Suffix of files that writers rename into place; one left in the table directory is from a crash. */
    public static final String TEMP_FILE_SUFFIX = ".tmp";

    private static final State CLOSED = new State(-1, new OpenSegment[0], true);

    private final Catalog catalog;
    private final SegmentDirectory directory;
    /** Serializes every change of {@link #state}; {@link #acquire()} never takes it. */
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicReference<State> state = new AtomicReference<>(new State(-1, new OpenSegment[0], false));
    /** Ids taken out of service by this instance, even if the catalog still lists them live. Guarded by lock. */
    private final Set<String> withdrawnIds = new HashSet<>();
    /** Appended to under the lock, by copy. */
    private volatile List<QuarantinedSegment> quarantineEvents = List.of();

    private TableSegments(final Catalog catalog)
    {
        this.catalog = catalog;
        this.directory = new SegmentDirectory(catalog.tableDir());
    }

    /**
     * Opens every live segment of the catalog's current manifest, quarantining those that are missing or corrupt.
     * First it deletes what a crash can leave in the table directory: {@code .seg} files the manifest names neither
     * live nor quarantined (written but never committed, or removed but not yet deleted) and {@code *.tmp} files
     * (except the catalog's own {@link Catalog#TEMP_FILE_NAME}); and it finishes moving the files of quarantined
     * segments into {@code quarantine/}. Call it before anything writes segments into the table directory.
     *
     * @throws IOException if the directory cannot be cleaned, a segment cannot be read for a reason other than a
     *                     missing or corrupt file, or a quarantine cannot be committed; nothing stays mapped.
     */
    public static TableSegments open(final Catalog catalog) throws IOException
    {
        Objects.requireNonNull(catalog, "catalog");
        final TableSegments segments = new TableSegments(catalog);
        segments.directory.cleanUp(catalog.snapshot(), catalog.recovery() != null);
        try
        {
            segments.refresh();
        }
        catch (final IOException | RuntimeException ex)
        {
            segments.close();
            throw ex;
        }
        return segments;
    }

    public Catalog catalog()
    {
        return catalog;
    }

    public Path quarantineDir()
    {
        return directory.quarantineDir();
    }

    /**
     * The segments served now, each held until the snapshot is closed. Lock-free: retries only when a concurrent
     * change released a segment of the state it read.
     *
     * @throws IllegalStateException if this is closed.
     */
    public SegmentsSnapshot acquire()
    {
        while (true)
        {
            final State current = state.get();
            if (current.isClosed)
            {
                throw new IllegalStateException("segments of table dir[" + directory.tableDir() + "] are closed");
            }
            final OpenSegment[] segments = current.segments;
            int taken = 0;
            while (taken < segments.length && segments[taken].tryAcquire())
            {
                taken++;
            }
            if (taken == segments.length)
            {
                return new SegmentsSnapshot(
                    this, current.manifestVersion, segments, current.segmentList, current.descriptorList);
            }
            // segments[taken] was released for good, which happens only after a newer state was published
            release(segments, taken);
        }
    }

    /**
     * Catches up with the catalog after a commit: opens newly committed segments, stops serving removed ones (each
     * unmapped and its file deleted when the last snapshot holding it closes) and quarantines any that cannot be read.
     *
     * @throws IOException if a segment could not be read for a reason other than a missing or corrupt file (nothing
     *                     changed then), or a quarantine or deletion failed (the rest of the refresh took effect).
     */
    public void refresh() throws IOException
    {
        lock.lock();
        try
        {
            checkOpen();
            Manifest manifest = catalog.snapshot();
            while (manifest.version() != state.get().manifestVersion)
            {
                update(manifest);
                manifest = catalog.snapshot();
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * A reader found damage in a served segment: stop serving it, quarantine it in the catalog and move its file to
     * {@code quarantine/} once no snapshot holds it any more.
     *
     * @return false if the segment was not being served (already quarantined or removed, or this is closed).
     * @throws IOException if the quarantine could not be committed or the file not moved; the segment stays out of
     *                     service in this instance all the same.
     */
    public boolean reportCorrupt(final String segmentId, final CorruptSegmentException problem) throws IOException
    {
        Objects.requireNonNull(segmentId, "segmentId");
        Objects.requireNonNull(problem, "problem");
        lock.lock();
        try
        {
            final State current = state.get();
            OpenSegment corrupt = null;
            final List<OpenSegment> rest = new ArrayList<>(current.segments.length);
            for (final OpenSegment segment : current.segments)
            {
                if (segment.descriptor().id().equals(segmentId))
                {
                    corrupt = segment;
                }
                else
                {
                    rest.add(segment);
                }
            }
            if (corrupt == null)
            {
                return false;
            }
            final QuarantinedSegment event = withdraw(corrupt.descriptor(), problem.getMessage());
            state.set(new State(current.manifestVersion, rest.toArray(new OpenSegment[0]), false));
            corrupt.retire(OpenSegment.Disposal.QUARANTINE);
            // commit before the file moves, as in update()
            IOException failure = commitQuarantine(event, null);
            try
            {
                release(new OpenSegment[] {corrupt}, 1);
            }
            catch (final UncheckedIOException ex)
            {
                failure = chain(failure, ex.getCause());
            }
            if (failure != null)
            {
                throw failure;
            }
            return true;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Segments quarantined by this instance, oldest first: when, why (naming file, column and block where known).
     * Those quarantined before it opened are in the catalog's {@link Manifest#quarantined()}.
     */
    public List<QuarantinedSegment> quarantineEvents()
    {
        return quarantineEvents;
    }

    /**
     * Stops serving: {@link #acquire()} fails from now on, and every segment is unmapped once the last snapshot
     * holding it closes (at once if none does). Then deletes segment files the catalog no longer names (replaced or
     * compacted ones whose last reader let go late), as {@link #open} would at the next start; the files the
     * catalog names stay. Call it once nothing writes segments into the table directory any more. Idempotent.
     */
    @Override
    public void close()
    {
        lock.lock();
        try
        {
            final State last = state.getAndSet(CLOSED);
            if (last.isClosed)
            {
                return;
            }
            release(last.segments, last.segments.length);
            directory.cleanUp(catalog.snapshot(), false);
        }
        catch (final IOException ex)
        {
            // left for the next open, which cleans up the same way before it serves
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public String toString()
    {
        final State current = state.get();
        return "TableSegments[" + directory.tableDir() + ", version " + current.manifestVersion + ", segments " +
            current.segments.length + (current.isClosed ? ", closed]" : "]");
    }

    /** Gives back the first {@code count} references; whoever drops a segment's last one disposes of it. */
    void release(final OpenSegment[] segments, final int count)
    {
        UncheckedIOException failure = null;
        for (int i = 0; i < count; i++)
        {
            final OpenSegment segment = segments[i];
            if (segment.release())
            {
                try
                {
                    dispose(segment);
                }
                catch (final UncheckedIOException ex)
                {
                    if (failure == null)
                    {
                        failure = ex;
                    }
                    else
                    {
                        failure.addSuppressed(ex);
                    }
                }
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    /** Makes {@code manifest} the served state. Runs under the lock. */
    private void update(final Manifest manifest) throws IOException
    {
        final State current = state.get();
        final Map<String, OpenSegment> dropped = new HashMap<>();
        for (final OpenSegment segment : current.segments)
        {
            dropped.put(segment.descriptor().id(), segment);
        }
        final List<OpenSegment> next = new ArrayList<>(manifest.segments().size());
        final List<OpenSegment> opened = new ArrayList<>();
        final List<QuarantinedSegment> unreadable = new ArrayList<>();
        try
        {
            for (final SegmentDescriptor descriptor : manifest.segments())
            {
                final OpenSegment kept = dropped.get(descriptor.id());
                if (kept != null && kept.descriptor().equals(descriptor))
                {
                    dropped.remove(descriptor.id());
                    next.add(kept);
                }
                else if (!withdrawnIds.contains(descriptor.id()))
                {
                    final String problem = openProblem(descriptor, directory.file(descriptor), opened);
                    if (problem == null)
                    {
                        next.add(opened.get(opened.size() - 1));
                    }
                    else
                    {
                        unreadable.add(withdraw(descriptor, problem));
                    }
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            for (final OpenSegment segment : opened)
            {
                segment.segment().close();
            }
            throw ex;
        }

        state.set(new State(manifest.version(), next.toArray(new OpenSegment[0]), false));
        // commit before moving, so a crash in between leaves a quarantined segment whose file the next open moves
        IOException failure = null;
        for (final QuarantinedSegment event : unreadable)
        {
            failure = commitQuarantine(event, failure);
            try
            {
                directory.moveToQuarantine(event.segment());
            }
            catch (final IOException ex)
            {
                failure = chain(failure, ex);
            }
        }
        final OpenSegment[] removed = dropped.values().toArray(new OpenSegment[0]);
        for (final OpenSegment segment : removed)
        {
            segment.retire(OpenSegment.Disposal.DELETE);
        }
        try
        {
            release(removed, removed.length);
        }
        catch (final UncheckedIOException ex)
        {
            failure = chain(failure, ex.getCause());
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    /**
     * Maps {@code file} and appends it to {@code opened}.
     *
     * @return null if it opened, else why it must be quarantined.
     */
    private static String openProblem(final SegmentDescriptor descriptor, final Path file,
        final List<OpenSegment> opened) throws IOException
    {
        final Segment segment;
        try
        {
            segment = Segment.open(file);
        }
        catch (final NoSuchFileException ex)
        {
            return "missing segment file[" + file + "]";
        }
        catch (final CorruptSegmentException ex)
        {
            return ex.getMessage();
        }
        try
        {
            // every data block now, so damage is found before the segment serves (see Segment#verify)
            segment.verify();
        }
        catch (final CorruptSegmentException ex)
        {
            segment.close();
            return ex.getMessage();
        }
        if (segment.rowCount() != descriptor.rowCount())
        {
            segment.close();
            return "segment file[" + file + "] has rows[" + segment.rowCount() + "] but the manifest says[" +
                descriptor.rowCount() + "]";
        }
        opened.add(new OpenSegment(descriptor, segment));
        return null;
    }

    /** Takes a segment out of service in this instance and records the event. Runs under the lock. */
    private QuarantinedSegment withdraw(final SegmentDescriptor descriptor, final String reason)
    {
        withdrawnIds.add(descriptor.id());
        final QuarantinedSegment event = new QuarantinedSegment(descriptor, reason, System.currentTimeMillis());
        final List<QuarantinedSegment> events = new ArrayList<>(quarantineEvents);
        events.add(event);
        quarantineEvents = List.copyOf(events);
        return event;
    }

    /**
     * Moves the segment to the catalog's quarantined list, unless a commit removed it meanwhile (then there is
     * nothing to quarantine and the commit is skipped).
     */
    private IOException commitQuarantine(final QuarantinedSegment event, final IOException failure)
    {
        final String id = event.segment().id();
        if (catalog.snapshot().segment(id) == null)
        {
            return failure;
        }
        try
        {
            // guarded again inside the commit, which sees every earlier commit
            catalog.commit(manifest -> manifest.segment(id) == null ? manifest :
                manifest.withQuarantined(id, event.reason(), event.quarantinedAtMillis()));
            return failure;
        }
        catch (final CatalogCommitException ex)
        {
            return chain(failure, ex);
        }
    }

    /** Unmaps a segment whose last reference is gone and does what its retirement asked with the file. */
    private void dispose(final OpenSegment segment)
    {
        segment.segment().close();
        final OpenSegment.Disposal disposal = segment.disposal();
        try
        {
            if (disposal == OpenSegment.Disposal.DELETE)
            {
                directory.deleteRemoved(segment.descriptor(), catalog.snapshot());
            }
            else if (disposal == OpenSegment.Disposal.QUARANTINE)
            {
                directory.moveToQuarantine(segment.descriptor());
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("could not " + disposal + " file of segment[" + segment.descriptor().id() +
                "] at[" + directory.file(segment.descriptor()) + "]", ex);
        }
    }

    private void checkOpen()
    {
        if (state.get().isClosed)
        {
            throw new IllegalStateException("segments of table dir[" + directory.tableDir() + "] are closed");
        }
    }

    private static IOException chain(final IOException first, final IOException next)
    {
        if (first == null)
        {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /** One served set; immutable, so readers share it without locking. */
    private static final class State
    {
        final long manifestVersion;
        final OpenSegment[] segments;
        final List<Segment> segmentList;
        final List<SegmentDescriptor> descriptorList;
        final boolean isClosed;

        State(final long manifestVersion, final OpenSegment[] segments, final boolean isClosed)
        {
            this.manifestVersion = manifestVersion;
            this.segments = segments;
            this.isClosed = isClosed;
            final List<Segment> mapped = new ArrayList<>(segments.length);
            final List<SegmentDescriptor> descriptors = new ArrayList<>(segments.length);
            for (final OpenSegment segment : segments)
            {
                mapped.add(segment.segment());
                descriptors.add(segment.descriptor());
            }
            this.segmentList = List.copyOf(mapped);
            this.descriptorList = List.copyOf(descriptors);
        }
    }
}
