package dev.tally.ingest.record;

import org.agrona.MutableDirectBuffer;

import java.util.Arrays;

/**
 * The values of the event being parsed, one slot per record value (dimensions in schema order, then one per metric
 * that reads a field), and the event's timestamp: what {@link EventParser}'s jackson path and its
 * fast path fill, and what becomes the {@link EventRecord}. Strings are kept as UTF-8 in
 * one reused byte array. Reused event after event; single-threaded.
 */
final class EventValues
{
    final byte[] tags;
    final long[] numbers;
    final int[] stringStarts;
    final int[] stringLengths;
    byte[] strings = new byte[1024];
    int stringsLength;
    long timestamp;
    boolean hasTimestamp;

    EventValues(final int count)
    {
        tags = new byte[count];
        numbers = new long[count];
        stringStarts = new int[count];
        stringLengths = new int[count];
    }

    int count()
    {
        return tags.length;
    }

    /** Forgets the previous event: every value NULL, no timestamp. */
    void reset()
    {
        Arrays.fill(tags, EventRecord.TAG_NULL);
        stringsLength = 0;
        hasTimestamp = false;
    }

    /** The strings array with room for {@code length} more bytes after {@link #stringsLength}. */
    byte[] stringRoom(final int length)
    {
        if (stringsLength + length > strings.length)
        {
            strings = Arrays.copyOf(strings, Math.max(strings.length * 2, stringsLength + length));
        }
        return strings;
    }

    /** Slot {@code index} is the {@code length} bytes written at {@link #stringsLength}. */
    void endString(final int index, final int length)
    {
        tags[index] = EventRecord.TAG_STRING;
        stringStarts[index] = stringsLength;
        stringLengths[index] = length;
        stringsLength += length;
    }

    void putNull(final int index)
    {
        tags[index] = EventRecord.TAG_NULL;
    }

    void putLong(final int index, final long value)
    {
        tags[index] = EventRecord.TAG_LONG;
        numbers[index] = value;
    }

    void putDouble(final int index, final double value)
    {
        tags[index] = EventRecord.TAG_DOUBLE;
        numbers[index] = Double.doubleToRawLongBits(value);
    }

    void putTimestamp(final long millis)
    {
        timestamp = millis;
        hasTimestamp = true;
    }

    /** Bytes of the record these values make, aligned. */
    int recordLength()
    {
        int length = EventRecord.HEADER_LENGTH;
        for (int i = 0; i < tags.length; i++)
        {
            final byte tag = tags[i];
            length += EventRecord.TAG_LENGTH + (tag == EventRecord.TAG_LONG || tag == EventRecord.TAG_DOUBLE ? 8 :
                tag == EventRecord.TAG_STRING ? EventRecord.STRING_LENGTH_LENGTH + stringLengths[i] : 0);
        }
        return EventRecord.align(length);
    }

    /** Writes the record ({@link #recordLength()} bytes, which must fit) at {@code dst[dstOffset]}. */
    void writeRecord(final int partition, final long position, final MutableDirectBuffer dst, final int dstOffset,
        final int recordLength)
    {
        dst.putInt(dstOffset + EventRecord.LENGTH_OFFSET, recordLength);
        dst.putInt(dstOffset + EventRecord.PARTITION_OFFSET, partition);
        dst.putLong(dstOffset + EventRecord.OFFSET_OFFSET, position);
        dst.putLong(dstOffset + EventRecord.TIMESTAMP_OFFSET, timestamp);
        dst.putInt(dstOffset + EventRecord.FLAGS_OFFSET, 0);
        dst.putInt(dstOffset + EventRecord.FIELD_COUNT_OFFSET, tags.length);
        int at = dstOffset + EventRecord.HEADER_LENGTH;
        for (int i = 0; i < tags.length; i++)
        {
            final byte tag = tags[i];
            dst.putByte(at, tag);
            at += EventRecord.TAG_LENGTH;
            if (tag == EventRecord.TAG_LONG || tag == EventRecord.TAG_DOUBLE)
            {
                dst.putLong(at, numbers[i]);
                at += 8;
            }
            else if (tag == EventRecord.TAG_STRING)
            {
                dst.putInt(at, stringLengths[i]);
                dst.putBytes(at + EventRecord.STRING_LENGTH_LENGTH, strings, stringStarts[i], stringLengths[i]);
                at += EventRecord.STRING_LENGTH_LENGTH + stringLengths[i];
            }
        }
    }
}
