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
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/** The oracle: DuckDB in memory, holding the raw events the server was given, as table {@code raw}. */
public final class DuckDb implements AutoCloseable
{
    private final Connection connection;

    public DuckDb(final Path dir, final List<String> events) throws SQLException, IOException
    {
        final Path file = dir.resolve("raw-" + System.nanoTime() + ".ndjson");
        Files.writeString(file, String.join("\n", events) + "\n", StandardCharsets.UTF_8);
        connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement())
        {
            statement.execute("SET TimeZone = 'UTC'");
            statement.execute("CREATE TABLE raw AS SELECT * FROM read_json('" + file + "', format = " +
                "'newline_delimited', columns = {ts: 'TIMESTAMP', country: 'VARCHAR', device: 'VARCHAR', " +
                "os: 'VARCHAR', browser: 'VARCHAR', page: 'VARCHAR', referrer: 'VARCHAR', user_id: 'VARCHAR', " +
                "revenue: 'DOUBLE', latency_ms: 'BIGINT'})");
        }
    }

    /** Rows as lists of String, Long, Double or null (timestamps as epoch millis). */
    public List<List<Object>> query(final String sql) throws SQLException
    {
        final List<List<Object>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql))
        {
            final int columns = result.getMetaData().getColumnCount();
            while (result.next())
            {
                final List<Object> row = new ArrayList<>(columns);
                for (int c = 1; c <= columns; c++)
                {
                    final Object value = result.getObject(c);
                    row.add(value instanceof Timestamp t ? (Object)t.getTime() :
                        value instanceof Number n && !(value instanceof Double) && !(value instanceof Float) &&
                        !(value instanceof java.math.BigDecimal) ? (Object)n.longValue() :
                        value instanceof Number n ? (Object)n.doubleValue() : value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Override
    public void close() throws SQLException
    {
        connection.close();
    }
}
