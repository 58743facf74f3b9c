package dev.tally.ingest.source;

import dev.tally.ingest.IngestStatus;
import dev.tally.ingest.TableIngest;
import dev.tally.ingest.rollup.TableSnapshot;
import dev.tally.ingest.testing.Await;
import dev.tally.ingest.testing.WebEvents;
import dev.tally.ingest.localkafka.KafkaBroker;
import dev.tally.query.exec.QueryEngine;
import dev.tally.storage.catalog.Catalog;
import dev.tally.storage.schema.SourceSpec;
import dev.tally.storage.schema.TableSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Ingest from a real single-node KRaft broker started in this JVM. */
class KafkaSourceTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path kafkaDir;
    @TempDir
    Path tableDir;

    private static KafkaBroker broker;
    private final QueryEngine engine = new QueryEngine(2);

    @BeforeAll
    static void startBroker() throws Exception
    {
        broker = KafkaBroker.start(kafkaDir);
    }

    @AfterAll
    static void stopBroker()
    {
        if (broker != null)
        {
            broker.close();
        }
    }

    private TableSpec spec(final String topic)
    {
        return spec(topic, Map.of());
    }

    private TableSpec spec(final String topic, final Map<String, String> properties)
    {
        final TableSpec web = WebEvents.spec("PT1M");
        return new TableSpec(web.name(), web.timestamp(), web.dimensions(), web.metrics(), web.rollup(),
            web.segmentGranularity(), web.retention(), SourceSpec.kafka(broker.bootstrapServers(), topic,
            properties));
    }

    private static void produce(final String topic, final int partitions, final List<byte[]> events)
    {
        broker.produce(topic, partitions, events);
    }

    private static long groupOffset(final Admin admin, final String group, final String topic)
    {
        try
        {
            final OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get().get(new TopicPartition(topic, 0));
            return offset == null ? -1 : offset.offset();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private long count(final TableIngest ingest, final TableSpec spec)
    {
        try (TableSnapshot snapshot = ingest.acquire())
        {
            return WebEvents.count(engine, spec, snapshot.sources());
        }
    }

    @Test
    void ingestsEveryProducedEventExactlyOnceAcrossRestarts() throws Exception
    {
        final String topic = "web-events";
        broker.createTopic(topic, 3);
        final TableSpec spec = spec(topic);
        final WebEvents.Totals totals = new WebEvents.Totals();
        final List<byte[]> events = WebEvents.json(21, 2 * 3_600_000L, 60_000, totals);
        final TableIngest.Options options = TableIngest.Options.DEFAULT.withBlockRows(4096).withMaxRows(20_000);
        produce(topic, 3, events.subList(0, 40_000));

        try (TableIngest ingest = TableIngest.start(spec, tableDir, new KafkaSource(spec.source()), options))
        {
            Await.until(TIMEOUT, () -> count(ingest, spec) == 40_000, () -> "40000 events, have " +
                count(ingest, spec));
            // a fresh event is queryable soon after it is produced
            final long before = System.nanoTime();
            produce(topic, 3, events.subList(40_000, 40_001));
            Await.until(Duration.ofSeconds(5), () -> count(ingest, spec) == 40_001, () -> "the fresh event");
            System.out.printf("produce-to-queryable of one event: %.1f ms%n", (System.nanoTime() - before) / 1e6);
        }
        assertThat(Catalog.open(tableDir).snapshot().totalEvents()).isEqualTo(40_001);

        produce(topic, 3, events.subList(40_001, events.size()));
        try (TableIngest ingest = TableIngest.start(spec, tableDir, new KafkaSource(spec.source()), options))
        {
            Await.until(TIMEOUT, () -> count(ingest, spec) >= events.size(), () -> "all events, have " +
                count(ingest, spec));
            try (TableSnapshot snapshot = ingest.acquire())
            {
                WebEvents.assertTotals(engine, spec, snapshot.sources(), totals);
            }
            // the writer counts applied events just after publishing them
            Await.until(TIMEOUT, () -> ingest.eventsApplied() == events.size() - 40_001, () -> "applied count");

            ingest.persistNow(TIMEOUT);
            Await.until(TIMEOUT, () -> ingest.status().partitions().stream().allMatch(p -> p.lag() == 0),
                () -> "no lag in " + ingest.status().partitions());
            final IngestStatus status = ingest.status();
            assertThat(status.committedEvents()).isEqualTo(events.size());
            assertThat(status.rows()).isLessThan(events.size());
            assertThat(status.rollupRatio()).isGreaterThan(1);
            assertThat(status.segments()).isPositive();
            assertThat(status.partitions()).extracting(IngestStatus.PartitionStatus::latestOffset)
                .containsExactly(20_002L, 19_999L, 19_999L);
        }
        // each produce call spread its events round-robin from partition 0: 20002, 19999 and 19999 records
        assertThat(Catalog.open(tableDir).snapshot().sourcePositions())
            .containsEntry("kafka:" + topic + ":0", 20_001L)
            .containsEntry("kafka:" + topic + ":1", 19_998L)
            .containsEntry("kafka:" + topic + ":2", 19_998L);
    }

    @Test
    void badAndEmptyRecordsAdvanceThePosition() throws Exception
    {
        final String topic = "bad-events";
        broker.createTopic(topic, 1);
        final TableSpec spec = spec(topic, Map.of("group.id", "tally-bad-events"));
        final List<byte[]> events = new java.util.ArrayList<>(WebEvents.json(22, 60_000L, 100, null));
        events.set(10, "{\"ts\":".getBytes(StandardCharsets.UTF_8));
        events.set(20, new byte[0]);
        produce(topic, 1, events);
        try (TableIngest ingest = TableIngest.start(spec, tableDir, new KafkaSource(spec.source()),
            TableIngest.Options.DEFAULT.withBlockRows(1024).withMaxRows(10_000)))
        {
            Await.until(TIMEOUT, () -> ingest.errors().total() == 2 && count(ingest, spec) == 98, () -> "98 events");
            ingest.persistNow(TIMEOUT);
            // the catalog's position is copied to the consumer group, for monitoring tools
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers())))
            {
                Await.until(TIMEOUT, () -> groupOffset(admin, "tally-bad-events", topic) == 100,
                    () -> "group offset 100");
            }
        }
        assertThat(Catalog.open(tableDir).snapshot().sourcePositions()).containsEntry("kafka:" + topic + ":0", 99L);
    }

    @Test
    void partitionsAddedWhileIngestingAreConsumedFromTheirStart() throws Exception
    {
        final String topic = "growing";
        broker.createTopic(topic, 2);
        final TableSpec spec = spec(topic, Map.of("metadata.max.age.ms", "500"));
        final List<byte[]> first = WebEvents.json(31, 60_000L, 1_000, null);
        produce(topic, 2, first);
        try (TableIngest ingest = TableIngest.start(spec, tableDir, new KafkaSource(spec.source()),
            TableIngest.Options.DEFAULT.withBlockRows(1024).withMaxRows(10_000)))
        {
            Await.until(TIMEOUT, () -> count(ingest, spec) == 1_000, () -> "the first 1,000 events");
            broker.addPartitions(topic, 3);
            // events for the new partition 2 (and more for 0 and 1), produced once the topic has grown
            final List<byte[]> second = WebEvents.json(32, 60_000L, 900, null);
            produce(topic, 3, second);
            final long counted = Await.latest(TIMEOUT, () -> count(ingest, spec), n -> n >= 1_900);
            assertThat(counted).isEqualTo(1_900);
            assertThat(ingest.status().partitions()).hasSize(3);
            ingest.persistNow(TIMEOUT);
        }
        assertThat(Catalog.open(tableDir).snapshot().sourcePositions())
            .containsEntry("kafka:" + topic + ":0", 500L + 300 - 1)
            .containsEntry("kafka:" + topic + ":1", 500L + 300 - 1)
            .containsEntry("kafka:" + topic + ":2", 299L);
    }
}
