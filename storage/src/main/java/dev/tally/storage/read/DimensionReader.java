package dev.tally.storage.read;

import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.ValueType;
import dev.tally.storage.segment.BlockScratch;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

/**
 * Block-at-a-time access to one dimension as dictionary ids. Id {@link #NULL_ID} is NULL; ids are dense in
 * {@code [0, idCount())}. In a segment ids follow value order ({@link #isSorted()}) and every id has a bitmap; a live
 * index hands out ids in arrival order and may have no bitmaps, so filters match the dictionary once and then test
 * ids.
 */
public interface DimensionReader
{
    int NULL_ID = 0;

    ColumnSpec spec();

    default ValueType type()
    {
        return spec().type();
    }

    /** Number of ids including NULL. */
    int idCount();

    /** Whether ids follow the values' order (then a value range is an id range). */
    boolean isSorted();

    /** The value of a STRING dimension's id; {@code null} for NULL. */
    String stringValue(int id);

    long longValue(int id);

    double doubleValue(int id);

    /** The value as String, Long or Double; {@code null} for NULL. Cold paths only. */
    default Object value(final int id)
    {
        if (id == NULL_ID)
        {
            return null;
        }
        return switch (type())
        {
            case STRING -> stringValue(id);
            case LONG -> longValue(id);
            case DOUBLE -> doubleValue(id);
            default -> throw new IllegalStateException("dimension[" + spec().name() + "] of type " + type());
        };
    }

    /** Id of a string value, {@link #NULL_ID} for {@code null}, -1 when absent. */
    int idOf(String value);

    int idOf(long value);

    int idOf(double value);

    /** Whether {@link #bitmap(int)} is available. */
    boolean hasBitmaps();

    /** Rows holding {@code id}; only when {@link #hasBitmaps()}. */
    ImmutableRoaringBitmap bitmap(int id);

    int blockMinId(int block);

    int blockMaxId(int block);

    /** Decodes the block's ids into {@code out[0, rows)}; returns the row count. */
    int readIds(int block, int[] out, BlockScratch scratch);
}
