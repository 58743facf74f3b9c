package dev.tally.storage.codec;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BitPackingTest
{
    @Property(tries = 400)
    void intsRoundTripAtEveryWidth(@ForAll @IntRange(max = 32) final int width,
        @ForAll @IntRange(max = 300) final int count, @ForAll final long seed)
    {
        final Random random = new Random(seed);
        final int[] values = new int[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = width == 0 ? 0 : (int)(random.nextLong() & ((1L << width) - 1));
        }
        final byte[] packed = new byte[BitPacking.packedLength(count, width) + 5];
        final int length = BitPacking.pack(values, count, width, packed, 5);
        assertThat(length).isEqualTo(BitPacking.packedLength(count, width));
        final int[] out = new int[count];
        BitPacking.unpack(new UnsafeBuffer(packed), 5, count, width, out);
        assertThat(out).isEqualTo(values);
    }

    @Property(tries = 400)
    void longsRoundTripAtEveryWidth(@ForAll @IntRange(max = 56) final int width,
        @ForAll @IntRange(max = 300) final int count, @ForAll final long seed)
    {
        final Random random = new Random(seed);
        final long[] values = new long[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = width == 0 ? 0 : random.nextLong() & ((1L << width) - 1);
        }
        final byte[] packed = new byte[BitPacking.packedLength(count, width)];
        BitPacking.pack(values, count, width, packed, 0);
        final long[] out = new long[count];
        BitPacking.unpack(new UnsafeBuffer(packed), 0, count, width, out);
        assertThat(out).isEqualTo(values);
    }

    @Property
    void widthCoversTheValue(@ForAll final long value)
    {
        final long positive = value & Long.MAX_VALUE;
        final int width = BitPacking.width(positive);
        assertThat(width == 64 || positive >>> width == 0).isTrue();
        assertThat(width == 0 || positive >>> (width - 1) == 1).isTrue();
    }
}
