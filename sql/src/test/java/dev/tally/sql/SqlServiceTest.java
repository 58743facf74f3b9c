package dev.tally.sql;

import dev.tally.query.exec.QueryEngine;
import dev.tally.storage.read.RowSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Errors that say what and where, parameters, the plan cache, and the query context's limits and cancellation. */
class SqlServiceTest
{
    private static LoadedSql loaded;
    private static WebEvents events;
    private static QueryEngine engine;
    private static SqlService service;

    @BeforeAll
    static void load() throws Exception
    {
        loaded = new LoadedSql(11, 3_000);
        events = loaded.events;
        engine = loaded.engine;
        service = loaded.service;
    }

    @AfterAll
    static void close() throws Exception
    {
        loaded.close();
    }

    private static SqlQueryException error(final String sql)
    {
        try
        {
            service.execute(sql);
        }
        catch (final SqlQueryException ex)
        {
            return ex;
        }
        throw new AssertionError("no error from: " + sql);
    }

    @Test
    void informationSchemaListsTablesAndColumnsWithTheirTypes()
    {
        final SqlResult tables = service.execute("SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE " +
            "FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'TABLE'");
        assertThat(tables.rows()).extracting(row -> row[1]).containsExactly("events", "rolled");
        assertThat(tables.rows().get(0)).containsExactly("druid", "events", "TABLE");
        final SqlResult columns = service.execute("SELECT COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE " +
            "FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'events' ORDER BY ORDINAL_POSITION");
        assertThat(columns.rows().get(0)).containsExactly("__time", 1L, "TIMESTAMP");
        assertThat(columns.rows()).anySatisfy(row -> assertThat(row).containsExactly("country", 2L, "VARCHAR"));
        assertThat(columns.rows().stream().map(row -> (String)row[2]))
            .contains("BIGINT", "DOUBLE", "COMPLEX<HLLSketch>");
        assertThat(service.execute("SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA").rows())
            .extracting(row -> row[0]).containsExactlyInAnyOrder("druid", "INFORMATION_SCHEMA");
    }

    @Test
    void describeGivesParameterAndColumnTypesWithoutRunning()
    {
        final long misses = service.planCacheMisses();
        final SqlDescription description = service.describe("SELECT country, COUNT(*) AS n FROM events " +
            "WHERE device = ? AND __time >= ? GROUP BY country");
        assertThat(description.parameterTypes()).containsExactly(java.sql.Types.VARCHAR, java.sql.Types.TIMESTAMP);
        assertThat(description.columnNames()).containsExactly("country", "n");
        assertThat(description.columnTypes()).containsExactly("VARCHAR", "BIGINT");
        assertThat(service.planCacheMisses()).isEqualTo(misses + 1);
        assertThatThrownBy(() -> service.describe("SELEC 1")).isInstanceOfSatisfying(SqlQueryException.class,
            ex -> assertThat(ex.category()).isEqualTo(SqlQueryException.PARSE));
    }

    @Test
    void unknownTableNamesTheClosestTableAndThePosition()
    {
        final SqlQueryException ex = error("SELECT COUNT(*) FROM evnts");
        assertThat(ex.category()).isEqualTo(SqlQueryException.VALIDATION);
        assertThat(ex.getMessage()).contains("line 1, column 22").contains("'evnts'")
            .contains("did you mean 'events'?");
    }

    @Test
    void unknownColumnNamesTheClosestColumn()
    {
        final SqlQueryException ex = error("SELECT contry, COUNT(*) FROM events GROUP BY 1");
        assertThat(ex.getMessage()).contains("line 1, column 8").contains("did you mean 'country'?");
    }

    @Test
    void identifiersAreCaseSensitiveAndTheErrorSaysSo()
    {
        assertThat(error("SELECT Country FROM events").getMessage())
            .contains("did you mean 'country'? (names are case-sensitive)");
    }

