package dev.tally.ingest.testing;

import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;
import dev.tally.query.exec.QueryContext;
import dev.tally.query.exec.QueryEngine;
import dev.tally.query.exec.QueryResult;
import dev.tally.query.model.Aggregation;
import dev.tally.query.model.Filter;
import dev.tally.query.model.Grouping;
import dev.tally.query.model.NativeQuery;
import dev.tally.query.model.OrderBy;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.TableSpec;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * DuckDB in this JVM holding generated web events raw (table {@code raw}), and the web-table queries whose native
 * answers must equal DuckDB's SQL answers over those events.
 */
public final class DuckDbOracle implements AutoCloseable
{
    /** A native query over the {@code web} table and the same question in SQL over {@code raw}. */
    public record Query(NativeQuery nativeQuery, String sql)
    {
    }

    private final DuckDBConnection duck;

    private DuckDbOracle(final DuckDBConnection duck)
    {
        this.duck = duck;
    }

    public static DuckDbOracle open() throws SQLException
    {
        final DuckDbOracle oracle = new DuckDbOracle((DuckDBConnection)DriverManager.getConnection("jdbc:duckdb:"));
        try (Statement statement = oracle.duck.createStatement())
        {
            statement.execute("CREATE TABLE raw (ts TIMESTAMP_MS, country VARCHAR, device VARCHAR, os VARCHAR, " +
                "browser VARCHAR, revenue DOUBLE, latency_ms BIGINT)");
        }
        return oracle;
    }

    /** Appends the events {@link WebEvents#json} generates for the same arguments. */
    public void loadGenerated(final long seed, final long windowMillis, final int count) throws SQLException
    {
        final WebEventGenerator generator = new WebEventGenerator(seed, WebEvents.START, windowMillis, count);
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

    /** Group-by queries over dimensions, a filter and hourly buckets, covering every metric kind but sketches. */
    public static List<Query> webQueries()
    {
        return List.of(
            new Query(NativeQuery.groupBy("web").groupings(new Grouping.Dimension("country", null))
                .aggregations(Aggregation.count("n"),
                    Aggregation.of(Aggregation.Kind.SUM, "revenue", "revenue"),
                    Aggregation.of(Aggregation.Kind.MAX, "latency_max", "latency_max"),
                    Aggregation.of(Aggregation.Kind.SUM, "latency_sum", "latency_sum"))
                .orderBy(OrderBy.asc("country")).build(),
                "SELECT country, COUNT(*), SUM(revenue), MAX(latency_ms), SUM(latency_ms) FROM raw " +
                    "GROUP BY 1 ORDER BY 1"),
            new Query(NativeQuery.groupBy("web")
                .filter(new Filter.Equals("country", "US"))
                .groupings(new Grouping.Dimension("device", null), new Grouping.Dimension("os", null))
                .aggregations(Aggregation.count("n"),
                    Aggregation.of(Aggregation.Kind.SUM, "latency_sum", "latency_sum"))
                .orderBy(OrderBy.asc("device"), OrderBy.asc("os")).build(),
                "SELECT device, os, COUNT(*), SUM(latency_ms) FROM raw WHERE country = 'US' " +
                    "GROUP BY 1, 2 ORDER BY 1, 2"),
            new Query(NativeQuery.groupBy("web")
                .groupings(new Grouping.TimeBucket("PT1H", null, "hour"))
                .aggregations(Aggregation.count("n"),
                    Aggregation.of(Aggregation.Kind.SUM, "revenue", "revenue"))
                .orderBy(OrderBy.asc("hour")).build(),
                "SELECT epoch_ms(time_bucket(INTERVAL 1 HOUR, ts)), COUNT(*), SUM(revenue) FROM raw " +
                    "GROUP BY 1 ORDER BY 1"));
    }

    /** Runs the native query over {@code sources} and checks its rows against DuckDB's; returns them. */
    public List<Object[]> check(final QueryEngine engine, final TableSpec spec,
        final List<? extends RowSource> sources, final Query query) throws SQLException
    {
        final QueryResult result = engine.run(query.nativeQuery(), spec.rowSchema(), sources,
            QueryContext.defaults());
        final List<Object[]> expected = new ArrayList<>();
        try (Statement statement = duck.createStatement(); ResultSet rows = statement.executeQuery(query.sql()))
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
        assertRowsMatch(query.sql(), result.rows(), expected);
        return result.rows();
    }

    /** Rows equal column by column: numbers by value, doubles to 1e-9 relative. */
    public static void assertRowsMatch(final String what, final List<Object[]> actual, final List<Object[]> expected)
    {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int r = 0; r < expected.size(); r++)
        {
            final Object[] row = actual.get(r);
            for (int c = 0; c < row.length; c++)
            {
                final Object want = expected.get(r)[c];
                if (want instanceof Double number)
                {
                    assertThat((Double)row[c]).as(what + " row " + r).isCloseTo(number,
                        within(1e-9 * Math.max(1, Math.abs(number))));
                }
                else if (want instanceof Number number)
                {
                    assertThat(((Number)row[c]).longValue()).as(what + " row " + r).isEqualTo(number.longValue());
                }
                else
                {
                    assertThat(row[c]).as(what + " row " + r).isEqualTo(want);
                }
            }
        }
    }

    @Override
    public void close() throws SQLException
    {
        duck.close();
    }
}
