package dev.tally.ingest.record;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Flyweight over one {@link EventRecord}: {@link #wrap} locates the values once, the accessors read them in place.
 * One instance reads any number of records; nothing is allocated per record (except by {@link #string(int)}, for
 * tests and cold paths). Single-threaded.
 */
public final class EventRecordReader
{
    private DirectBuffer buffer;
    private int offset;
    private int[] valueOffsets = new int[16];
    private int fieldCount;

    /** Wraps the record at {@code offset}; returns its length. */
    public int wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        fieldCount = buffer.getInt(offset + EventRecord.FIELD_COUNT_OFFSET);
        if (valueOffsets.length < fieldCount)
        {
            valueOffsets = new int[Math.max(fieldCount, valueOffsets.length * 2)];
        }
        int at = offset + EventRecord.HEADER_LENGTH;
        for (int i = 0; i < fieldCount; i++)
        {
            valueOffsets[i] = at;
            final byte tag = buffer.getByte(at);
            at += EventRecord.TAG_LENGTH;
            if (tag == EventRecord.TAG_LONG || tag == EventRecord.TAG_DOUBLE)
            {
                at += 8;
            }
            else if (tag == EventRecord.TAG_STRING)
            {
                at += EventRecord.STRING_LENGTH_LENGTH + buffer.getInt(at);
            }
        }
        return length();
    }

    public int length()
    {
        return buffer.getInt(offset + EventRecord.LENGTH_OFFSET);
    }

    public int partition()
    {
        return buffer.getInt(offset + EventRecord.PARTITION_OFFSET);
    }

    /** Position of the event in its source partition (Kafka offset, journal index). */
    public long position()
    {
        return buffer.getLong(offset + EventRecord.OFFSET_OFFSET);
    }

    public long timestamp()
    {
        return buffer.getLong(offset + EventRecord.TIMESTAMP_OFFSET);
    }

    public boolean isSkipped()
    {
        return (buffer.getInt(offset + EventRecord.FLAGS_OFFSET) & EventRecord.FLAG_SKIPPED) != 0;
    }

    public int fieldCount()
    {
        return fieldCount;
    }

    public byte tag(final int field)
    {
        return buffer.getByte(valueOffsets[field]);
    }

    /** A LONG value, or a DOUBLE value's raw bits. */
    public long bits(final int field)
    {
        return buffer.getLong(valueOffsets[field] + EventRecord.TAG_LENGTH);
    }

    public long longValue(final int field)
    {
        return bits(field);
    }

    public double doubleValue(final int field)
    {
        return Double.longBitsToDouble(bits(field));
    }

    /** Offset in {@link #buffer()} of a STRING value's UTF-8 bytes. */
    public int stringOffset(final int field)
    {
        return valueOffsets[field] + EventRecord.TAG_LENGTH + EventRecord.STRING_LENGTH_LENGTH;
    }

    public int stringLength(final int field)
    {
        return buffer.getInt(valueOffsets[field] + EventRecord.TAG_LENGTH);
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** A STRING value as a String (allocates), {@code null} for NULL. */
    public String string(final int field)
    {
        if (tag(field) != EventRecord.TAG_STRING)
        {
            return null;
        }
        final byte[] bytes = new byte[stringLength(field)];
        buffer.getBytes(stringOffset(field), bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
