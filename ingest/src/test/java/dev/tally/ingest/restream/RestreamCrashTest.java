package dev.tally.ingest.restream;

import dev.tally.ingest.TableIngest;
import dev.tally.ingest.localkafka.KafkaBroker;
import dev.tally.ingest.rollup.TableSnapshot;
import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;
import dev.tally.ingest.source.KafkaSource;
import dev.tally.ingest.testing.Await;
import dev.tally.ingest.testing.ChildJvm;
import dev.tally.ingest.testing.DuckDbOracle;
import dev.tally.ingest.testing.TableFiles;
import dev.tally.ingest.testing.WebEvents;
import dev.tally.query.exec.QueryContext;
import dev.tally.query.exec.QueryEngine;
import dev.tally.query.exec.QueryResult;
import dev.tally.query.model.Aggregation;
import dev.tally.query.model.Grouping;
import dev.tally.query.model.NativeQuery;
import dev.tally.storage.catalog.Catalog;
import dev.tally.storage.catalog.Manifest;
import dev.tally.storage.catalog.RestreamMarker;
import dev.tally.storage.catalog.SegmentsSnapshot;
import dev.tally.storage.catalog.TableSegments;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.SourceSpec;
import dev.tally.storage.schema.TableSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static dev.tally.ingest.testing.WebEvents.HOUR;
import static dev.tally.ingest.testing.WebEvents.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Kills ({@code kill -9}) a child JVM at random moments while it re-streams a Kafka table over and over
 * ({@link RestreamChild}: pausing the source, persisting, the reset commit, the replay), with new events arriving
 * halfway. After every kill, once the table directory is opened again, the committed segments hold per hour exactly
 * the events the manifest says they hold (count and revenue): every event up to the committed offset of its
 * partition, plus, while a re-stream is in progress, the events before its start up to the offsets stored before it;
 * no segment file is left that the manifest does not name. At the end the table catches up and answers as DuckDB does.
 */
class RestreamCrashTest
{
    private static final int KILLS = Integer.getInteger("tally.test.restreamKills", 10);
    private static final int PARTITIONS = 3;
    private static final int HOURS = 4;
    private static final long[] SEEDS = {51, 52};
    private static final int[] BATCH_EVENTS = {12_000, 4_000};
    private static final String TOPIC = "restream";

    /** One produced event as the model needs it. */
    private record Event(int partition, long offset, long time, double revenue)
    {
    }

    @TempDir
    Path dir;

    @Test
    void killedRestreamsLoseNothingAndCountNothingTwice() throws Exception
    {
        final long seed = Long.getLong("tally.test.seed", System.nanoTime());
        System.out.println("RestreamCrashTest seed " + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final Path table = dir.resolve("table");
        final List<Event> events = new ArrayList<>();
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"));
            QueryEngine engine = new QueryEngine(2);
            DuckDbOracle oracle = DuckDbOracle.open())
        {
            broker.createTopic(TOPIC, PARTITIONS, Map.of("retention.ms", "-1"));
            final TableSpec spec = spec(broker.bootstrapServers());
            final Path specFile = Files.writeString(dir.resolve("spec.json"), spec.toJson());
            produce(broker, oracle, 0, events);
            try (TableIngest ingest = TableIngest.start(spec, table, new KafkaSource(spec.source()),
                RestreamChild.options()))
            {
                Await.until(Duration.ofSeconds(60), () -> committedAll(ingest, events.size()), () -> "first ingest");
            }

            int resets = 0;
            for (int round = 0; round < KILLS; round++)
            {
                if (round == KILLS / 2)
                {
                    produce(broker, oracle, 1, events);
                }
                final ChildJvm child = ChildJvm.start(RestreamChild.class, List.of(specFile.toString(),
                    table.toString(), Long.toString(seed + round), Long.toString(START), Integer.toString(HOURS),
                    Integer.toString(PARTITIONS)), dir.resolve("child-" + round + ".err"));
                try
                {
                    child.awaitLine("ready");
                    System.out.println("round " + round + ": " + child.awaitLineStartingWith("begin restream"));
                    final long begun = System.nanoTime();
                    if (Boolean.getBoolean("tally.test.restreamTrace"))
                    {
                        System.out.println(child.awaitLineStartingWith("reset") + " after " +
                            (System.nanoTime() - begun) / 1_000_000 + " ms");
                        System.out.println(child.awaitLineStartingWith("caught up") + " after " +
                            (System.nanoTime() - begun) / 1_000_000 + " ms");
                    }
                    Thread.sleep(random.nextInt(0, 1_500));
                }
                finally
                {
                    child.kill();
                }
                final Manifest manifest = check(engine, spec, table, events, "after kill " + round);
                if (manifest.restream() != null)
                {
                    resets++;
                }
            }
            assertThat(resets).as("rounds whose reset was committed").isPositive();

            try (TableIngest ingest = TableIngest.start(spec, table, new KafkaSource(spec.source()),
                RestreamChild.options()))
            {
                Await.until(Duration.ofSeconds(60), () -> committedAll(ingest, events.size()) &&
                    !ingest.catalog().snapshot().restream().inProgress(), () -> "catching up: " + ingest.status());
                try (TableSnapshot snapshot = ingest.acquire())
                {
                    for (final DuckDbOracle.Query query : DuckDbOracle.webQueries())
                    {
                        oracle.check(engine, spec, snapshot.sources(), query);
                    }
                }
            }
            check(engine, spec, table, events, "at the end");
        }
    }