    @Test
    void typeErrorNamesTheFunctionAndTypes()
    {
        final SqlQueryException floor = error("SELECT FLOOR(country TO HOUR) FROM events");
        assertThat(floor.category()).isEqualTo(SqlQueryException.VALIDATION);
        assertThat(floor.getMessage()).contains("line 1, column 8")
            .contains("Cannot apply 'FLOOR' to arguments of type 'FLOOR(<VARCHAR>, <INTERVAL HOUR>)'");
        final SqlQueryException sum = error("SELECT SUM(country) FROM events");
        assertThat(sum.category()).isEqualTo(SqlQueryException.VALIDATION);
        assertThat(sum.getMessage()).contains("line 1, column 8").contains("Cannot apply 'SUM'");
        assertThat(error("SELECT country * 2 FROM events").getMessage()).contains("line 1, column 8")
            .contains("Cannot apply '*'");
        // comparisons keep their casts, as dashboards written for Druid expect
        assertThat(service.execute("SELECT COUNT(*) FROM events WHERE __time >= '2026-01-01 00:00:00'").rows())
            .hasSize(1);
        // a string argument is cast at run time (by the engine); a value that does not convert is the user's error
        final SqlQueryException cast = error("SELECT TIME_FLOOR(country, 'PT1H') FROM events");
        assertThat(cast.category()).isEqualTo(SqlQueryException.VALIDATION);
        assertThat(cast.getMessage()).contains("invalid value while executing: Invalid TIMESTAMP value");
    }

    @Test
    void parseErrorWithoutAMessageFromCalciteIsStillAParseError()
    {
        // found by SqlFuzzTest (seed 13833085342337): Calcite's exception for this has no message
        final SqlQueryException ex = error("SELECT COUNT(*) FROM events WHERE latency_max BETWEEN 76 AND NOT 105");
        assertThat(ex.category()).isEqualTo(SqlQueryException.PARSE);
        assertThat(ex.getMessage()).startsWith("syntax error");
    }

    @Test
    void shapesCalciteCannotValidateOrCastAreClearErrors()
    {
        // found by SqlFuzzTest (seeds 14087778954949, 14148043556306)
        assertThat(error("SELECT country FROM events WHERE browser NOT IN ('Firefox') - 1").getMessage())
            .isEqualTo("a parenthesized list cannot be used as a value: ('Firefox')");
        final SqlQueryException cast = error("SELECT __time FROM events WHERE country = 'BR' IN ('IS', 'NZ')");
        assertThat(cast.category()).isEqualTo(SqlQueryException.VALIDATION);
        assertThat(cast.getMessage()).startsWith("invalid value while executing: Invalid");
        for (final String sql : List.of(
            "SELECT page FROM events WHERE INTERVAL '1' HOUR IN ('IS', 'LU')",
            "SELECT page FROM events WHERE (quantity IS NULL, __time < TIMESTAMP '2026-01-01 02:12:00')"))
        {
            final SqlQueryException refused = error(sql);
            assertThat(refused.category()).as(sql).isEqualTo(SqlQueryException.VALIDATION);
            assertThat(refused.getMessage()).as(sql).isNotBlank();
        }
    }

    @Test
    void parseErrorHasAPosition()
    {
        final SqlQueryException ex = error("SELECT country FROM events WHERE GROUP BY country");
        assertThat(ex.category()).isEqualTo(SqlQueryException.PARSE);
        assertThat(ex.getMessage()).contains("line 1, column 34").doesNotContain("Was expecting");
    }

    @Test
    void writesAndDdlAreRefused()
    {
        for (final String sql : List.of("INSERT INTO events (country) VALUES ('x')", "DELETE FROM events",
            "UPDATE events SET country = 'x'", "CREATE TABLE t (a INT)", "DROP TABLE events",
            "EXPLAIN PLAN FOR INSERT INTO events (country) VALUES ('x')"))
        {
            final SqlQueryException ex = error(sql);
            assertThat(ex.category()).as(sql).isEqualTo(SqlQueryException.VALIDATION);
            assertThat(ex.getMessage()).as(sql).contains("read-only");
        }
    }

    @Test
    void constantThatFailsToConvertIsAnErrorEveryTime()
    {
        // found by SqlFuzzTest: the constant was folded into generated code and failed in its static initializer;
        // a string in arithmetic is now refused when the statement is validated
        for (int run = 0; run < 2; run++)
        {
            final SqlQueryException ex = error("SELECT COUNT(*) FROM events WHERE latency_max > '%' * 2");
            assertThat(ex.category()).isEqualTo(SqlQueryException.VALIDATION);
            assertThat(ex.getMessage()).contains("column 49").contains("Cannot apply '*'");
        }
        final SqlQueryException cast = error("SELECT COUNT(*) FROM events WHERE latency_max > CAST('%' AS BIGINT)");
        assertThat(cast.category()).isEqualTo(SqlQueryException.VALIDATION);
        assertThat(cast.getMessage()).contains("%");
    }

