package dev.tally.storage.segment;

import dev.tally.index.BitmapIndex;
import dev.tally.index.NumericDictionary;
import dev.tally.index.Utf8Dictionary;
import dev.tally.storage.codec.BitPacking;
import dev.tally.storage.read.DimensionReader;
import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.ValueType;
import org.agrona.concurrent.UnsafeBuffer;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

import java.nio.charset.StandardCharsets;

/**
 * A dimension column of a segment: a sorted dictionary, bit-packed ids per block, and one Roaring bitmap per id,
 * all read in place. Id 0 is NULL; dictionary entry {@code i} is id {@code i + 1}, so ids follow value order and a
 * value range or prefix is an id range. Thread-safe.
 */
public final class DimensionColumn implements DimensionReader
{
    private final ColumnSpec spec;
    private final int width;
    private final int cardinality;
    private final boolean hasNulls;
    private final ColumnBlocks blocks;
    private final Utf8Dictionary strings;
    private final NumericDictionary numbers;
    private final BitmapIndex bitmaps;

    DimensionColumn(
        final Segment segment, final ColumnSpec spec, final int width, final int cardinality, final boolean hasNulls,
        final long[] sections)
    {
        this.spec = spec;
        this.width = width;
        this.cardinality = cardinality;
        this.hasNulls = hasNulls;
        if (width != BitPacking.width(cardinality))
        {
            throw new IllegalStateException("id width[" + width + "] does not fit cardinality[" + cardinality + "]");
        }
        this.blocks = new ColumnBlocks(segment, spec.name(), ColumnBlocks.Payload.IDS, width, (int)sections[0],
            (int)sections[1]);
        final UnsafeBuffer dictionary = new UnsafeBuffer(segment.buffer(), (int)sections[3], (int)sections[4]);
        if (spec.type() == ValueType.STRING)
        {
            strings = new Utf8Dictionary(dictionary);
            numbers = null;
            checkSize(strings.size());
        }
        else
        {
            strings = null;
            numbers = new NumericDictionary(dictionary, spec.type() == ValueType.DOUBLE);
            checkSize(numbers.size());
        }
        this.bitmaps = new BitmapIndex(segment.mapped().slice((int)sections[6], (int)sections[7]));
        if (bitmaps.count() != cardinality + 1)
        {
            throw new IllegalStateException("bitmap count[" + bitmaps.count() + "] != ids[" + (cardinality + 1) + "]");
        }
    }

    private void checkSize(final int size)
    {
        if (size != cardinality)
        {
            throw new IllegalStateException("dictionary size[" + size + "] != cardinality[" + cardinality + "]");
        }
    }

    @Override
    public ColumnSpec spec()
    {
        return spec;
    }

    @Override
    public ValueType type()
    {
        return spec.type();
    }

    /** Distinct non-NULL values. */
    public int cardinality()
    {
        return cardinality;
    }

    /** Number of ids including NULL: ids are {@code [0, idCount())}. */
    @Override
    public int idCount()
    {
        return cardinality + 1;
    }

    @Override
    public boolean isSorted()
    {
        return true;
    }

    @Override
    public boolean hasBitmaps()
    {
        return true;
    }

    public boolean hasNulls()
    {
        return hasNulls;
    }

    /** Bits per packed id. */
    public int idWidth()
    {
        return width;
    }

    /** The string dictionary (entry {@code i} is id {@code i + 1}); only for STRING dimensions. */
    public Utf8Dictionary strings()
    {
        if (strings == null)
        {
            throw new IllegalStateException("dimension[" + spec.name() + "] is " + spec.type() + ", not STRING");
        }
        return strings;
    }

    /** The numeric dictionary (entry {@code i} is id {@code i + 1}); only for LONG and DOUBLE dimensions. */
    public NumericDictionary numbers()
    {
        if (numbers == null)
        {
            throw new IllegalStateException("dimension[" + spec.name() + "] is STRING, not numeric");
        }
        return numbers;
    }

    /** Id of a string value: {@link #NULL_ID} for {@code null}, or -1 when the segment does not hold it. */
    @Override
    public int idOf(final String value)
    {
        if (value == null)
        {
            return NULL_ID;
        }
        final int index = strings().find(value.getBytes(StandardCharsets.UTF_8));
        return index < 0 ? -1 : index + 1;
    }

