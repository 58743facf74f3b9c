package dev.tally.storage.segment;

import dev.tally.index.BitmapIndexWriter;
import dev.tally.index.DictionaryWriter;
import dev.tally.storage.codec.BitPacking;
import dev.tally.storage.codec.Checksums;
import dev.tally.storage.codec.Lz4Codec;
import dev.tally.storage.read.DictionaryBuilder;
import dev.tally.storage.read.RowBuffer;
import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;
import org.agrona.ExpandableArrayBuffer;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import static dev.tally.storage.segment.SegmentLayout.*;

/**
 * Builds one immutable segment file from rows appended in any order. Rows are buffered column by column, sorted by
 * (time, dimensions) at {@link #write(Path)}, and written in the format of {@link SegmentLayout}. The writer does not
 * roll rows up; equal keys stay separate rows. Single-threaded; owns the file it writes until the write returns.
 *
 * <pre>
 *   writer.row(time).dimension(0, "US").dimension(1, null).metric(0, 1L).metric(1, 2.5).endRow();
 * </pre>
 * Dimensions not set in a row are NULL; metrics not set are NULL.
 */
public final class SegmentWriter
{
    /** Layout choices. {@code lz4MaxRatio}: a block is stored LZ4-compressed only if that shrinks it to this share. */
    public record Options(int blockRows, double lz4MaxRatio)
    {
        public static final Options DEFAULT = new Options(DEFAULT_BLOCK_ROWS, 0.5);

        public Options
        {
            if (blockRows < 1 || blockRows > (1 << 24))
            {
                throw new IllegalArgumentException("blockRows[" + blockRows + "] not in [1, 2^24]");
            }
        }
    }

    private final RowSchema schema;
    private final Options options;
    private final RowBuffer buffer;
    private final int dimensionCount;
    private final int metricCount;

    // write-time state
    private int rowCount;
    private byte[] payload = new byte[0];
    private byte[] compressed = new byte[0];

    public SegmentWriter(final RowSchema schema)
    {
        this(schema, Options.DEFAULT);
    }

    public SegmentWriter(final RowSchema schema, final Options options)
    {
        this(new RowBuffer(schema), options);
    }

    /** A writer of rows already buffered (a frozen in-memory index, for example). */
    public SegmentWriter(final RowBuffer rows, final Options options)
    {
        this.schema = rows.schema();
        this.options = options;
        this.buffer = rows;
        this.dimensionCount = schema.dimensions().size();
        this.metricCount = schema.metrics().size();
    }

    public RowSchema schema()
    {
        return schema;
    }

    /** The rows to write; append with {@code rows().row(time)...endRow()}. */
    public RowBuffer rows()
    {
        return buffer;
    }

    public int rowCount()
    {
        return buffer.rowCount();
    }

    /** Starts a row: shorthand for {@code rows().row(time)}. */
    public RowBuffer row(final long time)
    {
        return buffer.row(time);
    }