    @Test
    void badTimeFloorPeriodIsAClearError()
    {
        final SqlQueryException ex = error("SELECT TIME_FLOOR(__time, 'PT5X'), COUNT(*) FROM events GROUP BY 1");
        assertThat(ex.category()).isEqualTo(SqlQueryException.VALIDATION);
        assertThat(ex.getMessage()).contains("period[PT5X]");
    }

    @Test
    void sketchColumnsAreReadOnlyByApproximateFunctions()
    {
        final SqlQueryException ex = error("SELECT COUNT(DISTINCT users) FROM events");
        assertThat(ex.getMessage()).contains("sketch column[users]");
        assertThat(service.execute("SELECT APPROX_COUNT_DISTINCT(users) FROM events").rows().get(0)[0])
            .isInstanceOf(Long.class);
    }

    @Test
    void dynamicParametersBindAtExecutionAndThePlanIsReused()
    {
        final String sql = "SELECT country, COUNT(*) FROM events WHERE device = ? AND __time >= ? " +
            "GROUP BY country ORDER BY 2 DESC, 1 LIMIT ?";
        final long missesBefore = service.planCacheMisses();
        final long hitsBefore = service.planCacheHits();
        for (final String device : List.of("mobile", "desktop", "tablet"))
        {
            final List<Object[]> withParameters = service.execute(sql,
                List.of(device, Instant.parse("2026-01-01T02:00:00Z"), 3), SqlQueryContext.defaults()).rows();
            final List<Object[]> literal = service.execute("SELECT country, COUNT(*) FROM events WHERE device = '" +
                device + "' AND __time >= TIMESTAMP '2026-01-01 02:00:00' GROUP BY country ORDER BY 2 DESC, 1 " +
                "LIMIT 3").rows();
            assertThat(withParameters).hasSize(3);
            assertThat(render(withParameters)).isEqualTo(render(literal));
        }
        assertThat(service.planCacheMisses() - missesBefore).isEqualTo(4);
        assertThat(service.planCacheHits() - hitsBefore).isEqualTo(2);
    }

    @Test
    void wrongParameterCountAndNullParameterAreErrors()
    {
        assertThatThrownBy(() -> service.execute("SELECT COUNT(*) FROM events WHERE country = ?", List.of(),
            SqlQueryContext.defaults())).isInstanceOf(SqlQueryException.class).hasMessageContaining("1 parameters");
        final List<Object> nullParameter = new ArrayList<>();
        nullParameter.add(null);
        assertThatThrownBy(() -> service.execute("SELECT COUNT(*) FROM events WHERE country = ?", nullParameter,
            SqlQueryContext.defaults())).isInstanceOf(SqlQueryException.class).hasMessageContaining("NULL");
    }

    @Test
    void maxRowsIsAResourceLimit()
    {
        final SqlQueryException ex = assertThrows(() -> service.execute("SELECT page FROM events", List.of(),
            new SqlQueryContext("q-rows", 10_000, 10)));
        assertThat(ex.category()).isEqualTo(SqlQueryException.RESOURCE_LIMIT);
        assertThat(ex.getMessage()).contains("maxRows[10]");
        final SqlQueryException onTop = assertThrows(() -> service.execute(
            "SELECT LOWER(page) FROM events WHERE country = 'US'", List.of(), new SqlQueryContext("q-rows2", 10_000,
                5)));
        assertThat(onTop.category()).isEqualTo(SqlQueryException.RESOURCE_LIMIT);
    }

