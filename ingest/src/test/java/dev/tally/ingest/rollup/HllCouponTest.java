package dev.tally.ingest.rollup;

import org.agrona.concurrent.UnsafeBuffer;
import org.apache.datasketches.hll.HllSketch;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class HllCouponTest
{
    private static final long SEED = 0x5EED_C0DEL;

    @Test
    void stringCouponImageIsTheLibrarysOneValueSketch()
    {
        System.out.println("HllCouponTest seed " + SEED);
        final Random random = new Random(SEED);
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(512));
        for (int i = 0; i < 5_000; i++)
        {
            final String value = randomString(random, 1 + random.nextInt(i < 200 ? 40 : 130));
            final byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            final int offset = random.nextInt(64);
            buffer.putBytes(offset, utf8);

            final HllSketch byString = sketch();
            byString.update(value);
            final HllSketch byBuffer = sketch();
            byBuffer.update(ByteBuffer.wrap(utf8));
            final byte[] image = HllCoupon.compactImage(HllCoupon.of(buffer, offset, utf8.length));

            assertThat(image).as("value[%s]", value).isEqualTo(byString.toCompactByteArray())
                .isEqualTo(byBuffer.toCompactByteArray());
        }
    }

    @Test
    void longCouponImageIsTheLibrarysOneValueSketch()
    {
        final Random random = new Random(SEED + 1);
        final long[] edges = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32, 42};
        for (int i = 0; i < 5_000; i++)
        {
            final long value = i < edges.length ? edges[i] : i % 2 == 0 ? random.nextLong() : random.nextInt(1000);
            final HllSketch library = sketch();
            library.update(value);
            assertThat(HllCoupon.compactImage(HllCoupon.of(value))).as("value[%d]", value)
                .isEqualTo(library.toCompactByteArray());
        }
    }

    @Test
    void doubleCouponImageIsTheLibrarysOneValueSketchIncludingSignedZeroAndNaNs()
    {
        final Random random = new Random(SEED + 2);
        final double[] edges = {0.0, -0.0, Double.NaN, Double.longBitsToDouble(0x7ff8_0000_0000_0001L),
            Double.longBitsToDouble(0xfff8_0000_0000_0000L), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, Double.MAX_VALUE, 1.5};
        for (int i = 0; i < 5_000; i++)
        {
            final double value = i < edges.length ? edges[i] : (random.nextDouble() - 0.5) * Math.pow(10, i % 12);
            final HllSketch library = sketch();
            library.update(value);
            assertThat(HllCoupon.compactImage(HllCoupon.of(value))).as("value[%s]", value)
                .isEqualTo(library.toCompactByteArray());
        }
        assertThat(HllCoupon.of(-0.0)).isEqualTo(HllCoupon.of(0.0));
    }

    @Test
    void sketchSeededFromACouponThenUpdatedEqualsTheLibrarysSketchThroughEveryMode()
    {
        final Random random = new Random(SEED + 3);
        // 1..300 values crosses LIST (8 coupons), SET and HLL mode at lgK 12
        for (int n = 2; n <= 300; n += n < 20 ? 1 : 7)
        {
            final long[] values = new long[n];
            for (int i = 0; i < n; i++)
            {
                values[i] = random.nextInt(3) == 0 && i > 0 ? values[random.nextInt(i)] : random.nextLong();
            }
            final HllSketch library = sketch();
            for (final long value : values)
            {
                library.update(value);
            }
            final HllSketch seeded = HllCoupon.sketchOf(HllCoupon.of(values[0]));
            for (int i = 1; i < n; i++)
            {
                seeded.update(values[i]);
            }
            assertThat(seeded.toCompactByteArray()).as("%d values", n).isEqualTo(library.toCompactByteArray());
            assertThat(seeded.toUpdatableByteArray()).as("%d values", n).isEqualTo(library.toUpdatableByteArray());
            assertThat(seeded.getEstimate()).isEqualTo(library.getEstimate());
        }
    }

    private static HllSketch sketch()
    {
        return new HllSketch(LiveIndex.HLL_LG_K);
    }

    private static String randomString(final Random random, final int length)
    {
        final StringBuilder value = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            final int kind = random.nextInt(10);
            value.append(kind < 7 ? (char)('a' + random.nextInt(26)) : kind < 9 ? (char)(0xA0 + random.nextInt(0x700)) :
                "\uD83D\uDE00");
        }
        return value.toString();
    }
}
