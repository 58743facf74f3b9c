package dev.tally.bench.jmh;

import dev.tally.bench.BenchFiles;
import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;
import dev.tally.ingest.sample.WebEventRows;
import dev.tally.query.exec.QueryContext;
import dev.tally.query.exec.QueryEngine;
import dev.tally.query.exec.QueryResult;
import dev.tally.query.model.Aggregation;
import dev.tally.query.model.Grouping;
import dev.tally.query.model.NativeQuery;
import dev.tally.query.model.OrderBy;
import dev.tally.storage.read.RowBuffer;
import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.segment.Segment;
import dev.tally.storage.segment.SegmentWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Dashboard query 7 (distinct users per hour, {@code APPROX_COUNT_DISTINCT(users)}) on the native engine: every row's
 * HLL sketch merged into its hour's union. Raw rows (one event, so a one-user sketch, per row), the {@code wide}
 * shape's worst case, over 24 hourly segments. Checked once against the exact distinct count per hour (within 5 %).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.ADD_EXPORTS_MISC, JvmFlags.ADD_OPENS_NIO, JvmFlags.ADD_EXPORTS_NIO_CH,
    JvmFlags.NO_BOUNDS_CHECKS, "-Xmx4g"})
public class SketchMergeBenchmark
{
    private static final long HOUR_MILLIS = 3_600_000L;
    private static final RowSchema SCHEMA = new RowSchema(BenchSegments.WIDE.dimensions(),
        List.of(ColumnSpec.metric("count", MetricType.COUNT),
            ColumnSpec.metric("users", MetricType.HLL_SKETCH)));

    @Param({"2000000"})
    int rows;

    private final List<Segment> segments = new ArrayList<>();
    private Path dir;
    private QueryEngine engine;
    private NativeQuery query;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        dir = Files.createTempDirectory("tally-bench-sketch");
        final WebEventGenerator generator = new WebEventGenerator(BenchSegments.SEED, BenchSegments.START,
            24 * HOUR_MILLIS, rows);
        final WebEvent event = new WebEvent();
        final WebEventRows eventRows = new WebEventRows(SCHEMA);
        final RowBuffer[] hours = new RowBuffer[24];
        final List<Set<String>> users = new ArrayList<>();
        for (int h = 0; h < 24; h++)
        {
            hours[h] = new RowBuffer(SCHEMA);
            users.add(new HashSet<>());
        }
        while (generator.hasNext())
        {
            generator.next(event);
            final int hour = (int)((event.timestamp - BenchSegments.START) / HOUR_MILLIS);
            eventRows.append(hours[hour], event);
            users.get(hour).add(event.userId);
        }
        for (int h = 0; h < 24; h++)
        {
            final Path file = dir.resolve("users-" + h + ".seg");
            new SegmentWriter(hours[h], SegmentWriter.Options.DEFAULT).write(file);
            hours[h] = null;
            segments.add(Segment.open(file));
        }
        engine = new QueryEngine(2);
        query = NativeQuery.groupBy("events")
            .groupings(new Grouping.TimeBucket("PT1H", null, "h"))
            .aggregations(Aggregation.of(Aggregation.Kind.APPROX_COUNT_DISTINCT, "users", "u"))
            .orderBy(OrderBy.asc("h"))
            .build();
        final List<Object[]> answer = distinctUsers().rows();
        for (int h = 0; h < 24; h++)
        {
            final double exact = users.get(h).size();
            final double estimate = ((Number)answer.get(h)[1]).doubleValue();
            if (Math.abs(estimate - exact) > 0.05 * exact)
            {
                throw new IllegalStateException("hour " + h + ": estimate " + estimate + ", exact " + exact);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        engine.close();
        segments.forEach(Segment::close);
        BenchFiles.deleteRecursively(dir);
    }

    @Benchmark
    public QueryResult distinctUsers()
    {
        return engine.run(query, segments, QueryContext.defaults());
    }
}
