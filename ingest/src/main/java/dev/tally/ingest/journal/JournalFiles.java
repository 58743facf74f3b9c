package dev.tally.ingest.journal;

import net.openhft.chronicle.queue.ChronicleQueue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Opening a journal's Chronicle Queue and moving its damaged files aside, shared by the push and dead-letter
 * journals. Stateless.
 */
final class JournalFiles
{
    static final int MAX_QUARANTINE_ROUNDS = 64;
    private static final String METADATA_SUFFIX = ".cq4t";

    private JournalFiles()
    {
    }

    /**
     * Builds the queue of {@code dir}; if that fails (a damaged metadata file, {@code metadata.cq4t}, which Chronicle
     * rebuilds from the cycle files), moves the metadata aside to {@code <dir>-damaged/} and builds once more.
     */
    static ChronicleQueue open(final File dir, final Supplier<ChronicleQueue> opener)
    {
        try
        {
            return opener.get();
        }
        catch (final RuntimeException ex)
        {
            final File[] metadata = dir.listFiles((d, name) -> name.endsWith(METADATA_SUFFIX));
            if (metadata == null || metadata.length == 0)
            {
                throw ex;
            }
            for (final File file : metadata)
            {
                try
                {
                    moveAside(file, dir.getName() + "-damaged");
                }
                catch (final IOException moveFailure)
                {
                    ex.addSuppressed(moveFailure);
                    throw ex;
                }
            }
            return opener.get();
        }
    }

    /** Moves {@code file} into the sibling directory {@code damagedDirName} of its directory; returns where to. */
    static Path moveAside(final File file, final String damagedDirName) throws IOException
    {
        final Path source = file.toPath();
        final Path dir = source.getParent().resolveSibling(damagedDirName);
        Files.createDirectories(dir);
        final Path target = dir.resolve(source.getFileName() + "." + System.currentTimeMillis());
        try
        {
            Files.move(source, target);
        }
        catch (final IOException ex)
        {
            throw new IOException("could not move damaged journal file[" + source + "] to[" + target + "]", ex);
        }
        return target;
    }
}
