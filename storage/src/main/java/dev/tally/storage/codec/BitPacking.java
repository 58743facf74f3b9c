package dev.tally.storage.codec;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Little-endian bit packing of non-negative integers at a fixed width of 0 to 56 bits. Value {@code i} occupies bits
 * {@code [i * width, (i + 1) * width)} of the packed area. Packed areas are followed by {@link #PADDING} zero bytes so
 * that every value is read with one unaligned 64-bit load.
 */
public final class BitPacking
{
    public static final int MAX_WIDTH = 56;
    public static final int PADDING = 8;

    private BitPacking()
    {
    }

    /** Bits needed to represent every value in {@code [0, maxValue]}. */
    public static int width(final long maxValue)
    {
        if (maxValue < 0)
        {
            throw new IllegalArgumentException("negative value[" + maxValue + "]");
        }
        return 64 - Long.numberOfLeadingZeros(maxValue);
    }

    /** Bytes of the packed area for {@code count} values of {@code width} bits, padding included. */
    public static int packedLength(final int count, final int width)
    {
        return (int)(((long)count * width + 7) >>> 3) + PADDING;
    }

    /** Packs {@code values[0, count)} into {@code out} starting at {@code offset}; returns bytes written. */
    public static int pack(final int[] values, final int count, final int width, final byte[] out, final int offset)
    {
        final int length = packedLength(count, width);
        java.util.Arrays.fill(out, offset, offset + length, (byte)0);
        if (width == 0)
        {
            return length;
        }
        long accumulator = 0;
        int bits = 0;
        int position = offset;
        for (int i = 0; i < count; i++)
        {
            accumulator |= (values[i] & 0xFFFF_FFFFL) << bits;
            bits += width;
            while (bits >= 8)
            {
                out[position++] = (byte)accumulator;
                accumulator >>>= 8;
                bits -= 8;
            }
        }
        if (bits > 0)
        {
            out[position] = (byte)accumulator;
        }
        return length;
    }

    /** Packs non-negative {@code values[0, count)} of up to {@link #MAX_WIDTH} bits; returns bytes written. */
    public static int pack(final long[] values, final int count, final int width, final byte[] out, final int offset)
    {
        if (width > MAX_WIDTH)
        {
            throw new IllegalArgumentException("bit width[" + width + "] over " + MAX_WIDTH);
        }
        final int length = packedLength(count, width);
        java.util.Arrays.fill(out, offset, offset + length, (byte)0);
        if (width == 0)
        {
            return length;
        }
        long accumulator = 0;
        int bits = 0;
        int position = offset;
        for (int i = 0; i < count; i++)
        {
            final long value = values[i];
            // at most 7 bits are pending, so value << bits fits when width <= 56
            accumulator |= value << bits;
            bits += width;
            while (bits >= 8)
            {
                out[position++] = (byte)accumulator;
                accumulator >>>= 8;
                bits -= 8;
            }
        }
        if (bits > 0)
        {
            out[position] = (byte)accumulator;
        }
        return length;
    }

    /** Unpacks {@code count} values of {@code width} bits (at most 32) from {@code buffer[offset...]} into ints. */
    public static void unpack(
        final DirectBuffer buffer, final int offset, final int count, final int width, final int[] out)
    {
        if (width == 0)
        {
            java.util.Arrays.fill(out, 0, count, 0);
            return;
        }
        final long mask = (1L << width) - 1;
        long bit = 0;
        for (int i = 0; i < count; i++)
        {
            final long word = buffer.getLong(offset + (int)(bit >>> 3), ByteOrder.LITTLE_ENDIAN);
            out[i] = (int)((word >>> (bit & 7)) & mask);
            bit += width;
        }
    }

    /**
     * Unpacks {@code count} values of {@code width} bits (at most 56) from {@code buffer[offset...]} into longs,
     * adding {@code base} to each (frame of reference) in the same pass.
     */
    public static void unpack(
        final DirectBuffer buffer, final int offset, final int count, final int width, final long base,
        final long[] out)
    {
        if (width == 0)
        {
            java.util.Arrays.fill(out, 0, count, base);
            return;
        }
        final long mask = (1L << width) - 1;
        long bit = 0;
        for (int i = 0; i < count; i++)
        {
            final long word = buffer.getLong(offset + (int)(bit >>> 3), ByteOrder.LITTLE_ENDIAN);
            out[i] = base + ((word >>> (bit & 7)) & mask);
            bit += width;
        }
    }

    /** Unpacks {@code count} values of {@code width} bits (at most 56) from {@code buffer[offset...]} into longs. */
    public static void unpack(
        final DirectBuffer buffer, final int offset, final int count, final int width, final long[] out)
    {
        if (width == 0)
        {
            java.util.Arrays.fill(out, 0, count, 0L);
            return;
        }
        final long mask = (1L << width) - 1;
        long bit = 0;
        for (int i = 0; i < count; i++)
        {
            final long word = buffer.getLong(offset + (int)(bit >>> 3), ByteOrder.LITTLE_ENDIAN);
            out[i] = (word >>> (bit & 7)) & mask;
            bit += width;
        }
    }
}
