package dev.tally.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;
import dev.tally.ingest.localkafka.KafkaBroker;
import dev.tally.ingest.testing.Await;
import dev.tally.server.testing.DuckDb;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.OracleQueries;
import dev.tally.server.testing.PushTable;
import dev.tally.server.testing.TestServers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first milestone through the server: events in a Kafka topic become SQL answers over HTTP. A real KRaft broker,
 * a table created over {@code POST /v1/tables} that consumes a pre-loaded 3-partition topic, answers compared with
 * DuckDB's over the same raw events, committed offsets and lag in the table's status, a restart that neither loses
 * nor repeats an event, and produce-to-visible freshness. Later tests build on earlier ones (ordered).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaToSqlTest
{
    private static final int EVENTS = 200_000;
    private static final int PARTITIONS = 3;
    private static final String TOPIC = "web-events";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** Small enough that the table persists and commits while it catches up, so offsets are committed mid-way. */
    private static final int MAX_ROWS = 50_000;

    @TempDir
    static Path dir;

    private KafkaBroker broker;
    private TallyServer server;
    private HttpApi http;
    private DuckDb duckDb;

    @BeforeAll
    void produceThenIngest() throws Exception
    {
        broker = KafkaBroker.start(dir.resolve("kafka"));
        broker.createTopic(TOPIC, PARTITIONS);
        final List<String> events = PushTable.events(43, 6 * 3_600_000L, EVENTS);
        broker.produce(TOPIC, PARTITIONS, events.stream().map(e -> e.getBytes(StandardCharsets.UTF_8)).toList());
        server = startServer();
        final long started = System.nanoTime();
        final HttpApi.Answer created = http.post("/v1/tables",
            PushTable.kafkaSpec("web", broker.bootstrapServers(), TOPIC));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        // the status shows ingest progress without SQL, whose first query in a JVM pays for class loading
        final long first = awaitEventsIn(1);
        final long firstSeen = System.nanoTime();
        assertThat(awaitEventsIn(EVENTS)).isEqualTo(EVENTS);
        final long allIn = System.nanoTime();
        assertThat(http.awaitCount("web", EVENTS, TIMEOUT)).isEqualTo(EVENTS);
        System.out.printf("KafkaToSqlTest: %,d events from a pre-loaded %d-partition topic: first %,d in %.2f s " +
            "after POST /v1/tables, all in after %.2f s (%,.0f events/s from then on), all counted by /v1/sql " +
            "after %.2f s%n", EVENTS, PARTITIONS, first, (firstSeen - started) / 1e9, (allIn - started) / 1e9,
            (EVENTS - first) / Math.max(1e-3, (allIn - firstSeen) / 1e9), (System.nanoTime() - started) / 1e9);
        duckDb = new DuckDb(dir, events);
    }

    @AfterAll
    void stop() throws Exception
    {
        try (KafkaBroker b = broker; DuckDb d = duckDb; TallyServer s = server)
        {
            // closed in reverse order: server, oracle, broker
        }
    }

    @Test
    @Order(1)
    void answersEqualDuckDbsOverTheRawEvents() throws Exception
    {
        OracleQueries.assertSameAsDuckDb(http, duckDb);
    }

    @Test
    @Order(2)
    void statusShowsCommittedOffsetsAndLagPerPartition() throws Exception
    {
        final JsonNode partitions = awaitPartitions(p -> p.path("latestOffset").asLong() == expectedEnd(p));
        for (final JsonNode partition : partitions)
        {
            final long committed = partition.path("committedOffset").asLong();
            final long latest = partition.path("latestOffset").asLong();
            // MAX_ROWS made the table commit while catching up; what is still in memory is lag
            assertThat(committed).as(partition.toString()).isBetween(0L, latest - 1);
            assertThat(partition.path("lag").asLong()).as(partition.toString()).isEqualTo(latest - committed - 1);
        }
    }

    @Test
    @Order(3)
    void restartNeitherLosesNorRepeatsAnEvent() throws Exception
    {
        server.close();
        server = startServer();
        // close committed everything: every partition is committed to its end and nothing is read again
        final JsonNode partitions = awaitPartitions(p -> p.path("latestOffset").asLong() == expectedEnd(p));
        for (final JsonNode partition : partitions)
        {
            assertThat(partition.path("committedOffset").asLong()).as(partition.toString())
                .isEqualTo(expectedEnd(partition) - 1);
            assertThat(partition.path("lag").asLong()).as(partition.toString()).isZero();
        }
        assertThat(http.count("web")).isEqualTo(EVENTS);
        OracleQueries.assertSameAsDuckDb(http, duckDb);
    }

    @Test
    @Order(4)
    void restreamFromATimeRebuildsLaterChunksWithoutCountingAnythingTwice() throws Exception
    {
        assertThat(http.post("/v1/tables/web/restream", "{}").status()).isEqualTo(400);
        assertThat(http.post("/v1/tables/web/restream", "{\"timestamp\": \"yesterday\"}").json()
            .path("errorMessage").asText()).contains("timestamp: not an ISO-8601 instant");
        final HttpApi.Answer reset = http.post("/v1/tables/web/restream", "{\"timestamp\": \"2026-01-01T03:10:00Z\"}");
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        assertThat(reset.json().path("chunkStart").asText()).isEqualTo("2026-01-01T03:00:00Z");
        assertThat(reset.json().path("eventsDropped").asLong()).isPositive();
        // records were stamped when produced (after every event time): every partition is read again from 0, the
        // events of the kept chunks are skipped as stored, the later chunks are rebuilt
        final long kept = EVENTS - reset.json().path("eventsDropped").asLong();
        final JsonNode restream = Await.latest(TIMEOUT, () -> http.get("/v1/tables/web/status").json().path("restream"),
            status -> status.path("eventsSkippedAsStored").asLong() >= kept);
        assertThat(restream.path("chunkStart").asText()).isEqualTo("2026-01-01T03:00:00Z");
        assertThat(restream.path("eventsSkippedAsStored").asLong())
            .isEqualTo(EVENTS - reset.json().path("eventsDropped").asLong());
        assertThat(http.awaitCount("web", EVENTS, TIMEOUT)).isEqualTo(EVENTS);
        OracleQueries.assertSameAsDuckDb(http, duckDb);
    }

    @Test
    @Order(5)
    void aProducedEventIsQueryableWithinSeconds() throws Exception
    {
        final int samples = 20;
        final long[] millis = new long[samples];
        final WebEvent event = new WebEvent();
        final WebEventGenerator generator = new WebEventGenerator(7, System.currentTimeMillis(), 60_000, samples);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "1"),
            new ByteArraySerializer(), new ByteArraySerializer()))
        {
            for (int i = 0; i < samples; i++)
            {
                generator.next(event);
                event.timestamp = System.currentTimeMillis();
                event.page = "/fresh/" + i + "-" + System.nanoTime();
                final byte[] json = event.appendJson(new StringBuilder()).toString().getBytes(StandardCharsets.UTF_8);
                final String query = "SELECT COUNT(*) FROM web WHERE page = '" + event.page + "'";
                final long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(TOPIC, json));
                producer.flush();
                final long seen = Await.latest(Duration.ofSeconds(10), () -> countOf(query), count -> count > 0);
                millis[i] = (System.nanoTime() - sent) / 1_000_000;
                assertThat(seen).as("event %d visible within 10 s", i).isEqualTo(1);
            }
        }
        Arrays.sort(millis);
        System.out.printf("KafkaToSqlTest: produce -> visible in /v1/sql over %d events: p50 %d ms, max %d ms%n",
            samples, millis[samples / 2], millis[samples - 1]);
        assertThat(millis[samples - 1]).as("slowest ms from produce to visible").isLessThan(5_000);
    }

    private TallyServer startServer()
    {
        final TallyServer started = TestServers.start(TestServers.config(dir.resolve("data")),
            TestServers.INGEST.withMaxRows(MAX_ROWS));
        http = new HttpApi(started.port());
        return started;
    }

    /** Polls the status's {@code eventsIn} until it reaches {@code expected}; returns the last value. */
    private long awaitEventsIn(final long expected) throws InterruptedException
    {
        return Await.latest(TIMEOUT, () -> http.get("/v1/tables/web/status").json().path("eventsIn").asLong(),
            eventsIn -> eventsIn >= expected);
    }

    private long countOf(final String query)
    {
        final HttpApi.Answer answer = http.sql(query, "array");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get(0).get(0).asLong();
    }

    /** Event i of the pre-loaded topic went to partition {@code i % PARTITIONS}. */
    private static long expectedEnd(final JsonNode partition)
    {
        final int p = partition.path("partition").asInt();
        return EVENTS / PARTITIONS + (p < EVENTS % PARTITIONS ? 1 : 0);
    }

    /** The status's partitions once {@code isReady} holds for all three (the source reports ends after a poll). */
    private JsonNode awaitPartitions(final Predicate<JsonNode> isReady) throws Exception
    {
        final JsonNode partitions = Await.latest(TIMEOUT, () ->
        {
            final HttpApi.Answer status = http.get("/v1/tables/web/status");
            assertThat(status.status()).as(status.body()).isEqualTo(200);
            return status.json().path("partitions");
        }, all ->
        {
            boolean isAllReady = all.size() == PARTITIONS;
            for (final JsonNode partition : all)
            {
                isAllReady &= isReady.test(partition);
            }
            return isAllReady;
        });
        assertThat(partitions).as("partitions ready within " + TIMEOUT).hasSize(PARTITIONS)
            .allMatch(isReady::test);
        return partitions;
    }
}
