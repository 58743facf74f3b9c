package dev.tally.server.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.ingest.journal.DeadLetterJournal;
import dev.tally.ingest.localkafka.KafkaBroker;
import dev.tally.ingest.record.EventParser;
import dev.tally.ingest.record.ParseError;
import dev.tally.ingest.testing.Await;
import dev.tally.ingest.testing.BadEvents;
import dev.tally.server.TallyServer;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.PushTable;
import dev.tally.server.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The malformed-event corpus ({@link BadEvents}, over 30 kinds) arriving through the server's two doors at once — a
 * Kafka topic and HTTP push — between good events, while another table takes good pushes: every bad event is counted
 * under its reason in the table status, sampled and dead-lettered with its raw bytes, every good one around it is
 * ingested, and the other table neither loses an event nor fails a request.
 */
class BadEventsTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 3;
    private static final int ROUNDS = Profile.pick(3, 30);
    private static final byte[] GOOD = BadEvents.GOOD.getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void badEventsAreCountedSampledAndDeadLetteredAndHurtNobody() throws Exception
    {
        final List<BadEvents.BadEvent> corpus = BadEvents.corpus(EventParser.MAX_EVENT_BYTES_DEFAULT,
            EventParser.MAX_VALUE_BYTES_DEFAULT);
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(30);
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"));
             TallyServer server = TestServers.start(TestServers.config(dir.resolve("data"))))
        {
            broker.createTopic("bad", PARTITIONS);
            final HttpApi http = new HttpApi(server.port());
            create(http, BadEvents.SPEC.replace("\"events\"", "\"kbad\"").replace("{\"type\": \"push\"}",
                "{\"type\": \"kafka\", \"bootstrapServers\": \"" + broker.bootstrapServers() +
                "\", \"topic\": \"bad\"}"));
            create(http, BadEvents.SPEC.replace("\"events\"", "\"pbad\""));
            create(http, PushTable.SPEC);

            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicLong bystanderEvents = new AtomicLong();
            final List<String> bystanderFailures = new ArrayList<>();
            final Thread bystander = new Thread(() -> pushGood(http, stop, bystanderEvents, bystanderFailures));
            bystander.start();
            final Map<ParseError, Long> expected = new EnumMap<>(ParseError.class);
            final Map<ParseError, Long> expectedOverHttp = new EnumMap<>(ParseError.class);
            long goodOverHttp = 0;
            try
            {
                for (int round = 0; round < ROUNDS; round++)
                {
                    broker.produce("bad", PARTITIONS, interleaved(corpus));
                    corpus.forEach(bad -> expected.merge(bad.reason(), 1L, Long::sum));
                    goodOverHttp += pushCorpus(http, corpus, expectedOverHttp);
                }
            }
            finally
            {
                stop.set(true);
                bystander.join();
            }

            final long goodOverKafka = (long)ROUNDS * (corpus.size() + 1);
            assertThat(http.awaitCount("kbad", goodOverKafka, TIMEOUT)).isEqualTo(goodOverKafka);
            assertThat(http.awaitCount("pbad", goodOverHttp, TIMEOUT)).isEqualTo(goodOverHttp);
            checkRejections(http, "kbad", expected);
            checkRejections(http, "pbad", expectedOverHttp);
            checkDeadLetters(server, "kbad", corpus, ROUNDS * corpus.size());
            checkDeadLetters(server, "pbad", corpus, expectedOverHttp.values().stream().mapToLong(n -> n).sum());

            assertThat(bystanderFailures).as("the bystander table's pushes").isEmpty();
            assertThat(bystanderEvents.get()).isPositive();
            assertThat(http.awaitCount("web", bystanderEvents.get(), TIMEOUT)).isEqualTo(bystanderEvents.get());
            System.out.printf("BadEventsTest: %d kinds × %d rounds over Kafka and HTTP; %,d good events around " +
                "them; bystander table took %,d events meanwhile%n", corpus.size(), ROUNDS,
                goodOverKafka + goodOverHttp, bystanderEvents.get());
        }
    }

    /** Good, bad, good, bad … good: a bad event never takes its neighbours with it. */
    private static List<byte[]> interleaved(final List<BadEvents.BadEvent> corpus)
    {
        final List<byte[]> events = new ArrayList<>();
        for (final BadEvents.BadEvent bad : corpus)
        {
            events.add(GOOD);
            events.add(bad.raw());
        }
        events.add(GOOD);
        return events;
    }

    /**
     * Pushes the corpus between good lines as one NDJSON body. Entries that are blank or hold a line break are not
     * one NDJSON line, so they are left out.
     *
     * @return good lines pushed.
     */
    private static long pushCorpus(final HttpApi http, final List<BadEvents.BadEvent> corpus,
        final Map<ParseError, Long> expected) throws Exception
    {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int bad = 0;
        for (final BadEvents.BadEvent event : corpus)
        {
            final String text = new String(event.raw(), StandardCharsets.ISO_8859_1);
            if (text.isBlank() || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0)
            {
                continue;
            }
            body.write(GOOD);
            body.write('\n');
            body.write(event.raw());
            body.write('\n');
            expected.merge(event.reason(), 1L, Long::sum);
            bad++;
        }
        body.write(GOOD);
        final HttpApi.Answer answer = http.post("/v1/tables/pbad/events", body.toByteArray());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("accepted").asInt()).isEqualTo(bad + 1);
        assertThat(answer.json().path("rejected").asInt()).isEqualTo(bad);
        for (final JsonNode error : answer.json().path("errors"))
        {
            assertThat(error.path("reason").asText()).as("each rejected line says why").contains(": ");
        }
        return bad + 1;
    }

    private static void checkRejections(final HttpApi http, final String table, final Map<ParseError, Long> expected)
        throws Exception
    {
        final Map<String, Long> want = new TreeMap<>();
        expected.forEach((reason, count) -> want.put(reason.name().toLowerCase(Locale.ROOT), count));
        final JsonNode status = Await.latest(TIMEOUT, () -> http.get("/v1/tables/" + table + "/status").json(),
            json -> counts(json.path("parseErrors")).equals(want));
        assertThat(counts(status.path("parseErrors"))).as(table + " rejections by reason").isEqualTo(want);
        assertThat(status.path("samples").size()).as(table + " samples").isPositive();
        for (final JsonNode sample : status.path("samples"))
        {
            assertThat(want).containsKey(sample.path("reason").asText());
            assertThat(sample.path("position").asText()).contains(":");
        }
    }

    private static Map<String, Long> counts(final JsonNode parseErrors)
    {
        final Map<String, Long> counts = new TreeMap<>();
        parseErrors.fields().forEachRemaining(field -> counts.put(field.getKey(), field.getValue().asLong()));
        return counts;
    }

    /** The dead-letter journal holds each rejected event's exact bytes and reason. */
    private static void checkDeadLetters(final TallyServer server, final String table,
        final List<BadEvents.BadEvent> corpus, final long expected)
    {
        final List<DeadLetterJournal.Entry> entries = server.tables().get(table).deadLetters().readAll();
        assertThat(entries).as(table + " dead letters").hasSize((int)expected);
        final Map<String, ParseError> reasons = new TreeMap<>();
        corpus.forEach(bad -> reasons.put(new String(bad.raw(), StandardCharsets.ISO_8859_1), bad.reason()));
        for (final DeadLetterJournal.Entry entry : entries)
        {
            final String raw = new String(entry.raw(), StandardCharsets.ISO_8859_1);
            assertThat(reasons).as(table + " dead letter " + raw.substring(0, Math.min(raw.length(), 80)))
                .containsEntry(raw, entry.reason());
        }
    }

    private static void create(final HttpApi http, final String spec)
    {
        final HttpApi.Answer created = http.post("/v1/tables", spec);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    /** The bystander: small good pushes to {@code web} until told to stop; any non-200 is a failure. */
    private static void pushGood(final HttpApi http, final AtomicBoolean stop, final AtomicLong events,
        final List<String> failures)
    {
        long seed = 0;
        while (!stop.get())
        {
            final List<String> batch = PushTable.events(seed++, 3_600_000L, 100);
            final HttpApi.Answer answer = http.post("/v1/tables/web/events", PushTable.ndjson(batch));
            if (answer.status() == 200 && answer.json().path("accepted").asInt() == batch.size())
            {
                events.addAndGet(batch.size());
            }
            else
            {
                synchronized (failures)
                {
                    failures.add(answer.toString());
                }
            }
        }
    }
}
