package dev.tally.sql;

import dev.tally.query.exec.QueryEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Druid's dialect: double-quoted names (backticks too), reserved words used as names, schema {@code druid}, Druid's
 * function spellings and semantics; each statement's answer equals DuckDB's over the same raw events, or a value
 * checked by hand where DuckDB has no such function.
 */
class DruidDialectTest
{
    private static LoadedSql loaded;
    private static WebEvents events;
    private static QueryEngine engine;
    private static SqlService service;

    /** Tally's statement in Druid's dialect, and DuckDB's for the same answer. */
    private static final String[][] PAIRS = {
        {"SELECT \"country\", COUNT(*) AS \"count\" FROM \"druid\".\"events\" GROUP BY \"country\" ORDER BY 2 DESC, 1",
         "SELECT country, COUNT(*) FROM events GROUP BY country ORDER BY 2 DESC, 1"},
        {"SELECT country, COUNT(*) AS count FROM events GROUP BY 1 ORDER BY count DESC, country LIMIT 5",
         "SELECT country, COUNT(*) AS n FROM events GROUP BY 1 ORDER BY n DESC, country LIMIT 5"},
        {"SELECT COUNT(*) count, SUM(\"revenue\") AS value FROM tally.events WHERE `device` = 'mobile'",
         "SELECT COUNT(*), SUM(revenue) FROM events WHERE device = 'mobile'"},
        {"SELECT t.country AS user, SUM(t.\"count\") AS \"sum\" FROM events AS t GROUP BY t.country ORDER BY 1",
         "SELECT country, COUNT(*) FROM events GROUP BY country ORDER BY 1"},
        {"SELECT TIME_FLOOR(__time, 'PT1H') AS time, COUNT(*) AS date FROM events GROUP BY 1 ORDER BY 1",
         "SELECT date_trunc('hour', __time), COUNT(*) FROM events GROUP BY 1 ORDER BY 1"},
        {"SELECT TIME_FLOOR(CAST(\"__time\" AS TIMESTAMP), 'PT1H') AS \"__timestamp\", COUNT(*) AS \"count\" " +
         "FROM \"druid\".\"events\" GROUP BY TIME_FLOOR(CAST(\"__time\" AS TIMESTAMP), 'PT1H') ORDER BY 1",
         "SELECT date_trunc('hour', __time), COUNT(*) FROM events GROUP BY 1 ORDER BY 1"},
        {"SELECT TIME_FLOOR(__time, 'PT1H', TIMESTAMP '2026-01-01 00:30:00') AS h, COUNT(*) FROM events " +
         "GROUP BY 1 ORDER BY 1",
         "SELECT time_bucket(INTERVAL 1 HOUR, __time, TIMESTAMP '2026-01-01 00:30:00'), COUNT(*) FROM events " +
         "GROUP BY 1 ORDER BY 1"},
        {"SELECT TIME_FLOOR(__time, 'P1D', NULL, 'America/Los_Angeles') AS d, COUNT(*) FROM events " +
         "GROUP BY 1 ORDER BY 1",
         "SELECT timezone('America/Los_Angeles', date_trunc('day', timezone('America/Los_Angeles', " +
         "__time::TIMESTAMPTZ)))::TIMESTAMP, COUNT(*) FROM events GROUP BY 1 ORDER BY 1"},
        {"SELECT TIME_CEIL(__time, 'PT1H') AS h, COUNT(*) FROM events GROUP BY 1 ORDER BY 1",
         "SELECT CASE WHEN date_trunc('hour', __time) = __time THEN __time ELSE date_trunc('hour', __time) + " +
         "INTERVAL 1 HOUR END, COUNT(*) FROM events GROUP BY 1 ORDER BY 1"},
        {"SELECT TIME_SHIFT(TIME_FLOOR(__time, 'PT1H'), 'PT1H', -2) AS h, COUNT(*) FROM events GROUP BY 1 ORDER BY 1",
         "SELECT date_trunc('hour', __time) - INTERVAL 2 HOUR, COUNT(*) FROM events GROUP BY 1 ORDER BY 1"},
        {"SELECT TIME_EXTRACT(__time, 'HOUR') AS h, COUNT(*) FROM events GROUP BY 1 ORDER BY 1",
         "SELECT hour(__time), COUNT(*) FROM events GROUP BY 1 ORDER BY 1"},
        {"SELECT TIME_EXTRACT(__time, 'DOW') AS d, TIME_EXTRACT(__time, 'DOY'), COUNT(*) FROM events GROUP BY 1, 2",
         "SELECT isodow(__time), dayofyear(__time), COUNT(*) FROM events GROUP BY 1, 2"},
        {"SELECT TIME_FORMAT(__time, 'yyyy-MM-dd HH') AS h, COUNT(*) FROM events GROUP BY 1 ORDER BY 1",
         "SELECT strftime(__time, '%Y-%m-%d %H'), COUNT(*) FROM events GROUP BY 1 ORDER BY 1"},
        {"SELECT COUNT(*) FROM events WHERE __time >= TIME_PARSE('2026-01-01T02:00:00') AND " +
         "__time < TIME_PARSE('2026-01-01 03:30:00')",
         "SELECT COUNT(*) FROM events WHERE __time >= TIMESTAMP '2026-01-01 02:00:00' AND " +
         "__time < TIMESTAMP '2026-01-01 03:30:00'"},
        {"SELECT COUNT(*) FROM events WHERE __time >= TIME_PARSE('01/01/2026 04', 'MM/dd/yyyy HH')",
         "SELECT COUNT(*) FROM events WHERE __time >= TIMESTAMP '2026-01-01 04:00:00'"},
        {"SELECT COUNT(*) FROM events WHERE __time >= MILLIS_TO_TIMESTAMP(1767225600000 + 3600000)",
         "SELECT COUNT(*) FROM events WHERE __time >= TIMESTAMP '2026-01-01 01:00:00'"},
        {"SELECT MAX(TIMESTAMP_TO_MILLIS(__time)) FROM events",
         "SELECT MAX(epoch_ms(__time)) FROM events"},
        {"SELECT DATE_TRUNC('week', __time) AS w, COUNT(*) FROM events GROUP BY 1",
         "SELECT date_trunc('week', __time), COUNT(*) FROM events GROUP BY 1"},
        {"SELECT CONCAT(country, '-', device) AS cd, COUNT(*) FROM events GROUP BY 1 ORDER BY 1",
         "SELECT country || '-' || device, COUNT(*) FROM events GROUP BY 1 ORDER BY 1"},
        {"SELECT TEXTCAT(os, browser) AS ob, STRLEN(os), LENGTH(browser), COUNT(*) FROM events GROUP BY 1, 2, 3",
         "SELECT os || browser, length(os), length(browser), COUNT(*) FROM events GROUP BY 1, 2, 3"},
        {"SELECT NVL(referrer, 'direct') AS r, COUNT(*) FROM events GROUP BY 1 ORDER BY 1",
         "SELECT COALESCE(referrer, 'direct'), COUNT(*) FROM events GROUP BY 1 ORDER BY 1"},
        {"SELECT REGEXP_EXTRACT(page, '^/([a-z]+)', 1) AS section, COUNT(*) FROM events GROUP BY 1",
         "SELECT NULLIF(regexp_extract(page, '^/([a-z]+)', 1), ''), COUNT(*) FROM events GROUP BY 1"},
        {"SELECT COUNT(*) FROM events WHERE REGEXP_LIKE(page, '[0-9]$') AND CONTAINS_STRING(page, '/')",
         "SELECT COUNT(*) FROM events WHERE regexp_matches(page, '[0-9]$') AND contains(page, '/')"},
        {"SELECT LPAD(country, 4, '*'), RPAD(device, 8), STRPOS(page, '/'), REVERSE(os), COUNT(*) FROM events " +
         "GROUP BY 1, 2, 3, 4",
         "SELECT lpad(country, 4, '*'), rpad(device, 8, ' '), strpos(page, '/'), reverse(os), COUNT(*) FROM events " +
         "GROUP BY 1, 2, 3, 4"},
        {"SELECT LATEST(page), EARLIEST(page) FROM (SELECT * FROM events WHERE __time < TIMESTAMP " +
         "'2026-01-01 00:00:05')",
         "SELECT arg_max(page, __time), arg_min(page, __time) FROM events WHERE __time < TIMESTAMP " +
         "'2026-01-01 00:00:05'"},
        {"SELECT country, ANY_VALUE(country, 100) FROM events GROUP BY 1 ORDER BY 1",
         "SELECT country, country FROM events GROUP BY 1 ORDER BY 1"},
        {"SELECT MIN(__time), MAX(__time) FROM events",
         "SELECT MIN(__time), MAX(__time) FROM events"},
        {"SELECT device, MIN(__time) AS first, MAX(__time) AS last FROM rolled WHERE country = 'US' GROUP BY device " +
         "ORDER BY device",
         "SELECT device, date_trunc('minute', MIN(__time)), date_trunc('minute', MAX(__time)) FROM events " +
         "WHERE country = 'US' GROUP BY device ORDER BY device"},
        {"SELECT AVG(n), AVG(CAST(r AS DOUBLE)) FROM (SELECT country, COUNT(*) AS n, SUM(revenue) AS r FROM events " +
         "GROUP BY country)",
         "SELECT AVG(n), AVG(r) FROM (SELECT country, COUNT(*) AS n, SUM(revenue) AS r FROM events GROUP BY country)"},
        {"SELECT FLOOR(__time TO WEEK) AS w, COUNT(*) FROM events GROUP BY 1",
         "SELECT date_trunc('week', __time), COUNT(*) FROM events GROUP BY 1"},
        {"SELECT GREATEST(quantity, 2), LEAST(quantity, 2, 1), SAFE_DIVIDE(10, quantity), COUNT(*) FROM events " +
         "GROUP BY 1, 2, 3",
         "SELECT greatest(quantity, 2), least(quantity, 2, 1), CASE WHEN quantity = 0 THEN NULL ELSE 10 // quantity " +
         "END, COUNT(*) FROM events GROUP BY 1, 2, 3"},
        {"SELECT STRING_FORMAT('%s:%d', country, quantity) AS k, LEFT(page, 2), RIGHT(page, 1), COUNT(*) " +
         "FROM events WHERE quantity IS NOT NULL GROUP BY 1, 2, 3",
         "SELECT printf('%s:%d', country, quantity), left(page, 2), right(page, 1), COUNT(*) FROM events " +
         "WHERE quantity IS NOT NULL GROUP BY 1, 2, 3"},
        {"SELECT COUNT(*) FROM events WHERE __time < TIMESTAMPADD(HOUR, 2, '2026-01-01 00:00:00') AND " +
         "TIME_IN_INTERVAL(__time, '2026-01-01T00:30:00Z/PT1H')",
         "SELECT COUNT(*) FROM events WHERE __time >= TIMESTAMP '2026-01-01 00:30:00' AND " +
         "__time < TIMESTAMP '2026-01-01 01:30:00'"},
        {"SELECT device, COUNT(*), AVG(revenue) FROM rolled WHERE country IN (SELECT country FROM rolled " +
         "GROUP BY country ORDER BY COUNT(*) DESC, country LIMIT 3) GROUP BY device ORDER BY device",
         "SELECT device, COUNT(*), AVG(revenue) FROM events WHERE country IN (SELECT country FROM events " +
         "GROUP BY country ORDER BY COUNT(*) DESC, country LIMIT 3) GROUP BY device ORDER BY device"},
        {"SELECT TIME_FLOOR(__time, 'PT1H') AS h, os, COUNT(*) AS n FROM rolled JOIN (SELECT os AS o, COUNT(*) AS c " +
         "FROM rolled GROUP BY os ORDER BY c DESC LIMIT 2) AS top ON os = o GROUP BY 1, 2 ORDER BY 1, 2",
         "SELECT date_trunc('hour', __time), os, COUNT(*) FROM events WHERE os IN (SELECT os FROM events GROUP BY os " +
         "ORDER BY COUNT(*) DESC LIMIT 2) GROUP BY 1, 2 ORDER BY 1, 2"},
        {"SELECT country, SUM(1), SUM(LENGTH(browser)), AVG(LENGTH(os)), SUM(CASE WHEN device = 'mobile' THEN 1 " +
         "ELSE 0 END), SUM(revenue) FROM rolled WHERE LOWER(os) <> 'x' GROUP BY country ORDER BY country",
         "SELECT country, COUNT(*), SUM(length(browser)), AVG(length(os)), SUM(CASE WHEN device = 'mobile' THEN 1 " +
         "ELSE 0 END), SUM(revenue) FROM events GROUP BY country ORDER BY country"},
        {"SELECT SUM(1) AS records, SUM(TIME_EXTRACT(__time, 'HOUR')) FROM rolled WHERE device = 'tablet'",
         "SELECT COUNT(*), SUM(hour(__time)) FROM events WHERE device = 'tablet'"},
        {"SELECT COUNT(*) FROM events WHERE \"events\".\"__time\" BETWEEN '2026-01-01T01:00:00.000Z' AND " +
         "'2026-01-01T02:30:00+01:00' OR __time >= '2026-01-01 05:00:00'",
         "SELECT COUNT(*) FROM events WHERE __time BETWEEN TIMESTAMP '2026-01-01 01:00:00' AND " +
         "TIMESTAMP '2026-01-01 01:30:00' OR __time >= TIMESTAMP '2026-01-01 05:00:00'"},
        {"SELECT CAST(__time AS DATE) AS d, COUNT(*) FROM rolled GROUP BY 1",
         "SELECT CAST(CAST(__time AS DATE) AS TIMESTAMP), COUNT(*) FROM events GROUP BY 1"},
        {"SELECT COUNT(*) OVER () AS n FROM events WHERE page LIKE '/product/%'",
         "SELECT COUNT(*) OVER () FROM events WHERE page LIKE '/product/%'"},
        {"SELECT MILLIS_TO_TIMESTAMP(1767229200 * 1000) AS t FROM events LIMIT 1",
         "SELECT TIMESTAMP '2026-01-01 01:00:00'"},
    };