    @Test
    void maxRowsCapsOnlyTheFinalResultNotWhatCalciteReadsFromTheEngine() throws Exception
    {
        // 3,000 raw events under a 40-row cap: what Calcite computes above a streamed scan reads them all
        final SqlQueryContext fortyRows = new SqlQueryContext("q-final", 10_000, 40);
        final String sql = "SELECT UPPER(device) AS c, COUNT(*) AS n, SUM(latency_max) AS l FROM events " +
            "GROUP BY UPPER(device) ORDER BY c";
        final List<Object[]> ours = service.execute(sql, List.of(), fortyRows).rows();
        try (java.sql.Statement statement = events.duck.createStatement();
            java.sql.ResultSet theirs = statement.executeQuery(sql))
        {
            for (final Object[] row : ours)
            {
                assertThat(theirs.next()).isTrue();
                assertThat(row[0]).isEqualTo(theirs.getString(1));
                assertThat(((Number)row[1]).longValue()).isEqualTo(theirs.getLong(2));
                assertThat(((Number)row[2]).longValue()).isEqualTo(theirs.getLong(3));
            }
            assertThat(theirs.next()).isFalse();
        }
        assertThat(ours).isNotEmpty();
        assertThat(service.execute("SELECT COUNT(*) FROM (SELECT LOWER(page) AS p FROM events) WHERE p LIKE '%a%'",
            List.of(), fortyRows).rows()).hasSize(1);
        // a sort above the engine holds its input: bounded by maxGroups, with the setting named
        final SqlQueryException held = assertThrows(() -> service.execute(
            "SELECT LOWER(page) AS p FROM events ORDER BY p LIMIT 5", List.of(), limits("q-held", 100, 1_000)));
        assertThat(held.category()).isEqualTo(SqlQueryException.RESOURCE_LIMIT);
        assertThat(held.getMessage()).contains("query.maxGroups[100]");
        // ...and so is one that Calcite sorts (a window's order)
        final SqlQueryException window = assertThrows(() -> service.execute(
            "SELECT p, ROW_NUMBER() OVER (ORDER BY p) FROM (SELECT LOWER(page) AS p FROM events) LIMIT 5", List.of(),
            limits("q-held-window", 100, 1_000)));
        assertThat(window.getMessage()).contains("window function").contains("query.maxGroups[100]");
    }

    @Test
    void parametersAndTheStatementTimeInsideExpressionsAreBoundPerExecution()
    {
        final String sql = "SELECT COUNT(*) FROM events WHERE LOWER(country) = ?";
        final long us = (Long)service.execute("SELECT COUNT(*) FROM events WHERE country = 'US'").rows().get(0)[0];
        final long de = (Long)service.execute("SELECT COUNT(*) FROM events WHERE country = 'DE'").rows().get(0)[0];
        assertThat(service.execute(sql, List.of("us"), SqlQueryContext.defaults()).rows().get(0)[0]).isEqualTo(us);
        // the cached plan, another value
        assertThat(service.execute(sql, List.of("de"), SqlQueryContext.defaults()).rows().get(0)[0]).isEqualTo(de);
        // the events are of January 2026: all older than 30 days, none older than 10,000
        assertThat(service.execute("SELECT COUNT(*) FROM events WHERE TIMESTAMPDIFF(DAY, __time, " +
            "CURRENT_TIMESTAMP) > 30").rows().get(0)[0]).isEqualTo(3_000L);
        assertThat(service.execute("SELECT COUNT(*) FROM events WHERE TIMESTAMPDIFF(DAY, __time, " +
            "CURRENT_DATE) > 10000").rows().get(0)[0]).isEqualTo(0L);
    }

    @Test
    void castToAShortVarcharCutsTheTextInFiltersAndKeys()
    {
        final Object startsWithU = service.execute("SELECT COUNT(*) FROM events WHERE country LIKE 'U%'").rows()
            .get(0)[0];
        assertThat(service.execute("SELECT COUNT(*) FROM events WHERE CAST(country AS VARCHAR(1)) = 'U'").rows()
            .get(0)[0]).isEqualTo(startsWithU);
        assertThat(service.execute("SELECT CAST(country AS VARCHAR(1)) AS c, COUNT(*) FROM events " +
            "WHERE country LIKE 'U%' GROUP BY 1").rows()).containsExactly(new Object[] {"U", startsWithU});
    }

