package dev.tally.index;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Serializes sorted, distinct dictionary entries in the layouts read by {@link Utf8Dictionary} and
 * {@link NumericDictionary}. Callers sort and de-duplicate; the writers check order so a bug cannot produce a
 * dictionary that binary search would misread.
 */
public final class DictionaryWriter
{
    private DictionaryWriter()
    {
    }

    /** Serialized size of a UTF-8 dictionary with these entries. */
    public static long utf8Length(final byte[][] entries, final int count)
    {
        long length = Utf8Dictionary.OFFSETS_OFFSET + 4L * (count + 1);
        for (int i = 0; i < count; i++)
        {
            length += entries[i].length;
        }
        return length;
    }

    /**
     * Writes {@code entries[0, count)} (strictly increasing in unsigned byte order) at {@code offset}.
     *
     * @return bytes written.
     */
    public static int writeUtf8(
        final byte[][] entries, final int count, final MutableDirectBuffer out, final int offset)
    {
        out.putInt(offset + Utf8Dictionary.COUNT_OFFSET, count, ByteOrder.LITTLE_ENDIAN);
        final int bytesStart = offset + Utf8Dictionary.OFFSETS_OFFSET + 4 * (count + 1);
        int position = 0;
        out.putInt(offset + Utf8Dictionary.OFFSETS_OFFSET, 0, ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++)
        {
            if (i > 0 && java.util.Arrays.compareUnsigned(entries[i - 1], entries[i]) >= 0)
            {
                throw new IllegalArgumentException("dictionary entries not strictly sorted at[" + i + "]");
            }
            out.putBytes(bytesStart + position, entries[i]);
            position += entries[i].length;
            out.putInt(offset + Utf8Dictionary.OFFSETS_OFFSET + 4 * (i + 1), position, ByteOrder.LITTLE_ENDIAN);
        }
        return bytesStart + position - offset;
    }

    /**
     * Writes {@code values[0, count)} (longs, or double bits when {@code isDouble}; strictly increasing) at
     * {@code offset}.
     *
     * @return bytes written.
     */
    public static int writeNumeric(
        final long[] values, final int count, final boolean isDouble, final MutableDirectBuffer out, final int offset)
    {
        out.putInt(offset + NumericDictionary.COUNT_OFFSET, count, ByteOrder.LITTLE_ENDIAN);
        out.putInt(offset + NumericDictionary.COUNT_OFFSET + 4, 0, ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                final int cmp = isDouble ?
                    Double.compare(Double.longBitsToDouble(values[i - 1]), Double.longBitsToDouble(values[i])) :
                    Long.compare(values[i - 1], values[i]);
                if (cmp >= 0)
                {
                    throw new IllegalArgumentException("dictionary entries not strictly sorted at[" + i + "]");
                }
            }
            out.putLong(offset + NumericDictionary.VALUES_OFFSET + 8 * i, values[i], ByteOrder.LITTLE_ENDIAN);
        }
        return NumericDictionary.VALUES_OFFSET + 8 * count;
    }
}
