package dev.tally.storage.catalog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The catalog of one table; it owns the files {@code manifest} and {@code manifest.tmp} in the table directory, and
 * nothing else may write them (one {@code Catalog} per directory, in one process).
 * <p>
 * The manifest is the single source of truth of which segment files are live and up to which source position their
 * events go, so a commit records both atomically: write {@code manifest.tmp}, fsync it, rename it over
 * {@code manifest}, fsync the directory. Readers take {@link #snapshot()} without locking; commits are serialized and
 * publish the new manifest only after the rename has succeeded, so a snapshot is always a manifest that is (or was)
 * on disk. A failed commit throws {@link CatalogCommitException} and leaves the snapshot and the file at the old
 * version; the catalog stays usable.
 */
public final class Catalog
{
    public static final String MANIFEST_FILE_NAME = "manifest";
    public static final String TEMP_FILE_NAME = "manifest.tmp";
    /** A second name of the manifest that the latest commit replaced: the fallback if {@code manifest} is damaged. */
    public static final String PREVIOUS_FILE_NAME = "manifest.prev";
    /** Prefix of a damaged manifest moved aside at open (followed by the time in epoch millis). */
    public static final String DAMAGED_FILE_PREFIX = "manifest.damaged-";

    private final Path tableDir;
    private final Path manifestFile;
    private final Path tempFile;
    private final Path previousFile;
    private final CatalogFiles files;
    /** What open did about a damaged manifest, or null; set once while opening. */
    private ManifestRecovery recovery;
    private final ReentrantLock commitLock = new ReentrantLock();
    /** Written only under {@link #commitLock}, after the manifest file is in place; read lock-free. */
    private volatile Manifest current;
    /** Next segment version handed out; above every version the manifest named at open. */
    private final AtomicLong nextSegmentVersion = new AtomicLong();

    private Catalog(final Path tableDir, final CatalogFiles files)
    {
        this.tableDir = tableDir;
        this.manifestFile = tableDir.resolve(MANIFEST_FILE_NAME);
        this.tempFile = tableDir.resolve(TEMP_FILE_NAME);
        this.previousFile = tableDir.resolve(PREVIOUS_FILE_NAME);
        this.files = files;
    }

    /** Opens the catalog of {@code tableDir} on the local file system, creating an empty one if there is none. */
    public static Catalog open(final Path tableDir) throws IOException
    {
        return open(tableDir, CatalogFiles.local());
    }

    /**
     * Opens the catalog of {@code tableDir}, creating the directory and an empty manifest (version 0) if missing. A
     * leftover {@code manifest.tmp} is from an interrupted commit and is deleted; {@code manifest} stays authoritative.
     * If {@code manifest} is damaged (or gone while {@value #PREVIOUS_FILE_NAME} is there), the previous committed
     * manifest is restored in its place, the damaged file is kept as {@code manifest.damaged-<millis>}, and
     * {@link #recovery()} says so.
     *
     * @throws CorruptManifestException if the manifest cannot be trusted and no valid previous one exists.
     */
    public static Catalog open(final Path tableDir, final CatalogFiles files) throws IOException
    {
        Objects.requireNonNull(tableDir, "tableDir");
        Objects.requireNonNull(files, "files");
        final Catalog catalog = new Catalog(tableDir, files);
        catalog.load();
        return catalog;
    }

    public Path tableDir()
    {
        return tableDir;
    }

    /** What opening did about a damaged manifest, or null if the manifest was read as it was. */
    public ManifestRecovery recovery()
    {
        return recovery;
    }

    /** The latest committed manifest; never blocks. */
    public Manifest snapshot()
    {
        return current;
    }

    /**
     * Commits {@code change} applied to the latest manifest, as the next version. Commits are serialized, so the
     * change sees every earlier commit; it must be a pure function (it runs under the commit lock).
     *
     * @return the committed manifest, now also {@link #snapshot()}.
     * @throws CatalogCommitException if a file operation failed; nothing was committed.
     */
    public Manifest commit(final UnaryOperator<Manifest> change) throws CatalogCommitException
    {
        commitLock.lock();
        try
        {
            final Manifest base = current;
            final Manifest changed = Objects.requireNonNull(change.apply(base), "change returned null");
            final Manifest next = changed.withVersion(base.version() + 1);
            write(next, base);
            current = next;
            return next;
        }
        finally
        {
            commitLock.unlock();
        }
    }

    /**
     * Adds segments and sets source positions in one commit, as a persist does. A re-stream in progress is marked
     * finished in the same commit once the positions have caught up with it.
     */
    public Manifest addSegments(final Collection<SegmentDescriptor> segments, final Map<String, Long> positions)
        throws CatalogCommitException
    {
        final long now = System.currentTimeMillis();
        return commit(manifest ->
            manifest.withSegmentsAdded(segments).withSourcePositions(positions).withRestreamCaughtUp(now));
    }

    /**
     * Resets the table for a re-stream, in one commit: removes every live segment from {@code marker.chunkStart()}
     * on, sets each source position to its {@code resetPositions} value − 1 and records {@code marker} (finished at
     * once if nothing is left to re-read). Segments must be chunk-aligned: one that starts before the chunk start and
     * reaches past it cannot be rebuilt, and nothing is committed.
     *
     * @return the segments removed.
     * @throws IllegalArgumentException if a live segment straddles {@code marker.chunkStart()}.
     */
    public List<SegmentDescriptor> restream(final RestreamMarker marker) throws CatalogCommitException
    {
        final long start = marker.chunkStart();
        final Map<String, Long> positions = new TreeMap<>();
        marker.resetPositions().forEach((key, reset) -> positions.put(key, reset - 1));
        final List<SegmentDescriptor> dropped = new ArrayList<>();
        commit(manifest ->
        {
            dropped.clear();
            for (final SegmentDescriptor segment : manifest.segments())
            {
                if (segment.intervalEnd() > start)
                {
                    if (segment.intervalStart() < start)
                    {
                        throw new IllegalArgumentException("segment[" + segment.id() + "] straddles the re-stream " +
                            "start[" + SegmentDescriptor.formatInstant(start) + "]");
                    }
                    dropped.add(segment);
                }
            }
            return manifest.withSegmentsRemoved(dropped.stream().map(SegmentDescriptor::id).toList())
                .withSourcePositions(positions).withRestream(marker).withRestreamCaughtUp(marker.requestedAtMillis());
        });
        return dropped;
    }

    /**
     * Removes {@code removedIds} and adds {@code added} in one commit, as compaction and retention do. The removed
     * segments were chosen from an older manifest, so every one must still be live: if another commit (a batch
     * replace, retention) removed one meanwhile, nothing is committed and {@link StaleSegmentsException} says so;
     * the caller plans again. Segments added meanwhile (a persist into the same chunk) are simply kept.
     */
    public Manifest replaceSegments(final Collection<String> removedIds, final Collection<SegmentDescriptor> added)
        throws CatalogCommitException
    {
        return commit(manifest ->
        {
            for (final String id : removedIds)
            {
                if (manifest.segment(id) == null)
                {
                    throw new StaleSegmentsException(id, manifest.version());
                }
            }
            return manifest.withSegmentsRemoved(removedIds).withSegmentsAdded(added);
        });
    }

    /**
     * Replaces what the table holds for the half-open interval {@code [start, end)} by {@code added}, in one commit:
     * every segment live at commit time whose interval overlaps it is removed (so segments committed while the
     * replacement was being built are replaced too). Every removed segment must lie inside the interval, so no
     * event outside it is lost: callers align the interval to the table's time chunks.
     *
     * @throws IllegalArgumentException if a segment to remove or to add reaches outside the interval; nothing is
     *                                  committed.
     */
    public Manifest replaceInterval(final long start, final long end, final Collection<SegmentDescriptor> added)
        throws CatalogCommitException
    {
        for (final SegmentDescriptor segment : added)
        {
            checkInside(segment, start, end);
        }
        return commit(manifest ->
        {
            final List<String> removed = new ArrayList<>();
            for (final SegmentDescriptor segment : manifest.segmentsOverlapping(start, end))
            {
                checkInside(segment, start, end);
                removed.add(segment.id());
            }
            return manifest.withSegmentsRemoved(removed).withSegmentsAdded(added);
        });
    }

    /**
     * Removes, in one commit, every live segment whose interval ends at or before {@code cutoff} (retention).
     *
     * @return the segments removed; none (and no commit) when nothing was old enough.
     */
    public List<SegmentDescriptor> dropSegmentsEndingBy(final long cutoff) throws CatalogCommitException
    {
        final List<SegmentDescriptor> dropped = new ArrayList<>();
        if (current.segments().stream().noneMatch(segment -> segment.intervalEnd() <= cutoff))
        {
            return dropped;
        }
        commit(manifest ->
        {
            dropped.clear();
            for (final SegmentDescriptor segment : manifest.segments())
            {
                if (segment.intervalEnd() <= cutoff)
                {
                    dropped.add(segment);
                }
            }
            return manifest.withSegmentsRemoved(dropped.stream().map(SegmentDescriptor::id).toList());
        });
        return dropped;
    }

    /**
     * A version for new segment files, unique in this table directory: higher than every segment version the
     * manifest named at open and than every one handed out since. Writers (persist, compaction, batch load) take
     * one before they write, so their file names never collide; a version whose files were never committed is
     * simply skipped (the files are orphans, deleted at the next open).
     */
    public long nextSegmentVersion()
    {
        return nextSegmentVersion.getAndIncrement();
    }

    /** Commits the move of a live segment to the quarantined list, stamped with the current time. */
    public Manifest quarantine(final String segmentId, final String reason) throws CatalogCommitException
    {
        final long now = System.currentTimeMillis();
        return commit(manifest -> manifest.withQuarantined(segmentId, reason, now));
    }

    private static void checkInside(final SegmentDescriptor segment, final long start, final long end)
    {
        if (segment.intervalStart() < start || segment.intervalEnd() > end)
        {
            throw new IllegalArgumentException("segment[" + segment.id() + "] reaches outside the replaced interval[" +
                SegmentDescriptor.formatInstant(start) + "/" + SegmentDescriptor.formatInstant(end) + "]");
        }
    }

    private void load() throws IOException
    {
        files.createDirectories(tableDir);
        files.deleteIfExists(tempFile);
        if (files.exists(manifestFile))
        {
            try
            {
                current = ManifestFile.decode(manifestFile, files.readAll(manifestFile));
            }
            catch (final CorruptManifestException ex)
            {
                current = restorePrevious(ex.getMessage(), ex);
            }
        }
        else if (files.exists(previousFile))
        {
            // a commit never leaves the previous manifest without a current one: the file was lost
            current = restorePrevious("manifest file[" + manifestFile + "] is missing", null);
        }
        else
        {
            final Manifest empty = Manifest.empty();
            write(empty, null);
            current = empty;
        }
        long version = current.version();
        for (final SegmentDescriptor segment : current.segments())
        {
            version = Math.max(version, segment.version());
        }
        for (final QuarantinedSegment entry : current.quarantined())
        {
            version = Math.max(version, entry.segment().version());
        }
        nextSegmentVersion.set(version + 1);
    }

    private void write(final Manifest next, final Manifest previous) throws CatalogCommitException
    {
        final byte[] bytes = ManifestFile.encode(next);
        CommitStep step = CommitStep.WRITE_TEMP;
        try
        {
            files.write(tempFile, bytes);
            step = CommitStep.FORCE_TEMP;
            files.force(tempFile);
            keepPrevious();
            step = CommitStep.RENAME;
            files.move(tempFile, manifestFile);
            step = CommitStep.FORCE_DIR;
            files.forceDir(tableDir);
        }
        catch (final IOException ex)
        {
            final CatalogCommitException failure = new CatalogCommitException("commit of manifest version[" +
                next.version() + "] failed at step[" + step + "] in table dir[" + tableDir + "]: " + ex,
                step, next.version(), ex);
            if (step == CommitStep.FORCE_DIR)
            {
                restore(previous, failure);
            }
            else
            {
                deleteTemp(failure);
            }
            throw failure;
        }
    }

    /**
     * Gives the manifest about to be replaced a second name, {@value #PREVIOUS_FILE_NAME} (a hard link: no bytes are
     * copied, and the directory fsync of the commit makes it durable with the rename). It is only a fallback for a
     * damaged manifest, so a failure here does not fail the commit: the older fallback is dropped and the next commit
     * makes a new one.
     */
    private void keepPrevious()
    {
        try
        {
            // with no current manifest (restoring the previous one), the previous one must stay
            if (files.exists(manifestFile))
            {
                files.deleteIfExists(previousFile);
                files.link(previousFile, manifestFile);
            }
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            // no fallback until the next commit; the commit itself is unaffected
        }
    }

    /**
     * The manifest cannot be read: serve the previous committed one instead, written back as {@code manifest}, and
     * keep the damaged file beside it for inspection.
     *
     * @throws CorruptManifestException if there is no valid previous manifest either (nothing is changed then).
     */
    private Manifest restorePrevious(final String problem, final CorruptManifestException damage) throws IOException
    {
        final Manifest previous;
        try
        {
            if (!files.exists(previousFile))
            {
                throw new CorruptManifestException(previousFile, "no previous manifest to fall back to");
            }
            previous = ManifestFile.decode(previousFile, files.readAll(previousFile));
        }
        catch (final CorruptManifestException ex)
        {
            final CorruptManifestException failure = damage != null ? damage :
                new CorruptManifestException(manifestFile, problem);
            failure.addSuppressed(ex);
            throw failure;
        }
        final long now = System.currentTimeMillis();
        Path damagedFile = manifestFile;
        if (files.exists(manifestFile))
        {
            damagedFile = tableDir.resolve(DAMAGED_FILE_PREFIX + now);
            files.rename(manifestFile, damagedFile);
        }
        write(previous, null);
        recovery = new ManifestRecovery(damagedFile, problem, previous.version(), now);
        return previous;
    }

    /**
     * The new manifest was renamed into place but the directory could not be forced, so it may or may not survive a
     * crash. Write the previous manifest back so disk and snapshot agree again; if that fails too the commit is in
     * doubt. A failed first manifest (no previous) is left in place: it is empty, so either outcome is the same.
     */
    private void restore(final Manifest previous, final CatalogCommitException failure)
    {
        if (previous == null)
        {
            return;
        }
        try
        {
            files.write(tempFile, ManifestFile.encode(previous));
            files.force(tempFile);
            files.move(tempFile, manifestFile);
            files.forceDir(tableDir);
        }
        catch (final IOException ex)
        {
            failure.addSuppressed(ex);
            failure.markInDoubt();
            deleteTemp(failure);
        }
    }

    private void deleteTemp(final CatalogCommitException failure)
    {
        try
        {
            files.deleteIfExists(tempFile);
        }
        catch (final IOException ex)
        {
            failure.addSuppressed(ex);
        }
    }
}
