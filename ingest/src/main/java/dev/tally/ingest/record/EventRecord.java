package dev.tally.ingest.record;

/**
 * Binary layout of one parsed event, as sources write it into the table's ring buffer and the rollup writer reads
 * it. Records are packed back to back inside one ring-buffer message (a batch); each starts 8-byte aligned. All
 * numbers are little-endian (the buffers' native order on the platforms Tally runs on).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Record Length (padded)                    |
 *  +---------------------------------------------------------------+
 *  |                       Source Partition                        |
 *  +---------------------------------------------------------------+
 *  |                                                               |
 *  +                 Source Offset (position)                      +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                                                               |
 *  +                  Timestamp (epoch millis)                     +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                            Flags                              |
 *  +---------------------------------------------------------------+
 *  |                       Field Count (F)                         |
 *  +---------------------------------------------------------------+
 *  |  F values: dimensions in schema order, then one per metric    |
 *  |  that reads a field (count metrics carry none)              ...
 *  +---------------------------------------------------------------+
 * </pre>
 * A value is a one-byte tag and its payload:
 * <pre>
 *   TAG_NULL   (0)                      the event lacks the field
 *   TAG_LONG   (1) 8-byte long
 *   TAG_DOUBLE (2) 8-byte double
 *   TAG_STRING (3) 4-byte length L, then L bytes of UTF-8
 * </pre>
 * A record with {@link #FLAG_SKIPPED} carries no event, only its position: the source rejected the event (bad input)
 * but the position must still advance, so a restart does not read it again. Its field count is 0.
 */
public final class EventRecord
{
    public static final int LENGTH_OFFSET = 0;
    public static final int PARTITION_OFFSET = 4;
    public static final int OFFSET_OFFSET = 8;
    public static final int TIMESTAMP_OFFSET = 16;
    public static final int FLAGS_OFFSET = 24;
    public static final int FIELD_COUNT_OFFSET = 28;
    public static final int HEADER_LENGTH = 32;

    public static final int ALIGNMENT = 8;

    public static final int FLAG_SKIPPED = 1;

    public static final byte TAG_NULL = 0;
    public static final byte TAG_LONG = 1;
    public static final byte TAG_DOUBLE = 2;
    public static final byte TAG_STRING = 3;

    /** Bytes of a tag. */
    public static final int TAG_LENGTH = 1;
    /** Bytes of a string value's length prefix. */
    public static final int STRING_LENGTH_LENGTH = 4;

    /** Ring-buffer message type of a batch of records. */
    public static final int BATCH_MSG_TYPE_ID = 1;

    private EventRecord()
    {
    }

    /** {@code length} rounded up to {@link #ALIGNMENT}. */
    public static int align(final int length)
    {
        return (length + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /** Length of a skipped record (header only). */
    public static int skippedLength()
    {
        return HEADER_LENGTH;
    }
}
