package dev.tally.query.exec;

import dev.tally.query.model.Aggregation;
import dev.tally.query.model.Grouping;
import dev.tally.query.model.NativeQuery;
import dev.tally.query.model.OrderBy;
import dev.tally.storage.read.RowBuffer;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;
import dev.tally.storage.segment.Segment;
import dev.tally.storage.segment.SegmentWriter;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Ingest-time sketch columns (HLL of user ids, KLL of latencies) merge across rows and sources at query time. */
class SketchMetricTest
{
    private static final RowSchema SCHEMA = new RowSchema(
        List.of(ColumnSpec.dimension("device", ValueType.STRING)),
        List.of(ColumnSpec.metric("count", MetricType.COUNT), ColumnSpec.metric("users", MetricType.HLL_SKETCH),
            ColumnSpec.metric("latency", MetricType.QUANTILES_SKETCH)));

    @TempDir
    Path dir;

    private final QueryEngine engine = new QueryEngine(2);
    private final List<Segment> segments = new ArrayList<>();

    @AfterEach
    void close()
    {
        engine.close();
        segments.forEach(Segment::close);
    }

    @Test
    void sketchMetricsMergeAcrossRowsAndSources() throws IOException
    {
        // users u0..u9999 on mobile, u5000..u19999 on desktop; every row sketches 100 users; latencies 1..1000
        final Random random = new Random(11);
        final List<RowSource> sources = new ArrayList<>();
        for (int part = 0; part < 2; part++)
        {
            final RowBuffer rows = new RowBuffer(SCHEMA);
            for (int row = 0; row < 100; row++)
            {
                final boolean mobile = row % 2 == 0;
                final HllSketch users = new HllSketch(12);
                final KllDoublesSketch latency = KllDoublesSketch.newHeapInstance(200);
                final int first = mobile ? 0 : 5000;
                final int span = mobile ? 10_000 : 15_000;
                for (int i = 0; i < 100; i++)
                {
                    users.update("u" + (first + random.nextInt(span)));
                    latency.update(1 + random.nextInt(1000));
                }
                rows.row(row * 1000L).dimension(0, mobile ? "mobile" : "desktop").metric(0, 100L)
                    .sketch(1, users.toCompactByteArray()).sketch(2, latency.toByteArray()).endRow();
            }
            final Path file = dir.resolve("p" + part + ".seg");
            new SegmentWriter(rows, new SegmentWriter.Options(16, 0.5)).write(file);
            final Segment segment = Segment.open(file);
            segments.add(segment);
            sources.add(segment);
        }
        final NativeQuery query = NativeQuery.groupBy("events")
            .groupings(new Grouping.Dimension("device", null))
            .aggregations(Aggregation.count("n"),
                Aggregation.of(Aggregation.Kind.APPROX_COUNT_DISTINCT, "users", "users"),
                new Aggregation(Aggregation.Kind.APPROX_QUANTILE, "latency", "p50", 0.5))
            .orderBy(OrderBy.asc("device"))
            .build();
        final QueryResult result = engine.run(query, sources, QueryContext.defaults());
        assertThat(result.rows()).hasSize(2);
        final Object[] desktop = result.rows().get(0);
        final Object[] mobile = result.rows().get(1);
        assertThat(desktop[0]).isEqualTo("desktop");
        assertThat(desktop[1]).isEqualTo(10_000L);
        // 10,000 draws from 15,000 ids hit ~7,800 distinct; from 10,000 ids ~6,300
        assertThat(((Long)desktop[2]).doubleValue()).isCloseTo(expectedDistinct(10_000, 15_000), within(400.0));
        assertThat(((Long)mobile[2]).doubleValue()).isCloseTo(expectedDistinct(10_000, 10_000), within(400.0));
        assertThat((Double)mobile[3]).isCloseTo(500.0, within(30.0));
    }

    private static double expectedDistinct(final int draws, final int ids)
    {
        return ids * (1 - Math.pow(1 - 1.0 / ids, draws));
    }
}
