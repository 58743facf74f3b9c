package dev.tally.bench.system;

import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * DuckDB in this JVM, the peer and the oracle: table {@code raw} holds the generated events one row each (sorted by
 * time, as Tally's segments are), and one table per {@link TableShape} holds DuckDB's own one-minute rollup of them.
 * Runs on as many threads as the Tally query engine. Owns a database file under the work directory.
 */
final class DuckDbPeer implements AutoCloseable
{
    static final String RAW = "raw";

    private final Path file;
    private final Connection connection;
    private final Statement statement;

    DuckDbPeer(final Path dir, final int threads) throws SQLException
    {
        file = dir.resolve("peer.duckdb");
        connection = DriverManager.getConnection("jdbc:duckdb:" + file);
        statement = connection.createStatement();
        statement.execute("SET threads = " + threads);
        statement.execute("SET TimeZone = 'UTC'");
    }

    /** Loads the events {@code generator} makes into {@code raw}, then rolls them up for each shape. */
    void load(final WebEventGenerator generator, final List<TableShape> shapes) throws SQLException
    {
        statement.execute("CREATE TABLE raw_load (ts_ms BIGINT, country VARCHAR, device VARCHAR, os VARCHAR, " +
            "browser VARCHAR, page VARCHAR, referrer VARCHAR, user_id VARCHAR, revenue DOUBLE, latency_ms BIGINT)");
        final WebEvent event = new WebEvent();
        try (DuckDBAppender appender = ((DuckDBConnection)connection).createAppender(DuckDBConnection.DEFAULT_SCHEMA,
            "raw_load"))
        {
            while (generator.hasNext())
            {
                generator.next(event);
                appender.beginRow();
                appender.append(event.timestamp);
                appender.append(event.country);
                appender.append(event.device);
                appender.append(event.os);
                appender.append(event.browser);
                appender.append(event.page);
                appender.append(event.referrer);
                appender.append(event.userId);
                appender.append(event.revenue);
                appender.append(event.latencyMs);
                appender.endRow();
            }
        }
        statement.execute("CREATE TABLE " + RAW + " AS SELECT epoch_ms(ts_ms) AS ts, * EXCLUDE (ts_ms) " +
            "FROM raw_load ORDER BY ts_ms");
        statement.execute("DROP TABLE raw_load");
        for (final TableShape shape : shapes)
        {
            statement.execute(shape.duckDbRollup(RAW));
        }
        statement.execute("CHECKPOINT");
    }

    long rowCount(final String table) throws SQLException
    {
        return (Long)answer("SELECT COUNT(*) FROM " + table).get(0).get(0);
    }

    /** Runs {@code sql} and returns its rows (also how a timed run reads every value). */
    List<List<Object>> answer(final String sql) throws SQLException
    {
        try (ResultSet result = statement.executeQuery(sql))
        {
            return Answers.of(result);
        }
    }

    @Override
    public void close() throws Exception
    {
        statement.close();
        connection.close();
        Files.deleteIfExists(file);
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".wal"));
    }
}
