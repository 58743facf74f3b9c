package dev.tally.server.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The oracle: DuckDB in memory, holding the raw events the server was given, as table {@code raw}. */
public final class DuckDb implements AutoCloseable
{
    private final Connection connection;

    /** Holds {@code events} (JSON objects), written to a file under {@code dir} for DuckDB to read. */
    public DuckDb(final Path dir, final List<String> events) throws SQLException, IOException
    {
        this(written(dir, events));
    }

    /** Holds the events of {@code ndjson}, one JSON object per line. */
    public DuckDb(final Path ndjson) throws SQLException
    {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement())
        {
            statement.execute("SET TimeZone = 'UTC'");
            statement.execute("CREATE TABLE raw AS SELECT * FROM read_json('" + ndjson + "', format = " +
                "'newline_delimited', columns = {ts: 'TIMESTAMP', country: 'VARCHAR', device: 'VARCHAR', " +
                "os: 'VARCHAR', browser: 'VARCHAR', page: 'VARCHAR', referrer: 'VARCHAR', user_id: 'VARCHAR', " +
                "revenue: 'DOUBLE', latency_ms: 'BIGINT'})");
        }
    }

    private static Path written(final Path dir, final List<String> events) throws IOException
    {
        final Path file = dir.resolve("raw-" + System.nanoTime() + ".ndjson");
        Files.writeString(file, String.join("\n", events) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    /** Runs a statement that answers no rows, such as {@code CREATE VIEW}, over the oracle's events. */
    public void execute(final String sql) throws SQLException
    {
        try (Statement statement = connection.createStatement())
        {
            statement.execute(sql);
        }
    }

    /** Rows as lists of String, Long, Double or null (timestamps as epoch millis). */
    public List<List<Object>> query(final String sql) throws SQLException
    {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql))
        {
            return Rows.of(result);
        }
    }

    @Override
    public void close() throws SQLException
    {
        connection.close();
    }
}