    /** Produces batch {@code b} (stamped with event times) and adds it to the model and to DuckDB. */
    private static void produce(final KafkaBroker broker, final DuckDbOracle oracle, final int b,
        final List<Event> events) throws Exception
    {
        final long[] offsets = new long[PARTITIONS];
        for (final Event event : events)
        {
            offsets[event.partition()] = event.offset() + 1;
        }
        final WebEventGenerator generator = new WebEventGenerator(SEEDS[b], START, HOURS * HOUR, BATCH_EVENTS[b]);
        final WebEvent event = new WebEvent();
        for (int i = 0; generator.hasNext(); i++)
        {
            generator.next(event);
            final int partition = i % PARTITIONS;
            events.add(new Event(partition, offsets[partition]++, event.timestamp, event.revenue));
        }
        broker.produce(TOPIC, PARTITIONS, WebEvents.json(SEEDS[b], HOURS * HOUR, BATCH_EVENTS[b], null),
            WebEvents::eventTime);
        oracle.loadGenerated(SEEDS[b], HOURS * HOUR, BATCH_EVENTS[b]);
    }

    /** Opens the table directory as a restart does and checks the committed segments against the model. */
    private static Manifest check(final QueryEngine engine, final TableSpec spec, final Path table,
        final List<Event> events, final String when) throws Exception
    {
        try (TableSegments segments = TableSegments.open(Catalog.open(table));
            SegmentsSnapshot snapshot = segments.acquire())
        {
            final Manifest manifest = segments.catalog().snapshot();
            TableFiles.assertNoOrphans(table, manifest);
            assertThat(segments.quarantineEvents()).as(when).isEmpty();
            final Map<Long, double[]> expected = expected(manifest, events);
            final Map<Long, double[]> actual = perHour(engine, spec, snapshot.segments());
            System.out.println(when + ": restream " + manifest.restream() + ", positions " +
                manifest.sourcePositions() + ", events " + manifest.totalEvents());
            assertThat(actual.keySet()).as("hours " + when).isEqualTo(expected.keySet());
            for (final Map.Entry<Long, double[]> hour : expected.entrySet())
            {
                final double[] got = actual.get(hour.getKey());
                assertThat(got[0]).as("events of hour " + hour.getKey() + " " + when).isEqualTo(hour.getValue()[0]);
                assertThat(got[1]).as("revenue of hour " + hour.getKey() + " " + when)
                    .isCloseTo(hour.getValue()[1], within(1e-6 * Math.max(1, hour.getValue()[1])));
            }
            return manifest;
        }
    }

    /** Per hour: events and revenue the manifest says the segments hold. */
    private static Map<Long, double[]> expected(final Manifest manifest, final List<Event> events)
    {
        final RestreamMarker marker = manifest.restream();
        final boolean inProgress = marker != null && marker.inProgress();
        final Map<Long, double[]> perHour = new TreeMap<>();
        for (final Event event : events)
        {
            final String key = "kafka:" + TOPIC + ":" + event.partition();
            final boolean isCommitted = event.offset() <= manifest.sourcePosition(key).orElse(-1);
            final boolean isKept = inProgress && event.time() < marker.chunkStart() &&
                event.offset() <= marker.storedPositions().getOrDefault(key, -1L);
            if (isCommitted || isKept)
            {
                final double[] hour = perHour.computeIfAbsent(Math.floorDiv(event.time(), HOUR) * HOUR,
                    k -> new double[2]);
                hour[0]++;
                hour[1] += event.revenue();
            }
        }
        return perHour;
    }

    private static Map<Long, double[]> perHour(final QueryEngine engine, final TableSpec spec,
        final List<? extends RowSource> sources)
    {
        final Map<Long, double[]> perHour = new TreeMap<>();
        if (sources.isEmpty())
        {
            return perHour;
        }
        final QueryResult result = engine.run(NativeQuery.groupBy("web")
            .groupings(new Grouping.TimeBucket("PT1H", null, "hour"))
            .aggregations(Aggregation.count("n"), Aggregation.of(Aggregation.Kind.SUM, "revenue", "revenue"))
            .build(), spec.rowSchema(), sources, QueryContext.defaults());
        for (final Object[] row : result.rows())
        {
            if ((Long)row[1] != 0)
            {
                perHour.put(((Number)row[0]).longValue(), new double[] {(Long)row[1], (Double)row[2]});
            }
        }
        return perHour;
    }

    private static boolean committedAll(final TableIngest ingest, final int events)
    {
        final Manifest manifest = ingest.catalog().snapshot();
        long next = 0;
        for (int p = 0; p < PARTITIONS; p++)
        {
            next += manifest.sourcePosition("kafka:" + TOPIC + ":" + p).orElse(-1) + 1;
        }
        return next == events;
    }

    private static TableSpec spec(final String bootstrap)
    {
        final TableSpec web = WebEvents.spec("PT1M");
        return new TableSpec(web.name(), web.timestamp(), web.dimensions(), web.metrics(), web.rollup(),
            web.segmentGranularity(), web.retention(), SourceSpec.kafka(bootstrap, TOPIC,
            Map.of("fetch.max.wait.ms", "20")));
    }
}
