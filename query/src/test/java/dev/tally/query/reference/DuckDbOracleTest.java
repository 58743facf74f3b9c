package dev.tally.query.reference;

import dev.tally.query.exec.QueryResult;
import dev.tally.query.model.NativeQuery;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the reference evaluator itself: raw events are loaded into DuckDB (the project's correctness oracle) and
 * generated group-by queries, translated to SQL, must give the reference's answers. Prints its seed; rerun one with
 * {@code -Dtally.test.seed=N}.
 */
class DuckDbOracleTest
{
    private static final int TABLES = 4;
    private static final int QUERIES_PER_TABLE = 30;

    @Test
    void referenceAgreesWithDuckDbOnRandomGroupBys() throws SQLException
    {
        final long seed = Long.getLong("tally.test.seed", System.nanoTime());
        System.out.println("DuckDbOracleTest seed " + seed);
        final Random random = new Random(seed);
        final List<String> mismatches = new ArrayList<>();
        long comparedRows = 0;
        for (int t = 0; t < TABLES; t++)
        {
            final TestTable events = RandomTables.randomTable(
                random, RandomTables.randomSchema(random, random.nextInt(5) > 0), 200 + random.nextInt(1500), true);
            final SqlTranslator translator = new SqlTranslator(events);
            try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"))
            {
                load(connection, translator, events);
                final RandomQueries queries = new RandomQueries(random, events, RandomQueries.Profile.SQL);
                for (int q = 0; q < QUERIES_PER_TABLE; q++)
                {
                    final NativeQuery query = queries.groupBy();
                    final String sql = translator.translate(query);
                    final QueryResult expected = ReferenceEvaluator.evaluateOrdered(query, events);
                    final QueryResult duck = run(connection, sql, expected);
                    final String mismatch = ResultComparison.mismatch(query, expected, duck);
                    comparedRows += duck.rowCount();
                    if (mismatch != null)
                    {
                        mismatches.add("seed " + seed + " table " + t + " query " + q + ": " + mismatch +
                            "\n  query: " + query.toJson() + "\n  sql: " + sql + "\n  reference: " +
                            ResultComparison.render(expected, 10) + "  duckdb: " + ResultComparison.render(duck, 10));
                    }
                }
            }
        }
        System.out.println("DuckDbOracleTest compared " + comparedRows + " rows of " + TABLES * QUERIES_PER_TABLE +
            " queries");
        assertThat(mismatches).as("seed %d", seed).isEmpty();
        assertThat(comparedRows).as("queries select something").isGreaterThan(TABLES * QUERIES_PER_TABLE);
    }

    private static void load(final Connection connection, final SqlTranslator translator, final TestTable events)
        throws SQLException
    {
        try (Statement statement = connection.createStatement())
        {
            statement.execute(translator.createTable());
        }
        final int columns = events.columnNames().size();
        final String marks = "?" + ", ?".repeat(columns - 1);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (" + marks + ")"))
        {
            for (final Object[] row : events.rows())
            {
                for (int c = 0; c < columns; c++)
                {
                    final Object value = row[c];
                    if (value == null)
                    {
                        insert.setNull(c + 1, c == 0 ? Types.BIGINT : switch (events.spec(c).type())
                        {
                            case STRING -> Types.VARCHAR;
                            case LONG -> Types.BIGINT;
                            default -> Types.DOUBLE;
                        });
                    }
                    else
                    {
                        insert.setObject(c + 1, value);
                    }
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Runs the SQL and returns its rows as the engine would: String, Long, Double or null. */
    private static QueryResult run(final Connection connection, final String sql, final QueryResult shape)
        throws SQLException
    {
        final List<Object[]> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql))
        {
            final int columns = result.getMetaData().getColumnCount();
            while (result.next())
            {
                final Object[] row = new Object[columns];
                for (int c = 0; c < columns; c++)
                {
                    row[c] = plain(result.getObject(c + 1));
                }
                rows.add(row);
            }
        }
        return new QueryResult(shape.columnNames(), shape.columnTypes(), rows);
    }

    private static Object plain(final Object value)
    {
        if (value instanceof Integer || value instanceof Short || value instanceof BigInteger)
        {
            return ((Number)value).longValue();
        }
        if (value instanceof Float || value instanceof BigDecimal)
        {
            return ((Number)value).doubleValue();
        }
        return value;
    }
}
