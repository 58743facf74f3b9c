package dev.tally.bench.system;

import dev.tally.bench.BenchFiles;
import dev.tally.ingest.sample.WebEventGenerator;
import dev.tally.server.testing.DashboardLoad;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The end-to-end benchmark of shared BENCHMARKS.md, one command: generates the seeded web events, loads them into an
 * in-process Tally server (pushed over HTTP) and into DuckDB (raw and rolled up by DuckDB), then measures ingest (the
 * kernels, and Kafka → queryable from a topic of a local broker pre-loaded with the same events), freshness, the
 * dashboard and BI query sets (SQL over HTTP, native engine, DuckDB raw and rolled up, every answer checked against
 * DuckDB's first), concurrent dashboards while ingesting, and memory; prints the figures and refreshes the harness's
 * block of {@code benchmarks/RESULTS.md}. Exit status 0 when every answer matched, 1 on a mismatch (no figure is
 * written then), 2 on bad flags, 3 on any other failure.
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.tally.bench.system.EndToEnd [--events 1000000] [--runs 20]
 *       [--push-rate 100000] [--freshness-seconds 10] [--load-seconds 20] [--out benchmarks/RESULTS.md | --no-out]
 *       [--no-kafka]
 * </pre>
 */
public final class EndToEnd
{
    /** Seed and window start of the generated events, as the JMH benchmarks use. */
    static final long SEED = 42;
    static final long START = 1_767_225_600_000L;
    static final long HOUR = 3_600_000L;

    private static final List<TableShape> SHAPES = List.of(TableShape.WIDE, TableShape.NARROW);
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
        .withZone(ZoneOffset.UTC);

    private EndToEnd()
    {
    }

    public static void main(final String[] args)
    {
        // Chronicle (the push journal) must not phone home; set before any queue opens (shared DEPENDENCIES.md)
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        // Chronicle logs every file it maps at INFO: keep the run's output to the figures
        System.setProperty("org.slf4j.simpleLogger.log.net.openhft", "warn");
        final Settings settings;
        try
        {
            settings = Settings.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println(ex.getMessage());
            System.exit(2);
            return;
        }
        System.exit(execute(settings));
    }

    /** Runs the suite; returns the exit status (see the class comment). */
    static int execute(final Settings settings)
    {
        try
        {
            final RunResults results = run(settings);
            final String markdown = ResultsMarkdown.render(results);
            System.out.println();
            System.out.println(markdown);
            if (settings.out() != null)
            {
                ResultsFile.write(settings.out(), markdown);
                System.out.println("written to " + settings.out().toAbsolutePath());
            }
            return 0;
        }
        catch (final AnswerMismatch ex)
        {
            System.err.println("ANSWER MISMATCH: a Tally answer differs from DuckDB's; no figure is reported.");
            System.err.println(ex.getMessage());
            return 1;
        }
        catch (final Exception ex)
        {
            System.err.println("the end-to-end benchmark failed: " + ex);
            ex.printStackTrace();
            return 3;
        }
    }

    static RunResults run(final Settings s) throws Exception
    {
        final long began = System.nanoTime();
        final double loadBefore = Machine.loadAverage();
        final int threads = Runtime.getRuntime().availableProcessors();
        final long t0 = START + 23 * HOUR;
        Files.createDirectories(s.workDir());
        final Path work = Files.createTempDirectory(s.workDir(), "tally-e2e-");
        try (LocalTally tally = new LocalTally(work.resolve("tally"), threads))
        {
            SHAPES.forEach(tally::createTable);
            progress("pushing %,d events over HTTP into %s", s.events(),
                SHAPES.stream().map(TableShape::name).toList());
            Machine.resetHeapPeak();
            long start = System.nanoTime();
            tally.push(events(s.events()), SHAPES);
            for (final TableShape shape : SHAPES)
            {
                tally.awaitApplied(shape.name(), s.events(), Duration.ofMinutes(30));
            }
            final double pushLoadRate = s.events() / seconds(start);
            for (final TableShape shape : SHAPES)
            {
                tally.persist(shape.name());
            }
            final RunResults.Memory memory = new RunResults.Memory(Machine.heapPeak(), Machine.liveHeap(),
                Machine.rss(), Machine.peakRss());
            progress("loaded at %,.0f events/s per table; loading DuckDB", pushLoadRate);
            final List<QueryStage.Figures> queries = new ArrayList<>();
            final List<RunResults.Stored> stored = new ArrayList<>();
            final double duckDbLoadRate;
            final KafkaStage.Figures kafka;
            try (DuckDbPeer duckdb = new DuckDbPeer(work, threads))
            {
                start = System.nanoTime();
                duckdb.load(events(s.events()), SHAPES);
                duckDbLoadRate = s.events() / seconds(start);
                final QueryStage stage = new QueryStage(tally, duckdb, s, t0);
                for (final TableShape shape : SHAPES)
                {
                    stored.add(new RunResults.Stored(shape, s.events(), tally.storedRows(shape.name()),
                        duckdb.rowCount(shape.rolledTable())));
                    for (final QuerySet set : QuerySet.ALL)
                    {
                        progress("%s queries on %s", set.name(), shape.name());
                        queries.addAll(stage.run(shape, set));
                    }
                }
                kafka = s.isKafkaMeasured() ? kafka(tally, duckdb, s, work, t0) : null;
            }
            final List<IngestStage.Figures> ingest = new ArrayList<>();
            for (final TableShape shape : SHAPES)
            {
                progress("ingest kernels on %s", shape.name());
                ingest.add(new IngestStage(work, s.ingestEvents()).run(shape));
            }
            progress("freshness at %,d events/s for %d s", s.pushRate(), s.freshnessMillis() / 1000);
            final FreshnessStage.Figures freshness = FreshnessStage.run(tally, s.pushRate(), s.freshnessMillis());
            progress("%d dashboard clients for %d s while pushing", s.clients(), s.loadMillis() / 1000);
            final SteadyPusher pusher = new SteadyPusher(tally, TableShape.WIDE.name(), s.pushRate(),
                s.loadMillis() + 60_000);
            final DashboardLoad.Figures concurrency;
            try (pusher)
            {
                pusher.start();
                concurrency = DashboardLoad.run(tally.http(), DashboardLoad.queries(TableShape.WIDE.name(),
                    SQL_TIME.format(Instant.ofEpochMilli(t0))), s.clients(), s.loadMillis());
            }
            if (!concurrency.errors().isEmpty())
            {
                throw new IllegalStateException("dashboard load had errors: " + concurrency.errors());
            }
            return new RunResults(s, Machine.describe(), Machine.commit(),
                Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC", loadBefore,
                Machine.loadAverage(), seconds(began), pushLoadRate, duckDbLoadRate, ingest, kafka, freshness, queries,
                concurrency, pusher.achievedRate(), stored, memory);
        }
        finally
        {
            BenchFiles.deleteRecursively(work);
        }
    }

    private static KafkaStage.Figures kafka(final LocalTally tally, final DuckDbPeer duckdb, final Settings s,
        final Path work, final long t0) throws Exception
    {
        progress("Kafka: a %d-partition topic pre-loaded with %,d events, then a table consuming it",
            KafkaStage.PARTITIONS, s.events());
        final KafkaStage.Figures kafka = KafkaStage.run(tally, duckdb, s, work, t0);
        progress("Kafka → queryable at %,.0f events/s (plain consumer: %,.0f events/s)", kafka.eventsPerSecond(),
            kafka.consumerRate());
        return kafka;
    }

    static WebEventGenerator events(final long count)
    {
        return new WebEventGenerator(SEED, START, WebEventGenerator.DEFAULT_WINDOW_MILLIS, count);
    }

    private static double seconds(final long startNanos)
    {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void progress(final String format, final Object... args)
    {
        System.out.printf("[e2e %s] %s%n", Instant.now().toString().substring(11, 19), String.format(format, args));
    }
}
