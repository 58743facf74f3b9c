package dev.tally.ingest.source;

import dev.tally.ingest.TableIngest;
import dev.tally.ingest.rollup.TableSnapshot;
import dev.tally.ingest.testing.Await;
import dev.tally.ingest.testing.ChildJvm;
import dev.tally.ingest.testing.WebEvents;
import dev.tally.ingest.localkafka.KafkaBroker;
import dev.tally.query.exec.QueryContext;
import dev.tally.query.exec.QueryEngine;
import dev.tally.query.exec.QueryResult;
import dev.tally.query.model.Aggregation;
import dev.tally.query.model.Grouping;
import dev.tally.query.model.NativeQuery;
import dev.tally.storage.catalog.Catalog;
import dev.tally.storage.catalog.Manifest;
import dev.tally.storage.catalog.SegmentsSnapshot;
import dev.tally.storage.catalog.TableSegments;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.TableSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills ({@code kill -9}) a child JVM ingesting from a real broker at random moments, while new events keep
 * arriving and indexes are persisted every few milliseconds, and checks after every kill that the committed segments
 * hold, per partition, exactly the events up to the committed position: no loss, no duplicates.
 */
class KafkaCrashTest
{
    private static final int PARTITIONS = 3;
    private static final int KILLS = Integer.getInteger("tally.test.kafkaKills", 20);
    private static final int EVENTS_PER_ROUND = 6_000;

    @TempDir
    Path dir;

    @Test
    void killedIngestLosesNothingAndCountsNothingTwice() throws Exception
    {
        final long seed = System.nanoTime();
        System.out.println("KafkaCrashTest seed " + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final Path tableDir = dir.resolve("table");
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"));
            QueryEngine engine = new QueryEngine(2))
        {
            final String topic = "crash";
            broker.createTopic(topic, PARTITIONS);
            final TableSpec spec = spec(broker.bootstrapServers(), topic);
            final Path specFile = dir.resolve("spec.json");
            Files.writeString(specFile, spec.toJson());

            long produced = 0;
            for (int round = 0; round < KILLS; round++)
            {
                final List<byte[]> events = events(seed + round, EVENTS_PER_ROUND);
                broker.produce(topic, PARTITIONS, events);
                produced += events.size();
                final long startNanos = System.nanoTime();
                final ChildJvm child = ChildJvm.start(IngestChild.class, List.of(specFile.toString(),
                    tableDir.toString(), "2000", "40"), dir.resolve("child-" + round + ".err"));
                try
                {
                    // kill at a random moment once the child is ingesting and committing
                    child.awaitLine("persisted 1");
                    System.out.printf("child %d: first commit after %.0f ms%n", round,
                        (System.nanoTime() - startNanos) / 1e6);
                    Thread.sleep(random.nextInt(0, 400));
                }
                finally
                {
                    child.kill();
                }
                final Map<Long, Long> committed = checkCommittedState(engine, spec, tableDir, "after kill " + round);
                System.out.println("after kill " + round + ": produced " + produced + ", committed " + committed);
            }

            final long expected = produced;
            try (TableIngest ingest = TableIngest.start(spec, tableDir, new KafkaSource(spec.source()),
                TableIngest.Options.DEFAULT.withBlockRows(1024).withMaxRows(20_000)))
            {
                Await.until(Duration.ofSeconds(60), () -> count(engine, spec, ingest) == expected,
                    () -> expected + " events, have " + count(engine, spec, ingest));
            }
            final Map<Long, Long> perPartition = checkCommittedState(engine, spec, tableDir, "at the end");
            for (long p = 0; p < PARTITIONS; p++)
            {
                assertThat(perPartition.get(p)).isEqualTo(expected / PARTITIONS);
            }
        }
    }

    private static TableSpec spec(final String bootstrap, final String topic)
    {
        return TableSpec.parse("""
            {"name": "crash", "timestamp": {"column": "ts", "format": "iso"},
             "dimensions": ["country", "device", {"name": "part", "type": "long"}],
             "metrics": [{"name": "count", "type": "count"},
                         {"name": "revenue", "type": "doubleSum", "field": "revenue"}],
             "rollup": "PT1M", "segmentGranularity": "PT1H",
             "source": {"type": "kafka", "bootstrapServers": "%s", "topic": "%s",
                        "properties": {"fetch.max.wait.ms": "20"}}}
            """.formatted(bootstrap, topic));
    }

    /** Events that carry their partition (i % PARTITIONS) as a dimension. */
    private static List<byte[]> events(final long seed, final int count)
    {
        final List<byte[]> json = WebEvents.json(seed, 3 * 3_600_000L, count, null);
        final List<byte[]> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final String text = new String(json.get(i), StandardCharsets.UTF_8);
            events.add((text.substring(0, text.length() - 1) + ",\"part\":" + i % PARTITIONS + "}")
                .getBytes(StandardCharsets.UTF_8));
        }
        return events;
    }

    /** Events per partition in the committed segments; each must be the committed position + 1. */
    private static Map<Long, Long> checkCommittedState(
        final QueryEngine engine, final TableSpec spec, final Path tableDir, final String when) throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        final Manifest manifest = catalog.snapshot();
        try (TableSegments segments = TableSegments.open(catalog); SegmentsSnapshot snapshot = segments.acquire())
        {
            final Map<Long, Long> counted = perPartition(engine, spec, snapshot.segments());
            final Map<Long, Long> committed = new HashMap<>();
            for (long p = 0; p < PARTITIONS; p++)
            {
                final long position = manifest.sourcePosition("kafka:crash:" + p).orElse(-1);
                if (position >= 0)
                {
                    committed.put(p, position + 1);
                }
            }
            assertThat(counted).as("events per partition " + when).isEqualTo(committed);
            return counted;
        }
    }

    private static Map<Long, Long> perPartition(
        final QueryEngine engine, final TableSpec spec, final List<? extends RowSource> sources)
    {
        final Map<Long, Long> result = new HashMap<>();
        if (sources.isEmpty())
        {
            return result;
        }
        final QueryResult rows = engine.run(NativeQuery.groupBy("crash")
            .groupings(new Grouping.Dimension("part", null)).aggregations(Aggregation.count("n")).build(),
            spec.rowSchema(), sources, QueryContext.defaults());
        for (final Object[] row : rows.rows())
        {
            result.put((Long)row[0], (Long)row[1]);
        }
        return result;
    }

    private static long count(final QueryEngine engine, final TableSpec spec, final TableIngest ingest)
    {
        try (TableSnapshot snapshot = ingest.acquire())
        {
            return perPartition(engine, spec, snapshot.sources()).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
