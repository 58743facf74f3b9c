package dev.tally.ingest.rollup;

import org.agrona.DirectBuffer;
import org.apache.datasketches.hll.HllSketch;

import java.nio.ByteOrder;

/**
 * The HLL coupon of one value, computed exactly as DataSketches' {@code HllSketch.update} computes it, without
 * allocating: the 128-bit MurmurHash3 (x64, seed 9001) of the value's bytes, then {@code value << 26 | address}
 * with the low 26 bits of the first half as address and one plus the leading zeros of the second half (at most 62)
 * as value. A coupon is never 0, so 0 means "no value".
 * <p>
 * Why: most rows of a live index see a single distinct value of an HLL metric (a wide rollup barely rolls), and an
 * {@link HllSketch} per row costs an object graph of ~100 bytes. {@link LiveIndex} keeps that first coupon in an int
 * column instead and builds the sketch only when a second, different value arrives; {@link #compactImage} gives the
 * bytes {@code HllSketch.toCompactByteArray()} gives for a sketch that saw that one value, and {@link #sketchOf} the
 * updatable sketch in the same state. {@code HllCouponTest} holds both to the library, value by value.
 */
final class HllCoupon
{
    /** {@code org.apache.datasketches.common.Util.DEFAULT_UPDATE_SEED}. */
    static final long SEED = 9001L;

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    private static final int KEY_BITS = 26;
    private static final long KEY_MASK = (1L << KEY_BITS) - 1;
    /** Offset of the (single) coupon in a compact LIST-mode image: after the 8-byte preamble. */
    private static final int LIST_COUPON_OFFSET = 8;
    /** The library's compact image of a one-value sketch of {@link LiveIndex#HLL_LG_K}; only its coupon varies. */
    private static final byte[] ONE_COUPON_IMAGE = oneCouponImage();

    private HllCoupon()
    {
    }

    /** Coupon of the UTF-8 bytes {@code buffer[offset, offset + length)}, as {@code update(ByteBuffer)}; length > 0. */
    static int of(final DirectBuffer buffer, final int offset, final int length)
    {
        long h1 = SEED;
        long h2 = SEED;
        final int blocksEnd = offset + (length & ~15);
        int at = offset;
        while (at < blocksEnd)
        {
            final long k1 = buffer.getLong(at, ByteOrder.LITTLE_ENDIAN);
            final long k2 = buffer.getLong(at + 8, ByteOrder.LITTLE_ENDIAN);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27);
            h1 += h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31);
            h2 += h1;
            h2 = h2 * 5 + 0x38495ab5;
            at += 16;
        }
        final int rem = offset + length - at;
        long k1 = 0;
        long k2 = 0;
        if (rem > 8)
        {
            k1 = buffer.getLong(at, ByteOrder.LITTLE_ENDIAN);
            k2 = tail(buffer, at + 8, rem - 8);
        }
        else if (rem > 0)
        {
            k1 = tail(buffer, at, rem);
        }
        return finish(h1, h2, k1, k2, length);
    }

    /** Coupon of a long, as {@code update(long)}: the hash of its 8 little-endian bytes. */
    static int of(final long value)
    {
        return finish(SEED, SEED, value, 0, Long.BYTES);
    }

    /** Coupon of a double, as {@code update(double)}: -0.0 counts as 0.0 and every NaN as the canonical NaN. */
    static int of(final double value)
    {
        return of(Double.doubleToLongBits(value == 0.0 ? 0.0 : value));
    }

    /** What {@code toCompactByteArray()} gives for a sketch that saw only values of {@code coupon}. */
    static byte[] compactImage(final int coupon)
    {
        final byte[] image = ONE_COUPON_IMAGE.clone();
        putIntLittleEndian(image, LIST_COUPON_OFFSET, coupon);
        return image;
    }

    /** An updatable sketch in the state of one that saw only values of {@code coupon}. */
    static HllSketch sketchOf(final int coupon)
    {
        return HllSketch.heapify(compactImage(coupon));
    }

    private static long tail(final DirectBuffer buffer, final int at, final int count)
    {
        long out = 0;
        for (int i = count - 1; i >= 0; i--)
        {
            out = (out << 8) | (buffer.getByte(at + i) & 0xFFL);
        }
        return out;
    }

    private static int finish(long h1, long h2, final long k1, final long k2, final long length)
    {
        h1 ^= mixK1(k1);
        h2 ^= mixK2(k2);
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = finalMix(h1);
        h2 = finalMix(h2);
        h1 += h2;
        h2 += h1;
        final int address = (int)(h1 & KEY_MASK);
        final int value = Math.min(Long.numberOfLeadingZeros(h2), 62) + 1;
        return value << KEY_BITS | address;
    }

    private static long mixK1(final long k)
    {
        return Long.rotateLeft(k * C1, 31) * C2;
    }

    private static long mixK2(final long k)
    {
        return Long.rotateLeft(k * C2, 33) * C1;
    }

    private static long finalMix(long h)
    {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static void putIntLittleEndian(final byte[] bytes, final int at, final int value)
    {
        bytes[at] = (byte)value;
        bytes[at + 1] = (byte)(value >>> 8);
        bytes[at + 2] = (byte)(value >>> 16);
        bytes[at + 3] = (byte)(value >>> 24);
    }

    /**
     * Takes the image from the library itself, and checks at class load that it is what this class assumes (a
     * LIST-mode image holding exactly the one coupon at {@link #LIST_COUPON_OFFSET}), so a library upgrade that
     * changes the format fails loudly instead of writing different sketches.
     */
    private static byte[] oneCouponImage()
    {
        final HllSketch sketch = new HllSketch(LiveIndex.HLL_LG_K);
        sketch.update(1L);
        final byte[] image = sketch.toCompactByteArray();
        final int coupon = of(1L);
        final int stored = (image[LIST_COUPON_OFFSET] & 0xFF) | (image[LIST_COUPON_OFFSET + 1] & 0xFF) << 8 |
            (image[LIST_COUPON_OFFSET + 2] & 0xFF) << 16 | (image[LIST_COUPON_OFFSET + 3] & 0xFF) << 24;
        if (image.length != LIST_COUPON_OFFSET + Integer.BYTES || stored != coupon)
        {
            throw new IllegalStateException("DataSketches HLL compact image of one value is not an 8-byte preamble " +
                "and coupon[" + Integer.toHexString(coupon) + "]: length[" + image.length + "] stored[" +
                Integer.toHexString(stored) + "]");
        }
        return image;
    }
}