    /**
     * Sorts the rows and writes the segment to {@code file} (through a temporary sibling, fsynced, then renamed, so
     * a crash never leaves a partial file under the final name).
     */
    public SegmentInfo write(final Path file) throws IOException
    {
        if (buffer.isInRow())
        {
            throw new IllegalStateException("write() inside a row");
        }
        rowCount = buffer.rowCount();
        for (int d = 0; d < dimensionCount; d++)
        {
            buffer.dictionary(d).sort();
        }
        final int[] order = sortedRowOrder();
        final Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        final ExpandableArrayBuffer toc = new ExpandableArrayBuffer(4096);
        final int blockRows = options.blockRows();
        final int blockCount = (rowCount + blockRows - 1) / blockRows;
        final long minTime = rowCount == 0 ? 0 : buffer.time(order[0]);
        final long maxTime = rowCount == 0 ? 0 : buffer.time(order[rowCount - 1]);
        toc.putInt(TOC_ROW_COUNT_OFFSET, rowCount, ByteOrder.LITTLE_ENDIAN);
        toc.putInt(TOC_BLOCK_ROWS_OFFSET, blockRows, ByteOrder.LITTLE_ENDIAN);
        toc.putInt(TOC_BLOCK_COUNT_OFFSET, blockCount, ByteOrder.LITTLE_ENDIAN);
        toc.putInt(TOC_COLUMN_COUNT_OFFSET, 1 + dimensionCount + metricCount, ByteOrder.LITTLE_ENDIAN);
        toc.putLong(TOC_MIN_TIME_OFFSET, minTime, ByteOrder.LITTLE_ENDIAN);
        toc.putLong(TOC_MAX_TIME_OFFSET, maxTime, ByteOrder.LITTLE_ENDIAN);
        int tocLength = TOC_COLUMNS_OFFSET;

        final long size;
        try (SegmentOutput out = new SegmentOutput(temp))
        {
            out.writeZeros(HEADER_LENGTH);
            tocLength = writeTime(out, order, blockCount, toc, tocLength);
            for (int d = 0; d < dimensionCount; d++)
            {
                tocLength = writeDimension(out, d, order, blockCount, toc, tocLength);
            }
            for (int m = 0; m < metricCount; m++)
            {
                tocLength = writeMetric(out, m, false, order, blockCount, toc, tocLength);
            }
            int carriedColumns = 0;
            for (int m = 0; m < metricCount; m++)
            {
                if (needsCarried(m))
                {
                    tocLength = writeMetric(out, m, true, order, blockCount, toc, tocLength);
                    carriedColumns++;
                }
            }
            toc.putInt(TOC_COLUMN_COUNT_OFFSET, 1 + dimensionCount + metricCount + carriedColumns,
                ByteOrder.LITTLE_ENDIAN);
            out.align8();
            final long tocOffset = out.position();
            out.write(toc.byteArray(), 0, tocLength);
            out.write(TAIL_MAGIC, 0, TAIL_MAGIC.length);
            size = out.position();
            if (size > Integer.MAX_VALUE)
            {
                throw new IOException(
                    "segment[" + file + "] too large[" + size + " bytes]: write fewer rows per segment");
            }
            out.writeAt(0, header(tocOffset, tocLength, Checksums.crc32c(toc.byteArray(), 0, tocLength)));
            out.sync();
        }
        catch (final IOException | RuntimeException ex)
        {
            Files.deleteIfExists(temp);
            throw ex;
        }
        moveAtomically(temp, file);
        return new SegmentInfo(file, rowCount, size, minTime, maxTime);
    }

    private static ExpandableArrayBuffer blockTable(final int blockCount)
    {
        return new ExpandableArrayBuffer(BLOCK_ENTRY_LENGTH * Math.max(1, blockCount));
    }

    private static byte[] header(final long tocOffset, final int tocLength, final int tocCrc)
    {
        final ExpandableArrayBuffer header = new ExpandableArrayBuffer(HEADER_LENGTH);
        header.putBytes(MAGIC_OFFSET, MAGIC);
        header.putInt(VERSION_OFFSET, FORMAT_VERSION, ByteOrder.LITTLE_ENDIAN);
        header.putInt(TOC_LENGTH_OFFSET, tocLength, ByteOrder.LITTLE_ENDIAN);
        header.putLong(TOC_OFFSET_OFFSET, tocOffset, ByteOrder.LITTLE_ENDIAN);
        header.putInt(TOC_CRC_OFFSET, tocCrc, ByteOrder.LITTLE_ENDIAN);
        header.putInt(HEADER_CRC_OFFSET, Checksums.crc32c(header.byteArray(), 0, HEADER_CRC_OFFSET),
            ByteOrder.LITTLE_ENDIAN);
        return Arrays.copyOf(header.byteArray(), HEADER_LENGTH);
    }