    /** Id of a long value (LONG dimensions) or -1. */
    @Override
    public int idOf(final long value)
    {
        final int index = numbers().find(value);
        return index < 0 ? -1 : index + 1;
    }

    /** Id of a double value (DOUBLE dimensions) or -1. */
    @Override
    public int idOf(final double value)
    {
        final int index = numbers().find(Double.doubleToLongBits(value));
        return index < 0 ? -1 : index + 1;
    }

    /** The string of id {@code id}, {@code null} for NULL. */
    @Override
    public String stringValue(final int id)
    {
        return id == NULL_ID ? null : strings().value(id - 1);
    }

    @Override
    public long longValue(final int id)
    {
        return numbers().longValue(id - 1);
    }

    @Override
    public double doubleValue(final int id)
    {
        return numbers().doubleValue(id - 1);
    }

    /** The value of {@code id} as an object (String, Long or Double), {@code null} for NULL. Cold paths only. */
    @Override
    public Object value(final int id)
    {
        if (id == NULL_ID)
        {
            return null;
        }
        return switch (spec.type())
        {
            case STRING -> stringValue(id);
            case LONG -> longValue(id);
            case DOUBLE -> doubleValue(id);
            default -> throw new IllegalStateException("unreachable");
        };
    }

    /**
     * Ids of the string values starting with {@code prefix} as a half-open range packed into a long; read it with
     * {@link #rangeFrom(long)} and {@link #rangeTo(long)}. Empty when {@code from == to}.
     */
    public long prefixRange(final String prefix)
    {
        final long range = strings().prefixRange(prefix.getBytes(StandardCharsets.UTF_8));
        return range(Utf8Dictionary.rangeFrom(range) + 1, Utf8Dictionary.rangeTo(range) + 1);
    }

    /**
     * Ids of the string values in a range; a {@code null} bound is open. Packed like {@link #prefixRange(String)}.
     */
    public long valueRange(final String lower, final boolean lowerInclusive, final String upper,
        final boolean upperInclusive)
    {
        final Utf8Dictionary dictionary = strings();
        final int from = lower == null ? 0 : dictionary.lowerBound(lower.getBytes(StandardCharsets.UTF_8),
            !lowerInclusive);
        final int to = upper == null ? dictionary.size() : dictionary.lowerBound(
            upper.getBytes(StandardCharsets.UTF_8), upperInclusive);
        return range(from + 1, Math.max(from, to) + 1);
    }

    /** Ids of the numeric values in a range (long values, or double bits); packed like the others. */
    public long numericRange(final long lower, final boolean lowerInclusive, final long upper,
        final boolean upperInclusive)
    {
        final NumericDictionary dictionary = numbers();
        final int from = dictionary.lowerBound(lower, !lowerInclusive);
        final int to = dictionary.lowerBound(upper, upperInclusive);
        return range(from + 1, Math.max(from, to) + 1);
    }

    public static int rangeFrom(final long range)
    {
        return (int)(range >>> 32);
    }

    public static int rangeTo(final long range)
    {
        return (int)range;
    }

    private static long range(final int from, final int to)
    {
        return ((long)from << 32) | (to & 0xFFFF_FFFFL);
    }

    /** Rows (segment row numbers) holding id {@code id}, read in place. */
    @Override
    public ImmutableRoaringBitmap bitmap(final int id)
    {
        return bitmaps.bitmap(id);
    }

    /** Serialized size of id's bitmap; a cheap selectivity hint. */
    public int bitmapSizeInBytes(final int id)
    {
        return bitmaps.sizeInBytes(id);
    }

    @Override
    public int blockMinId(final int block)
    {
        return (int)blocks.min(block);
    }

    @Override
    public int blockMaxId(final int block)
    {
        return (int)blocks.max(block);
    }

    /** Whether block {@code block} is stored LZ4-compressed (otherwise its ids are scanned in place). */
    public boolean isCompressed(final int block)
    {
        return blocks.isCompressed(block);
    }

    /**
     * Decodes block {@code block}'s ids into {@code out[0, rows)}.
     *
     * @return the block's row count.
     */
    @Override
    public int readIds(final int block, final int[] out, final BlockScratch scratch)
    {
        blocks.load(block, scratch);
        final int rows = blocks.rows(block);
        BitPacking.unpack(scratch.source, scratch.offset, rows, width, out);
        return rows;
    }
}