    @BeforeAll
    static void load() throws Exception
    {
        loaded = new LoadedSql(17, 4_000);
        events = loaded.events;
        engine = loaded.engine;
        service = loaded.service;
    }

    @AfterAll
    static void close() throws Exception
    {
        loaded.close();
    }

    @TestFactory
    Stream<DynamicTest> answersEqualDuckDbs()
    {
        return Stream.of(PAIRS).map(pair -> DynamicTest.dynamicTest(pair[0], () ->
        {
            final List<Object[]> tally = Results.normalize(service.execute(pair[0]).rows());
            final List<Object[]> duck = Results.duck(events.duck, pair[1]);
            final Results.Order order = pair[0].contains("ORDER BY") ? Results.Order.EXACT : Results.Order.ANY;
            assertThat(Results.mismatch(tally, duck, order, 0, java.util.Set.of())).as(pair[0]).isNull();
        }));
    }

    private static Object one(final String sql)
    {
        return service.execute(sql).rows().get(0)[0];
    }

    @Test
    void timeFunctionsFollowDruid()
    {
        assertThat(one("SELECT TIME_FORMAT(TIMESTAMP '2026-03-04 05:06:07.089')"))
            .isEqualTo("2026-03-04T05:06:07.089Z");
        assertThat(one("SELECT TIME_FORMAT(TIMESTAMP '2026-03-04 05:06:07', 'yyyy-MM-dd HH:mm ZZ', 'Asia/Kolkata')"))
            .isEqualTo("2026-03-04 10:36 +05:30");
        assertThat(one("SELECT TIME_PARSE('2026-03-04T05:06:07+01:00')"))
            .isEqualTo(Instant.parse("2026-03-04T04:06:07Z"));
        assertThat(one("SELECT TIME_PARSE('2026-03-04', NULL, 'America/New_York')"))
            .isEqualTo(Instant.parse("2026-03-04T05:00:00Z"));
        assertThat(one("SELECT TIME_PARSE('not a time')")).isNull();
        assertThat(one("SELECT TIME_EXTRACT(TIMESTAMP '2026-03-08 12:00:00', 'DOW')")).isEqualTo(7L);
        assertThat(one("SELECT TIME_EXTRACT(TIMESTAMP '2026-03-08 12:00:00', 'EPOCH')")).isEqualTo(1772971200L);
        assertThat(one("SELECT TIME_EXTRACT(TIMESTAMP '2026-03-08 12:00:00', 'HOUR', 'Asia/Tokyo')")).isEqualTo(21L);
        assertThat(one("SELECT TIME_EXTRACT(TIMESTAMP '2026-03-08 12:00:00', 'CENTURY')")).isEqualTo(21L);
        assertThat(one("SELECT TIME_CEIL(TIMESTAMP '2026-03-08 12:00:00', 'P1D')"))
            .isEqualTo(Instant.parse("2026-03-09T00:00:00Z"));
        assertThat(one("SELECT TIME_CEIL(TIMESTAMP '2026-03-08 00:00:00', 'P1D')"))
            .isEqualTo(Instant.parse("2026-03-08T00:00:00Z"));
        assertThat(one("SELECT TIME_SHIFT(TIMESTAMP '2026-01-31 10:00:00', 'P1M', 1)"))
            .isEqualTo(Instant.parse("2026-02-28T10:00:00Z"));
        assertThat(one("SELECT TIME_FLOOR(TIMESTAMP '2026-03-18 10:00:00', 'P1M', TIMESTAMP '2026-01-15 00:00:00')"))
            .isEqualTo(Instant.parse("2026-03-15T00:00:00Z"));
        assertThat(one("SELECT TIME_FLOOR(TIMESTAMP '2026-03-08 12:00:00', 'P1W')"))
            .isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
        assertThat(one("SELECT TIME_IN_INTERVAL(TIMESTAMP '2026-03-08 12:00:00', " +
            "'2026-03-08T00:00:00Z/2026-03-09T00:00:00Z')")).isEqualTo(true);
        assertThat(one("SELECT DATE_TRUNC('decade', TIMESTAMP '2026-03-08 12:00:00')"))
            .isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
    }

