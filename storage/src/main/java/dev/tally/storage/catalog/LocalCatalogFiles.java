package dev.tally.storage.catalog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * {@link CatalogFiles} over java.nio on the local file system.
 */
final class LocalCatalogFiles implements CatalogFiles
{
    static final LocalCatalogFiles INSTANCE = new LocalCatalogFiles();

    /**
     * Linux and macOS can fsync a directory and a failure there is real; elsewhere (Windows) a directory cannot be
     * opened for it at all, so failures are ignored (as Lucene's {@code IOUtils.fsync} does).
     */
    private static final boolean CAN_FORCE_DIR;

    static
    {
        final String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        CAN_FORCE_DIR = os.contains("linux") || os.contains("mac");
    }

    private LocalCatalogFiles()
    {
    }

    public void createDirectories(final Path dir) throws IOException
    {
        Files.createDirectories(dir);
    }

    public boolean exists(final Path file)
    {
        return Files.exists(file);
    }

    public byte[] readAll(final Path file) throws IOException
    {
        return Files.readAllBytes(file);
    }

    public void write(final Path file, final byte[] bytes) throws IOException
    {
        try (FileChannel channel = FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
        {
            final ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining())
            {
                channel.write(buffer);
            }
        }
    }

    public void force(final Path file) throws IOException
    {
        // fsync through a second descriptor flushes all dirty pages of the file, whoever wrote them.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.force(true);
        }
    }

    public void move(final Path source, final Path target) throws IOException
    {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public void forceDir(final Path dir) throws IOException
    {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ex)
        {
            if (CAN_FORCE_DIR)
            {
                throw ex;
            }
        }
    }

    public void deleteIfExists(final Path file) throws IOException
    {
        Files.deleteIfExists(file);
    }
}
