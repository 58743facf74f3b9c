package dev.tally.ingest.restream;

import dev.tally.ingest.TableIngest;
import dev.tally.ingest.localkafka.KafkaBroker;
import dev.tally.ingest.rollup.TableSnapshot;
import dev.tally.ingest.source.KafkaSource;
import dev.tally.ingest.testing.Await;
import dev.tally.ingest.testing.DuckDbOracle;
import dev.tally.ingest.testing.TableFiles;
import dev.tally.ingest.testing.WebEvents;
import dev.tally.query.exec.QueryEngine;
import dev.tally.storage.schema.SourceSpec;
import dev.tally.storage.schema.TableSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.tally.ingest.testing.WebEvents.HOUR;
import static dev.tally.ingest.testing.WebEvents.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Re-streams of a table fed by a real broker whose records carry their event time as Kafka timestamp: after the
 * table catches up, every answer (per hour chunk: counts and sums; per dimension) equals DuckDB's over the topic's
 * events, so nothing was lost and nothing counted twice.
 */
class RestreamTest
{
    private static final int PARTITIONS = 3;
    private static final int EVENTS = 40_000;
    private static final long WINDOW = 6 * HOUR;
    private static final long SEED = 43;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** Kafka would delete the 2026-01 records by their timestamps under the default seven-day retention. */
    private static final Map<String, String> KEEP_FOREVER = Map.of("retention.ms", "-1");

    @TempDir
    static Path kafkaDir;
    @TempDir
    Path dir;

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

    @AfterEach
    void closeEngine()
    {
        engine.close();
    }

    @Test
    void restreamFromATimeRebuildsTheLaterChunksWithoutLossOrDoubleCount() throws Exception
    {
        final TableSpec spec = topicWithEvents("middle", EVENTS);
        try (DuckDbOracle oracle = DuckDbOracle.open(); TableIngest ingest = start(spec))
        {
            oracle.loadGenerated(SEED, WINDOW, EVENTS);
            awaitCount(ingest, EVENTS);

            final RestreamResult result =
                printed("from a time", ingest.restream(RestreamRequest.fromTimestamp(START + 5 * HOUR / 2)));

            assertThat(result.chunkStart()).isEqualTo(START + 2 * HOUR);
            assertThat(result.segmentsDropped()).isPositive();
            assertThat(result.eventsDropped()).isBetween(EVENTS / 2L, (long)EVENTS);
            assertThat(result.resetOffsets().values()).allMatch(offset -> offset > 0);
            awaitCaughtUp(ingest);
            checkAgainstDuckDb(ingest, spec, oracle);
            assertThat(ingest.status().restream().eventsSkippedAsStored()).isPositive();
        }
    }

    @Test
    void restreamFromTheEarliestOffsetsRebuildsEveryChunk() throws Exception
    {
        final TableSpec spec = topicWithEvents("earliest", EVENTS);
        try (DuckDbOracle oracle = DuckDbOracle.open(); TableIngest ingest = start(spec))
        {
            oracle.loadGenerated(SEED, WINDOW, EVENTS);
            awaitCount(ingest, EVENTS);

            final RestreamResult result =
                printed("from the earliest", ingest.restream(RestreamRequest.fromOffsets(Map.of(0, 0L, 1, 0L, 2, 0L))));

            assertThat(result.chunkStart()).isEqualTo(Long.MIN_VALUE);
            assertThat(result.eventsDropped()).isEqualTo(EVENTS);
            awaitCaughtUp(ingest);
            checkAgainstDuckDb(ingest, spec, oracle);
            assertThat(ingest.status().restream().eventsSkippedAsStored()).isZero();
        }
    }

    @Test
    void restreamFromOffsetsRebuildsOnlyChunksTheReReadRecordsHoldEntirely() throws Exception
    {
        final TableSpec spec = topicWithEvents("offsets", EVENTS);
        try (DuckDbOracle oracle = DuckDbOracle.open(); TableIngest ingest = start(spec))
        {
            oracle.loadGenerated(SEED, WINDOW, EVENTS);
            awaitCount(ingest, EVENTS);

            final RestreamResult result =
                printed("from offsets", ingest.restream(RestreamRequest.fromOffsets(Map.of(1, EVENTS / 6L))));

            assertThat(result.resetOffsets()).containsEntry(1, EVENTS / 6L)
                .containsEntry(0, result.storedOffsets().get(0) + 1)
                .containsEntry(2, result.storedOffsets().get(2) + 1);
            assertThat(result.chunkStart() % HOUR).isZero();
            awaitCaughtUp(ingest);
            checkAgainstDuckDb(ingest, spec, oracle);
        }
    }