    @Test
    void parametersStandWhereLiteralsDo() throws Exception
    {
        final SqlResult result = service.execute("SELECT COUNT(*) FROM events WHERE __time >= TIME_PARSE(?) AND " +
            "country = ?", List.of("2026-01-01T03:00:00Z", "US"), SqlQueryContext.defaults());
        assertThat(result.rows()).hasSize(1);
        // every value as a string, as Cube's driver binds them
        final SqlResult strings = service.execute("SELECT COUNT(*) FROM events WHERE quantity > ? AND __time >= ? " +
            "AND country <> ?", List.of("2", "2026-01-01 01:00:00", 7), SqlQueryContext.defaults());
        assertThat(Results.normalize(strings.rows()).get(0)[0]).isEqualTo(Results.duck(events.duck,
            "SELECT COUNT(*) FROM events WHERE quantity > 2 AND __time >= TIMESTAMP '2026-01-01 01:00:00' " +
            "AND country <> '7'").get(0)[0]);
        assertThatThrownBy(() -> service.execute("SELECT COUNT(*) FROM events WHERE quantity > ?", List.of("two"),
            SqlQueryContext.defaults())).hasMessageContaining("parameter 1: 'two' cannot be read as BIGINT");
    }

    @Test
    void sqlTimeZoneIsTheDefaultZoneOfTimeFunctions()
    {
        final SqlQueryContext berlin = new SqlQueryContext(null, 10_000, 1000, 1000, 1000, "Europe/Berlin",
            SqlQueryContext.NO_LIMIT);
        final SqlResult days = service.execute("SELECT TIME_FLOOR(__time, 'P1D') AS d, COUNT(*) FROM events " +
            "GROUP BY 1 ORDER BY 1", List.of(), berlin);
        assertThat(days.rows().get(0)[0]).isEqualTo(Instant.parse("2025-12-31T23:00:00Z"));
        final SqlResult utc = service.execute("SELECT TIME_FLOOR(__time, 'P1D') AS d, COUNT(*) FROM events " +
            "GROUP BY 1 ORDER BY 1");
        assertThat(utc.rows().get(0)[0]).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void timeRangeOfATableLargerThanMaxRows()
    {
        final SqlQueryContext tenRows = new SqlQueryContext(null, 10_000, 10, 100_000, 100_000);
        final SqlResult range = service.execute("SELECT MIN(__time), MAX(__time), COUNT(*) FROM events", List.of(),
            tenRows);
        assertThat(range.rows().get(0)[0]).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat((Instant)range.rows().get(0)[1]).isAfter(Instant.parse("2026-01-01T05:00:00Z"));
        assertThat(range.rows().get(0)[2]).isEqualTo(4_000L);
    }

    @Test
    void relativeTimeFiltersRunInTheEngine()
    {
        final SqlQueryContext tenRows = new SqlQueryContext(null, 10_000, 10, 100_000, 100_000);
        for (final String since : new String[] {"DATE_TRUNC('day', CURRENT_TIMESTAMP) - INTERVAL '4000' DAY",
            "TIME_FLOOR(CURRENT_TIMESTAMP - INTERVAL '4000' DAY, 'P1D')", "CURRENT_DATE - INTERVAL '4000' DAY"})
        {
            final SqlResult all = service.execute("SELECT COUNT(*) FROM events WHERE __time >= " + since, List.of(),
                tenRows);
            assertThat(all.rows().get(0)[0]).as(since).isEqualTo(4_000L);
        }
        assertThat(service.execute("SELECT COUNT(*) FROM events WHERE __time >= CURRENT_DATE", List.of(), tenRows)
            .rows().get(0)[0]).isEqualTo(0L);
        assertThat(service.execute("SELECT COUNT(*) FROM events WHERE __time >= DATE '2026-01-01' AND " +
            "__time < CAST('2026-01-02' AS DATE)", List.of(), tenRows).rows().get(0)[0]).isEqualTo(4_000L);
    }

    @Test
    void outerLimitCutsTheResultInsteadOfFailing()
    {
        final SqlQueryContext context = new SqlQueryContext(null, 10_000, 5, 100_000, 100_000, null, 3);
        assertThat(service.execute("SELECT page FROM events", List.of(), context).rows()).hasSize(3);
    }

    @Test
    void unicodeInLiteralsAndPatterns()
    {
        assertThat(one("SELECT COUNT(*) FROM events WHERE page LIKE '%\uD83D\uDE00%' OR country = '\u00e9\u4e2d'"))
            .isEqualTo(0L);
        assertThat(one("SELECT CHAR_LENGTH('\uD83D\uDE00x')")).isEqualTo(3);
    }

    @Test
    void brokenStatementsStillReportTheirOwnError()
    {
        assertThatThrownBy(() -> service.execute("SELECT country FROM events WHERE"))
            .hasMessageContaining("line 1, column 32");
        assertThatThrownBy(() -> service.execute("SELECT \"Country\" FROM events"))
            .hasMessageContaining("Column 'Country' not found").hasMessageContaining("did you mean 'country'?");
        assertThatThrownBy(() -> service.execute("SELECT * FROM sys.segments"))
            .hasMessageContaining("schema 'sys' (Druid's sys tables) is not supported by Tally");
        assertThatThrownBy(() -> service.execute("SELECT TIME_FLOOR(__time, 'PT1X') FROM events"))
            .hasMessageContaining("TIME_FLOOR period[PT1X]");
    }
}