    private int writeTime(
        final SegmentOutput out, final int[] order, final int blockCount, final ExpandableArrayBuffer toc,
        final int tocOffset) throws IOException
    {
        final ExpandableArrayBuffer blockTable = blockTable(blockCount);
        final long[] deltas = new long[Math.min(options.blockRows(), Math.max(rowCount, 1))];
        for (int b = 0; b < blockCount; b++)
        {
            final int from = b * options.blockRows();
            final int rows = Math.min(options.blockRows(), rowCount - from);
            final long min = buffer.time(order[from]);
            final long max = buffer.time(order[from + rows - 1]);
            long maxDelta = 0;
            long previous = min;
            boolean overflow = false;
            for (int i = 0; i < rows; i++)
            {
                final long time = buffer.time(order[from + i]);
                final long delta = time - previous;
                overflow |= delta < 0;
                deltas[i] = delta;
                maxDelta = Math.max(maxDelta, delta);
                previous = time;
            }
            final int width = overflow ? PLAIN_LONG_WIDTH : BitPacking.width(maxDelta);
            final int rawLength;
            if (width > BitPacking.MAX_WIDTH)
            {
                rawLength = rows * 8;
                ensurePayload(rawLength);
                for (int i = 0; i < rows; i++)
                {
                    putLong(payload, i * 8, buffer.time(order[from + i]));
                }
                writeBlock(out, blockTable, b, rawLength, PLAIN_LONG_WIDTH, min, max);
            }
            else
            {
                rawLength = BitPacking.packedLength(rows, width);
                ensurePayload(rawLength);
                BitPacking.pack(deltas, rows, width, payload, 0);
                writeBlock(out, blockTable, b, rawLength, width, min, max);
            }
        }
        final long[] sections = new long[SECTION_COUNT * 2];
        writeSection(out, blockTable, blockCount * BLOCK_ENTRY_LENGTH, sections, SECTION_BLOCK_TABLE);
        return putColumnEntry(toc, tocOffset, RowSchema.TIME_COLUMN, KIND_TIME, ValueType.LONG, 0, 0, 0, 0, sections);
    }

    private int writeDimension(
        final SegmentOutput out, final int d, final int[] order, final int blockCount,
        final ExpandableArrayBuffer toc, final int tocOffset) throws IOException
    {
        final ColumnSpec column = schema.dimensions().get(d);
        final DictionaryBuilder dictionary = buffer.dictionary(d);
        final int[] remap = dictionary.remap();
        final int cardinality = dictionary.sortedSize();
        final int width = BitPacking.width(cardinality);
        final int[] sortedIds = new int[rowCount];
        boolean hasNulls = false;
        for (int i = 0; i < rowCount; i++)
        {
            sortedIds[i] = remap[buffer.dimensionId(d, order[i])];
            hasNulls |= sortedIds[i] == 0;
        }

        final ExpandableArrayBuffer blockTable = blockTable(blockCount);
        final int[] blockIds = new int[Math.min(options.blockRows(), Math.max(rowCount, 1))];
        for (int b = 0; b < blockCount; b++)
        {
            final int from = b * options.blockRows();
            final int rows = Math.min(options.blockRows(), rowCount - from);
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            for (int i = 0; i < rows; i++)
            {
                final int id = sortedIds[from + i];
                blockIds[i] = id;
                min = Math.min(min, id);
                max = Math.max(max, id);
            }
            final int rawLength = BitPacking.packedLength(rows, width);
            ensurePayload(rawLength);
            BitPacking.pack(blockIds, rows, width, payload, 0);
            writeBlock(out, blockTable, b, rawLength, width, min, max);
        }
        final long[] sections = new long[SECTION_COUNT * 2];
        writeSection(out, blockTable, blockCount * BLOCK_ENTRY_LENGTH, sections, SECTION_BLOCK_TABLE);

        final ExpandableArrayBuffer dictionaryBytes = new ExpandableArrayBuffer(1024);
        final int dictionaryLength = column.type() == ValueType.STRING ?
            DictionaryWriter.writeUtf8(dictionary.sortedStrings(), cardinality, dictionaryBytes, 0) :
            DictionaryWriter.writeNumeric(
                dictionary.sortedNumerics(), cardinality, column.type() == ValueType.DOUBLE, dictionaryBytes, 0);
        writeSection(out, dictionaryBytes, dictionaryLength, sections, SECTION_DICTIONARY);

        writeBitmaps(out, sortedIds, cardinality + 1, sections);
        return putColumnEntry(toc, tocOffset, column.name(), KIND_DIMENSION, column.type(), 0, width, cardinality,
            hasNulls ? FLAG_HAS_NULLS : 0, sections);
    }

