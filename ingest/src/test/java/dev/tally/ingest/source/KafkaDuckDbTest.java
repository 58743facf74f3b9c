package dev.tally.ingest.source;

import dev.tally.ingest.TableIngest;
import dev.tally.ingest.rollup.TableSnapshot;
import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;
import dev.tally.ingest.testing.Await;
import dev.tally.ingest.testing.WebEvents;
import dev.tally.localkafka.KafkaBroker;
import dev.tally.query.exec.QueryContext;
import dev.tally.query.exec.QueryEngine;
import dev.tally.query.exec.QueryResult;
import dev.tally.query.model.Aggregation;
import dev.tally.query.model.Filter;
import dev.tally.query.model.Grouping;
import dev.tally.query.model.NativeQuery;
import dev.tally.query.model.OrderBy;
import dev.tally.storage.schema.SourceSpec;
import dev.tally.storage.schema.TableSpec;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
            DuckDBConnection duck = (DuckDBConnection)DriverManager.getConnection("jdbc:duckdb:"))
        {
            final String topic = "events";
            broker.createTopic(topic, 3);
            broker.produce(topic, 3, WebEvents.json(SEED, WINDOW, EVENTS, null));
            loadDuckDb(duck);

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
                    compare(engine, spec, snapshot, duck,
                        NativeQuery.groupBy("web").groupings(new Grouping.Dimension("country", null))
                            .aggregations(Aggregation.count("n"),
                                Aggregation.of(Aggregation.Kind.SUM, "revenue", "revenue"),
                                Aggregation.of(Aggregation.Kind.MAX, "latency_max", "latency_max"),
                                Aggregation.of(Aggregation.Kind.SUM, "latency_sum", "latency_sum"))
                            .orderBy(OrderBy.asc("country")).build(),
                        "SELECT country, COUNT(*), SUM(revenue), MAX(latency_ms), SUM(latency_ms) FROM raw " +
                            "GROUP BY 1 ORDER BY 1");
                    compare(engine, spec, snapshot, duck,
                        NativeQuery.groupBy("web")
                            .filter(new Filter.Equals("country", "US"))
                            .groupings(new Grouping.Dimension("device", null), new Grouping.Dimension("os", null))
                            .aggregations(Aggregation.count("n"),
                                Aggregation.of(Aggregation.Kind.SUM, "latency_sum", "latency_sum"))
                            .orderBy(OrderBy.asc("device"), OrderBy.asc("os")).build(),
                        "SELECT device, os, COUNT(*), SUM(latency_ms) FROM raw WHERE country = 'US' " +
                            "GROUP BY 1, 2 ORDER BY 1, 2");
                    compare(engine, spec, snapshot, duck,
                        NativeQuery.groupBy("web")
                            .groupings(new Grouping.TimeBucket("PT1H", null, "hour"))
                            .aggregations(Aggregation.count("n"),
                                Aggregation.of(Aggregation.Kind.SUM, "revenue", "revenue"))
                            .orderBy(OrderBy.asc("hour")).build(),
                        "SELECT epoch_ms(time_bucket(INTERVAL 1 HOUR, ts)), COUNT(*), SUM(revenue) FROM raw " +
                            "GROUP BY 1 ORDER BY 1");
                }
            }
        }
    }

    private static void loadDuckDb(final DuckDBConnection duck) throws Exception
    {
        try (Statement statement = duck.createStatement())
        {
            statement.execute("CREATE TABLE raw (ts TIMESTAMP_MS, country VARCHAR, device VARCHAR, os VARCHAR, " +
                "browser VARCHAR, revenue DOUBLE, latency_ms BIGINT)");
        }
        final WebEventGenerator generator = new WebEventGenerator(SEED, WebEvents.START, WINDOW, EVENTS);
        final WebEvent event = new WebEvent();
        try (DuckDBAppender appender = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "raw"))
        {
            while (generator.hasNext())
            {
                generator.next(event);
                appender.beginRow();
                appender.appendEpochMillis(event.timestamp);
                appender.append(event.country);
                appender.append(event.device);
                appender.append(event.os);
                appender.append(event.browser);
                appender.append(event.revenue);
                appender.append(event.latencyMs);
                appender.endRow();
            }
        }
    }

    private static void compare(final QueryEngine engine, final TableSpec spec, final TableSnapshot snapshot,
        final DuckDBConnection duck, final NativeQuery query, final String sql) throws Exception
    {
        final QueryResult result = engine.run(query, spec.rowSchema(), snapshot.sources(), QueryContext.defaults());
        final List<Object[]> expected = new ArrayList<>();
        try (Statement statement = duck.createStatement(); ResultSet rows = statement.executeQuery(sql))
        {
            final int columns = rows.getMetaData().getColumnCount();
            while (rows.next())
            {
                final Object[] row = new Object[columns];
                for (int c = 0; c < columns; c++)
                {
                    row[c] = rows.getObject(c + 1);
                }
                expected.add(row);
            }
        }
        assertThat(result.rows()).as(sql).hasSameSizeAs(expected);
        for (int r = 0; r < expected.size(); r++)
        {
            final Object[] actual = result.rows().get(r);
            for (int c = 0; c < actual.length; c++)
            {
                final Object want = expected.get(r)[c];
                if (want instanceof Double number)
                {
                    assertThat((Double)actual[c]).as(sql + " row " + r).isCloseTo(number,
                        within(1e-9 * Math.max(1, Math.abs(number))));
                }
                else if (want instanceof Number number)
                {
                    assertThat(((Number)actual[c]).longValue()).as(sql + " row " + r).isEqualTo(number.longValue());
                }
                else
                {
                    assertThat(actual[c]).as(sql + " row " + r).isEqualTo(want);
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
