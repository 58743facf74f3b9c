package dev.tally.storage.catalog;

import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;
import dev.tally.storage.segment.BlockScratch;
import dev.tally.storage.segment.Segment;
import dev.tally.storage.segment.SegmentInfo;
import dev.tally.storage.segment.SegmentWriter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static dev.tally.storage.catalog.CatalogFixtures.HOUR;
import static dev.tally.storage.catalog.CatalogFixtures.T0;

/**
 * Real segment files for the {@link TableSegments} tests: table {@code events}, one string dimension and a count.
 */
final class SegmentFiles
{
    static final RowSchema SCHEMA = new RowSchema(
        List.of(ColumnSpec.dimension("country", ValueType.STRING)),
        List.of(ColumnSpec.metric("count", MetricType.COUNT)));
    private static final String[] COUNTRIES = {"de", "fr", "jp", "us"};

    private SegmentFiles()
    {
    }

    /** Writes the segment of hour {@code hour}, version and partition as given, with {@code rows} rows. */
    static SegmentDescriptor write(final Path tableDir, final int hour, final long version, final int partition,
        final int rows) throws IOException
    {
        final long start = T0 + hour * HOUR;
        final String fileName = SegmentDescriptor.of("events", start, start + HOUR, version, partition, rows, rows, 0)
            .fileName();
        final SegmentWriter writer = new SegmentWriter(SCHEMA, new SegmentWriter.Options(16, 0.5));
        for (int r = 0; r < rows; r++)
        {
            writer.row(start + r * 1000L).dimension(0, COUNTRIES[r % COUNTRIES.length]).metric(0, 1L).endRow();
        }
        final SegmentInfo info = writer.write(tableDir.resolve(fileName));
        return SegmentDescriptor.of("events", start, start + HOUR, version, partition, rows, rows, info.sizeBytes());
    }

    /** Inverts the byte at {@code position}, through the file (a mapping of it sees the change). */
    static void flipByte(final Path file, final long position) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte)~one.get(0)).rewind();
            channel.write(one, position);
        }
    }

    /** Decodes every time block, so damage in a data block shows up; returns the sum of the block row counts. */
    static long readTimes(final Segment segment)
    {
        final BlockScratch scratch = new BlockScratch();
        final long[] times = new long[segment.blockRows()];
        long rows = 0;
        for (int b = 0; b < segment.blockCount(); b++)
        {
            rows += segment.time().read(b, times, scratch);
        }
        return rows;
    }
}