    /** One bitmap per id in {@code [0, idCount)}: rows grouped by id with a counting sort, built one at a time. */
    private void writeBitmaps(
        final SegmentOutput out, final int[] sortedIds, final int idCount, final long[] sections) throws IOException
    {
        final int[] starts = new int[idCount + 1];
        for (int i = 0; i < rowCount; i++)
        {
            starts[sortedIds[i] + 1]++;
        }
        for (int id = 0; id < idCount; id++)
        {
            starts[id + 1] += starts[id];
        }
        final int[] rows = new int[rowCount];
        final int[] next = Arrays.copyOf(starts, idCount);
        for (int i = 0; i < rowCount; i++)
        {
            rows[next[sortedIds[i]]++] = i;
        }
        final BitmapIndexWriter bitmaps = new BitmapIndexWriter();
        bitmaps.begin(idCount);
        for (int id = 0; id < idCount; id++)
        {
            bitmaps.add(rows, starts[id], starts[id + 1] - starts[id]);
        }
        final int length = bitmaps.finish();
        writeSection(out, (ExpandableArrayBuffer)bitmaps.buffer(), length, sections, SECTION_BITMAPS);
    }

    /**
     * Writes metric {@code m}, or with {@code carried} its carried counts (a LONG column without NULLs under the
     * metric's name, {@link SegmentLayout#KIND_CARRIED}).
     */
    private int writeMetric(
        final SegmentOutput out, final int m, final boolean carried, final int[] order, final int blockCount,
        final ExpandableArrayBuffer toc, final int tocOffset) throws IOException
    {
        final ColumnSpec metric = schema.metrics().get(m);
        final ColumnSpec column = carried ? ColumnSpec.metric(metric.name(), MetricType.LONG_SUM) : metric;
        final ExpandableArrayBuffer blockTable = blockTable(blockCount);
        final int[] nullRows = new int[rowCount];
        final long[] offsets = new long[Math.min(options.blockRows(), Math.max(rowCount, 1))];
        int nullCount = 0;
        for (int b = 0; b < blockCount; b++)
        {
            final int from = b * options.blockRows();
            final int rows = Math.min(options.blockRows(), rowCount - from);
            long min;
            long max;
            int width = 0;
            final int rawLength;
            if (column.type() == ValueType.SKETCH)
            {
                int bytes = 0;
                for (int i = 0; i < rows; i++)
                {
                    final byte[] value = buffer.sketch(m, order[from + i]);
                    bytes += value == null ? 0 : value.length;
                }
                rawLength = 4 * (rows + 1) + bytes;
                ensurePayload(rawLength);
                int position = 4 * (rows + 1);
                putInt(payload, 0, position);
                for (int i = 0; i < rows; i++)
                {
                    final byte[] value = buffer.sketch(m, order[from + i]);
                    if (value != null)
                    {
                        System.arraycopy(value, 0, payload, position, value.length);
                        position += value.length;
                    }
                    putInt(payload, 4 * (i + 1), position);
                }
                min = 0;
                max = 0;
            }
            else
            {
                final boolean isDouble = column.type() == ValueType.DOUBLE;
                long minLong = Long.MAX_VALUE;
                long maxLong = Long.MIN_VALUE;
                double minDouble = Double.POSITIVE_INFINITY;
                double maxDouble = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < rows; i++)
                {
                    final int row = order[from + i];
                    if (!isNull(m, row, carried))
                    {
                        final long value = bits(m, row, carried);
                        if (isDouble)
                        {
                            final double v = Double.longBitsToDouble(value);
                            // NaN propagates to both bounds, which then prune nothing
                            minDouble = Math.min(minDouble, v);
                            maxDouble = Math.max(maxDouble, v);
                        }
                        else
                        {
                            minLong = Math.min(minLong, value);
                            maxLong = Math.max(maxLong, value);
                        }
                    }
                }
                min = isDouble ? Double.doubleToRawLongBits(minDouble) : minLong;
                max = isDouble ? Double.doubleToRawLongBits(maxDouble) : maxLong;
                if (isDouble)
                {
                    rawLength = rows * 8;
                    ensurePayload(rawLength);
                    for (int i = 0; i < rows; i++)
                    {
                        putLong(payload, 8 * i, bits(m, order[from + i], carried));
                    }
                }
                else
                {
                    // frame of reference: value - block min, bit-packed; NULL rows store the min
                    final boolean allNull = minLong > maxLong;
                    final long range = allNull ? 0 : maxLong - minLong;
                    width = range < 0 ? PLAIN_LONG_WIDTH : BitPacking.width(range);
                    if (width > BitPacking.MAX_WIDTH)
                    {
                        width = PLAIN_LONG_WIDTH;
                        rawLength = rows * 8;
                        ensurePayload(rawLength);
                        for (int i = 0; i < rows; i++)
                        {
                            putLong(payload, 8 * i, bits(m, order[from + i], carried));
                        }
                    }
                    else
                    {
                        final long base = allNull ? 0 : minLong;
                        for (int i = 0; i < rows; i++)
                        {
                            final int row = order[from + i];
                            offsets[i] = isNull(m, row, carried) ? 0 : bits(m, row, carried) - base;
                        }
                        rawLength = BitPacking.packedLength(rows, width);
                        ensurePayload(rawLength);
                        BitPacking.pack(offsets, rows, width, payload, 0);
                    }
                }
            }
            for (int i = 0; i < rows; i++)
            {
                final int row = order[from + i];
                if (isNull(m, row, carried))
                {
                    nullRows[nullCount++] = from + i;
                }
            }
            writeBlock(out, blockTable, b, rawLength, width, min, max);
        }
        final long[] sections = new long[SECTION_COUNT * 2];
        writeSection(out, blockTable, blockCount * BLOCK_ENTRY_LENGTH, sections, SECTION_BLOCK_TABLE);
        if (nullCount > 0)
        {
            final BitmapIndexWriter bitmaps = new BitmapIndexWriter();
            bitmaps.begin(1);
            bitmaps.add(nullRows, 0, nullCount);
            final int length = bitmaps.finish();
            writeSection(out, (ExpandableArrayBuffer)bitmaps.buffer(), length, sections, SECTION_BITMAPS);
        }
        return putColumnEntry(toc, tocOffset, column.name(), carried ? KIND_CARRIED : KIND_METRIC, column.type(),
            carried ? 0 : column.metricType().ordinal() + 1, 0, 0, nullCount > 0 ? FLAG_HAS_NULLS : 0, sections);
    }

    private boolean isNull(final int m, final int row, final boolean carried)
    {
        return !carried && buffer.isNull(m, row);
    }

    private long bits(final int m, final int row, final boolean carried)
    {
        return carried ? buffer.carried(m, row) : buffer.metricBits(m, row);
    }

    /**
     * Whether metric {@code m} needs its carried counts stored: some row's events did not all carry the field (a
     * rolled row mixing both); otherwise a reader counts all events of each non-NULL row.
     */
    private boolean needsCarried(final int m)
    {
        final int count = schema.countMetricIndex();
        if (!buffer.hasCarried(m) || !schema.mayCarry(m) || count < 0)
        {
            return false;
        }
        for (int row = 0; row < rowCount; row++)
        {
            if (!buffer.isNull(m, row) && buffer.carried(m, row) != buffer.metricBits(count, row))
            {
                return true;
            }
        }
        return false;
    }

    /** Writes {@code payload[0, rawLength)} as block {@code block}, LZ4-compressed when that pays. */
    private void writeBlock(
        final SegmentOutput out, final ExpandableArrayBuffer blockTable, final int block, final int rawLength,
        final int width, final long min, final long max) throws IOException
    {
        final int bound = Lz4Codec.maxCompressedLength(rawLength);
        if (compressed.length < bound)
        {
            compressed = new byte[Math.max(bound, compressed.length * 2)];
        }
        final int compressedLength = Lz4Codec.compress(payload, 0, rawLength, compressed, 0);
        final boolean useLz4 = compressedLength <= rawLength * options.lz4MaxRatio();
        final byte[] stored = useLz4 ? compressed : payload;
        final int storedLength = useLz4 ? compressedLength : rawLength;
        out.align8();
        final long offset = out.position();
        out.write(stored, 0, storedLength);
        final int entry = block * BLOCK_ENTRY_LENGTH;
        blockTable.putLong(entry + BLOCK_OFFSET_OFFSET, offset, ByteOrder.LITTLE_ENDIAN);
        blockTable.putInt(entry + BLOCK_STORED_LENGTH_OFFSET, storedLength, ByteOrder.LITTLE_ENDIAN);
        blockTable.putInt(entry + BLOCK_RAW_LENGTH_OFFSET, rawLength, ByteOrder.LITTLE_ENDIAN);
        blockTable.putInt(entry + BLOCK_CRC_OFFSET, Checksums.crc32c(stored, 0, storedLength), ByteOrder.LITTLE_ENDIAN);
        blockTable.putByte(entry + BLOCK_CODEC_OFFSET, useLz4 ? CODEC_LZ4 : CODEC_RAW);
        blockTable.putByte(entry + BLOCK_WIDTH_OFFSET, (byte)width);
        blockTable.putShort(entry + BLOCK_ZERO_OFFSET, (short)0, ByteOrder.LITTLE_ENDIAN);
        blockTable.putLong(entry + BLOCK_MIN_OFFSET, min, ByteOrder.LITTLE_ENDIAN);
        blockTable.putLong(entry + BLOCK_MAX_OFFSET, max, ByteOrder.LITTLE_ENDIAN);
    }

    private static void writeSection(
        final SegmentOutput out, final ExpandableArrayBuffer bytes, final int length, final long[] sections,
        final int section) throws IOException
    {
        out.align8();
        sections[2 * section] = out.position();
        final int crc = Checksums.crc32c(bytes.byteArray(), 0, length);
        sections[2 * section + 1] = ((long)length << 32) | (crc & 0xFFFF_FFFFL);
        out.write(bytes.byteArray(), 0, length);
    }

    private static int putColumnEntry(
        final ExpandableArrayBuffer toc, final int offset, final String name, final byte kind, final ValueType type,
        final int metricType, final int width, final int cardinality, final int flags, final long[] sections)
    {
        final byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        int position = offset;
        toc.putShort(position, (short)nameBytes.length, ByteOrder.LITTLE_ENDIAN);
        position += 2;
        toc.putBytes(position, nameBytes);
        position += nameBytes.length;
        toc.putByte(position++, kind);
        toc.putByte(position++, (byte)type.ordinal());
        toc.putByte(position++, (byte)metricType);
        toc.putByte(position++, (byte)width);
        toc.putInt(position, cardinality, ByteOrder.LITTLE_ENDIAN);
        position += 4;
        toc.putInt(position, flags, ByteOrder.LITTLE_ENDIAN);
        position += 4;
        for (int s = 0; s < SECTION_COUNT; s++)
        {
            toc.putLong(position, sections[2 * s], ByteOrder.LITTLE_ENDIAN);
            toc.putInt(position + 8, (int)(sections[2 * s + 1] >>> 32), ByteOrder.LITTLE_ENDIAN);
            toc.putInt(position + 12, (int)sections[2 * s + 1], ByteOrder.LITTLE_ENDIAN);
            position += SECTION_REF_LENGTH;
        }
        return position;
    }

    /** Row order sorted by time, then each dimension's sorted id. */
    private int[] sortedRowOrder()
    {
        final int[][] keys = new int[dimensionCount][];
        for (int d = 0; d < dimensionCount; d++)
        {
            final int[] remap = buffer.dictionary(d).remap();
            final int[] sorted = new int[rowCount];
            for (int i = 0; i < rowCount; i++)
            {
                sorted[i] = remap[buffer.dimensionId(d, i)];
            }
            keys[d] = sorted;
        }
        final int[] order = new int[rowCount];
        for (int i = 0; i < rowCount; i++)
        {
            order[i] = i;
        }
        RowSort.sort(order, (a, b) ->
        {
            int cmp = Long.compare(buffer.time(a), buffer.time(b));
            for (int d = 0; cmp == 0 && d < keys.length; d++)
            {
                cmp = Integer.compare(keys[d][a], keys[d][b]);
            }
            return cmp;
        });
        return order;
    }

    private void ensurePayload(final int length)
    {
        if (payload.length < length)
        {
            payload = new byte[Math.max(length, payload.length * 2)];
        }
    }

    private static void putLong(final byte[] bytes, final int offset, final long value)
    {
        for (int i = 0; i < 8; i++)
        {
            bytes[offset + i] = (byte)(value >>> (8 * i));
        }
    }

    private static void putInt(final byte[] bytes, final int offset, final int value)
    {
        for (int i = 0; i < 4; i++)
        {
            bytes[offset + i] = (byte)(value >>> (8 * i));
        }
    }

    private static void moveAtomically(final Path from, final Path to) throws IOException
    {
        try
        {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        final Path dir = to.toAbsolutePath().getParent();
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ignored)
        {
            // some file systems refuse to fsync a directory; the rename is still ordered after the file's fsync
        }
    }
}
