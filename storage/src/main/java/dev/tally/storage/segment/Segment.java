package dev.tally.storage.segment;

import dev.tally.storage.codec.Checksums;
import dev.tally.storage.read.MetricReader;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.LongBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.tally.storage.segment.SegmentLayout.*;

/**
 * An open, immutable segment file, memory-mapped read-only; columns are read block by block in place and never
 * copied onto the heap whole. Opening verifies the header, the table of contents and the checksums of every block
 * table, dictionary and bitmap index; data blocks are verified the first time they are read. Any damage raises
 * {@link CorruptSegmentException}. Thread-safe for reading; owns the mapping until {@link #close()}, which the
 * caller must only call once no reader uses the segment (unmapping under a reader would crash the JVM).
 */
public final class Segment implements RowSource, AutoCloseable
{
    private final Path file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private final LongBuffer longs;
    private final DoubleBuffer doubles;
    private final long dataEnd;
    private final int rowCount;
    private final int blockRows;
    private final int blockCount;
    private final long minTime;
    private final long maxTime;
    private final RowSchema schema;
    private final TimeColumn time;
    private final DimensionColumn[] dimensions;
    private final MetricColumn[] metrics;
    private final Map<String, Integer> dimensionIndex = new HashMap<>();
    private long[] extents = new long[64];
    private int extentCount;
    /** Every column's blocks, for {@link #verify()}; filled while the constructor runs, then read only. */
    private final List<ColumnBlocks> columnBlocks = new ArrayList<>();

