package dev.tally.server.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dashboard-shaped questions asked of the server's table {@code web} over {@code /v1/sql} or JDBC and of DuckDB's
 * {@code raw} (the same events, not rolled up); the answers must agree.
 */
public final class OracleQueries
{
    private static final String[][] PAIRS = {
        {"SELECT COUNT(*), SUM(revenue), MAX(latency_max), SUM(latency_sum) FROM web",
         "SELECT COUNT(*), SUM(revenue), MAX(latency_ms), SUM(latency_ms) FROM raw"},
        {"SELECT country, COUNT(*) AS n, SUM(revenue) FROM web GROUP BY country ORDER BY n DESC, country LIMIT 10",
         "SELECT country, COUNT(*) AS n, SUM(revenue) FROM raw GROUP BY country ORDER BY n DESC, country LIMIT 10"},
        {"SELECT TIME_FLOOR(__time, 'PT1H') AS h, COUNT(*) FROM web WHERE device = 'mobile' GROUP BY 1 ORDER BY 1",
         "SELECT date_trunc('hour', ts) AS h, COUNT(*) FROM raw WHERE device = 'mobile' GROUP BY 1 ORDER BY 1"},
        {"SELECT os, browser, MAX(latency_max) FROM web WHERE country IN ('US', 'DE') GROUP BY os, browser " +
         "HAVING COUNT(*) > 10 ORDER BY os, browser",
         "SELECT os, browser, MAX(latency_ms) FROM raw WHERE country IN ('US', 'DE') GROUP BY os, browser " +
         "HAVING COUNT(*) > 10 ORDER BY os, browser"},
        {"SELECT page, COUNT(*) FROM web WHERE page LIKE '/p%' GROUP BY page ORDER BY 2 DESC, page LIMIT 5",
         "SELECT page, COUNT(*) FROM raw WHERE page LIKE '/p%' GROUP BY page ORDER BY 2 DESC, page LIMIT 5"},
    };

    private OracleQueries()
    {
    }

    public static void assertSameAsDuckDb(final HttpApi http, final DuckDb duckDb) throws SQLException
    {
        for (final String[] pair : PAIRS)
        {
            final HttpApi.Answer answer = http.sql(pair[0], "array");
            assertThat(answer.status()).as(pair[0] + " -> " + answer.body()).isEqualTo(200);
            final boolean isTimeFirst = pair[0].contains("TIME_FLOOR");
            final List<List<Object>> ours = isTimeFirst ? Rows.ofArrays(answer.json(), 0) :
                Rows.ofArrays(answer.json());
            Rows.assertSameRows(pair[0], ours, duckDb.query(pair[1]));
        }
    }

    public static void assertSameAsDuckDb(final Connection connection, final DuckDb duckDb) throws SQLException
    {
        for (final String[] pair : PAIRS)
        {
            try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(pair[0]))
            {
                Rows.assertSameRows(pair[0], Rows.of(result), duckDb.query(pair[1]));
            }
        }
    }
}
