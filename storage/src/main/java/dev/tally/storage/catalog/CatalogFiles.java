package dev.tally.storage.catalog;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Every file-system operation the catalog performs, so tests can wrap {@link #local()} and fail any one of them
 * (the idea of QuestDB's {@code FilesFacade}). Implementations must be thread-safe.
 */
public interface CatalogFiles
{
    /** The real file system. */
    static CatalogFiles local()
    {
        return LocalCatalogFiles.INSTANCE;
    }

    /** Creates the directory and its parents if missing. */
    void createDirectories(Path dir) throws IOException;

    boolean exists(Path file);

    byte[] readAll(Path file) throws IOException;

    /** Creates or truncates {@code file} and writes all of {@code bytes}; does not force them to storage. */
    void write(Path file, byte[] bytes) throws IOException;

    /** Forces the content and metadata of {@code file} to storage (fsync). */
    void force(Path file) throws IOException;

    /** Atomically renames {@code source} to {@code target}, replacing it. */
    void move(Path source, Path target) throws IOException;

    /** Forces a directory's entries to storage, so a rename inside it survives a crash. */
    void forceDir(Path dir) throws IOException;

    void deleteIfExists(Path file) throws IOException;

    /** Makes {@code link} a second name (hard link) of the existing file {@code existing}. */
    default void link(final Path link, final Path existing) throws IOException
    {
        java.nio.file.Files.createLink(link, existing);
    }

    /** Renames {@code source} to {@code target}, which must not exist (not necessarily atomic). */
    default void rename(final Path source, final Path target) throws IOException
    {
        java.nio.file.Files.move(source, target);
    }
}
