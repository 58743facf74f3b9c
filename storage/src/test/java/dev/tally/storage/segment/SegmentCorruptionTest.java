package dev.tally.storage.segment;

import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Damage sweeps: every single-byte change and every truncation of a segment is detected when the segment is opened
 * and read — never wrong data, never a JVM crash.
 */
class SegmentCorruptionTest
{
    @TempDir
    Path dir;

    private byte[] original;
    private List<List<Object>> originalRows;

    @BeforeEach
    void writeSegment() throws IOException
    {
        final RowSchema schema = new RowSchema(
            List.of(ColumnSpec.dimension("country", ValueType.STRING), ColumnSpec.dimension("qty", ValueType.LONG),
                ColumnSpec.dimension("ratio", ValueType.DOUBLE)),
            List.of(ColumnSpec.metric("count", MetricType.COUNT), ColumnSpec.metric("revenue", MetricType.DOUBLE_SUM),
                ColumnSpec.metric("users", MetricType.HLL_SKETCH)));
        final RandomTable table = RandomTable.generate(new Random(42), schema, 300, 20);
        final Path file = dir.resolve("good.seg");
        table.write(file, 64);
        original = Files.readAllBytes(file);
        try (Segment segment = Segment.open(file))
        {
            originalRows = RandomTable.readAll(segment);
        }
    }

    @Test
    void everyFlippedByteIsDetected() throws IOException
    {
        final Path file = dir.resolve("damaged.seg");
        final Map<String, Integer> detectedByColumn = new HashMap<>();
        Files.write(file, original);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            for (int position = 0; position < original.length; position++)
            {
                final byte flipped = (byte)(original[position] ^ (position % 2 == 0 ? 0xFF : 1 << (position % 8)));
                channel.write(ByteBuffer.wrap(new byte[] {flipped}), position);
                final CorruptSegmentException error = openAndReadAll(file, position);
                assertThat(error.getMessage()).contains(file.toString());
                detectedByColumn.merge(String.valueOf(error.column()), 1, Integer::sum);
                channel.write(ByteBuffer.wrap(new byte[] {original[position]}), position);
            }
        }
        // damage inside a column is attributed to that column
        assertThat(detectedByColumn).containsKeys("null", "__time", "country", "qty", "ratio", "count", "revenue",
            "users");
    }

    @Test
    void everyTruncationIsDetected() throws IOException
    {
        final Path file = dir.resolve("truncated.seg");
        Files.write(file, original);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            for (int length = original.length - 1; length >= 0; length--)
            {
                channel.truncate(length);
                openAndReadAll(file, length);
            }
        }
    }

    @Test
    void appendedBytesAreDetected() throws IOException
    {
        final Path file = dir.resolve("extended.seg");
        final byte[] longer = java.util.Arrays.copyOf(original, original.length + 8);
        Files.write(file, longer);
        openAndReadAll(file, original.length);
    }

    @Test
    void unknownFormatVersionIsNamed() throws IOException
    {
        final Path file = withVersion(SegmentLayout.FORMAT_VERSION + 1);
        assertThatThrownBy(() -> Segment.open(file))
            .isInstanceOf(CorruptSegmentException.class)
            .hasMessageContaining("unsupported format version[" + (SegmentLayout.FORMAT_VERSION + 1) + "]");
    }

    /** A segment written before carried columns (version 1) has the same layout without them: it still opens. */
    @Test
    void formatVersionOneStillReads() throws IOException
    {
        final Path file = withVersion(1);
        try (Segment segment = Segment.open(file))
        {
            assertThat(RandomTable.canonical(RandomTable.readAll(segment)))
                .isEqualTo(RandomTable.canonical(originalRows));
        }
    }

    private Path withVersion(final int version) throws IOException
    {
        final byte[] bytes = original.clone();
        final ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(SegmentLayout.VERSION_OFFSET, version);
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, SegmentLayout.HEADER_CRC_OFFSET);
        header.putInt(SegmentLayout.HEADER_CRC_OFFSET, (int)crc.getValue());
        final Path file = dir.resolve("version" + version + ".seg");
        Files.write(file, bytes);
        return file;
    }

    @Test
    void notASegmentIsNamed() throws IOException
    {
        final Path file = dir.resolve("text.seg");
        Files.writeString(file, "this is not a segment, just some text that is long enough to pass size checks".repeat(3));
        assertThatThrownBy(() -> Segment.open(file))
            .isInstanceOf(CorruptSegmentException.class)
            .hasMessageContaining("bad magic");
    }

    @Test
    void damagedDataBlockNamesColumnAndBlock() throws IOException
    {
        final Path file = dir.resolve("good.seg");
        final int position;
        try (Segment segment = Segment.open(file))
        {
            // the second block of the revenue column starts at the offset in its block table entry
            position = (int)firstByteOfBlock(segment, "revenue", 1);
        }
        final byte[] damaged = original.clone();
        damaged[position] ^= 0x10;
        final Path bad = dir.resolve("bad-block.seg");
        Files.write(bad, damaged);
        try (Segment segment = Segment.open(bad))
        {
            final BlockScratch scratch = new BlockScratch();
            final double[] values = new double[64];
            segment.doubleMetric(1).read(0, values, scratch);
            assertThatThrownBy(() -> segment.doubleMetric(1).read(1, values, scratch))
                .isInstanceOfSatisfying(CorruptSegmentException.class, ex ->
                {
                    assertThat(ex.column()).isEqualTo("revenue");
                    assertThat(ex.block()).isEqualTo(1);
                    assertThat(ex.file()).isEqualTo(bad);
                })
                .hasMessageContaining("checksum");
            // the other columns of the same segment still read
            final long[] times = new long[64];
            final int[] ids = new int[64];
            for (int b = 0; b < segment.blockCount(); b++)
            {
                segment.time().read(b, times, scratch);
                segment.dimension("country").readIds(b, ids, scratch);
            }
        }
    }

    /** Opens and reads every value; returns the corruption error, failing the test if there was none. */
    private CorruptSegmentException openAndReadAll(final Path file, final int position) throws IOException
    {
        try (Segment segment = Segment.open(file))
        {
            final List<List<Object>> rows = RandomTable.readAll(segment);
            for (int d = 0; d < segment.schema().dimensions().size(); d++)
            {
                for (int id = 0; id < segment.dimension(d).idCount(); id++)
                {
                    segment.dimension(d).bitmap(id).getCardinality();
                }
            }
            fail("damage at byte " + position + " of " + original.length + " went undetected; rows equal: " +
                RandomTable.canonical(rows).equals(RandomTable.canonical(originalRows)));
            return null;
        }
        catch (final CorruptSegmentException ex)
        {
            return ex;
        }
    }

    private static long firstByteOfBlock(final Segment segment, final String column, final int block)
    {
        // walk the block table through the layout: find the column's section in the TOC by reading blocks
        final int metric = segment.schema().metricIndex(column);
        final BlockScratch scratch = new BlockScratch();
        segment.doubleMetric(metric).read(block, new double[segment.blockRows()], scratch);
        if (segment.doubleMetric(metric).isCompressed(block))
        {
            throw new IllegalStateException("test expects a raw block");
        }
        return scratch.offset;
    }
}