    @Test
    void groupsOverMaxGroupsAreAResourceLimitNamingTheSetting()
    {
        // 360 one-minute groups over the six hours, an ORDER BY and LIMIT keeping the answer small: only groups count
        final SqlQueryException ex = assertThrows(() -> service.execute("SELECT TIME_FLOOR(__time, 'PT1M') AS m, " +
            "COUNT(*) AS n FROM events GROUP BY 1 ORDER BY n DESC LIMIT 3", List.of(), limits("q-groups", 50, 1_000)));
        assertThat(ex.category()).isEqualTo(SqlQueryException.RESOURCE_LIMIT);
        assertThat(ex.getMessage()).contains("query.maxGroups[50]");
        assertThat(service.execute("SELECT TIME_FLOOR(__time, 'PT1M') AS m, COUNT(*) AS n FROM events GROUP BY 1 " +
            "ORDER BY n DESC LIMIT 3", List.of(), limits("q-groups-ok", 360, 1_000)).rows()).hasSize(3);
    }

    @Test
    void joinRowsOverMaxJoinRowsAreAResourceLimitAndTheSameStatementRunsUnderAHigherOne() throws Exception
    {
        final String cross = "SELECT COUNT(*) FROM events a CROSS JOIN events b";
        final SqlQueryException ex = assertThrows(() -> service.execute(cross, List.of(),
            limits("q-cross", 1_000_000, 100_000)));
        assertThat(ex.category()).isEqualTo(SqlQueryException.RESOURCE_LIMIT);
        assertThat(ex.getMessage()).contains("query.maxJoinRows[100000]").contains("cross join");

        final String equi = "SELECT COUNT(*), SUM(a.latency_max) FROM events a JOIN events b " +
            "ON a.country = b.country AND a.page = b.page";
        assertThat(assertThrows(() -> service.execute(equi, List.of(), limits("q-equi", 1_000_000, 100)))
            .getMessage()).contains("inner join on").contains("query.maxJoinRows[100]");
        // a limit error keeps the cached statement: it runs again, now under the default limit, and is right
        final Object[] ours = service.execute(equi).rows().get(0);
        try (java.sql.Statement statement = events.duck.createStatement();
            java.sql.ResultSet theirs = statement.executeQuery(equi))
        {
            assertThat(theirs.next()).isTrue();
            assertThat(((Number)ours[0]).longValue()).isEqualTo(theirs.getLong(1)).isGreaterThan(3_000);
            assertThat(((Number)ours[1]).longValue()).isEqualTo(theirs.getLong(2));
        }
    }

    @Test
    void joinsAboveTheEngineTimeOut()
    {
        // 27 billion rows: only the deadline, checked as the joins produce rows, stops it
        final SqlQueryException ex = assertThrows(() -> service.execute(
            "SELECT COUNT(*) FROM events a, events b, events c", List.of(),
            new SqlQueryContext("q-join-timeout", 300, 100_000, 1_000_000, Long.MAX_VALUE)));
        assertThat(ex.category()).isEqualTo(SqlQueryException.TIMEOUT);
        assertThat(ex.getMessage()).contains("q-join-timeout");
    }

    private static SqlQueryContext limits(final String queryId, final long maxGroups, final long maxJoinRows)
    {
        return new SqlQueryContext(queryId, 30_000, 100_000, maxGroups, maxJoinRows);
    }

    @Test
    void timeoutIsReported()
    {
        final SqlQueryException ex = assertThrows(() -> service.execute(
            "SELECT page, COUNT(*) FROM events WHERE os <> 'timeout-test' GROUP BY page", List.of(),
            new SqlQueryContext("q-timeout", 1, 100_000)));
        assertThat(ex.category()).isEqualTo(SqlQueryException.TIMEOUT);
        assertThat(ex.getMessage()).contains("q-timeout");
    }

    @Test
    void cancelByQueryIdStopsTheQuery() throws Exception
    {
        final AtomicReference<SqlService> self = new AtomicReference<>();
        final StaticTableProvider provider = new StaticTableProvider().add("slow", events.schema, () ->
        {
            // the statement is running: cancel it, as DELETE /v1/sql/{id} would from another thread
            assertThat(self.get().cancel("q-cancel")).isTrue();
            final List<? extends RowSource> sources = events.sources;
            return sources;
        });
        try (SqlService slow = new SqlService(provider, engine))
        {
            self.set(slow);
            final SqlQueryException ex = assertThrows(() -> slow.execute("SELECT COUNT(*) FROM slow", List.of(),
                new SqlQueryContext("q-cancel", 10_000, 100)));
            assertThat(ex.category()).isEqualTo(SqlQueryException.CANCELLED);
            assertThat(slow.cancel("q-cancel")).as("no longer running").isFalse();
        }
    }

