package dev.tally.ingest.source;

import dev.tally.ingest.TableIngest;
import dev.tally.ingest.rollup.TableSnapshot;
import dev.tally.ingest.testing.Await;
import dev.tally.ingest.testing.DuckDbOracle;
import dev.tally.ingest.testing.WebEvents;
import dev.tally.ingest.localkafka.KafkaBroker;
import dev.tally.query.exec.QueryEngine;
import dev.tally.storage.schema.SourceSpec;
import dev.tally.storage.schema.TableSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Events produced to a real broker over three partitions, ingested (live, frozen and persisted indexes all in play),
 * answer group-by queries exactly as DuckDB answers them over the same raw events. The event count defaults to
 * 200,000 to keep the build short; {@code -Dtally.test.duckdbEvents=1000000} runs the million.
 */
class KafkaDuckDbTest
{
    private static final int EVENTS = Integer.getInteger("tally.test.duckdbEvents", 200_000);
    private static final long SEED = 41;
    private static final long WINDOW = 6 * 3_600_000L;

    @TempDir
    Path dir;

    @Test
    void ingestedEventsAnswerLikeDuckDbOverTheRawEvents() throws Exception
    {
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"));
            QueryEngine engine = new QueryEngine(2);
            DuckDbOracle oracle = DuckDbOracle.open())
        {
            final String topic = "events";
            broker.createTopic(topic, 3);
            broker.produce(topic, 3, WebEvents.json(SEED, WINDOW, EVENTS, null));
            oracle.loadGenerated(SEED, WINDOW, EVENTS);

            final TableSpec web = WebEvents.spec("PT1M");
            final TableSpec spec = new TableSpec(web.name(), web.timestamp(), web.dimensions(), web.metrics(),
                web.rollup(), web.segmentGranularity(), web.retention(),
                SourceSpec.kafka(broker.bootstrapServers(), topic, Map.of()));
            final long startNanos = System.nanoTime();
            try (TableIngest ingest = TableIngest.start(spec, dir.resolve("table"), new KafkaSource(spec.source()),
                TableIngest.Options.DEFAULT.withBlockRows(4096).withMaxRows(60_000)))
            {
                Await.until(Duration.ofSeconds(90), () -> count(engine, spec, ingest) == EVENTS,
                    () -> EVENTS + " events");
                final double seconds = (System.nanoTime() - startNanos) / 1e9;
                System.out.printf("%d events from a pre-loaded topic queryable in %.2f s (%.0f events/s, with " +
                    "queries polling)%n", EVENTS, seconds, EVENTS / seconds);
                try (TableSnapshot snapshot = ingest.acquire())
                {
                    for (final DuckDbOracle.Query query : DuckDbOracle.webQueries())
                    {
                        oracle.check(engine, spec, snapshot.sources(), query);
                    }
                }
            }
        }
    }

    private static long count(final QueryEngine engine, final TableSpec spec, final TableIngest ingest)
    {
        try (TableSnapshot snapshot = ingest.acquire())
        {
            return WebEvents.count(engine, spec, snapshot.sources());
        }
    }
}
