package dev.tally.bench.jmh;

import dev.tally.bench.BenchFiles;
import dev.tally.ingest.batch.BatchLoadRequest;
import dev.tally.ingest.batch.BatchLoader;
import dev.tally.ingest.batch.BatchLoads;
import dev.tally.ingest.batch.BatchTask;
import dev.tally.ingest.persist.ChunkWriter;
import dev.tally.ingest.persist.RollupMerger;
import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;
import dev.tally.query.exec.QueryContext;
import dev.tally.query.exec.QueryEngine;
import dev.tally.query.exec.QueryResult;
import dev.tally.query.model.Aggregation;
import dev.tally.query.model.Grouping;
import dev.tally.query.model.NativeQuery;
import dev.tally.storage.catalog.Catalog;
import dev.tally.storage.catalog.SegmentDescriptor;
import dev.tally.storage.schema.TableSpec;
import dev.tally.storage.segment.Segment;
import dev.tally.storage.segment.SegmentWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Segment lifecycle figures over one hour of {@value #EVENTS} generated web events (PT1M rollup, HLL users):
 * <ul>
 *   <li>{@code batchLoadNdjson}: events/s of a batch load from an NDJSON file (parse, rollup, segment writes,
 *       commit);</li>
 *   <li>{@code compactChunk}: one compaction of the chunk's {@value #SEGMENT_ROWS}-row segments into one (merge with
 *       perfect rollup and segment write; the catalog swap is a manifest write); rows/s = ops/s × input rows, which
 *       setup prints;</li>
 *   <li>{@code queryFragmented} / {@code queryCompacted}: a group-by on the chunk before and after compaction.</li>
 * </ul>
 * Setup loads the file once (the fragmented chunk) and compacts it once (the compacted chunk), and checks that both
 * answer the query alike.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.ADD_EXPORTS_MISC, JvmFlags.ADD_OPENS_NIO, JvmFlags.ADD_EXPORTS_NIO_CH,
    JvmFlags.NO_BOUNDS_CHECKS, "-Xmx3g"})
public class LifecycleBenchmark
{
    static final int EVENTS = 400_000;
    static final int SEGMENT_ROWS = 50_000;
    private static final String SPEC = """
        {"name": "web", "timestamp": {"column": "ts", "format": "iso"},
         "dimensions": ["country", "device", "os", "browser"],
         "metrics": [{"name": "count", "type": "count"},
                     {"name": "revenue", "type": "doubleSum", "field": "revenue"},
                     {"name": "latency_max", "type": "longMax", "field": "latency_ms"},
                     {"name": "users", "type": "hllSketch", "field": "user_id"}],
         "rollup": "PT1M", "segmentGranularity": "PT1H", "source": {"type": "push"}}
        """;

    private final TableSpec spec = TableSpec.parse(SPEC);
    private final NativeQuery query = NativeQuery.groupBy("web").groupings(new Grouping.Dimension("country", null))
        .aggregations(Aggregation.count("n"), Aggregation.of(Aggregation.Kind.SUM, "revenue", "revenue")).build();
    private Path dir;
    private Path file;
    private QueryEngine engine;
    private final List<Segment> fragmented = new ArrayList<>();
    private final List<Segment> compacted = new ArrayList<>();
    private int loads;

    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        dir = Files.createTempDirectory("tally-bench-lifecycle");
        file = dir.resolve("events.ndjson");
        writeEvents(file);
        engine = new QueryEngine(2);
        final Path table = dir.resolve("fragmented");
        for (final SegmentDescriptor segment : load(table).segments())
        {
            fragmented.add(Segment.open(table.resolve(segment.fileName())));
        }
        final Path merged = dir.resolve("compacted.seg");
        compacted.add(Segment.open(merge(merged)));
        long rows = 0;
        for (final Segment segment : fragmented)
        {
            rows += segment.rowCount();
        }
        System.out.printf("%n%d events: %d segments, %d rows; compacted: 1 segment, %d rows%n", EVENTS,
            fragmented.size(), rows, compacted.get(0).rowCount());
        final QueryResult before = engine.run(query, spec.rowSchema(), fragmented, QueryContext.defaults());
        final QueryResult after = engine.run(query, spec.rowSchema(), compacted, QueryContext.defaults());
        if (before.rows().size() != after.rows().size() || !before.rows().get(0)[1].equals(after.rows().get(0)[1]))
        {
            throw new IllegalStateException("compaction changed the answer");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        fragmented.forEach(Segment::close);
        compacted.forEach(Segment::close);
        engine.close();
        BenchFiles.deleteRecursively(dir);
    }

    @TearDown(Level.Iteration)
    public void deleteLoads() throws IOException
    {
        for (int i = 0; i < loads; i++)
        {
            BenchFiles.deleteRecursively(dir.resolve("load-" + i));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(EVENTS)
    public BatchTask.Status batchLoadNdjson() throws Exception
    {
        return load(dir.resolve("load-" + loads++)).status();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Path compactChunk() throws IOException
    {
        return merge(dir.resolve("merged.seg"));
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public QueryResult queryFragmented()
    {
        return engine.run(query, spec.rowSchema(), fragmented, QueryContext.defaults());
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public QueryResult queryCompacted()
    {
        return engine.run(query, spec.rowSchema(), compacted, QueryContext.defaults());
    }

    /** A batch load of the file into a fresh table directory (append), waited for; its task with the segments. */
    private LoadResult load(final Path table) throws Exception
    {
        final Catalog catalog = Catalog.open(table);
        final ChunkWriter chunks = new ChunkWriter(spec, table, SegmentWriter.Options.DEFAULT);
        final List<SegmentDescriptor> committed = new ArrayList<>();
        try (BatchLoads loads = new BatchLoads(spec.name(), new BatchLoader(chunks, 8192, SEGMENT_ROWS), catalog,
            (request, segments) ->
            {
                catalog.addSegments(segments, Map.of());
                committed.addAll(segments);
            }))
        {
            final BatchTask task = loads.start(BatchLoadRequest.of(List.of(file.toString()), "json",
                "2000-01-01/2100-01-01", false));
            while (!task.isDone())
            {
                Thread.sleep(1);
            }
            if (task.state() != BatchTask.State.SUCCEEDED || task.status().eventsLoaded() != EVENTS)
            {
                throw new IllegalStateException("load failed: " + task.status());
            }
            return new LoadResult(task, committed);
        }
    }

    private record LoadResult(BatchTask task, List<SegmentDescriptor> segments)
    {
        BatchTask.Status status()
        {
            return task.status();
        }
    }

    private Path merge(final Path out) throws IOException
    {
        final RollupMerger merger = new RollupMerger(spec);
        for (final Segment segment : fragmented)
        {
            merger.add(segment);
        }
        final SegmentWriter writer = new SegmentWriter(merger.toRowBuffer(), SegmentWriter.Options.DEFAULT);
        writer.write(out);
        return out;
    }

    private static void writeEvents(final Path file) throws IOException
    {
        final WebEventGenerator generator = new WebEventGenerator(BenchSegments.SEED, BenchSegments.START,
            3_600_000L - WebEventGenerator.MAX_DISORDER_MILLIS, EVENTS);
        final WebEvent event = new WebEvent();
        final StringBuilder line = new StringBuilder();
        try (BufferedWriter out = Files.newBufferedWriter(file))
        {
            while (generator.hasNext())
            {
                generator.next(event);
                line.setLength(0);
                out.append(event.appendJson(line)).append('\n');
            }
        }
    }
}
