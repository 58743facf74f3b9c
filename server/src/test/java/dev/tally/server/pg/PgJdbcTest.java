package dev.tally.server.pg;

import dev.tally.ingest.testing.Await;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * pgJDBC, the PostgreSQL JDBC driver, against a real server's PostgreSQL listener: simple and prepared statements in
 * text and binary, row limits that suspend a portal, DatabaseMetaData, cancel and SQLSTATEs. The answers are checked
 * against DuckDB over the same raw events.
 */
class PgJdbcTest extends LoadedPgServer
{
    /** Three copies of the table joined: far more pairs than a test waits for, so only a cancel ends it. */
    private static final String ENDLESS = "SELECT COUNT(*) FROM web a CROSS JOIN web b CROSS JOIN web c";

    @Override
    protected String configJson()
    {
        return "{\"query\": {\"maxJoinRows\": 1000000000000000, \"timeoutMillis\": 20000}}";
    }

    @Test
    void simpleStatementAnswersAsDuckDb() throws Exception
    {
        try (Connection pg = PgTesting.connect(loaded, "preferQueryMode=simple");
            Statement statement = pg.createStatement();
            ResultSet rs = statement.executeQuery("SELECT country, COUNT(*) AS n, SUM(revenue) AS revenue " +
                "FROM web GROUP BY country ORDER BY country"))
        {
            final List<String> rows = new ArrayList<>();
            while (rs.next())
            {
                rows.add(rs.getString(1) + "|" + rs.getLong(2) + "|" + Math.round(rs.getDouble(3) * 100));
            }
            assertThat(rows).isEqualTo(duckDb("SELECT country, COUNT(*), SUM(revenue) FROM raw GROUP BY 1 " +
                "ORDER BY 1"));
        }
    }

