package dev.tally.storage.catalog;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The segment files of one table directory and its {@code quarantine/} subdirectory; {@link TableSegments} owns
 * them through this class, which deletes, moves and cleans up those files and nothing else (the catalog's
 * {@code manifest} files are left alone). Stateless, so safe from any thread.
 */
final class SegmentDirectory
{
    /** Suffix of segment files a fallen-back manifest no longer names, kept in {@code quarantine/}. */
    static final String UNLISTED_SUFFIX = ".unlisted";

    private final Path tableDir;
    private final Path quarantineDir;

    SegmentDirectory(final Path tableDir)
    {
        this.tableDir = tableDir;
        this.quarantineDir = tableDir.resolve(TableSegments.QUARANTINE_DIR_NAME);
    }

    Path tableDir()
    {
        return tableDir;
    }

    Path quarantineDir()
    {
        return quarantineDir;
    }

    Path file(final SegmentDescriptor segment)
    {
        return tableDir.resolve(segment.fileName());
    }

    /**
     * Deletes what a crash can leave behind: {@code .seg} files that {@code manifest} names neither live nor
     * quarantined (written but never committed, or removed but not yet deleted) and {@code *.tmp} files other than
     * the catalog's {@link Catalog#TEMP_FILE_NAME}. Then moves files of quarantined segments still in the table
     * directory into {@code quarantine/}.
     *
     * @param keepUnlisted move unnamed {@code .seg} files into {@code quarantine/} (suffixed {@value #UNLISTED_SUFFIX})
     *                     instead of deleting them: after the catalog fell back to an older manifest they may be
     *                     committed segments the damaged manifest named, kept for inspection.
     */
    void cleanUp(final Manifest manifest, final boolean keepUnlisted) throws IOException
    {
        final Set<String> named = namedFiles(manifest);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tableDir))
        {
            for (final Path entry : entries)
            {
                final String name = entry.getFileName().toString();
                final boolean isUnlisted = name.endsWith(SegmentDescriptor.FILE_SUFFIX) && !named.contains(name);
                final boolean isOrphan = isUnlisted ||
                    name.endsWith(TableSegments.TEMP_FILE_SUFFIX) && !name.equals(Catalog.TEMP_FILE_NAME);
                if (!isOrphan || !Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS))
                {
                    continue;
                }
                if (isUnlisted && keepUnlisted)
                {
                    Files.createDirectories(quarantineDir);
                    Files.move(entry, quarantineDir.resolve(name + UNLISTED_SUFFIX), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                }
                else
                {
                    Files.deleteIfExists(entry);
                }
            }
        }
        for (final QuarantinedSegment entry : manifest.quarantined())
        {
            moveToQuarantine(entry.segment());
        }
    }

    /** Moves the segment's file into {@code quarantine/}, if it is still in the table directory. */
    void moveToQuarantine(final SegmentDescriptor segment) throws IOException
    {
        final Path file = file(segment);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS))
        {
            Files.createDirectories(quarantineDir);
            Files.move(file, quarantineDir.resolve(segment.fileName()), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * Deletes the file of a removed segment, unless {@code latest} names that file again: a later commit may have
     * added a segment under the same name, and that file is not the removed one.
     */
    void deleteRemoved(final SegmentDescriptor segment, final Manifest latest) throws IOException
    {
        if (!namedFiles(latest).contains(segment.fileName()))
        {
            Files.deleteIfExists(file(segment));
        }
    }

    private static Set<String> namedFiles(final Manifest manifest)
    {
        final Set<String> named = new HashSet<>();
        for (final SegmentDescriptor segment : manifest.segments())
        {
            named.add(segment.fileName());
        }
        for (final QuarantinedSegment entry : manifest.quarantined())
        {
            named.add(entry.segment().fileName());
        }
        return named;
    }
}