    private Segment(final Path file, final MappedByteBuffer mapped)
    {
        this.file = file;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
        this.longs = mapped.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        this.doubles = mapped.duplicate().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        final long size = buffer.capacity();

        if (!Arrays.equals(bytes(MAGIC_OFFSET, MAGIC.length), MAGIC))
        {
            throw corrupt("bad magic: not a Tally segment");
        }
        if (Checksums.crc32c(mapped, 0, HEADER_CRC_OFFSET) != buffer.getInt(HEADER_CRC_OFFSET, ByteOrder.LITTLE_ENDIAN))
        {
            throw corrupt("header checksum mismatch");
        }
        final int version = buffer.getInt(VERSION_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (version < MIN_FORMAT_VERSION || version > FORMAT_VERSION)
        {
            throw corrupt("unsupported format version[" + version + "], this build reads " + MIN_FORMAT_VERSION +
                " to " + FORMAT_VERSION);
        }
        final long tocOffset = buffer.getLong(TOC_OFFSET_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final int tocLength = buffer.getInt(TOC_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (tocOffset < HEADER_LENGTH || tocLength < TOC_COLUMNS_OFFSET || tocOffset + tocLength + TAIL_LENGTH != size)
        {
            throw corrupt("truncated or extended: size[" + size + "] does not match table of contents[offset " +
                tocOffset + ", length " + tocLength + "]");
        }
        if (!Arrays.equals(bytes((int)(size - TAIL_LENGTH), TAIL_LENGTH), TAIL_MAGIC))
        {
            throw corrupt("bad tail magic");
        }
        final int toc = (int)tocOffset;
        if (Checksums.crc32c(mapped, toc, tocLength) != buffer.getInt(TOC_CRC_OFFSET, ByteOrder.LITTLE_ENDIAN))
        {
            throw corrupt("table of contents checksum mismatch");
        }
        this.dataEnd = tocOffset;
        this.rowCount = buffer.getInt(toc + TOC_ROW_COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        this.blockRows = buffer.getInt(toc + TOC_BLOCK_ROWS_OFFSET, ByteOrder.LITTLE_ENDIAN);
        this.blockCount = buffer.getInt(toc + TOC_BLOCK_COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        this.minTime = buffer.getLong(toc + TOC_MIN_TIME_OFFSET, ByteOrder.LITTLE_ENDIAN);
        this.maxTime = buffer.getLong(toc + TOC_MAX_TIME_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final int columnCount = buffer.getInt(toc + TOC_COLUMN_COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (rowCount < 0 || blockRows < 1 || blockCount != (int)((rowCount + (long)blockRows - 1) / blockRows) ||
            columnCount < 1)
        {
            throw corrupt("inconsistent counts[rows " + rowCount + ", block rows " + blockRows + ", blocks " +
                blockCount + ", columns " + columnCount + "]");
        }

        final List<ColumnSpec> dimensionSpecs = new ArrayList<>();
        final List<ColumnSpec> metricSpecs = new ArrayList<>();
        final List<DimensionColumn> dimensionColumns = new ArrayList<>();
        final List<MetricColumn> metricColumns = new ArrayList<>();
        TimeColumn timeColumn = null;
        final TocCursor cursor = new TocCursor(toc + TOC_COLUMNS_OFFSET, toc + tocLength);
        for (int c = 0; c < columnCount; c++)
        {
            final String name = cursor.name();
            final int kind = cursor.u8();
            final int typeOrdinal = cursor.u8();
            final int metricOrdinal = cursor.u8();
            final int width = cursor.u8();
            final int cardinality = cursor.int32();
            final int flags = cursor.int32();
            final long[] sections = new long[SECTION_COUNT * 3];
            for (int s = 0; s < SECTION_COUNT; s++)
            {
                sections[3 * s] = cursor.int64();
                sections[3 * s + 1] = cursor.int32();
                sections[3 * s + 2] = cursor.int32();
                checkSection(name, s, sections[3 * s], sections[3 * s + 1], (int)sections[3 * s + 2]);
            }
            if (typeOrdinal >= ValueType.values().length || metricOrdinal > MetricType.values().length ||
                (c == 0) != (kind == KIND_TIME) || cardinality < 0 || (flags & ~FLAG_HAS_NULLS) != 0)
            {
                throw new CorruptSegmentException(file, name, -1, "bad column entry");
            }
            final ValueType type = ValueType.values()[typeOrdinal];
            try
            {
                if (kind == KIND_TIME)
                {
                    timeColumn = new TimeColumn(new ColumnBlocks(this, name, ColumnBlocks.Payload.TIME, 0,
                        (int)sections[0], (int)sections[1]));
                }
                else if (kind == KIND_DIMENSION)
                {
                    final ColumnSpec spec = ColumnSpec.dimension(name, type);
                    dimensionSpecs.add(spec);
                    dimensionColumns.add(new DimensionColumn(this, spec, width, cardinality,
                        (flags & FLAG_HAS_NULLS) != 0, sections));
                }
                else if (kind == KIND_METRIC && metricOrdinal > 0)
                {
                    final ColumnSpec spec = ColumnSpec.metric(name, MetricType.values()[metricOrdinal - 1]);
                    metricSpecs.add(spec);
                    metricColumns.add(MetricColumns.open(this, spec, sections));
                }
                else if (kind == KIND_CARRIED && version >= 2 && metricOrdinal == 0 && type == ValueType.LONG)
                {
                    final int m = metricIndexOf(metricSpecs, name);
                    if (m < 0)
                    {
                        throw new CorruptSegmentException(file, name, -1, "carried counts of no metric");
                    }
                    metricColumns.get(m).carried((LongColumn)MetricColumns.open(this,
                        ColumnSpec.metric(name, MetricType.LONG_SUM), sections));
                }
                else
                {
                    throw new CorruptSegmentException(file, name, -1, "bad column kind[" + kind + "]");
                }
            }
            catch (final IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException ex)
            {
                throw new CorruptSegmentException(file, name, -1, ex.getMessage(), ex);
            }
        }
        if (cursor.position != toc + tocLength)
        {
            throw corrupt("table of contents has trailing bytes");
        }
        checkExtents(tocOffset);
        try
        {
            this.schema = new RowSchema(dimensionSpecs, metricSpecs);
        }
        catch (final IllegalArgumentException ex)
        {
            throw corrupt("bad schema: " + ex.getMessage());
        }
        this.time = timeColumn;
        this.dimensions = dimensionColumns.toArray(new DimensionColumn[0]);
        this.metrics = metricColumns.toArray(new MetricColumn[0]);
        for (int d = 0; d < dimensions.length; d++)
        {
            dimensionIndex.put(dimensionSpecs.get(d).name(), d);
        }
    }

    private static int metricIndexOf(final List<ColumnSpec> metrics, final String name)
    {
        for (int m = 0; m < metrics.size(); m++)
        {
            if (metrics.get(m).name().equals(name))
            {
                return m;
            }
        }
        return -1;
    }

    /** Maps and validates {@code file}. */
    public static Segment open(final Path file) throws IOException
    {
        final MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size < HEADER_LENGTH + TOC_COLUMNS_OFFSET + TAIL_LENGTH)
            {
                throw new CorruptSegmentException(file, null, -1, "truncated: size[" + size + "]");
            }
            if (size > Integer.MAX_VALUE)
            {
                throw new CorruptSegmentException(file, null, -1, "size[" + size + "] over the 2 GiB segment limit");
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        try
        {
            return new Segment(file, mapped);
        }
        catch (final RuntimeException ex)
        {
            IoUtil.unmap(mapped);
            throw ex;
        }
    }

    public Path file()
    {
        return file;
    }

    @Override
    public RowSchema schema()
    {
        return schema;
    }

    @Override
    public int rowCount()
    {
        return rowCount;
    }

    @Override
    public int blockRows()
    {
        return blockRows;
    }

    @Override
    public int blockCount()
    {
        return blockCount;
    }

    @Override
    public int rowsInBlock(final int block)
    {
        return Math.min(blockRows, rowCount - block * blockRows);
    }

    /** Smallest {@code __time} in the segment (0 when empty). */
    @Override
    public long minTime()
    {
        return minTime;
    }

    /** Largest {@code __time} in the segment (0 when empty). */
    @Override
    public long maxTime()
    {
        return maxTime;
    }

    public long sizeBytes()
    {
        return buffer.capacity();
    }

    @Override
    public TimeColumn time()
    {
        return time;
    }

    @Override
    public DimensionColumn dimension(final int index)
    {
        return dimensions[index];
    }

    /** The named dimension, or {@code null} if the segment has none of that name. */
    public DimensionColumn dimension(final String name)
    {
        final Integer index = dimensionIndex.get(name);
        return index == null ? null : dimensions[index];
    }

    @Override
    public MetricColumn metric(final int index)
    {
        return metrics[index];
    }

    @Override
    public String describe()
    {
        return file.toString();
    }

    public LongColumn longMetric(final int index)
    {
        return metricAs(index, LongColumn.class);
    }

    public DoubleColumn doubleMetric(final int index)
    {
        return metricAs(index, DoubleColumn.class);
    }

    public SketchColumn sketchMetric(final int index)
    {
        return metricAs(index, SketchColumn.class);
    }

    private <T> T metricAs(final int index, final Class<T> type)
    {
        final Object column = metrics[index];
        if (!type.isInstance(column))
        {
            throw new IllegalArgumentException("metric[" + schema.metrics().get(index).name() + "] is " +
                schema.metrics().get(index).type() + ", not a " + type.getSimpleName());
        }
        return type.cast(column);
    }

    /** Unmaps the file. Only once no thread reads this segment any more. */
    @Override
    public void close()
    {
        BlockCache.SHARED.evict(this);
        IoUtil.unmap(mapped);
    }

    @Override
    public String toString()
    {
        return "Segment[" + file + ", rows " + rowCount + "]";
    }

    UnsafeBuffer buffer()
    {
        return buffer;
    }

    MappedByteBuffer mapped()
    {
        return mapped;
    }

    LongBuffer longs()
    {
        return longs;
    }

    DoubleBuffer doubles()
    {
        return doubles;
    }

    long dataEnd()
    {
        return dataEnd;
    }

    /** Records a column's blocks so {@link #verify()} can check them. Constructor only. */
    void addColumnBlocks(final ColumnBlocks blocks)
    {
        columnBlocks.add(blocks);
    }

    /**
     * Verifies the checksum of every data block now, instead of the first time each is read: one sequential pass
     * over the file, which the catalog makes before it serves a segment, so damage is found (and the segment
     * quarantined) when the table opens, not by a query halfway through. Together with what opening checks, every
     * byte of the file is then covered.
     *
     * @throws CorruptSegmentException naming the column and block of the first damaged block.
     */
    public void verify()
    {
        for (final ColumnBlocks blocks : columnBlocks)
        {
            blocks.verifyAll();
        }
    }

    /** Records {@code [offset, offset + length)} of the data area as holding a block or section. */
    void addExtent(final long offset, final long length)
    {
        if (extentCount == extents.length)
        {
            extents = Arrays.copyOf(extents, extentCount * 2);
        }
        extents[extentCount++] = (offset << 32) | length;
    }

    /**
     * Every byte between the header and the table of contents belongs to exactly one checksummed block or section,
     * or is zero alignment padding; so any damaged byte is detected, not only those under a checksum.
     */
    private void checkExtents(final long dataEnd)
    {
        Arrays.sort(extents, 0, extentCount);
        long position = HEADER_LENGTH;
        for (int i = 0; i <= extentCount; i++)
        {
            final long start = i < extentCount ? extents[i] >>> 32 : dataEnd;
            if (start < position || start - position > 7)
            {
                throw corrupt("data area extents overlap or leave a gap at[" + position + "]");
            }
            for (long p = position; p < start; p++)
            {
                if (buffer.getByte((int)p) != 0)
                {
                    throw corrupt("non-zero padding byte at[" + p + "]");
                }
            }
            if (i < extentCount)
            {
                position = start + (extents[i] & 0xFFFF_FFFFL);
            }
        }
        extents = null;
    }

    /** Verifies a section's bounds and checksum; an absent section has offset and length 0. */
    private void checkSection(final String column, final int section, final long offset, final long length,
        final int crc)
    {
        if (offset == 0 && length == 0)
        {
            return;
        }
        if (offset < HEADER_LENGTH || length < 0 || offset + length > dataEnd)
        {
            throw new CorruptSegmentException(file, column, -1,
                "section[" + section + "] bounds[offset " + offset + ", length " + length + "] outside the data area");
        }
        if (Checksums.crc32c(mapped, (int)offset, (int)length) != crc)
        {
            throw new CorruptSegmentException(file, column, -1, "section[" + section + "] checksum mismatch");
        }
        addExtent(offset, length);
    }

    private byte[] bytes(final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }

    private CorruptSegmentException corrupt(final String problem)
    {
        return new CorruptSegmentException(file, null, -1, problem);
    }

    /** Sequential reader of the table of contents that refuses to run past its end. */
    private final class TocCursor
    {
        private int position;
        private final int end;

        TocCursor(final int position, final int end)
        {
            this.position = position;
            this.end = end;
        }

        private int advance(final int length)
        {
            if (length < 0 || position + length > end)
            {
                throw corrupt("table of contents ends early at[" + position + "]");
            }
            final int at = position;
            position += length;
            return at;
        }

        String name()
        {
            final int length = buffer.getShort(advance(2), ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            final int at = advance(length);
            return new String(bytes(at, length), StandardCharsets.UTF_8);
        }

        int u8()
        {
            return buffer.getByte(advance(1)) & 0xFF;
        }

        int int32()
        {
            return buffer.getInt(advance(4), ByteOrder.LITTLE_ENDIAN);
        }

        long int64()
        {
            return buffer.getLong(advance(8), ByteOrder.LITTLE_ENDIAN);
        }
    }
}
