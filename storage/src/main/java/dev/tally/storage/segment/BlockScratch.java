package dev.tally.storage.segment;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.LongBuffer;

/**
 * Caller-owned, reusable decode state for reading blocks: the buffer LZ4 blocks are decompressed into, and after
 * each load the location of the decoded bytes (in the mapped file for raw blocks, here for compressed ones). One per
 * reading thread; grows to the largest block and is then allocation-free.
 */
public final class BlockScratch
{
    private ByteBuffer decoded = ByteBuffer.allocateDirect(0);
    private final UnsafeBuffer decodedView = new UnsafeBuffer(0, 0);
    private LongBuffer decodedLongs = decoded.asLongBuffer();
    private DoubleBuffer decodedDoubles = decoded.asDoubleBuffer();

    // where the last loaded block's decoded bytes are
    DirectBuffer source;
    LongBuffer longs;
    DoubleBuffer doubles;
    int offset;
    int length;

    /** A direct buffer of at least {@code capacity} bytes to decompress into. */
    ByteBuffer decodeBuffer(final int capacity)
    {
        if (decoded.capacity() < capacity)
        {
            final int size = Math.max(capacity, Math.min(Integer.MAX_VALUE - 8, decoded.capacity() * 2));
            decoded = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
            decodedView.wrap(decoded);
            decodedLongs = decoded.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
            decodedDoubles = decoded.duplicate().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        }
        return decoded;
    }

    void useDecoded(final int length)
    {
        this.source = decodedView;
        this.longs = decodedLongs;
        this.doubles = decodedDoubles;
        this.offset = 0;
        this.length = length;
    }

    void useMapped(final DirectBuffer file, final LongBuffer fileLongs, final DoubleBuffer fileDoubles,
        final int offset, final int length)
    {
        this.source = file;
        this.longs = fileLongs;
        this.doubles = fileDoubles;
        this.offset = offset;
        this.length = length;
    }
}
