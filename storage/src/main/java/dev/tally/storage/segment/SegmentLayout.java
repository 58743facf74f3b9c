package dev.tally.storage.segment;

import java.nio.charset.StandardCharsets;

/**
 * The byte layout of a segment file, format version 2 (version 1, without carried columns, is read too). This class is the only place the layout lives. Every
 * integer is little-endian. Every byte of the file is covered by a check: the header by its own CRC32C and magic,
 * the table of contents (TOC) by the CRC in the header, each block table, dictionary and bitmap index by a CRC in
 * the TOC, and each data block by a CRC in its block table entry.
 *
 * <pre>
 * File:
 *  +---------------------------------------------------------------+
 *  | header (HEADER_LENGTH bytes, below)                           |
 *  +---------------------------------------------------------------+
 *  | data blocks, block tables, dictionaries, bitmap indexes; each |
 *  | section starts on an 8-byte boundary                         ...
 *  +---------------------------------------------------------------+
 *  | table of contents (TOC, below)                               ...
 *  +---------------------------------------------------------------+
 *  | tail magic "TALLYEND" (8 bytes)                               |
 *  +---------------------------------------------------------------+
 *
 * Header:
 *   0  magic "TALLYSEG"             8 bytes
 *   8  format version               int
 *  12  TOC length                   int
 *  16  TOC offset                   long
 *  24  TOC CRC32C                   int
 *  28  header CRC32C of bytes 0-27  int
 *
 * TOC:
 *   0  row count                    int
 *   4  rows per block               int
 *   8  block count                  int
 *  12  column count (time + stored) int
 *  16  min time                     long
 *  24  max time                     long
 *  32  column entries, the time column first, then dimensions, then metrics, then carried columns:
 *        name length                 short, then the UTF-8 name
 *        kind                        byte (0 time, 1 dimension, 2 metric, 3 carried)
 *        value type                  byte (ValueType ordinal)
 *        metric type                 byte (MetricType ordinal + 1, 0 for none)
 *        bit width                   byte (dimension id width)
 *        cardinality                 int  (dictionary entries, NULL not counted)
 *        flags                       int  (FLAG_HAS_NULLS)
 *        3 sections (block table, dictionary, bitmaps), each:
 *          offset long, length int, CRC32C int
 *
 * Block table entry (BLOCK_ENTRY_LENGTH bytes per block):
 *   0  offset of the stored block   long
 *   8  stored length                int
 *  12  raw (decoded) length         int
 *  16  CRC32C of the stored bytes   int
 *  20  codec                        byte (CODEC_RAW or CODEC_LZ4)
 *  21  bit width                    byte (time: delta width, or 64 for plain longs)
 *  22  zero                         short
 *  24  min                          long (double columns: raw bits of the double)
 *  32  max                          long
 * </pre>
 *
 * Block payloads once decoded: time = bit-packed deltas from the previous row, the first from the block min (or
 * plain longs at width 64); dimensions = bit-packed dictionary ids (0 is NULL, value {@code i} of the dictionary is id
 * {@code i + 1}); long metrics = frame of reference, each value minus the block min bit-packed at the block's width
 * (NULL rows hold the min; plain longs at width 64; width 0 is a constant block); double metrics = plain 8-byte
 * values; sketches = {@code rows + 1} int offsets then bytes.
 * Dimension bitmaps: one per id including NULL. Metric bitmaps: one bitmap of the rows that are NULL.
 * <p>
 * A carried column (version 2) holds, for the metric of the same name, the events of each row that carried the
 * metric's field, stored like a LONG metric without NULLs. It is written only where some rolled row mixes events with
 * and without the field; without it every event of a non-NULL row carried the field.
 */
public final class SegmentLayout
{
    public static final int FORMAT_VERSION = 2;
    /** The oldest version this build reads. */
    public static final int MIN_FORMAT_VERSION = 1;
    public static final byte[] MAGIC = "TALLYSEG".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] TAIL_MAGIC = "TALLYEND".getBytes(StandardCharsets.US_ASCII);

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int TOC_LENGTH_OFFSET = 12;
    public static final int TOC_OFFSET_OFFSET = 16;
    public static final int TOC_CRC_OFFSET = 24;
    public static final int HEADER_CRC_OFFSET = 28;
    public static final int HEADER_LENGTH = 32;
    public static final int TAIL_LENGTH = 8;

    public static final int TOC_ROW_COUNT_OFFSET = 0;
    public static final int TOC_BLOCK_ROWS_OFFSET = 4;
    public static final int TOC_BLOCK_COUNT_OFFSET = 8;
    public static final int TOC_COLUMN_COUNT_OFFSET = 12;
    public static final int TOC_MIN_TIME_OFFSET = 16;
    public static final int TOC_MAX_TIME_OFFSET = 24;
    public static final int TOC_COLUMNS_OFFSET = 32;

    public static final byte KIND_TIME = 0;
    public static final byte KIND_DIMENSION = 1;
    public static final byte KIND_METRIC = 2;
    public static final byte KIND_CARRIED = 3;

    public static final int FLAG_HAS_NULLS = 1;

    public static final int SECTION_BLOCK_TABLE = 0;
    public static final int SECTION_DICTIONARY = 1;
    public static final int SECTION_BITMAPS = 2;
    public static final int SECTION_COUNT = 3;
    public static final int SECTION_REF_LENGTH = 16;

    public static final int BLOCK_OFFSET_OFFSET = 0;
    public static final int BLOCK_STORED_LENGTH_OFFSET = 8;
    public static final int BLOCK_RAW_LENGTH_OFFSET = 12;
    public static final int BLOCK_CRC_OFFSET = 16;
    public static final int BLOCK_CODEC_OFFSET = 20;
    public static final int BLOCK_WIDTH_OFFSET = 21;
    public static final int BLOCK_ZERO_OFFSET = 22;
    public static final int BLOCK_MIN_OFFSET = 24;
    public static final int BLOCK_MAX_OFFSET = 32;
    public static final int BLOCK_ENTRY_LENGTH = 40;

    public static final byte CODEC_RAW = 0;
    public static final byte CODEC_LZ4 = 1;

    /** Time blocks whose deltas need more bits than this are stored as plain longs (width 64). */
    public static final int PLAIN_LONG_WIDTH = 64;

    public static final int DEFAULT_BLOCK_ROWS = 64 * 1024;

    private SegmentLayout()
    {
    }

    public static long align8(final long value)
    {
        return (value + 7) & ~7L;
    }
}