    @Test
    void restreamRefusesWhatKafkaNoLongerHoldsAndForwardOffsets() throws Exception
    {
        final TableSpec spec = topicWithEvents("trimmed", 3_000);
        try (TableIngest ingest = start(spec);
            Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers())))
        {
            awaitCount(ingest, 3_000);
            admin.deleteRecords(Map.of(new TopicPartition("trimmed", 0), RecordsToDelete.beforeOffset(100)))
                .all().get(30, TimeUnit.SECONDS);
            final long version = ingest.catalog().snapshot().version();

            assertThatThrownBy(() -> ingest.restream(RestreamRequest.fromOffsets(Map.of(0, 50L))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offsets: partition[0] offset[50] is before the earliest offset Kafka still holds[100]");
            assertThatThrownBy(() -> ingest.restream(RestreamRequest.fromOffsets(Map.of(2, 5_000L))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only goes back");
            assertThatThrownBy(() -> ingest.restream(RestreamRequest.fromTimestamp(START)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no longer holds");
            assertThat(ingest.status().restream()).isNull();
            // refusals commit nothing but the persist that precedes every reset
            assertThat(ingest.catalog().snapshot().segments()).isNotEmpty();
            assertThat(ingest.catalog().snapshot().restream()).isNull();
            assertThat(ingest.catalog().snapshot().version()).isGreaterThanOrEqualTo(version);
        }
    }

    @Test
    void pushTableCannotRestream() throws Exception
    {
        try (TableIngest ingest = TableIngest.start(WebEvents.spec("PT1M"), dir.resolve("push"),
            TableIngest.Options.DEFAULT.withBlockRows(1024)))
        {
            assertThatThrownBy(() -> ingest.restream(RestreamRequest.fromTimestamp(START)))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("Kafka");
        }
    }

    private TableSpec topicWithEvents(final String topic, final int count) throws Exception
    {
        broker.createTopic(topic, PARTITIONS, KEEP_FOREVER);
        broker.produce(topic, PARTITIONS, WebEvents.json(SEED, WINDOW, count, null), WebEvents::eventTime);
        final TableSpec web = WebEvents.spec("PT1M");
        return new TableSpec(web.name(), web.timestamp(), web.dimensions(), web.metrics(), web.rollup(),
            web.segmentGranularity(), web.retention(), SourceSpec.kafka(broker.bootstrapServers(), topic,
            Map.of("fetch.max.wait.ms", "20")));
    }

    private TableIngest start(final TableSpec spec) throws Exception
    {
        return TableIngest.start(spec, dir.resolve(spec.source().topic()), new KafkaSource(spec.source()),
            TableIngest.Options.DEFAULT.withBlockRows(2048).withMaxRows(15_000).withMaxAgeMillis(200));
    }

    private static RestreamResult printed(final String what, final RestreamResult result)
    {
        System.out.println("re-stream " + what + ": " + result);
        return result;
    }

    private void awaitCount(final TableIngest ingest, final long expected) throws InterruptedException
    {
        Await.until(TIMEOUT, () -> count(ingest) == expected, () -> expected + " events, have " + count(ingest));
    }

    private static void awaitCaughtUp(final TableIngest ingest) throws InterruptedException
    {
        Await.until(TIMEOUT, () -> !ingest.status().restream().inProgress(),
            () -> "the re-stream to catch up: " + ingest.status());
        assertThat(ingest.status().restream().finishedAtMillis())
            .isGreaterThanOrEqualTo(ingest.status().restream().requestedAtMillis());
    }

    /** Live answers, then (after a persist) the committed segments alone, against DuckDB; no orphan files. */
    private void checkAgainstDuckDb(final TableIngest ingest, final TableSpec spec, final DuckDbOracle oracle)
        throws Exception
    {
        awaitCount(ingest, EVENTS);
        try (TableSnapshot snapshot = ingest.acquire())
        {
            for (final DuckDbOracle.Query query : DuckDbOracle.webQueries())
            {
                oracle.check(engine, spec, snapshot.sources(), query);
            }
        }
        ingest.persistNow(TIMEOUT);
        try (TableSnapshot snapshot = ingest.acquire())
        {
            final List<DuckDbOracle.Query> queries = DuckDbOracle.webQueries();
            oracle.check(engine, spec, snapshot.sources(), queries.get(queries.size() - 1));
        }
        TableFiles.assertNoOrphans(ingest.catalog().tableDir(), ingest.catalog().snapshot());
    }

    private long count(final TableIngest ingest)
    {
        try (TableSnapshot snapshot = ingest.acquire())
        {
            return WebEvents.count(engine, spec(ingest), snapshot.sources());
        }
    }

    private static TableSpec spec(final TableIngest ingest)
    {
        return ingest.spec();
    }
}
