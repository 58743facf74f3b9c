package dev.tally.bench.jmh;

import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;
import dev.tally.ingest.sample.WebEventRows;
import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;
import dev.tally.storage.segment.SegmentWriter;

import java.util.List;

/** Builds the benchmark segments from the shared seeded generator (BENCHMARKS.md's web events). */
final class BenchSegments
{
    static final long START = 1_767_225_600_000L;
    static final long SEED = 42;

    /** The {@code wide} schema: six dimensions, count, revenue and latency_max (no sketch yet). */
    static final RowSchema WIDE = new RowSchema(
        List.of(
            ColumnSpec.dimension("country", ValueType.STRING), ColumnSpec.dimension("device", ValueType.STRING),
            ColumnSpec.dimension("os", ValueType.STRING), ColumnSpec.dimension("browser", ValueType.STRING),
            ColumnSpec.dimension("page", ValueType.STRING), ColumnSpec.dimension("referrer", ValueType.STRING)),
        List.of(
            ColumnSpec.metric("count", MetricType.COUNT), ColumnSpec.metric("revenue", MetricType.DOUBLE_SUM),
            ColumnSpec.metric("latency_max", MetricType.LONG_MAX)));

    private BenchSegments()
    {
    }

    /** A writer holding {@code rows} generated raw events (one row per event) of the wide schema. */
    static SegmentWriter wideWriter(final int rows)
    {
        return wideWriter(rows, SegmentWriter.Options.DEFAULT);
    }

    static SegmentWriter wideWriter(final int rows, final SegmentWriter.Options options)
    {
        final SegmentWriter writer = new SegmentWriter(WIDE, options);
        final WebEventGenerator generator = new WebEventGenerator(SEED, START, 3_600_000L, rows);
        final WebEvent event = new WebEvent();
        final WebEventRows eventRows = new WebEventRows(WIDE);
        while (generator.hasNext())
        {
            eventRows.append(writer.rows(), generator.next(event));
        }
        return writer;
    }
}
