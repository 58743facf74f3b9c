package dev.tally.server.avatica;

import dev.tally.server.testing.LoadedServer;
import dev.tally.server.testing.OracleQueries;
import dev.tally.server.testing.PushTable;
import dev.tally.server.testing.Rows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JDBC against a real server on a loopback port: events pushed over HTTP, then queried through the project's driver
 * ({@code jdbc:tally://}) and the plain Avatica remote driver in protobuf and JSON; answers equal DuckDB's over the
 * same raw events. DatabaseMetaData answers what BI tools ask.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcEndToEndTest
{
    private static final int EVENTS = 20_000;

    @TempDir
    static Path dir;

    private LoadedServer loaded;

    @BeforeAll
    void startAndLoad() throws Exception
    {
        loaded = LoadedServer.start(dir, 7, EVENTS);
    }

    @AfterAll
    void stop() throws Exception
    {
        if (loaded != null)
        {
            loaded.close();
        }
    }

    @Test
    void tallyDriverAnswersEqualDuckDbs() throws Exception
    {
        try (Connection connection = DriverManager.getConnection("jdbc:tally://127.0.0.1:" + loaded.port()))
        {
            OracleQueries.assertSameAsDuckDb(connection, loaded.duckDb());
        }
    }

    @Test
    void avaticaRemoteDriverAnswersOverProtobuf() throws Exception
    {
        try (Connection connection = DriverManager.getConnection(JdbcTesting.avaticaUrl(loaded.port(), "protobuf")))
        {
            OracleQueries.assertSameAsDuckDb(connection, loaded.duckDb());
        }
    }

    @Test
    void avaticaRemoteDriverAnswersOverJson() throws Exception
    {
        try (Connection connection = DriverManager.getConnection(JdbcTesting.avaticaUrl(loaded.port(), "json")))
        {
            OracleQueries.assertSameAsDuckDb(connection, loaded.duckDb());
        }
    }

    @Test
    void reusedPreparedStatementBindsEachExecutionsParameters() throws Exception
    {
        final String sql = "SELECT country, COUNT(*) AS n, SUM(latency_sum) FROM web WHERE device = ? AND " +
            "country IN (?, ?) GROUP BY country ORDER BY country";
        final String oracle = "SELECT country, COUNT(*) AS n, SUM(latency_ms) FROM raw WHERE device = '%s' AND " +
            "country IN ('%s', '%s') GROUP BY country ORDER BY country";
        final String[][] bindings = {{"mobile", "US", "DE"}, {"desktop", "FR", "GB"}, {"tablet", "US", "IN"}};
        try (Connection connection = DriverManager.getConnection("jdbc:tally://127.0.0.1:" + loaded.port());
             PreparedStatement statement = connection.prepareStatement(sql))
        {
            assertThat(statement.getParameterMetaData().getParameterCount()).isEqualTo(3);
            for (final String[] binding : bindings)
            {
                for (int i = 0; i < binding.length; i++)
                {
                    statement.setString(i + 1, binding[i]);
                }
                try (ResultSet result = statement.executeQuery())
                {
                    final List<List<Object>> rows = Rows.of(result);
                    Rows.assertSameRows(String.join(",", binding), rows,
                        loaded.duckDb().query(String.format(oracle, (Object[])binding)));
                    assertThat(rows).isNotEmpty();
                }
            }
            // figure for RESULTS.md: a warm, reused remote prepared statement over loopback
            final int runs = 200;
            final long start = System.nanoTime();
            for (int i = 0; i < runs; i++)
            {
                statement.setString(1, bindings[i % 3][0]);
                try (ResultSet result = statement.executeQuery())
                {
                    while (result.next())
                    {
                        result.getLong(2);
                    }
                }
            }
            System.out.printf("remote reused prepared statement: %.3f ms per execution (%d runs)%n",
                (System.nanoTime() - start) / 1e6 / runs, runs);
        }
    }

    @Test
    void timestampParameterBindsInWhere() throws Exception
    {
        try (Connection connection = DriverManager.getConnection("jdbc:tally://127.0.0.1:" + loaded.port());
             PreparedStatement statement = connection.prepareStatement(
                 "SELECT COUNT(*) FROM web WHERE __time >= ? AND __time < ?"))
        {
            statement.setTimestamp(1, new java.sql.Timestamp(PushTable.START + 3_600_000L));
            statement.setTimestamp(2, new java.sql.Timestamp(PushTable.START + 2 * 3_600_000L));
            try (ResultSet result = statement.executeQuery())
            {
                Rows.assertSameRows("one hour", Rows.of(result), loaded.duckDb().query("SELECT COUNT(*) FROM raw " +
                    "WHERE ts >= TIMESTAMP '2026-01-01 01:00:00' AND ts < TIMESTAMP '2026-01-01 02:00:00'"));
            }
        }
    }

    @Test
    void databaseMetaDataListsCatalogsSchemasTablesColumnsAndTypes() throws Exception
    {
        try (Connection connection = DriverManager.getConnection("jdbc:tally://127.0.0.1:" + loaded.port()))
        {
            final DatabaseMetaData meta = connection.getMetaData();
            assertThat(meta.getDatabaseProductName()).isEqualTo("Tally");
            assertThat(meta.getDriverName()).isEqualTo("Tally JDBC Driver");
            assertThat(JdbcTesting.column(meta.getSchemas(), "TABLE_SCHEM")).contains("druid")
                .doesNotContain("tally");
            assertThat(meta.getCatalogs().next()).isTrue();

            try (ResultSet tables = meta.getTables(null, "druid", "%", null))
            {
                final List<List<Object>> rows = new ArrayList<>();
                while (tables.next())
                {
                    rows.add(List.of(tables.getString("TABLE_SCHEM"), tables.getString("TABLE_NAME"),
                        tables.getString("TABLE_TYPE")));
                }
                assertThat(rows).containsExactly(List.of("druid", "web", "TABLE"));
            }

            final Map<String, Integer> columns = new LinkedHashMap<>();
            try (ResultSet result = meta.getColumns(null, "druid", "web", "%"))
            {
                while (result.next())
                {
                    columns.put(result.getString("COLUMN_NAME"), result.getInt("DATA_TYPE"));
                }
            }
            assertThat(columns).containsEntry("__time", Types.TIMESTAMP).containsEntry("country", Types.VARCHAR)
                .containsEntry("page", Types.VARCHAR).containsEntry("count", Types.BIGINT)
                .containsEntry("revenue", Types.DOUBLE).containsEntry("latency_max", Types.BIGINT);
            assertThat(columns.keySet().iterator().next()).isEqualTo("__time");

            final List<String> typeNames = JdbcTesting.column(meta.getTypeInfo(), "TYPE_NAME");
            assertThat(typeNames).contains("VARCHAR", "BIGINT", "DOUBLE", "TIMESTAMP", "BOOLEAN");
        }
    }

    @Test
    void badSqlFailsWithThePositionAndTheConnectionStaysUsable() throws Exception
    {
        try (Connection connection = DriverManager.getConnection("jdbc:tally://127.0.0.1:" + loaded.port());
             Statement statement = connection.createStatement())
        {
            final SQLException error = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                () -> statement.executeQuery("SELECT nope FROM web"));
            assertThat(error.getMessage()).contains("Column 'nope' not found").contains("line 1, column 8");
            try (ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM web"))
            {
                assertThat(result.next()).isTrue();
                assertThat(result.getLong(1)).isEqualTo(EVENTS);
            }
        }
    }

    /** A BI tool loads the one shaded jar by itself: no class of this JVM's class path may help it. */
    @Test
    void shadedJarConnectsByItself() throws Exception
    {
        final Path jar = JdbcTesting.shadedDriverJar();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
            ClassLoader.getPlatformClassLoader()))
        {
            java.sql.Driver driver = null;
            for (final java.sql.Driver found : ServiceLoader.load(java.sql.Driver.class, loader))
            {
                if (found.acceptsURL("jdbc:tally://127.0.0.1"))
                {
                    driver = found;
                }
            }
            assertThat(driver).as("a driver for jdbc:tally: in " + jar).isNotNull();
            assertThat(driver.getClass().getClassLoader()).isSameAs(loader);
            try (Connection connection = driver.connect("jdbc:tally://127.0.0.1:" + loaded.port(), new Properties()))
            {
                assertThat(connection.getClass().getClassLoader()).isSameAs(loader);
                OracleQueries.assertSameAsDuckDb(connection, loaded.duckDb());
            }
        }
    }
}