    @Test
    void preparedStatementBindsParametersInTextAndBinary() throws Exception
    {
        final List<String> expected = duckDb("SELECT country, COUNT(*), SUM(revenue) FROM raw " +
            "WHERE device = 'mobile' AND ts >= TIMESTAMP '2026-01-01 01:00:00' GROUP BY 1 ORDER BY 1");
        for (final String options : List.of("", "prepareThreshold=-1", "prepareThreshold=1&binaryTransfer=true"))
        {
            try (Connection pg = PgTesting.connect(loaded, options);
                PreparedStatement statement = pg.prepareStatement("SELECT country, COUNT(*) AS n, " +
                    "SUM(revenue) AS revenue FROM web WHERE device = ? AND __time >= ? GROUP BY country " +
                    "ORDER BY country"))
            {
                for (int run = 0; run < 3; run++)
                {
                    statement.setString(1, "mobile");
                    statement.setTimestamp(2, Timestamp.valueOf("2026-01-01 01:00:00"));
                    final List<String> rows = new ArrayList<>();
                    try (ResultSet rs = statement.executeQuery())
                    {
                        while (rs.next())
                        {
                            rows.add(rs.getString(1) + "|" + rs.getLong(2) + "|" +
                                Math.round(rs.getDouble(3) * 100));
                        }
                    }
                    assertThat(rows).as("%s, run %d", options, run).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void binaryResultsCarryEveryType() throws Exception
    {
        final String sql = "SELECT __time, country, latency_max, revenue, country = 'US' AS us, " +
            "CAST(latency_max AS DECIMAL(10, 2)) / 4 AS d, CAST(__time AS DATE) AS day, CAST(1 AS INTEGER) AS i " +
            "FROM web ORDER BY __time, country, page, device, os, browser, referrer LIMIT 5";
        final List<String> text = rows(PgTesting.connect(loaded, "preferQueryMode=simple"), sql);
        final List<String> binary = rows(PgTesting.connect(loaded, "prepareThreshold=-1&binaryTransfer=true"), sql);
        assertThat(binary).hasSize(5).isEqualTo(text);
        assertThat(text.get(0)).startsWith("2026-01-01 00:00:00.0|");
    }

    private static List<String> rows(final Connection connection, final String sql) throws SQLException
    {
        try (connection; Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql))
        {
            final List<String> rows = new ArrayList<>();
            while (rs.next())
            {
                final StringBuilder row = new StringBuilder();
                for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++)
                {
                    final Object value = rs.getObject(c);
                    row.append(c > 1 ? "|" : "").append(value instanceof BigDecimal d ? d.stripTrailingZeros()
                        .toPlainString() : value);
                }
                rows.add(row.toString());
            }
            return rows;
        }
    }

    @Test
    void fetchSizeSuspendsThePortalAndResumesIt() throws Exception
    {
        try (Connection pg = PgTesting.connect(loaded, ""))
        {
            pg.setAutoCommit(false);
            try (PreparedStatement statement = pg.prepareStatement("SELECT __time, page FROM web ORDER BY __time, " +
                "page, country, device, os, browser, referrer LIMIT 1000"))
            {
                statement.setFetchSize(64);
                int count = 0;
                try (ResultSet rs = statement.executeQuery())
                {
                    while (rs.next())
                    {
                        count++;
                    }
                }
                assertThat(count).isEqualTo(1000);
            }
            pg.commit();
        }
    }

    @Test
    void databaseMetaDataListsTablesAndColumns() throws Exception
    {
        try (Connection pg = PgTesting.connect(loaded, ""))
        {
            final DatabaseMetaData meta = pg.getMetaData();
            assertThat(meta.getDatabaseProductName()).isEqualTo("PostgreSQL");
            final List<String> tables = new ArrayList<>();
            try (ResultSet rs = meta.getTables(null, null, "%", new String[]{"TABLE"}))
            {
                while (rs.next())
                {
                    tables.add(rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME") + ":" +
                        rs.getString("TABLE_TYPE"));
                }
            }
            assertThat(tables).containsExactly("druid.web:TABLE");
            final List<String> columns = new ArrayList<>();
            try (ResultSet rs = meta.getColumns(null, "druid", "web", "%"))
            {
                while (rs.next())
                {
                    columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getString("TYPE_NAME") + ":" +
                        rs.getInt("DATA_TYPE") + ":" + rs.getInt("ORDINAL_POSITION"));
                }
            }
            assertThat(columns).startsWith("__time:timestamp:93:1", "country:varchar:12:2")
                .contains("count:int8:-5:8", "revenue:float8:8:9").hasSize(12);
            final List<String> schemas = new ArrayList<>();
            try (ResultSet rs = meta.getSchemas())
            {
                while (rs.next())
                {
                    schemas.add(rs.getString("TABLE_SCHEM"));
                }
            }
            assertThat(schemas).contains("druid");
            try (ResultSet rs = meta.getPrimaryKeys(null, "druid", "web"))
            {
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void cancelStopsTheRunningStatement() throws Exception
    {
        try (Connection pg = PgTesting.connect(loaded, ""); Statement statement = pg.createStatement())
        {
            final CompletableFuture<Void> cancel = CompletableFuture.runAsync(() ->
            {
                try
                {
                    Await.until(Duration.ofSeconds(30), () -> loaded.server().sql().runningStatements() > 0,
                        () -> "the endless statement to start");
                    statement.cancel();
                }
                catch (final InterruptedException | SQLException ex)
                {
                    throw new IllegalStateException(ex);
                }
            });
            final long start = System.nanoTime();
            assertThatThrownBy(() -> statement.executeQuery(ENDLESS)).isInstanceOfSatisfying(SQLException.class,
                ex -> assertThat(ex.getSQLState()).as(ex.getMessage()).isEqualTo("57014"));
            cancel.get(5, TimeUnit.SECONDS);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
            // the connection goes on
            try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM web"))
            {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(PgTesting.EVENTS);
            }
        }
    }

    @Test
    void statementTimeoutAndRowLimitAnswerTheirSqlStates() throws Exception
    {
        try (Connection pg = PgTesting.connect(loaded, ""); Statement statement = pg.createStatement())
        {
            statement.execute("SET statement_timeout = '300ms'");
            final long start = System.nanoTime();
            assertThatThrownBy(() -> statement.executeQuery(ENDLESS)).isInstanceOfSatisfying(SQLException.class,
                ex -> assertThat(ex.getSQLState()).as(ex.getMessage()).isEqualTo("57014"));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
            statement.execute("SET statement_timeout = 0");
            // query.maxRows (100,000 by default) as over HTTP: 53400
            assertThatThrownBy(() -> statement.executeQuery("SELECT a.page, b.page FROM web a CROSS JOIN web b"))
                .isInstanceOfSatisfying(SQLException.class, ex ->
                {
                    assertThat(ex.getSQLState()).as(ex.getMessage()).isEqualTo("53400");
                    assertThat(ex.getMessage()).contains("maxRows");
                });
        }
    }

    @Test
    void errorsCarryPostgresSqlStates() throws Exception
    {
        try (Connection pg = PgTesting.connect(loaded, ""); Statement statement = pg.createStatement())
        {
            assertThatThrownBy(() -> statement.executeQuery("SELEC 1")).isInstanceOfSatisfying(SQLException.class,
                ex -> assertThat(ex.getSQLState()).isEqualTo("42601"));
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM nope"))
                .isInstanceOfSatisfying(SQLException.class, ex ->
                {
                    assertThat(ex.getSQLState()).isEqualTo("42P01");
                    assertThat(ex.getMessage()).contains("Position: 15");
                });
            assertThatThrownBy(() -> statement.executeQuery("SELECT nope FROM web"))
                .isInstanceOfSatisfying(SQLException.class, ex -> assertThat(ex.getSQLState()).isEqualTo("42703"));
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM web"))
                .isInstanceOfSatisfying(SQLException.class, ex -> assertThat(ex.getMessage()).contains("read-only"));
            try (ResultSet rs = statement.executeQuery("SELECT 1"))
            {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void sessionStatementsAreHarmless() throws Exception
    {
        try (Connection pg = PgTesting.connect(loaded, ""); Statement statement = pg.createStatement())
        {
            statement.execute("SET application_name = 'dashboards'");
            statement.execute("BEGIN");
            statement.execute("COMMIT");
            statement.execute("ROLLBACK");
            statement.execute("DISCARD ALL");
            try (ResultSet rs = statement.executeQuery("SHOW application_name"))
            {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("dashboards");
            }
            try (ResultSet rs = statement.executeQuery("SELECT version(), current_schema(), current_database()"))
            {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).startsWith("PostgreSQL 14.0 (Tally)");
                assertThat(rs.getString(2)).isEqualTo("druid");
                assertThat(rs.getString(3)).isEqualTo("tally");
            }
        }
    }

    private List<String> duckDb(final String sql) throws SQLException
    {
        final List<String> rows = new ArrayList<>();
        for (final List<Object> row : loaded.duckDb().query(sql))
        {
            rows.add(row.get(0) + "|" + ((Number)row.get(1)).longValue() + "|" +
                Math.round(((Number)row.get(2)).doubleValue() * 100));
        }
        return rows;
    }
}