    @Test
    void cachedPlanIsReplannedWhenTheTableChanges()
    {
        final StaticTableProvider provider = new StaticTableProvider().add("t", events.schema, events.sources);
        try (SqlService changing = new SqlService(provider, engine))
        {
            final String sql = "SELECT COUNT(*) FROM t WHERE country = 'US'";
            final Object before = changing.execute(sql).rows().get(0)[0];
            provider.add("t", events.narrowSchema, List.of());
            assertThat(changing.execute(sql).rows().get(0)[0]).isEqualTo(0L);
            provider.add("t", events.schema, events.sources);
            assertThat(changing.execute(sql).rows().get(0)[0]).isEqualTo(before);
            assertThat(changing.planCacheMisses()).isEqualTo(3);
        }
    }

    @Test
    void explainShowsTheNativeQueryJson()
    {
        final String plan = (String)service.execute("EXPLAIN PLAN FOR SELECT device, COUNT(*) FROM events " +
            "WHERE country = 'US' GROUP BY device").rows().get(0)[0];
        assertThat(plan).contains("\"type\":\"GROUP_BY\"").contains("{\"type\":\"equals\",\"column\":\"country\"," +
            "\"value\":\"US\"}").contains("\"groupings\":[{\"type\":\"dimension\",\"column\":\"device\"");
    }

    @Test
    void timestampsComeBackAsInstantsInUtc()
    {
        final Object[] row = service.execute("SELECT MIN(__time), FLOOR(MIN(__time) TO DAY) FROM events").rows()
            .get(0);
        assertThat(row[0]).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(row[1]).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void jdbcMetadataListsTablesAndColumns() throws Exception
    {
        try (java.sql.Connection connection = service.connect())
        {
            final List<String> tables = new ArrayList<>();
            try (java.sql.ResultSet rs = connection.getMetaData().getTables(null, TallySchema.NAME, "%", null))
            {
                while (rs.next())
                {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).contains("events");
            final List<String> columns = new ArrayList<>();
            try (java.sql.ResultSet rs = connection.getMetaData().getColumns(null, TallySchema.NAME, "events", "%"))
            {
                while (rs.next())
                {
                    // Calcite's full type string; the Avatica endpoint reports plain names
                    columns.add(rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME").split(" ")[0]);
                }
            }
            assertThat(columns).contains("__time TIMESTAMP(3)", "country VARCHAR", "quantity BIGINT",
                "revenue DOUBLE", "users VARBINARY");
        }
    }

    @Test
    void concurrentStatementsShareTheServiceAndAgree() throws Exception
    {
        final List<String> statements = new ArrayList<>();
        for (final SqlCase sqlCase : SqlDifferentialTest.dashboard())
        {
            statements.add(sqlCase.tally());
        }
        final List<List<String>> expected = new ArrayList<>();
        for (final String sql : statements)
        {
            expected.add(render(service.execute(sql).rows()));
        }
        final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try
        {
            final List<java.util.concurrent.Future<String>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++)
            {
                final int offset = t;
                futures.add(pool.submit(() ->
                {
                    for (int i = 0; i < 60; i++)
                    {
                        final int q = (i + offset) % statements.size();
                        final List<String> rows = render(service.execute(statements.get(q)).rows());
                        if (!rows.equals(expected.get(q)))
                        {
                            return statements.get(q) + " gave " + rows;
                        }
                    }
                    return null;
                }));
            }
            for (final java.util.concurrent.Future<String> future : futures)
            {
                assertThat(future.get(120, java.util.concurrent.TimeUnit.SECONDS)).isNull();
            }
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    private static SqlQueryException assertThrows(final Runnable runnable)
    {
        try
        {
            runnable.run();
        }
        catch (final SqlQueryException ex)
        {
            return ex;
        }
        throw new AssertionError("no error");
    }

    private static List<String> render(final List<Object[]> rows)
    {
        return rows.stream().map(Arrays::toString).toList();
    }
}
