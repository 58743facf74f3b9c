package dev.tally.storage.catalog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    private final Path tableDir;
    private final Path manifestFile;
    private final Path tempFile;
    private final CatalogFiles files;
    private final ReentrantLock commitLock = new ReentrantLock();
    /** Written only under {@link #commitLock}, after the manifest file is in place; read lock-free. */
    private volatile Manifest current;

    private Catalog(final Path tableDir, final CatalogFiles files)
    {
        this.tableDir = tableDir;
        this.manifestFile = tableDir.resolve(MANIFEST_FILE_NAME);
        this.tempFile = tableDir.resolve(TEMP_FILE_NAME);
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
     *
     * @throws CorruptManifestException if the manifest file exists but cannot be trusted.
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

    /** Adds segments and sets source positions in one commit, as a persist does. */
    public Manifest addSegments(final Collection<SegmentDescriptor> segments, final Map<String, Long> positions)
        throws CatalogCommitException
    {
        return commit(manifest -> manifest.withSegmentsAdded(segments).withSourcePositions(positions));
    }

    /** Removes {@code removedIds} and adds {@code added} in one commit, as compaction, retention and batch load do. */
    public Manifest replaceSegments(final Collection<String> removedIds, final Collection<SegmentDescriptor> added)
        throws CatalogCommitException
    {
        return commit(manifest -> manifest.withSegmentsRemoved(removedIds).withSegmentsAdded(added));
    }

    /** Commits the move of a live segment to the quarantined list, stamped with the current time. */
    public Manifest quarantine(final String segmentId, final String reason) throws CatalogCommitException
    {
        final long now = System.currentTimeMillis();
        return commit(manifest -> manifest.withQuarantined(segmentId, reason, now));
    }

    private void load() throws IOException
    {
        files.createDirectories(tableDir);
        files.deleteIfExists(tempFile);
        if (files.exists(manifestFile))
        {
            current = ManifestFile.decode(manifestFile, files.readAll(manifestFile));
        }
        else
        {
            final Manifest empty = Manifest.empty();
            write(empty, null);
            current = empty;
        }
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
