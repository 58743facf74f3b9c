package dev.tally.storage.segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Buffered sequential writer of one segment file being built; owns the file channel until closed. */
final class SegmentOutput implements AutoCloseable
{
    private static final int BUFFER_SIZE = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
    private long position;

    SegmentOutput(final Path file) throws IOException
    {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    }

    long position()
    {
        return position;
    }

    void write(final byte[] bytes, final int offset, final int length) throws IOException
    {
        int done = 0;
        while (done < length)
        {
            if (!buffer.hasRemaining())
            {
                drain();
            }
            final int chunk = Math.min(buffer.remaining(), length - done);
            buffer.put(bytes, offset + done, chunk);
            done += chunk;
        }
        position += length;
    }

    void writeZeros(final int count) throws IOException
    {
        for (int i = 0; i < count; i++)
        {
            if (!buffer.hasRemaining())
            {
                drain();
            }
            buffer.put((byte)0);
        }
        position += count;
    }

    void align8() throws IOException
    {
        writeZeros((int)(SegmentLayout.align8(position) - position));
    }

    /** Flushes buffered bytes, then writes {@code bytes} at absolute {@code offset} (used for the header). */
    void writeAt(final long offset, final byte[] bytes) throws IOException
    {
        drain();
        final ByteBuffer src = ByteBuffer.wrap(bytes);
        long at = offset;
        while (src.hasRemaining())
        {
            at += channel.write(src, at);
        }
    }

    /** Flushes and forces content and metadata to the device. */
    void sync() throws IOException
    {
        drain();
        channel.force(true);
    }

    private void drain() throws IOException
    {
        buffer.flip();
        while (buffer.hasRemaining())
        {
            channel.write(buffer);
        }
        buffer.clear();
    }

    Path file()
    {
        return file;
    }

    @Override
    public void close() throws IOException
    {
        channel.close();
    }
}
