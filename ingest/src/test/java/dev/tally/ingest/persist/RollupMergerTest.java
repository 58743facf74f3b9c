package dev.tally.ingest.persist;

import dev.tally.ingest.testing.WebEvents;
import dev.tally.storage.read.RowBuffer;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.segment.BlockScratch;
import dev.tally.storage.segment.Segment;
import dev.tally.storage.segment.SegmentWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Merging rolled rows keeps, per metric, the events that carried its field: a row whose events all had it, one that
 * mixes (its source's carried count) and one where none had it merge into one row whose AVG divides by the right
 * events, through the segment it is written to.
 */
class RollupMergerTest
{
    private static final long T0 = 1_767_225_600_000L;
    private static final int COUNT = 0;
    private static final int REVENUE = 1;

    @TempDir
    Path dir;

    @Test
    void carriedCountsAddUpAcrossSources() throws Exception
    {
        final RollupMerger merger = new RollupMerger(WebEvents.spec("PT1M"));
        final RowSchema schema = WebEvents.spec("PT1M").rowSchema();
        // (count, revenue or negative for none, carried or -1 for all of the row's events)
        for (final double[] row : new double[][] {{3, 5.0, 1}, {2, 4.0, -1}, {4, -1, -1}})
        {
            final RowBuffer source = new RowBuffer(schema);
            source.row(T0).dimension(0, "US").dimension(1, "mobile").metric(COUNT, (long)row[0]);
            if (row[1] >= 0)
            {
                source.metric(REVENUE, row[1]);
            }
            if (row[2] >= 0)
            {
                source.carried(REVENUE, (long)row[2]);
            }
            source.endRow();
            merger.add(source.view(8));
        }
        final RowBuffer merged = merger.toRowBuffer();
        assertThat(merged.rowCount()).isEqualTo(1);
        assertThat(merged.metricBits(COUNT, 0)).isEqualTo(9);
        assertThat(Double.longBitsToDouble(merged.metricBits(REVENUE, 0))).isEqualTo(9.0);
        assertThat(merged.carried(REVENUE, 0)).isEqualTo(3);

        final Path file = dir.resolve("merged.seg");
        new SegmentWriter(merged, SegmentWriter.Options.DEFAULT).write(file);
        try (Segment segment = Segment.open(file))
        {
            assertThat(segment.metric(REVENUE).hasCarried()).isTrue();
            final long[] carried = new long[1];
            segment.metric(REVENUE).readCarried(0, carried, new BlockScratch());
            assertThat(carried[0]).isEqualTo(3);
            // latency fields were never set: NULL everywhere, nothing mixed, no carried column
            assertThat(segment.metric(2).hasCarried()).isFalse();
        }
    }
}
