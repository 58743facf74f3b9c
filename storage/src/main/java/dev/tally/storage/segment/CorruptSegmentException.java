package dev.tally.storage.segment;

import java.nio.file.Path;

/**
 * A segment file is damaged or not a segment this version can read: bad magic, unknown format version, truncation,
 * a checksum mismatch or an inconsistent structure. Names the file, and where known the column and block, so the
 * catalog can quarantine the segment and keep serving the rest.
 */
public final class CorruptSegmentException extends RuntimeException
{
    private final Path file;
    private final String column;
    private final int block;

    public CorruptSegmentException(final Path file, final String column, final int block, final String problem)
    {
        super(describe(file, column, block, problem));
        this.file = file;
        this.column = column;
        this.block = block;
    }

    public CorruptSegmentException(
        final Path file, final String column, final int block, final String problem, final Throwable cause)
    {
        super(describe(file, column, block, problem), cause);
        this.file = file;
        this.column = column;
        this.block = block;
    }

    public Path file()
    {
        return file;
    }

    /** The damaged column, or {@code null} when the damage is in the header or table of contents. */
    public String column()
    {
        return column;
    }

    /** The damaged block, or -1 when not a data block. */
    public int block()
    {
        return block;
    }

    private static String describe(final Path file, final String column, final int block, final String problem)
    {
        final StringBuilder text = new StringBuilder("corrupt segment[").append(file).append(']');
        if (column != null)
        {
            text.append(" column[").append(column).append(']');
        }
        if (block >= 0)
        {
            text.append(" block[").append(block).append(']');
        }
        return text.append(": ").append(problem).toString();
    }
}
