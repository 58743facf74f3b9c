package dev.tally.storage.catalog;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A manifest file that cannot be trusted: wrong magic or format version, a malformed header, a body whose length or
 * CRC32C differs from the header, or a body that is not a valid manifest. The message names the file and the fault.
 */
public final class CorruptManifestException extends IOException
{
    private static final long serialVersionUID = 1L;

    private final Path file;

    public CorruptManifestException(final Path file, final String problem)
    {
        this(file, problem, null);
    }

    public CorruptManifestException(final Path file, final String problem, final Throwable cause)
    {
        super("corrupt manifest file[" + file + "]: " + problem, cause);
        this.file = file;
    }

    public Path file()
    {
        return file;
    }
}
