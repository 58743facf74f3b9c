-- Druid SQL compatibility corpus (issue 15), run by dev.tally.server.druid.DruidSqlCompatibilityTest.
--
-- Every entry is a statement in the exact shape a Druid client emits (quotes, casing, whitespace and all), written
-- against Tally's push table "web" (LoadedServer: PushTable events, 2026-01-01T00:00Z plus 6 hours, rolled up per
-- minute), and the answer Druid would give, which the runner checks over POST /druid/v2/sql and over JDBC.
--
-- Format: an entry starts at "-- @id"; directives are lines starting with "-- @"; other "--" lines are comments.
--   -- @id <unique id>
--   -- @source <repository and file, or documentation page, the shape is taken from>
--   -- @unordered              the answer's row order is not fixed: both sides are sorted before comparing
--   -- @gap <issue: why>       a known wrong answer another issue owns: the runner checks it is still wrong and
--                              reports it skipped with the reason (and fails once it is right: remove the marker)
--   -- @approx <col> <rel>     column <col> (0-based) may differ from the expectation by a relative <rel>
--                              (approximate aggregates: Druid's COUNT(DISTINCT) and HLL sketches)
--   -- @param <TYPE> <value>   a dynamic parameter (?) in order: JSON "parameters" over HTTP, setObject over JDBC
--   -- @tally                  the statement sent to Tally, verbatim, up to the next directive
--   -- @duckdb                 the expectation: a DuckDB query over the raw events (see below), or
--   -- @rows                   the expectation, hand-checked: one JSON array per row; a string in a TIMESTAMP column
--                              is an ISO-8601 instant
--
-- DuckDB holds the raw events as table raw(ts, country, device, os, browser, page, referrer, user_id, revenue,
-- latency_ms) and the view ev = raw plus t, the minute start of ts, which is what Druid's "__time" is after the
-- per-minute rollup (so grains below a minute compare with t). Metrics: COUNT(*) and SUM("count") both count events
-- (Tally's documented difference from Druid, whose COUNT(*) counts rolled-up rows), SUM("revenue") = SUM(revenue),
-- MAX("latency_max") = MAX(latency_ms), SUM("latency_sum") = SUM(latency_ms), "users" is an HLL sketch of user_id.
-- Druid sorts NULL first in ascending order; Tally, like DuckDB and PostgreSQL, last (a documented difference).
-- Time zones without DST (Asia/Kolkata, +05:30) are written as fixed offsets in DuckDB; America/Los_Angeles is -08:00
-- in January.


-- ==================================================================================================================
-- Superset: DruidEngineSpec time grains (TIME_FLOOR(CAST({col} AS TIMESTAMP), ...)), convert_dttm (TIME_PARSE),
-- epoch_*_to_dttm (MILLIS_TO_TIMESTAMP), and the queries its charts build through pydruid's SQLAlchemy dialect,
-- whose IdentifierPreparer quotes every identifier (reserved_words = UniversalSet()).
-- ==================================================================================================================

-- @id superset-grain-pt1s
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.SECOND]
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1S') AS "__time", COUNT(*) AS "count"
FROM "druid"."web"
WHERE "__time" >= TIME_PARSE('2026-01-01T00:00:00') AND "__time" < TIME_PARSE('2026-01-01T00:10:00')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1S')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT t, COUNT(*) FROM ev WHERE t < TIMESTAMP '2026-01-01 00:10:00' GROUP BY t ORDER BY t

-- @id superset-grain-pt5s
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.FIVE_SECONDS]
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT5S') AS "__time", SUM("revenue") AS "SUM(revenue)"
FROM "druid"."web"
WHERE "__time" >= TIME_PARSE('2026-01-01T01:00:00') AND "__time" < TIME_PARSE('2026-01-01T01:30:00')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT5S')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT t, SUM(revenue) FROM ev WHERE t >= TIMESTAMP '2026-01-01 01:00:00' AND t < TIMESTAMP '2026-01-01 01:30:00'
GROUP BY t ORDER BY t

-- @id superset-grain-pt30s
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.THIRTY_SECONDS]
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT30S') AS "__time", COUNT(*) AS "count"
FROM "druid"."web"
WHERE "device" = 'tablet'
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT30S')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT t, COUNT(*) FROM ev WHERE device = 'tablet' GROUP BY t ORDER BY t

-- @id superset-grain-pt1m
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.MINUTE]
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1M') AS "__time", COUNT(*) AS "count", SUM("revenue") AS "SUM(revenue)"
FROM "druid"."web"
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1M')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT t, COUNT(*), SUM(revenue) FROM ev GROUP BY t ORDER BY t

-- @id superset-grain-pt5m
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.FIVE_MINUTES]
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT5M') AS "__time", COUNT(*) AS "count"
FROM "druid"."web"
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT5M')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT time_bucket(INTERVAL 5 MINUTE, t) AS b, COUNT(*) FROM ev GROUP BY b ORDER BY b

-- @id superset-grain-pt10m
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.TEN_MINUTES]
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT10M') AS "__time", MAX("latency_max") AS "MAX(latency_max)"
FROM "druid"."web"
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT10M')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT time_bucket(INTERVAL 10 MINUTE, t) AS b, MAX(latency_ms) FROM ev GROUP BY b ORDER BY b

-- @id superset-grain-pt15m
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.FIFTEEN_MINUTES]
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT15M') AS "__time", SUM("latency_sum") AS "SUM(latency_sum)"
FROM "druid"."web"
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT15M')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT time_bucket(INTERVAL 15 MINUTE, t) AS b, SUM(latency_ms) FROM ev GROUP BY b ORDER BY b

-- @id superset-grain-pt30m
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.THIRTY_MINUTES]
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT30M') AS "__time", COUNT(*) AS "count"
FROM "druid"."web"
WHERE "country" = 'US'
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT30M')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT time_bucket(INTERVAL 30 MINUTE, t) AS b, COUNT(*) FROM ev WHERE country = 'US' GROUP BY b ORDER BY b

-- @id superset-grain-pt1h
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.HOUR]
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1H') AS "__time", COUNT(*) AS "count"
FROM "druid"."web"
WHERE "__time" >= TIME_PARSE('2026-01-01T00:00:00') AND "__time" < TIME_PARSE('2026-01-02T00:00:00')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1H')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT date_trunc('hour', t) AS b, COUNT(*) FROM ev GROUP BY b ORDER BY b

-- @id superset-grain-pt6h
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.SIX_HOURS]
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT6H') AS "__time", SUM("revenue") AS "SUM(revenue)"
FROM "druid"."web"
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT6H')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT time_bucket(INTERVAL 6 HOUR, t) AS b, SUM(revenue) FROM ev GROUP BY b ORDER BY b

-- @id superset-grain-p1d
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.DAY]
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D') AS "__time", COUNT(*) AS "count"
FROM "druid"."web"
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT date_trunc('day', t) AS b, COUNT(*) FROM ev GROUP BY b ORDER BY b

-- @id superset-grain-p1w
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.WEEK]
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1W') AS "__time", COUNT(*) AS "count"
FROM "druid"."web"
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1W')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT date_trunc('week', t) AS b, COUNT(*) FROM ev GROUP BY b ORDER BY b

-- @id superset-grain-p1m
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.MONTH]
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1M') AS "__time", SUM("revenue") AS "SUM(revenue)"
FROM "druid"."web"
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1M')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT date_trunc('month', t) AS b, SUM(revenue) FROM ev GROUP BY b ORDER BY b

-- @id superset-grain-p3m
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.QUARTER]
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P3M') AS "__time", COUNT(*) AS "count"
FROM "druid"."web"
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P3M')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT date_trunc('quarter', t) AS b, COUNT(*) FROM ev GROUP BY b ORDER BY b

-- @id superset-grain-p1y
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.YEAR]
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1Y') AS "__time", COUNT(*) AS "count"
FROM "druid"."web"
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1Y')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT date_trunc('year', t) AS b, COUNT(*) FROM ev GROUP BY b ORDER BY b

-- @id superset-grain-week-ending-saturday
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.WEEK_ENDING_SATURDAY]
-- @tally
SELECT TIME_SHIFT(TIME_FLOOR(TIME_SHIFT(CAST("__time" AS TIMESTAMP), 'P1D', 1), 'P1W'), 'P1D', 5) AS "__time", COUNT(*) AS "count"
FROM "druid"."web"
GROUP BY TIME_SHIFT(TIME_FLOOR(TIME_SHIFT(CAST("__time" AS TIMESTAMP), 'P1D', 1), 'P1W'), 'P1D', 5)
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT date_trunc('week', t + INTERVAL 1 DAY) + INTERVAL 5 DAY AS b, COUNT(*) FROM ev GROUP BY b ORDER BY b

-- @id superset-grain-week-starting-sunday
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.WEEK_STARTING_SUNDAY]
-- @tally
SELECT TIME_SHIFT(TIME_FLOOR(TIME_SHIFT(CAST("__time" AS TIMESTAMP), 'P1D', 1), 'P1W'), 'P1D', -1) AS "__time", COUNT(*) AS "count"
FROM "druid"."web"
GROUP BY TIME_SHIFT(TIME_FLOOR(TIME_SHIFT(CAST("__time" AS TIMESTAMP), 'P1D', 1), 'P1W'), 'P1D', -1)
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT date_trunc('week', t + INTERVAL 1 DAY) - INTERVAL 1 DAY AS b, COUNT(*) FROM ev GROUP BY b ORDER BY b

-- @id superset-legacy-grain-floor-second
-- @source apache/superset superset/db_engine_specs/druid.py (1.x) _time_grain_expressions["PT1S"] FLOOR({col} TO SECOND)
-- @tally
SELECT FLOOR("__time" TO SECOND) AS "__timestamp", COUNT(*) AS "count"
FROM "druid"."web"
WHERE "country" = 'FR'
GROUP BY FLOOR("__time" TO SECOND)
ORDER BY "__timestamp" ASC
LIMIT 50000
-- @duckdb
SELECT t, COUNT(*) FROM ev WHERE country = 'FR' GROUP BY t ORDER BY t

-- @id superset-legacy-grain-floor-minute
-- @source apache/superset superset/db_engine_specs/druid.py (1.x) _time_grain_expressions["PT1M"] FLOOR({col} TO MINUTE)
-- @tally
SELECT FLOOR("__time" TO MINUTE) AS "__timestamp", SUM("count") AS "SUM(count)"
FROM "druid"."web"
WHERE "__time" >= TIME_PARSE('2026-01-01T02:00:00') AND "__time" < TIME_PARSE('2026-01-01T03:00:00')
GROUP BY FLOOR("__time" TO MINUTE)
ORDER BY "__timestamp" ASC
LIMIT 50000
-- @duckdb
SELECT t, COUNT(*) FROM ev WHERE t >= TIMESTAMP '2026-01-01 02:00:00' AND t < TIMESTAMP '2026-01-01 03:00:00'
GROUP BY t ORDER BY t

-- @id superset-legacy-grain-floor-hour
-- @source apache/superset superset/db_engine_specs/druid.py (1.x) _time_grain_expressions["PT1H"] FLOOR({col} TO HOUR)
-- @tally
SELECT FLOOR("__time" TO HOUR) AS "__timestamp", SUM("revenue") AS "SUM(revenue)"
FROM "druid"."web"
GROUP BY FLOOR("__time" TO HOUR)
ORDER BY "__timestamp" ASC
LIMIT 50000
-- @duckdb
SELECT date_trunc('hour', t) AS b, SUM(revenue) FROM ev GROUP BY b ORDER BY b

-- @id superset-legacy-grain-floor-day
-- @source apache/superset superset/db_engine_specs/druid.py (1.x) _time_grain_expressions["P1D"] FLOOR({col} TO DAY)
-- @tally
SELECT FLOOR("__time" TO DAY) AS "__timestamp", COUNT(*) AS "count"
FROM "druid"."web"
GROUP BY FLOOR("__time" TO DAY)
LIMIT 50000
-- @duckdb
SELECT date_trunc('day', t) AS b, COUNT(*) FROM ev GROUP BY b

-- @id superset-legacy-grain-floor-week
-- @source apache/superset superset/db_engine_specs/druid.py (1.x) _time_grain_expressions["P1W"] FLOOR({col} TO WEEK)
-- @tally
SELECT FLOOR("__time" TO WEEK) AS "__timestamp", COUNT(*) AS "count"
FROM "druid"."web"
GROUP BY FLOOR("__time" TO WEEK)
LIMIT 50000
-- @duckdb
SELECT date_trunc('week', t) AS b, COUNT(*) FROM ev GROUP BY b

-- @id superset-legacy-grain-floor-quarter
-- @source apache/superset superset/db_engine_specs/druid.py (1.x) _time_grain_expressions["P0.25Y"] FLOOR({col} TO QUARTER)
-- @tally
SELECT FLOOR("__time" TO QUARTER) AS "__timestamp", COUNT(*) AS "count"
FROM "druid"."web"
GROUP BY FLOOR("__time" TO QUARTER)
LIMIT 50000
-- @duckdb
SELECT date_trunc('quarter', t) AS b, COUNT(*) FROM ev GROUP BY b

-- @id superset-legacy-grain-week-ending-saturday
-- @source apache/superset superset/db_engine_specs/druid.py (1.x) "P1W/1970-01-03T00:00:00Z" TIMESTAMPADD(DAY, 5, FLOOR(TIMESTAMPADD(DAY, 1, {col}) TO WEEK))
-- @tally
SELECT TIMESTAMPADD(DAY, 5, FLOOR(TIMESTAMPADD(DAY, 1, "__time") TO WEEK)) AS "__timestamp", COUNT(*) AS "count"
FROM "druid"."web"
GROUP BY TIMESTAMPADD(DAY, 5, FLOOR(TIMESTAMPADD(DAY, 1, "__time") TO WEEK))
LIMIT 50000
-- @duckdb
SELECT date_trunc('week', t + INTERVAL 1 DAY) + INTERVAL 5 DAY AS b, COUNT(*) FROM ev GROUP BY b

-- @id superset-legacy-grain-week-starting-sunday
-- @source apache/superset superset/db_engine_specs/druid.py (1.x) "1969-12-28T00:00:00Z/P1W" TIMESTAMPADD(DAY, -1, FLOOR(TIMESTAMPADD(DAY, 1, {col}) TO WEEK))
-- @tally
SELECT TIMESTAMPADD(DAY, -1, FLOOR(TIMESTAMPADD(DAY, 1, "__time") TO WEEK)) AS "__timestamp", COUNT(*) AS "count"
FROM "druid"."web"
GROUP BY TIMESTAMPADD(DAY, -1, FLOOR(TIMESTAMPADD(DAY, 1, "__time") TO WEEK))
LIMIT 50000
-- @duckdb
SELECT date_trunc('week', t + INTERVAL 1 DAY) - INTERVAL 1 DAY AS b, COUNT(*) FROM ev GROUP BY b

-- @id superset-convert-dttm-timestamp-range
-- @source apache/superset superset/db_engine_specs/druid.py convert_dttm (TIMESTAMP -> TIME_PARSE('{dttm.isoformat(timespec="seconds")}'))
-- @tally
SELECT COUNT(*) AS "count"
FROM "druid"."web"
WHERE "__time" >= TIME_PARSE('2026-01-01T01:30:00') AND "__time" < TIME_PARSE('2026-01-01T04:15:00')
-- @duckdb
SELECT COUNT(*) FROM ev WHERE t >= TIMESTAMP '2026-01-01 01:30:00' AND t < TIMESTAMP '2026-01-01 04:15:00'

-- @id superset-convert-dttm-date
-- @source apache/superset superset/db_engine_specs/druid.py convert_dttm (DATE -> CAST(TIME_PARSE('{dttm.date().isoformat()}') AS DATE))
-- @tally
SELECT COUNT(*) AS "count"
FROM "druid"."web"
WHERE CAST("__time" AS DATE) >= CAST(TIME_PARSE('2026-01-01') AS DATE) AND CAST("__time" AS DATE) < CAST(TIME_PARSE('2026-01-02') AS DATE)
-- @duckdb
SELECT COUNT(*) FROM ev

-- @id superset-convert-dttm-date-excludes
-- @source apache/superset superset/db_engine_specs/druid.py convert_dttm (DATE -> CAST(TIME_PARSE(...) AS DATE))
-- @tally
SELECT COUNT(*) AS "count"
FROM "druid"."web"
WHERE CAST("__time" AS DATE) < CAST(TIME_PARSE('2026-01-01') AS DATE)
-- @duckdb
SELECT COUNT(*) FROM ev WHERE t < TIMESTAMP '2026-01-01 00:00:00'

-- @id superset-epoch-ms-to-dttm
-- @source apache/superset superset/db_engine_specs/druid.py epoch_ms_to_dttm "MILLIS_TO_TIMESTAMP({col})"
-- @tally
SELECT COUNT(*) AS "count"
FROM "druid"."web"
WHERE "__time" >= MILLIS_TO_TIMESTAMP(1767229200000) AND "__time" < MILLIS_TO_TIMESTAMP(1767236400000)
-- @duckdb
SELECT COUNT(*) FROM ev WHERE t >= TIMESTAMP '2026-01-01 01:00:00' AND t < TIMESTAMP '2026-01-01 03:00:00'

-- @id superset-epoch-to-dttm
-- @source apache/superset superset/db_engine_specs/druid.py epoch_to_dttm "MILLIS_TO_TIMESTAMP({col} * 1000)"
-- @tally
SELECT MILLIS_TO_TIMESTAMP(1767229200 * 1000) AS "ts", COUNT(*) AS "count"
FROM "druid"."web"
WHERE "__time" >= MILLIS_TO_TIMESTAMP(1767229200 * 1000)
-- @duckdb
SELECT TIMESTAMP '2026-01-01 01:00:00', COUNT(*) FROM ev WHERE t >= TIMESTAMP '2026-01-01 01:00:00'

-- @id superset-timeseries-by-country
-- @source apache/superset superset/models/helpers.py get_sqla_query (timeseries with groupby, pydruid quoting)
-- @unordered
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1H') AS "__time",
       "country" AS "country",
       COUNT(*) AS "count"
FROM "druid"."web"
WHERE "__time" >= TIME_PARSE('2026-01-01T00:00:00')
  AND "__time" < TIME_PARSE('2026-01-01T06:00:00')
  AND "country" IN ('US',
                    'DE')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1H'),
         "country"
ORDER BY "count" DESC
LIMIT 10000
-- @duckdb
SELECT date_trunc('hour', t), country, COUNT(*) FROM ev WHERE country IN ('US', 'DE') GROUP BY ALL

-- @id superset-series-limit-inner
-- @source apache/superset superset/models/helpers.py get_sqla_query (series limit, inner query "mme_inner__")
-- @tally
SELECT "country" AS "country__",
       COUNT(*) AS "mme_inner__"
FROM "druid"."web"
WHERE "__time" >= TIME_PARSE('2026-01-01T00:00:00')
  AND "__time" < TIME_PARSE('2026-01-01T06:00:00')
GROUP BY "country"
ORDER BY "mme_inner__" DESC
LIMIT 5
-- @duckdb
SELECT country, COUNT(*) AS n FROM ev GROUP BY country ORDER BY n DESC LIMIT 5

-- @id superset-series-limit-outer
-- @source apache/superset superset/models/helpers.py get_sqla_query (series limit, second phase when allows_joins is off)
-- @unordered
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT30M') AS "__time",
       "country" AS "country",
       SUM("revenue") AS "SUM(revenue)"
FROM "druid"."web"
WHERE "__time" >= TIME_PARSE('2026-01-01T00:00:00')
  AND "__time" < TIME_PARSE('2026-01-01T06:00:00')
  AND "country" IN ('US', 'DE', 'GB', 'FR', 'IN')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT30M'),
         "country"
LIMIT 10000
-- @duckdb
SELECT time_bucket(INTERVAL 30 MINUTE, t), country, SUM(revenue) FROM ev
WHERE country IN ('US', 'DE', 'GB', 'FR', 'IN') GROUP BY ALL

-- @id superset-series-limit-join
-- @source apache/superset superset/models/helpers.py get_sqla_query (series limit as a JOIN when DRUID_JOINS is on)
-- @unordered
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1H') AS "__time",
       "device" AS "device",
       COUNT(*) AS "count"
FROM "druid"."web"
JOIN
  (SELECT "device" AS "device__",
          COUNT(*) AS "mme_inner__"
   FROM "druid"."web"
   GROUP BY "device"
   ORDER BY "mme_inner__" DESC
   LIMIT 2) AS "series_limit" ON "device" = "device__"
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1H'),
         "device"
LIMIT 10000
-- @duckdb
SELECT date_trunc('hour', t), device, COUNT(*) FROM ev WHERE device IN ('desktop', 'mobile') GROUP BY ALL

-- @id superset-pie-top10
-- @source apache/superset superset/models/helpers.py get_sqla_query (pie chart, row limit 10)
-- @tally
SELECT "country" AS "country",
       COUNT(*) AS "count"
FROM "druid"."web"
GROUP BY "country"
ORDER BY "count" DESC
LIMIT 10
-- @duckdb
SELECT country, COUNT(*) AS n FROM ev GROUP BY country ORDER BY n DESC LIMIT 10

-- @id superset-bar-sum-revenue
-- @source apache/superset superset/models/helpers.py get_sqla_query (bar chart, SUM metric label "SUM(revenue)")
-- @tally
SELECT "country" AS "country",
       SUM("revenue") AS "SUM(revenue)"
FROM "druid"."web"
GROUP BY "country"
ORDER BY "SUM(revenue)" DESC
LIMIT 8
-- @duckdb
SELECT country, SUM(revenue) AS r FROM ev GROUP BY country ORDER BY r DESC LIMIT 8

-- @id superset-big-number
-- @source apache/superset superset/models/helpers.py get_sqla_query (big number, no grain)
-- @tally
SELECT SUM("revenue") AS "SUM(revenue)"
FROM "druid"."web"
WHERE "__time" >= TIME_PARSE('2026-01-01T00:00:00') AND "__time" < TIME_PARSE('2026-01-02T00:00:00')
-- @duckdb
SELECT SUM(revenue) FROM ev

-- @id superset-big-number-trendline
-- @source apache/superset superset/models/helpers.py get_sqla_query (big number with trendline, grain P1D)
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D') AS "__timestamp",
       COUNT(*) AS "count"
FROM "druid"."web"
WHERE "__time" >= TIME_PARSE('2025-12-25T00:00:00') AND "__time" < TIME_PARSE('2026-01-08T00:00:00')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D')
LIMIT 50000
-- @duckdb
SELECT date_trunc('day', t), COUNT(*) FROM ev GROUP BY 1

-- @id superset-table-aggregate-multi-metric
-- @source apache/superset superset/models/helpers.py get_sqla_query (table chart, several metrics)
-- @unordered
-- @tally
SELECT "device" AS "device",
       "os" AS "os",
       COUNT(*) AS "count",
       SUM("revenue") AS "SUM(revenue)",
       MAX("latency_max") AS "MAX(latency_max)",
       SUM("latency_sum") AS "SUM(latency_sum)"
FROM "druid"."web"
WHERE "device" IN ('tablet')
GROUP BY "device",
         "os"
LIMIT 10000
-- @duckdb
SELECT device, os, COUNT(*), SUM(revenue), MAX(latency_ms), SUM(latency_ms) FROM ev WHERE device = 'tablet' GROUP BY ALL

-- @id superset-table-raw-records
-- @source apache/superset superset/models/helpers.py get_sqla_query (table chart in raw records mode)
-- @unordered
-- @tally
SELECT "__time" AS "__time",
       "country" AS "country",
       "device" AS "device",
       "page" AS "page",
       "count" AS "count",
       "revenue" AS "revenue"
FROM "druid"."web"
WHERE "country" = 'SG'
  AND "device" = 'tablet'
LIMIT 1000
-- @duckdb
SELECT t, country, device, page, COUNT(*), SUM(revenue) FROM ev WHERE country = 'SG' AND device = 'tablet'
GROUP BY t, country, device, os, browser, page, referrer

-- @id superset-filter-not-in
-- @source apache/superset superset/models/helpers.py get_sqla_query (adhoc filter NOT IN)
-- @unordered
-- @tally
SELECT "device" AS "device",
       COUNT(*) AS "count"
FROM "druid"."web"
WHERE "country" NOT IN ('US',
                        'DE',
                        'GB')
GROUP BY "device"
LIMIT 10000
-- @duckdb
SELECT device, COUNT(*) FROM ev WHERE country NOT IN ('US', 'DE', 'GB') GROUP BY device

-- @id superset-filter-is-null
-- @source apache/superset superset/models/helpers.py get_sqla_query (adhoc filter IS NULL)
-- @unordered
-- @tally
SELECT "device" AS "device",
       COUNT(*) AS "count"
FROM "druid"."web"
WHERE "referrer" IS NULL
GROUP BY "device"
LIMIT 10000
-- @duckdb
SELECT device, COUNT(*) FROM ev WHERE referrer IS NULL GROUP BY device

-- @id superset-filter-is-not-null
-- @source apache/superset superset/models/helpers.py get_sqla_query (adhoc filter IS NOT NULL)
-- @tally
SELECT COUNT(*) AS "count"
FROM "druid"."web"
WHERE "referrer" IS NOT NULL
-- @duckdb
SELECT COUNT(*) FROM ev WHERE referrer IS NOT NULL

-- @id superset-filter-like
-- @source apache/superset superset/models/helpers.py get_sqla_query (adhoc filter LIKE)
-- @tally
SELECT "page" AS "page",
       COUNT(*) AS "count"
FROM "druid"."web"
WHERE "page" LIKE '/blog/%'
GROUP BY "page"
ORDER BY "count" DESC, "page" ASC
LIMIT 10
-- @duckdb
SELECT page, COUNT(*) AS n FROM ev WHERE page LIKE '/blog/%' GROUP BY page ORDER BY n DESC, page LIMIT 10

-- @id superset-filter-not-equal
-- @source apache/superset superset/models/helpers.py get_sqla_query (adhoc filter !=)
-- @unordered
-- @tally
SELECT "device" AS "device",
       SUM("count") AS "SUM(count)"
FROM "druid"."web"
WHERE "device" != 'mobile'
GROUP BY "device"
LIMIT 10000
-- @duckdb
SELECT device, COUNT(*) FROM ev WHERE device <> 'mobile' GROUP BY device

-- @id superset-having
-- @source apache/superset superset/models/helpers.py get_sqla_query (HAVING on a metric)
-- @unordered
-- @tally
SELECT "browser" AS "browser",
       COUNT(*) AS "count"
FROM "druid"."web"
GROUP BY "browser"
HAVING COUNT(*) > 1000
LIMIT 10000
-- @duckdb
SELECT browser, COUNT(*) FROM ev GROUP BY browser HAVING COUNT(*) > 1000

-- @id superset-count-distinct
-- @source apache/superset superset/models/helpers.py (metric COUNT_DISTINCT, label "COUNT_DISTINCT(country)")
-- @approx 1 0.05
-- @unordered
-- @tally
SELECT "device" AS "device",
       COUNT(DISTINCT "country") AS "COUNT_DISTINCT(country)"
FROM "druid"."web"
GROUP BY "device"
LIMIT 10000
-- @duckdb
SELECT device, COUNT(DISTINCT country) FROM ev GROUP BY device

-- @id superset-approx-count-distinct-users
-- @source apache/superset superset/models/helpers.py (saved metric APPROX_COUNT_DISTINCT("users"))
-- @approx 0 0.05
-- @tally
SELECT APPROX_COUNT_DISTINCT("users") AS "unique_users"
FROM "druid"."web"
-- @duckdb
SELECT COUNT(DISTINCT user_id) FROM ev

-- @id superset-native-filter-values
-- @source apache/superset superset/models/helpers.py values_for_column (native filter select, DISTINCT + ORDER)
-- @tally
SELECT DISTINCT "device" AS "column_values"
FROM "druid"."web"
ORDER BY "column_values" ASC
LIMIT 10000
-- @duckdb
SELECT DISTINCT device FROM ev ORDER BY device

-- @id superset-sqllab-select-star-filtered
-- @source apache/superset superset/db_engine_specs/base.py select_star (explicit column list, pydruid quoting)
-- @unordered
-- @tally
SELECT "__time",
       "country",
       "device",
       "os",
       "browser",
       "page",
       "referrer",
       "count",
       "revenue",
       "latency_max",
       "latency_sum"
FROM "druid"."web"
WHERE "country" = 'NZ' AND "device" = 'tablet'
LIMIT 100
-- @duckdb
SELECT t, country, device, os, browser, page, referrer, COUNT(*), SUM(revenue), MAX(latency_ms), SUM(latency_ms)
FROM ev WHERE country = 'NZ' AND device = 'tablet' GROUP BY t, country, device, os, browser, page, referrer

-- @id superset-time-comparison-shift
-- @source apache/superset superset/common/query_context_processor.py (time comparison "1 day ago": shifted range)
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1H') AS "__timestamp",
       COUNT(*) AS "count"
FROM "druid"."web"
WHERE "__time" >= TIME_PARSE('2025-12-31T00:00:00')
  AND "__time" < TIME_PARSE('2025-12-31T06:00:00')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1H')
LIMIT 50000
-- @rows


-- ==================================================================================================================
-- pydruid: the SQLAlchemy dialect's introspection (pydruid/db/sqlalchemy.py) that Superset relies on.
-- Tally lists its tables under schema druid and, as an alias, tally; Druid itself also has lookup, sys and view.
-- Druid's COLUMNS: COLUMN_DEFAULT is '' (unused), IS_NULLABLE 'YES'/'NO', DATA_TYPE the SQL type name, with
-- COMPLEX<HLLSketch> for an HLL sketch, JDBC_TYPE the java.sql.Types code; TABLES has IS_JOINABLE and IS_BROADCAST.
-- ==================================================================================================================

-- @id pydruid-get-schema-names
-- @source druid-io/pydruid pydruid/db/sqlalchemy.py DruidDialect.get_schema_names
-- @unordered
-- @tally
SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA
-- @rows
["INFORMATION_SCHEMA"]
["druid"]

-- @id pydruid-get-table-names-druid
-- @source druid-io/pydruid pydruid/db/sqlalchemy.py DruidDialect.get_table_names (schema given)
-- @tally
SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'druid'
-- @rows
["web"]

-- @id pydruid-get-table-names-tally
-- @source druid-io/pydruid pydruid/db/sqlalchemy.py DruidDialect.get_table_names (schema tally)
-- Schema tally names the same tables in SQL but INFORMATION_SCHEMA lists them once, in schema druid.
-- @tally
SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'tally'
-- @rows

-- @id pydruid-has-table-true
-- @source druid-io/pydruid pydruid/db/sqlalchemy.py DruidDialect.has_table
-- @tally

            SELECT COUNT(*) > 0 AS exists_
              FROM INFORMATION_SCHEMA.TABLES
             WHERE TABLE_NAME = 'web'
        
-- @rows
[true]

-- @id pydruid-has-table-false
-- @source druid-io/pydruid pydruid/db/sqlalchemy.py DruidDialect.has_table
-- @tally

            SELECT COUNT(*) > 0 AS exists_
              FROM INFORMATION_SCHEMA.TABLES
             WHERE TABLE_NAME = 'no_such_table'
        
-- @rows
[false]

-- @id pydruid-get-columns-with-schema
-- @source druid-io/pydruid pydruid/db/sqlalchemy.py DruidDialect.get_columns (schema given)
-- @unordered
-- @tally

            SELECT COLUMN_NAME,
                   DATA_TYPE,
                   IS_NULLABLE,
                   COLUMN_DEFAULT
              FROM INFORMATION_SCHEMA.COLUMNS
             WHERE TABLE_NAME = 'web'
         AND TABLE_SCHEMA = 'druid'
-- @rows
["__time", "TIMESTAMP", "NO", ""]
["country", "VARCHAR", "YES", ""]
["device", "VARCHAR", "YES", ""]
["os", "VARCHAR", "YES", ""]
["browser", "VARCHAR", "YES", ""]
["page", "VARCHAR", "YES", ""]
["referrer", "VARCHAR", "YES", ""]
["count", "BIGINT", "YES", ""]
["revenue", "DOUBLE", "YES", ""]
["latency_max", "BIGINT", "YES", ""]
["latency_sum", "BIGINT", "YES", ""]
["users", "COMPLEX<HLLSketch>", "YES", ""]

-- @id pydruid-get-columns-no-schema-count
-- @source druid-io/pydruid pydruid/db/sqlalchemy.py DruidDialect.get_columns (no schema: every schema's table "web")
-- @tally
SELECT COUNT(*) FROM (
            SELECT COLUMN_NAME,
                   DATA_TYPE,
                   IS_NULLABLE,
                   COLUMN_DEFAULT
              FROM INFORMATION_SCHEMA.COLUMNS
             WHERE TABLE_NAME = 'web'
        )
-- @rows
[12]

-- @id druid-docs-information-schema-tables
-- @source apache/druid docs/querying/sql-metadata-tables.md (TABLES table: IS_JOINABLE, IS_BROADCAST)
-- @tally
SELECT "TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "TABLE_TYPE", "IS_JOINABLE", "IS_BROADCAST"
FROM INFORMATION_SCHEMA.TABLES
WHERE "TABLE_SCHEMA" = 'druid'
-- @rows
["druid", "druid", "web", "TABLE", "NO", "NO"]

-- @id druid-docs-information-schema-system-tables
-- @source apache/druid docs/querying/sql-metadata-tables.md (INFORMATION_SCHEMA tables are SYSTEM_TABLE)
-- @unordered
-- @tally
SELECT "TABLE_NAME", "TABLE_TYPE"
FROM INFORMATION_SCHEMA.TABLES
WHERE "TABLE_SCHEMA" = 'INFORMATION_SCHEMA' AND "TABLE_NAME" IN ('SCHEMATA', 'TABLES', 'COLUMNS')
-- @rows
["SCHEMATA", "SYSTEM_TABLE"]
["TABLES", "SYSTEM_TABLE"]
["COLUMNS", "SYSTEM_TABLE"]

-- @id druid-docs-information-schema-schemata-catalog
-- @source apache/druid docs/querying/sql-metadata-tables.md (SCHEMATA: CATALOG_NAME always druid)
-- @tally
SELECT "CATALOG_NAME", "SCHEMA_NAME", "SCHEMA_OWNER", "DEFAULT_CHARACTER_SET_CATALOG", "DEFAULT_CHARACTER_SET_SCHEMA", "DEFAULT_CHARACTER_SET_NAME", "SQL_PATH"
FROM INFORMATION_SCHEMA.SCHEMATA
WHERE "SCHEMA_NAME" = 'druid'
-- @rows
["druid", "druid", null, null, null, null, null]

-- @id druid-docs-information-schema-columns-jdbc-type
-- @source apache/druid docs/querying/sql-metadata-tables.md (COLUMNS example with JDBC_TYPE, ORDINAL_POSITION left out)
-- @unordered
-- @tally
SELECT "COLUMN_NAME", "IS_NULLABLE", "DATA_TYPE", "JDBC_TYPE"
FROM INFORMATION_SCHEMA.COLUMNS
WHERE "TABLE_NAME" = 'web' AND "TABLE_SCHEMA" = 'druid'
-- @rows
["__time", "NO", "TIMESTAMP", 93]
["country", "YES", "VARCHAR", 12]
["device", "YES", "VARCHAR", 12]
["os", "YES", "VARCHAR", 12]
["browser", "YES", "VARCHAR", 12]
["page", "YES", "VARCHAR", 12]
["referrer", "YES", "VARCHAR", 12]
["count", "YES", "BIGINT", -5]
["revenue", "YES", "DOUBLE", 8]
["latency_max", "YES", "BIGINT", -5]
["latency_sum", "YES", "BIGINT", -5]
["users", "YES", "COMPLEX<HLLSketch>", 1111]

-- @id druid-docs-information-schema-columns-unused
-- @source apache/druid docs/querying/sql-metadata-tables.md (COLUMNS: CHARACTER_MAXIMUM_LENGTH and CHARACTER_OCTET_LENGTH unused)
-- @tally
SELECT "TABLE_CATALOG", "COLUMN_DEFAULT", "CHARACTER_MAXIMUM_LENGTH", "CHARACTER_OCTET_LENGTH", "NUMERIC_PRECISION_RADIX"
FROM INFORMATION_SCHEMA.COLUMNS
WHERE "TABLE_SCHEMA" = 'druid' AND "TABLE_NAME" = 'web' AND "COLUMN_NAME" = 'country'
-- @rows
["druid", "", null, null, null]

-- @id druid-docs-information-schema-columns-numeric-radix
-- @source apache/druid docs/querying/sql-metadata-tables.md (COLUMNS: NUMERIC_PRECISION_RADIX 10 for numeric columns)
-- @tally
SELECT "COLUMN_NAME", "NUMERIC_PRECISION_RADIX"
FROM INFORMATION_SCHEMA.COLUMNS
WHERE "TABLE_SCHEMA" = 'druid' AND "TABLE_NAME" = 'web' AND "COLUMN_NAME" = 'latency_sum'
-- @rows
["latency_sum", 10]


-- ==================================================================================================================
-- Metabase druid-jdbc driver (modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj): HoneySQL output with
-- fully qualified quoted identifiers, DATE_TRUNC('unit', ...) for truncation, TIME_EXTRACT(expr, 'unit') with
-- lower-case units for extraction, TIMESTAMPADD(unit, n, expr) for intervals, CURRENT_TIMESTAMP for now, and
-- datetime parameters rendered as 'yyyy-MM-dd HH:mm:ss' strings.
-- ==================================================================================================================

-- @id metabase-count
-- @source metabase/metabase modules/drivers/druid-jdbc (sql.qp count aggregation)
-- @tally
SELECT COUNT(*) AS "count" FROM "druid"."web"
-- @duckdb
SELECT COUNT(*) FROM ev

-- @id metabase-date-trunc-minute
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj sql.qp/date :minute
-- @tally
SELECT DATE_TRUNC('minute', "druid"."web"."__time") AS "__time", COUNT(*) AS "count" FROM "druid"."web" WHERE "druid"."web"."country" = 'JP' GROUP BY DATE_TRUNC('minute', "druid"."web"."__time") ORDER BY DATE_TRUNC('minute', "druid"."web"."__time") ASC
-- @duckdb
SELECT t, COUNT(*) FROM ev WHERE country = 'JP' GROUP BY t ORDER BY t

-- @id metabase-date-trunc-hour
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj sql.qp/date :hour
-- @tally
SELECT DATE_TRUNC('hour', "druid"."web"."__time") AS "__time", SUM("druid"."web"."revenue") AS "sum" FROM "druid"."web" GROUP BY DATE_TRUNC('hour', "druid"."web"."__time") ORDER BY DATE_TRUNC('hour', "druid"."web"."__time") ASC
-- @duckdb
SELECT date_trunc('hour', t) AS b, SUM(revenue) FROM ev GROUP BY b ORDER BY b

-- @id metabase-date-trunc-day
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj sql.qp/date :day
-- @tally
SELECT DATE_TRUNC('day', "druid"."web"."__time") AS "__time", COUNT(*) AS "count" FROM "druid"."web" GROUP BY DATE_TRUNC('day', "druid"."web"."__time") ORDER BY DATE_TRUNC('day', "druid"."web"."__time") ASC
-- @duckdb
SELECT date_trunc('day', t) AS b, COUNT(*) FROM ev GROUP BY b ORDER BY b

-- @id metabase-date-trunc-week
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj sql.qp/date :week (db-start-of-week :monday)
-- @tally
SELECT DATE_TRUNC('week', "druid"."web"."__time") AS "__time", COUNT(*) AS "count" FROM "druid"."web" GROUP BY DATE_TRUNC('week', "druid"."web"."__time") ORDER BY DATE_TRUNC('week', "druid"."web"."__time") ASC
-- @duckdb
SELECT date_trunc('week', t) AS b, COUNT(*) FROM ev GROUP BY b ORDER BY b

-- @id metabase-date-trunc-month
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj sql.qp/date :month
-- @tally
SELECT DATE_TRUNC('month', "druid"."web"."__time") AS "__time", COUNT(*) AS "count" FROM "druid"."web" GROUP BY DATE_TRUNC('month', "druid"."web"."__time") ORDER BY DATE_TRUNC('month', "druid"."web"."__time") ASC
-- @duckdb
SELECT date_trunc('month', t) AS b, COUNT(*) FROM ev GROUP BY b ORDER BY b

-- @id metabase-date-trunc-quarter
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj sql.qp/date :quarter
-- @tally
SELECT DATE_TRUNC('quarter', "druid"."web"."__time") AS "__time", COUNT(*) AS "count" FROM "druid"."web" GROUP BY DATE_TRUNC('quarter', "druid"."web"."__time") ORDER BY DATE_TRUNC('quarter', "druid"."web"."__time") ASC
-- @duckdb
SELECT date_trunc('quarter', t) AS b, COUNT(*) FROM ev GROUP BY b ORDER BY b

-- @id metabase-date-trunc-year
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj sql.qp/date :year
-- @tally
SELECT DATE_TRUNC('year', "druid"."web"."__time") AS "__time", COUNT(*) AS "count" FROM "druid"."web" GROUP BY DATE_TRUNC('year', "druid"."web"."__time") ORDER BY DATE_TRUNC('year', "druid"."web"."__time") ASC
-- @duckdb
SELECT date_trunc('year', t) AS b, COUNT(*) FROM ev GROUP BY b ORDER BY b

-- @id metabase-time-extract-minute
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj sql.qp/date :minute-of-hour
-- @tally
SELECT TIME_EXTRACT("druid"."web"."__time", 'minute') AS "__time", COUNT(*) AS "count" FROM "druid"."web" GROUP BY TIME_EXTRACT("druid"."web"."__time", 'minute') ORDER BY TIME_EXTRACT("druid"."web"."__time", 'minute') ASC
-- @duckdb
SELECT minute(t) AS m, COUNT(*) FROM ev GROUP BY m ORDER BY m

-- @id metabase-time-extract-hour
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj sql.qp/date :hour-of-day
-- @tally
SELECT TIME_EXTRACT("druid"."web"."__time", 'hour') AS "__time", COUNT(*) AS "count" FROM "druid"."web" GROUP BY TIME_EXTRACT("druid"."web"."__time", 'hour') ORDER BY TIME_EXTRACT("druid"."web"."__time", 'hour') ASC
-- @duckdb
SELECT hour(t) AS h, COUNT(*) FROM ev GROUP BY h ORDER BY h

-- @id metabase-time-extract-dow
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj sql.qp/date :day-of-week (Druid DOW: Monday 1 .. Sunday 7)
-- @tally
SELECT TIME_EXTRACT("druid"."web"."__time", 'dow') AS "__time", COUNT(*) AS "count" FROM "druid"."web" GROUP BY TIME_EXTRACT("druid"."web"."__time", 'dow') ORDER BY TIME_EXTRACT("druid"."web"."__time", 'dow') ASC
-- @duckdb
SELECT isodow(t) AS d, COUNT(*) FROM ev GROUP BY d ORDER BY d

-- @id metabase-time-extract-day
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj sql.qp/date :day-of-month
-- @tally
SELECT TIME_EXTRACT("druid"."web"."__time", 'day') AS "__time", COUNT(*) AS "count" FROM "druid"."web" GROUP BY TIME_EXTRACT("druid"."web"."__time", 'day') ORDER BY TIME_EXTRACT("druid"."web"."__time", 'day') ASC
-- @duckdb
SELECT day(t) AS d, COUNT(*) FROM ev GROUP BY d ORDER BY d

-- @id metabase-time-extract-doy
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj sql.qp/date :day-of-year
-- @tally
SELECT TIME_EXTRACT("druid"."web"."__time", 'doy') AS "__time", COUNT(*) AS "count" FROM "druid"."web" GROUP BY TIME_EXTRACT("druid"."web"."__time", 'doy') ORDER BY TIME_EXTRACT("druid"."web"."__time", 'doy') ASC
-- @duckdb
SELECT dayofyear(t) AS d, COUNT(*) FROM ev GROUP BY d ORDER BY d

-- @id metabase-time-extract-week
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj sql.qp/date :week-of-year (ISO week)
-- @tally
SELECT TIME_EXTRACT("druid"."web"."__time", 'week') AS "__time", COUNT(*) AS "count" FROM "druid"."web" GROUP BY TIME_EXTRACT("druid"."web"."__time", 'week') ORDER BY TIME_EXTRACT("druid"."web"."__time", 'week') ASC
-- @duckdb
SELECT week(t) AS w, COUNT(*) FROM ev GROUP BY w ORDER BY w

-- @id metabase-time-extract-month
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj sql.qp/date :month-of-year
-- @tally
SELECT TIME_EXTRACT("druid"."web"."__time", 'month') AS "__time", COUNT(*) AS "count" FROM "druid"."web" GROUP BY TIME_EXTRACT("druid"."web"."__time", 'month') ORDER BY TIME_EXTRACT("druid"."web"."__time", 'month') ASC
-- @duckdb
SELECT month(t) AS m, COUNT(*) FROM ev GROUP BY m ORDER BY m

-- @id metabase-time-extract-quarter
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj sql.qp/date :quarter-of-year
-- @tally
SELECT TIME_EXTRACT("druid"."web"."__time", 'quarter') AS "__time", COUNT(*) AS "count" FROM "druid"."web" GROUP BY TIME_EXTRACT("druid"."web"."__time", 'quarter') ORDER BY TIME_EXTRACT("druid"."web"."__time", 'quarter') ASC
-- @duckdb
SELECT quarter(t) AS q, COUNT(*) FROM ev GROUP BY q ORDER BY q

-- @id metabase-breakout-string
-- @source metabase/metabase modules/drivers/druid-jdbc (breakout on a string column)
-- Tally sorts NULL last in ascending order, as PostgreSQL and DuckDB do (Druid sorts it first; README).
-- @tally
SELECT "druid"."web"."referrer" AS "referrer", COUNT(*) AS "count" FROM "druid"."web" WHERE "druid"."web"."country" = 'AT' GROUP BY "druid"."web"."referrer" ORDER BY "druid"."web"."referrer" ASC
-- @duckdb
SELECT referrer, COUNT(*) FROM ev WHERE country = 'AT' GROUP BY referrer ORDER BY referrer NULLS LAST

-- @id metabase-two-breakouts
-- @source metabase/metabase modules/drivers/druid-jdbc (two breakouts, sum and max)
-- @tally
SELECT "druid"."web"."device" AS "device", "druid"."web"."os" AS "os", SUM("druid"."web"."revenue") AS "sum", MAX("druid"."web"."latency_max") AS "max" FROM "druid"."web" GROUP BY "druid"."web"."device", "druid"."web"."os" ORDER BY "druid"."web"."device" ASC, "druid"."web"."os" ASC
-- @duckdb
SELECT device, os, SUM(revenue), MAX(latency_ms) FROM ev GROUP BY ALL ORDER BY device, os

-- @id metabase-distinct-count
-- @source metabase/metabase modules/drivers/druid-jdbc (distinct aggregation)
-- @approx 0 0.05
-- @tally
SELECT COUNT(DISTINCT "druid"."web"."browser") AS "count" FROM "druid"."web"
-- @duckdb
SELECT COUNT(DISTINCT browser) FROM ev

-- @id metabase-avg
-- @source metabase/metabase modules/drivers/druid-jdbc (avg aggregation; Tally averages over events like COUNT(*))
-- @tally
SELECT AVG("druid"."web"."revenue") AS "avg" FROM "druid"."web" WHERE "druid"."web"."device" = 'tablet'
-- @duckdb
SELECT AVG(revenue) FROM ev WHERE device = 'tablet'

-- @id metabase-expression-aggregation
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj (:expression-aggregations supported)
-- @tally
SELECT SUM("druid"."web"."revenue") / SUM("druid"."web"."count") AS "expression" FROM "druid"."web"
-- @duckdb
SELECT SUM(revenue) / COUNT(*) FROM ev

-- @id metabase-filter-datetime-literal
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj unprepare-value ZonedDateTime 'yyyy-MM-dd HH:mm:ss'
-- @tally
SELECT COUNT(*) AS "count" FROM "druid"."web" WHERE ("druid"."web"."__time" >= '2026-01-01 02:00:00' AND "druid"."web"."__time" < '2026-01-01 03:00:00')
-- @duckdb
SELECT COUNT(*) FROM ev WHERE t >= TIMESTAMP '2026-01-01 02:00:00' AND t < TIMESTAMP '2026-01-01 03:00:00'

-- @id metabase-filter-datetime-parameter
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj set-parameter ZonedDateTime (string parameter)
-- @param VARCHAR 2026-01-01 04:00:00
-- @tally
SELECT COUNT(*) AS "count" FROM "druid"."web" WHERE "druid"."web"."__time" >= ?
-- @duckdb
SELECT COUNT(*) FROM ev WHERE t >= TIMESTAMP '2026-01-01 04:00:00'

-- @id metabase-timestampadd-filter
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj add-interval-honeysql-form TIMESTAMPADD
-- @tally
SELECT COUNT(*) AS "count" FROM "druid"."web" WHERE "druid"."web"."__time" < TIMESTAMPADD(hour, 2, '2026-01-01 00:00:00')
-- @duckdb
SELECT COUNT(*) FROM ev WHERE t < TIMESTAMP '2026-01-01 02:00:00'

-- @id metabase-timestampadd-breakout
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj add-interval-honeysql-form (relative datetime column)
-- @tally
SELECT TIMESTAMPADD(minute, 30, DATE_TRUNC('hour', "druid"."web"."__time")) AS "shifted", COUNT(*) AS "count" FROM "druid"."web" GROUP BY TIMESTAMPADD(minute, 30, DATE_TRUNC('hour', "druid"."web"."__time")) ORDER BY TIMESTAMPADD(minute, 30, DATE_TRUNC('hour', "druid"."web"."__time")) ASC
-- @duckdb
SELECT date_trunc('hour', t) + INTERVAL 30 MINUTE AS b, COUNT(*) FROM ev GROUP BY b ORDER BY b

-- @id metabase-current-timestamp-past
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj current-datetime-honeysql-form CURRENT_TIMESTAMP
-- @tally
SELECT COUNT(*) AS "count" FROM "druid"."web" WHERE "druid"."web"."__time" < CURRENT_TIMESTAMP
-- @duckdb
SELECT COUNT(*) FROM ev WHERE t < current_timestamp::TIMESTAMP

-- @id metabase-current-timestamp-relative
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj "last 30 days" filter shape
-- @tally
SELECT COUNT(*) AS "count" FROM "druid"."web" WHERE ("druid"."web"."__time" >= DATE_TRUNC('day', TIMESTAMPADD(day, -30, CURRENT_TIMESTAMP)) AND "druid"."web"."__time" < DATE_TRUNC('day', CURRENT_TIMESTAMP))
-- @duckdb
SELECT COUNT(*) FROM ev WHERE t >= date_trunc('day', current_timestamp::TIMESTAMP - INTERVAL 30 DAY) AND t < date_trunc('day', current_timestamp::TIMESTAMP)

-- @id metabase-string-contains
-- @source metabase/metabase metabase.driver.sql.query-processor (:contains filter -> LIKE '%...%')
-- @unordered
-- @tally
SELECT "druid"."web"."browser" AS "browser", COUNT(*) AS "count" FROM "druid"."web" WHERE "druid"."web"."browser" LIKE '%Browser%' GROUP BY "druid"."web"."browser"
-- @duckdb
SELECT browser, COUNT(*) FROM ev WHERE browser LIKE '%Browser%' GROUP BY browser

-- @id metabase-string-contains-case-insensitive
-- @source metabase/metabase metabase.driver.sql.query-processor (:contains case-insensitive -> LOWER(x) LIKE)
-- @unordered
-- @tally
SELECT "druid"."web"."browser" AS "browser", COUNT(*) AS "count" FROM "druid"."web" WHERE LOWER("druid"."web"."browser") LIKE '%browser%' GROUP BY "druid"."web"."browser"
-- @duckdb
SELECT browser, COUNT(*) FROM ev WHERE lower(browser) LIKE '%browser%' GROUP BY browser

-- @id metabase-string-starts-with
-- @source metabase/metabase metabase.driver.sql.query-processor (:starts-with -> LIKE 'x%')
-- @tally
SELECT COUNT(*) AS "count" FROM "druid"."web" WHERE "druid"."web"."page" LIKE '/product/%'
-- @duckdb
SELECT COUNT(*) FROM ev WHERE page LIKE '/product/%'

-- @id metabase-not-equal-includes-null
-- @source metabase/metabase metabase.driver.sql.query-processor (:!= on a nullable column -> (x <> v OR x IS NULL))
-- @tally
SELECT COUNT(*) AS "count" FROM "druid"."web" WHERE ("druid"."web"."referrer" <> 'google.com' OR "druid"."web"."referrer" IS NULL)
-- @duckdb
SELECT COUNT(*) FROM ev WHERE referrer <> 'google.com' OR referrer IS NULL

-- @id metabase-raw-rows
-- @source metabase/metabase metabase.driver.sql.query-processor (raw table rows, LIMIT 2000)
-- @unordered
-- @tally
SELECT "druid"."web"."__time" AS "__time", "druid"."web"."country" AS "country", "druid"."web"."device" AS "device", "druid"."web"."os" AS "os", "druid"."web"."browser" AS "browser", "druid"."web"."page" AS "page", "druid"."web"."referrer" AS "referrer", "druid"."web"."count" AS "count", "druid"."web"."revenue" AS "revenue", "druid"."web"."latency_max" AS "latency_max", "druid"."web"."latency_sum" AS "latency_sum" FROM "druid"."web" WHERE "druid"."web"."country" = 'IE' AND "druid"."web"."device" = 'tablet' LIMIT 2000
-- @duckdb
SELECT t, country, device, os, browser, page, referrer, COUNT(*), SUM(revenue), MAX(latency_ms), SUM(latency_ms)
FROM ev WHERE country = 'IE' AND device = 'tablet' GROUP BY t, country, device, os, browser, page, referrer

-- @id metabase-custom-column-coalesce
-- @source metabase/metabase metabase.driver.sql.query-processor (custom column coalesce)
-- @tally
SELECT COALESCE("druid"."web"."referrer", 'direct') AS "source", COUNT(*) AS "count" FROM "druid"."web" GROUP BY COALESCE("druid"."web"."referrer", 'direct') ORDER BY "count" DESC LIMIT 3
-- @duckdb
SELECT coalesce(referrer, 'direct') AS s, COUNT(*) AS n FROM ev GROUP BY s ORDER BY n DESC LIMIT 3

-- @id metabase-custom-column-case
-- @source metabase/metabase metabase.driver.sql.query-processor (custom column case)
-- @unordered
-- @tally
SELECT CASE WHEN "druid"."web"."device" = 'desktop' THEN 'big' ELSE 'small' END AS "screen", COUNT(*) AS "count" FROM "druid"."web" GROUP BY CASE WHEN "druid"."web"."device" = 'desktop' THEN 'big' ELSE 'small' END
-- @duckdb
SELECT CASE WHEN device = 'desktop' THEN 'big' ELSE 'small' END AS s, COUNT(*) FROM ev GROUP BY s

-- @id metabase-custom-column-substring
-- @source metabase/metabase metabase.driver.sql.query-processor (custom column substring, 1-based)
-- @unordered
-- @tally
SELECT SUBSTRING("druid"."web"."page", 1, 5) AS "prefix", COUNT(*) AS "count" FROM "druid"."web" GROUP BY SUBSTRING("druid"."web"."page", 1, 5)
-- @duckdb
SELECT substring(page, 1, 5) AS p, COUNT(*) FROM ev GROUP BY p

-- @id metabase-custom-column-length
-- @source metabase/metabase metabase.driver.sql.query-processor (custom column length -> CHAR_LENGTH)
-- @unordered
-- @tally
SELECT CHAR_LENGTH("druid"."web"."browser") AS "len", COUNT(*) AS "count" FROM "druid"."web" GROUP BY CHAR_LENGTH("druid"."web"."browser")
-- @duckdb
SELECT length(browser) AS l, COUNT(*) FROM ev GROUP BY l

-- @id metabase-nested-query
-- @source metabase/metabase metabase.driver.sql.query-processor (question on a saved question: "source" subquery)
-- @tally
SELECT "source"."country" AS "country", "source"."count" AS "count" FROM (SELECT "druid"."web"."country" AS "country", COUNT(*) AS "count" FROM "druid"."web" GROUP BY "druid"."web"."country") AS "source" WHERE "source"."count" > 1000 ORDER BY "source"."count" DESC
-- @duckdb
SELECT country, n FROM (SELECT country, COUNT(*) AS n FROM ev GROUP BY country) WHERE n > 1000 ORDER BY n DESC

-- @id metabase-limit-download
-- @source metabase/metabase metabase.query-processor (download row limit 1048575)
-- @tally
SELECT "druid"."web"."os" AS "os", COUNT(*) AS "count" FROM "druid"."web" GROUP BY "druid"."web"."os" ORDER BY "druid"."web"."os" ASC LIMIT 1048575
-- @duckdb
SELECT os, COUNT(*) FROM ev GROUP BY os ORDER BY os


-- ==================================================================================================================
-- Cube (cube-js/cube packages/cubejs-druid-driver/src/DruidQuery.ts, DruidDriver.ts): DATE_TRUNC over
-- CAST(TIME_FORMAT(col, 'yyyy-MM-dd HH:mm:ss', tz) AS TIMESTAMP), TIME_PARSE(?) for date range parameters sent as
-- {type: VARCHAR}, aliases without AS ("web__count"), table aliases, GROUP BY ordinals, LIMIT 10000.
-- ==================================================================================================================

-- @id cube-count-by-hour-utc
-- @source cube-js/cube packages/cubejs-druid-driver/src/DruidQuery.ts timeGroupedColumn + convertTz (UTC)
-- @tally
SELECT
      DATE_TRUNC('hour', CAST(TIME_FORMAT("web".__time, 'yyyy-MM-dd HH:mm:ss', 'UTC') AS TIMESTAMP)) "web__time_hour", count(*) "web__count"
    FROM
      web AS "web"
  GROUP BY 1 ORDER BY 1 ASC LIMIT 10000
-- @duckdb
SELECT date_trunc('hour', t) AS b, COUNT(*) FROM ev GROUP BY b ORDER BY b

-- @id cube-count-by-day-los-angeles
-- @source cube-js/cube packages/cubejs-druid-driver/src/DruidQuery.ts convertTz (timezone America/Los_Angeles)
-- @tally
SELECT
      DATE_TRUNC('day', CAST(TIME_FORMAT("web".__time, 'yyyy-MM-dd HH:mm:ss', 'America/Los_Angeles') AS TIMESTAMP)) "web__time_day", count(*) "web__count"
    FROM
      web AS "web"
  GROUP BY 1 ORDER BY 1 ASC LIMIT 10000
-- @duckdb
SELECT date_trunc('day', t - INTERVAL 8 HOUR) AS b, COUNT(*) FROM ev GROUP BY b ORDER BY b

-- @id cube-count-by-hour-kolkata
-- @source cube-js/cube packages/cubejs-druid-driver/src/DruidQuery.ts convertTz (timezone Asia/Kolkata, +05:30)
-- @tally
SELECT
      DATE_TRUNC('hour', CAST(TIME_FORMAT("web".__time, 'yyyy-MM-dd HH:mm:ss', 'Asia/Kolkata') AS TIMESTAMP)) "web__time_hour", sum("web".revenue) "web__revenue"
    FROM
      web AS "web"
  GROUP BY 1 ORDER BY 1 ASC LIMIT 10000
-- @duckdb
SELECT date_trunc('hour', t + INTERVAL 330 MINUTE) AS b, SUM(revenue) FROM ev GROUP BY b ORDER BY b

-- @id cube-count-by-minute-utc
-- @source cube-js/cube packages/cubejs-druid-driver/src/DruidQuery.ts timeGroupedColumn minute
-- @tally
SELECT
      DATE_TRUNC('minute', CAST(TIME_FORMAT("web".__time, 'yyyy-MM-dd HH:mm:ss', 'UTC') AS TIMESTAMP)) "web__time_minute", count(*) "web__count"
    FROM
      web AS "web"
  WHERE ("web".country = 'KR') GROUP BY 1 ORDER BY 1 ASC LIMIT 10000
-- @duckdb
SELECT t, COUNT(*) FROM ev WHERE country = 'KR' GROUP BY t ORDER BY t

-- @id cube-count-by-week
-- @source cube-js/cube packages/cubejs-druid-driver/src/DruidQuery.ts timeGroupedColumn week
-- @tally
SELECT
      DATE_TRUNC('week', CAST(TIME_FORMAT("web".__time, 'yyyy-MM-dd HH:mm:ss', 'UTC') AS TIMESTAMP)) "web__time_week", count(*) "web__count"
    FROM
      web AS "web"
  GROUP BY 1 ORDER BY 1 ASC LIMIT 10000
-- @duckdb
SELECT date_trunc('week', t) AS b, COUNT(*) FROM ev GROUP BY b ORDER BY b

-- @id cube-count-by-second
-- @source cube-js/cube packages/cubejs-druid-driver/src/DruidQuery.ts timeGroupedColumn second
-- @tally
SELECT
      DATE_TRUNC('second', CAST(TIME_FORMAT("web".__time, 'yyyy-MM-dd HH:mm:ss', 'UTC') AS TIMESTAMP)) "web__time_second", count(*) "web__count"
    FROM
      web AS "web"
  WHERE ("web".device = 'tablet' AND "web".os = 'Linux') GROUP BY 1 ORDER BY 1 ASC LIMIT 10000
-- @duckdb
SELECT t, COUNT(*) FROM ev WHERE device = 'tablet' AND os = 'Linux' GROUP BY t ORDER BY t

-- @id cube-date-range-parameters
-- @source cube-js/cube packages/cubejs-druid-driver/src/DruidQuery.ts timeStampCast TIME_PARSE(?) + DruidDriver.normalizeQueryValues (VARCHAR)
-- @param VARCHAR 2026-01-01T01:00:00.000
-- @param VARCHAR 2026-01-01T02:59:59.999
-- @tally
SELECT
      DATE_TRUNC('hour', CAST(TIME_FORMAT("web".__time, 'yyyy-MM-dd HH:mm:ss', 'UTC') AS TIMESTAMP)) "web__time_hour", count(*) "web__count"
    FROM
      web AS "web"
  WHERE ("web".__time >= TIME_PARSE(?) AND "web".__time <= TIME_PARSE(?)) GROUP BY 1 ORDER BY 1 ASC LIMIT 10000
-- @duckdb
SELECT date_trunc('hour', t) AS b, COUNT(*) FROM ev
WHERE t >= TIMESTAMP '2026-01-01 01:00:00' AND t <= TIMESTAMP '2026-01-01 02:59:59.999' GROUP BY b ORDER BY b

-- @id cube-equals-parameter
-- @source cube-js/cube packages/cubejs-schema-compiler BaseFilter equals (? as VARCHAR parameter)
-- @param VARCHAR tablet
-- @tally
SELECT
      "web".os "web__os", count(*) "web__count"
    FROM
      web AS "web"
  WHERE ("web".device = ?) GROUP BY 1 ORDER BY 2 DESC LIMIT 10000
-- @duckdb
SELECT os, COUNT(*) AS n FROM ev WHERE device = 'tablet' GROUP BY os ORDER BY n DESC

-- @id cube-not-equals-parameter
-- @source cube-js/cube packages/cubejs-schema-compiler BaseFilter notEquals ((x <> ? OR x IS NULL))
-- @param VARCHAR google.com
-- @tally
SELECT
      count(*) "web__count"
    FROM
      web AS "web"
  WHERE ("web".referrer <> ? OR "web".referrer IS NULL) LIMIT 10000
-- @duckdb
SELECT COUNT(*) FROM ev WHERE referrer <> 'google.com' OR referrer IS NULL

-- @id cube-in-parameters
-- @source cube-js/cube packages/cubejs-schema-compiler BaseFilter equals with several values (IN (?, ?))
-- @unordered
-- @param VARCHAR ES
-- @param VARCHAR IT
-- @tally
SELECT
      "web".country "web__country", sum("web".revenue) "web__revenue"
    FROM
      web AS "web"
  WHERE ("web".country IN (?, ?)) GROUP BY 1 LIMIT 10000
-- @duckdb
SELECT country, SUM(revenue) FROM ev WHERE country IN ('ES', 'IT') GROUP BY country

-- @id cube-contains-like-escape
-- @source cube-js/cube packages/cubejs-druid-driver/src/DruidQuery.ts DruidFilter.likeIgnoreCase (contains)
-- @unordered
-- @param VARCHAR BROWSER
-- @tally
SELECT
      "web".browser "web__browser", count(*) "web__count"
    FROM
      web AS "web"
  WHERE (LOWER("web".browser) LIKE CONCAT('%', LOWER(?), '%') ESCAPE '\') GROUP BY 1 LIMIT 10000
-- @duckdb
SELECT browser, COUNT(*) FROM ev WHERE lower(browser) LIKE '%browser%' GROUP BY browser

-- @id cube-starts-with-like-escape
-- @source cube-js/cube packages/cubejs-druid-driver/src/DruidQuery.ts DruidFilter.likeIgnoreCase (startsWith, escaped wildcard)
-- @param VARCHAR /BLOG/1
-- @tally
SELECT
      count(*) "web__count"
    FROM
      web AS "web"
  WHERE (LOWER("web".page) LIKE CONCAT('', LOWER(?), '%') ESCAPE '\') LIMIT 10000
-- @duckdb
SELECT COUNT(*) FROM ev WHERE page LIKE '/blog/1%'

-- @id cube-not-contains-escaped-underscore
-- @source cube-js/cube packages/cubejs-druid-driver/src/DruidQuery.ts DruidFilter.likeIgnoreCase (notContains, BaseFilter.escapeWildcardChars)
-- @param VARCHAR \_
-- @tally
SELECT
      count(*) "web__count"
    FROM
      web AS "web"
  WHERE (LOWER("web".page) NOT LIKE CONCAT('%', LOWER(?), '%') ESCAPE '\') LIMIT 10000
-- @duckdb
SELECT COUNT(*) FROM ev WHERE page NOT LIKE '%\_%' ESCAPE '\'

-- @id cube-set-filter
-- @source cube-js/cube packages/cubejs-schema-compiler BaseFilter set (IS NOT NULL)
-- @tally
SELECT
      count(*) "web__count"
    FROM
      web AS "web"
  WHERE ("web".referrer IS NOT NULL) LIMIT 10000
-- @duckdb
SELECT COUNT(*) FROM ev WHERE referrer IS NOT NULL

-- @id cube-not-set-filter
-- @source cube-js/cube packages/cubejs-schema-compiler BaseFilter notSet (IS NULL)
-- @tally
SELECT
      "web".device "web__device", count(*) "web__count"
    FROM
      web AS "web"
  WHERE ("web".referrer IS NULL) GROUP BY 1 ORDER BY 1 ASC LIMIT 10000
-- @duckdb
SELECT device, COUNT(*) FROM ev WHERE referrer IS NULL GROUP BY device ORDER BY device

-- @id cube-measure-filter-having
-- @source cube-js/cube packages/cubejs-schema-compiler BaseFilter gt on a measure (HAVING, VARCHAR parameter)
-- @unordered
-- @param VARCHAR 1500
-- @tally
SELECT
      "web".country "web__country", count(*) "web__count"
    FROM
      web AS "web"
  GROUP BY 1 HAVING (count(*) > ?) LIMIT 10000
-- @duckdb
SELECT country, COUNT(*) FROM ev GROUP BY country HAVING COUNT(*) > 1500

-- @id cube-sql-subquery-cube
-- @source cube-js/cube packages/cubejs-schema-compiler BaseQuery (cube defined by sql: SELECT * FROM druid.web)
-- @unordered
-- @tally
SELECT
      "web".device "web__device", count(*) "web__count", sum("web".latency_sum) "web__latency_sum"
    FROM
      (SELECT * FROM druid.web) AS "web"
  GROUP BY 1 LIMIT 10000
-- @duckdb
SELECT device, COUNT(*), SUM(latency_ms) FROM ev GROUP BY device

-- @id cube-multi-fact-wrapper
-- @source cube-js/cube packages/cubejs-schema-compiler BaseQuery (multiplied measures: q_0 subquery wrapper)
-- @unordered
-- @tally
SELECT q_0."web__country", "web__count", "web__revenue" FROM (SELECT
      "web".country "web__country", count(*) "web__count", sum("web".revenue) "web__revenue"
    FROM
      web AS "web"
  WHERE ("web".country IN ('CA', 'AU')) GROUP BY 1
) as q_0 LIMIT 10000
-- @duckdb
SELECT country, COUNT(*), SUM(revenue) FROM ev WHERE country IN ('CA', 'AU') GROUP BY country

-- @id cube-ungrouped
-- @source cube-js/cube packages/cubejs-schema-compiler BaseQuery (ungrouped query)
-- @unordered
-- @tally
SELECT
      "web".__time "web__time", "web".page "web__page", "web".referrer "web__referrer"
    FROM
      web AS "web"
  WHERE ("web".country = 'SG' AND "web".device = 'tablet') LIMIT 10000
-- @duckdb
SELECT t, page, referrer FROM ev WHERE country = 'SG' AND device = 'tablet' GROUP BY t, country, device, os, browser, page, referrer

-- @id cube-now
-- @source cube-js/cube packages/cubejs-druid-driver/src/DruidQuery.ts nowTimestampSql CURRENT_TIMESTAMP
-- @tally
SELECT
      count(*) "web__count"
    FROM
      web AS "web"
  WHERE ("web".__time <= CURRENT_TIMESTAMP) LIMIT 10000
-- @duckdb
SELECT COUNT(*) FROM ev WHERE t <= current_timestamp::TIMESTAMP

-- @id cube-get-tables-query
-- @source cube-js/cube packages/cubejs-druid-driver/src/DruidDriver.ts getTablesQuery
-- @param VARCHAR druid
-- @tally
SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ?
-- @rows
["web"]

-- @id cube-information-schema-query
-- @source cube-js/cube packages/cubejs-druid-driver/src/DruidDriver.ts informationSchemaQuery
-- Every schema but INFORMATION_SCHEMA and sys: Tally's druid (its alias tally is not listed twice).
-- @unordered
-- @tally

        SELECT
            COLUMN_NAME as "column_name",
            TABLE_NAME as "table_name",
            TABLE_SCHEMA as "table_schema",
            DATA_TYPE as "data_type"
        FROM INFORMATION_SCHEMA.COLUMNS
        WHERE TABLE_SCHEMA NOT IN ('INFORMATION_SCHEMA', 'sys')
    
-- @rows
["__time", "web", "druid", "TIMESTAMP"]
["country", "web", "druid", "VARCHAR"]
["device", "web", "druid", "VARCHAR"]
["os", "web", "druid", "VARCHAR"]
["browser", "web", "druid", "VARCHAR"]
["page", "web", "druid", "VARCHAR"]
["referrer", "web", "druid", "VARCHAR"]
["count", "web", "druid", "BIGINT"]
["revenue", "web", "druid", "DOUBLE"]
["latency_max", "web", "druid", "BIGINT"]
["latency_sum", "web", "druid", "BIGINT"]
["users", "web", "druid", "COMPLEX<HLLSketch>"]


-- ==================================================================================================================
-- Grafana Druid data source (grafadruid/druid-grafana pkg/druid.go interpolateVariables): SQL queries with
-- ${__from:date:iso} -> '2026-01-01T00:00:00.000Z', $__from -> epoch millis, "time" columns, TIME_FLOOR bucketing.
-- ==================================================================================================================

-- @id grafana-timeseries-iso-range
-- @source grafadruid/druid-grafana pkg/druid.go interpolateVariables (${__from:date:iso}, ${__to:date:iso})
-- @tally
SELECT TIME_FLOOR(__time, 'PT5M') AS "time", COUNT(*) AS "events"
FROM "web"
WHERE __time >= TIME_PARSE('2026-01-01T00:00:00.000Z') AND __time <= TIME_PARSE('2026-01-01T03:00:00.000Z')
GROUP BY 1
ORDER BY 1
-- @duckdb
SELECT time_bucket(INTERVAL 5 MINUTE, t) AS b, COUNT(*) FROM ev WHERE t <= TIMESTAMP '2026-01-01 03:00:00' GROUP BY b ORDER BY b

-- @id grafana-timeseries-epoch-range
-- @source grafadruid/druid-grafana pkg/druid.go interpolateVariables ($__from, $__to as epoch millis)
-- @tally
SELECT TIME_FLOOR(__time, 'PT1H') AS "time", SUM("revenue") AS "revenue"
FROM "web"
WHERE __time BETWEEN MILLIS_TO_TIMESTAMP(1767225600000) AND MILLIS_TO_TIMESTAMP(1767243600000)
GROUP BY 1
ORDER BY 1
-- @duckdb
SELECT date_trunc('hour', t) AS b, SUM(revenue) FROM ev
WHERE t BETWEEN TIMESTAMP '2026-01-01 00:00:00' AND TIMESTAMP '2026-01-01 05:00:00' GROUP BY b ORDER BY b

-- @id grafana-timeseries-multi-series
-- @source grafadruid/druid-grafana pkg/druid.go (time series with a series dimension)
-- @tally
SELECT TIME_FLOOR(__time, 'PT15M') AS "time", "device", SUM("count") AS "events"
FROM "web"
WHERE __time >= TIME_PARSE('2026-01-01T04:00:00.000Z') AND __time < TIME_PARSE('2026-01-01T06:00:00.000Z')
GROUP BY 1, 2
ORDER BY 1, 2
-- @duckdb
SELECT time_bucket(INTERVAL 15 MINUTE, t) AS b, device, COUNT(*) FROM ev WHERE t >= TIMESTAMP '2026-01-01 04:00:00'
GROUP BY ALL ORDER BY 1, 2

-- @id grafana-interval-ms-bucket
-- @source grafadruid/druid-grafana pkg/druid.go interpolateVariables ($__interval_ms -> 600000)
-- @tally
SELECT MILLIS_TO_TIMESTAMP(TIMESTAMP_TO_MILLIS(__time) / 600000 * 600000) AS "time", COUNT(*) AS "events"
FROM web
GROUP BY 1
ORDER BY 1
-- @duckdb
SELECT time_bucket(INTERVAL 10 MINUTE, t) AS b, COUNT(*) FROM ev GROUP BY b ORDER BY b

-- @id grafana-epoch-millis-time-column
-- @source grafadruid/druid-grafana pkg/druid.go prepareResponse (time column as epoch millis number)
-- @tally
SELECT TIMESTAMP_TO_MILLIS(TIME_FLOOR(__time, 'PT1H')) AS "time", MAX("latency_max") AS "latency"
FROM web
GROUP BY 1
ORDER BY 1
-- @duckdb
SELECT epoch_ms(date_trunc('hour', t)) AS b, MAX(latency_ms) FROM ev GROUP BY b ORDER BY b

-- @id grafana-variable-query
-- @source grafadruid/druid-grafana pkg/druid.go queryVariable (dashboard variable values)
-- @tally
SELECT DISTINCT "country" FROM "web" WHERE "country" LIKE 'B%' ORDER BY 1
-- @duckdb
SELECT DISTINCT country FROM ev WHERE country LIKE 'B%' ORDER BY 1

-- @id grafana-variable-in-filter
-- @source grafadruid/druid-grafana pkg/druid.go (multi-value variable interpolated as a quoted list)
-- @unordered
-- @tally
SELECT "os", COUNT(*) AS "events" FROM "web" WHERE "country" IN ('BR','MX','AR') GROUP BY "os"
-- @duckdb
SELECT os, COUNT(*) FROM ev WHERE country IN ('BR', 'MX', 'AR') GROUP BY os

-- @id grafana-table-top-pages
-- @source grafadruid/druid-grafana pkg/druid.go (table panel)
-- @tally
SELECT "page", SUM("count") AS "views", SUM("revenue") AS "revenue" FROM "web" GROUP BY "page" ORDER BY "views" DESC LIMIT 5
-- @duckdb
SELECT page, COUNT(*) AS n, SUM(revenue) FROM ev GROUP BY page ORDER BY n DESC LIMIT 5

-- @id grafana-stat-latency-mean
-- @source grafadruid/druid-grafana pkg/druid.go (stat panel: mean latency from sum and count metrics)
-- @tally
SELECT CAST(SUM("latency_sum") AS DOUBLE) / SUM("count") AS "mean_latency_ms" FROM "web" WHERE __time >= TIME_PARSE('2026-01-01T05:00:00.000Z')
-- @duckdb
SELECT SUM(latency_ms)::DOUBLE / COUNT(*) FROM ev WHERE t >= TIMESTAMP '2026-01-01 05:00:00'

-- @id grafana-range-seconds
-- @source grafadruid/druid-grafana pkg/druid.go interpolateVariables ($__range_s -> 21600)
-- @tally
SELECT SUM("count") / 21600.0 AS "events_per_second" FROM "web"
-- @duckdb
SELECT COUNT(*) / 21600.0 FROM ev


-- ==================================================================================================================
-- Druid's own SQL documentation (apache/druid docs/querying/sql*.md, tutorials/tutorial-query.md), written against
-- the web table.
-- ==================================================================================================================

-- @id druid-docs-topn-edits
-- @source apache/druid docs/tutorials/tutorial-query.md (top pages in a day, TIMESTAMP literals)
-- @tally
SELECT page, COUNT(*) AS Edits
FROM web
WHERE TIMESTAMP '2026-01-01 00:00:00' <= "__time" AND "__time" < TIMESTAMP '2026-01-02 00:00:00'
GROUP BY page
ORDER BY Edits DESC
LIMIT 10
-- @duckdb
SELECT page, COUNT(*) AS n FROM ev GROUP BY page ORDER BY n DESC LIMIT 10

-- @id druid-docs-floor-hour-between
-- @source apache/druid docs/tutorials/tutorial-query.md (FLOOR(__time to HOUR), BETWEEN TIMESTAMP literals)
-- @tally
SELECT FLOOR(__time to HOUR) AS HourTime, SUM("latency_sum") AS LatencyTotal
FROM web WHERE "__time" BETWEEN TIMESTAMP '2026-01-01 00:00:00' AND TIMESTAMP '2026-01-01 03:00:00'
GROUP BY 1
-- @unordered
-- @duckdb
SELECT date_trunc('hour', t), SUM(latency_ms) FROM ev WHERE t BETWEEN TIMESTAMP '2026-01-01 00:00:00' AND TIMESTAMP '2026-01-01 03:00:00'
GROUP BY 1

-- @id druid-docs-groupby-two-dims
-- @source apache/druid docs/tutorials/tutorial-query.md (GROUP BY channel, page ORDER BY SUM(added) DESC)
-- @tally
SELECT country, page, SUM(revenue)
FROM web WHERE "__time" BETWEEN TIMESTAMP '2026-01-01 00:00:00' AND TIMESTAMP '2026-01-01 06:00:00'
GROUP BY country, page
ORDER BY SUM(revenue) DESC
LIMIT 5
-- @duckdb
SELECT country, page, SUM(revenue) AS r FROM ev GROUP BY country, page ORDER BY r DESC LIMIT 5

-- @id druid-docs-time-in-interval
-- @source apache/druid docs/querying/sql-scalar.md TIME_IN_INTERVAL
-- @tally
SELECT COUNT(*) FROM web WHERE TIME_IN_INTERVAL(__time, '2026-01-01T01:00:00/2026-01-01T02:00:00')
-- @duckdb
SELECT COUNT(*) FROM ev WHERE t >= TIMESTAMP '2026-01-01 01:00:00' AND t < TIMESTAMP '2026-01-01 02:00:00'

-- @id druid-docs-time-in-interval-period
-- @source apache/druid docs/querying/sql-scalar.md TIME_IN_INTERVAL ('2001-01-01/P1D' form)
-- @tally
SELECT COUNT(*) FROM web WHERE TIME_IN_INTERVAL(__time, '2026-01-01T04:00:00/PT30M')
-- @duckdb
SELECT COUNT(*) FROM ev WHERE t >= TIMESTAMP '2026-01-01 04:00:00' AND t < TIMESTAMP '2026-01-01 04:30:00'

-- @id druid-docs-count-star-as-count
-- @source apache/druid docs/querying/sql.md (COUNT(*) AS count: count is a non-reserved alias)
-- @tally
SELECT device, COUNT(*) AS count FROM web GROUP BY device ORDER BY count DESC
-- @duckdb
SELECT device, COUNT(*) AS n FROM ev GROUP BY device ORDER BY n DESC

-- @id druid-docs-count-filter
-- @source apache/druid docs/querying/sql-aggregations.md (aggregate FILTER(WHERE ...))
-- @tally
SELECT COUNT(*) FILTER(WHERE device = 'mobile') AS mobile, SUM(revenue) FILTER(WHERE country = 'US') AS us_revenue, COUNT(*) AS total FROM web
-- @duckdb
SELECT COUNT(*) FILTER (WHERE device = 'mobile'), SUM(revenue) FILTER (WHERE country = 'US'), COUNT(*) FROM ev

-- @id druid-docs-sum-count-metric
-- @source apache/druid docs/ingestion/rollup.md (SUM of the count metric counts ingested events)
-- @tally
SELECT SUM("count") AS events FROM web WHERE country = 'DE'
-- @duckdb
SELECT COUNT(*) FROM ev WHERE country = 'DE'

-- @id druid-docs-approx-count-distinct
-- @source apache/druid docs/querying/sql-aggregations.md APPROX_COUNT_DISTINCT
-- @approx 1 0.05
-- @unordered
-- @tally
SELECT device, APPROX_COUNT_DISTINCT(users) FROM web GROUP BY device
-- @duckdb
SELECT device, COUNT(DISTINCT user_id) FROM ev GROUP BY device

-- @id druid-docs-approx-count-distinct-ds-hll
-- @source apache/druid docs/querying/sql-aggregations.md APPROX_COUNT_DISTINCT_DS_HLL
-- @approx 0 0.05
-- @tally
SELECT APPROX_COUNT_DISTINCT_DS_HLL(users) FROM web
-- @duckdb
SELECT COUNT(DISTINCT user_id) FROM ev

-- @id druid-docs-approx-count-distinct-ds-hll-grouped
-- @source apache/druid docs/querying/sql-aggregations.md APPROX_COUNT_DISTINCT_DS_HLL with GROUP BY and time floor
-- @approx 1 0.05
-- @tally
SELECT TIME_FLOOR(__time, 'PT1H') AS h, APPROX_COUNT_DISTINCT_DS_HLL(users) AS u FROM web GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('hour', t) AS b, COUNT(DISTINCT user_id) FROM ev GROUP BY b ORDER BY b

-- @id druid-docs-approx-count-distinct-string
-- @source apache/druid docs/querying/sql-aggregations.md APPROX_COUNT_DISTINCT(expr) over a string dimension
-- @approx 0 0.05
-- @tally
SELECT APPROX_COUNT_DISTINCT(page) FROM web
-- @duckdb
SELECT COUNT(DISTINCT page) FROM ev

-- @id druid-docs-count-distinct-default-approximate
-- @source apache/druid docs/querying/sql-aggregations.md COUNT(DISTINCT expr) (approximate by default, useApproximateCountDistinct)
-- @approx 0 0.05
-- @tally
SELECT COUNT(DISTINCT referrer) FROM web
-- @duckdb
SELECT COUNT(DISTINCT referrer) FROM ev

-- @id druid-docs-latest
-- @source apache/druid docs/querying/sql-aggregations.md LATEST(expr) (per rolled-up row: group by the whole row key)
-- @unordered
-- @tally
SELECT __time, country, device, os, browser, page, referrer, LATEST(latency_max) AS l
FROM web WHERE country = 'CH' AND device = 'tablet'
GROUP BY __time, country, device, os, browser, page, referrer
-- @duckdb
SELECT t, country, device, os, browser, page, referrer, MAX(latency_ms) FROM ev WHERE country = 'CH' AND device = 'tablet'
GROUP BY t, country, device, os, browser, page, referrer

-- @id druid-docs-earliest
-- @source apache/druid docs/querying/sql-aggregations.md EARLIEST(expr) (per rolled-up row)
-- @unordered
-- @tally
SELECT __time, page, EARLIEST(revenue) AS r
FROM web WHERE country = 'NZ' AND device = 'tablet'
GROUP BY __time, country, device, os, browser, page, referrer
-- @duckdb
SELECT t, page, SUM(revenue) FROM ev WHERE country = 'NZ' AND device = 'tablet'
GROUP BY t, country, device, os, browser, page, referrer

-- @id druid-docs-latest-string
-- @source apache/druid docs/querying/sql-aggregations.md LATEST(expr, maxBytesPerString) over a string
-- @tally
SELECT device, LATEST(device, 32) FROM web WHERE device = 'tablet' GROUP BY device
-- @rows
["tablet", "tablet"]

-- @id druid-docs-any-value
-- @source apache/druid docs/querying/sql-aggregations.md ANY_VALUE(expr)
-- @unordered
-- @tally
SELECT country, ANY_VALUE(device) AS d FROM web WHERE device = 'tablet' AND country IN ('US', 'DE') GROUP BY country
-- @rows
["US", "tablet"]
["DE", "tablet"]

-- @id druid-docs-min-max-time
-- @source apache/druid docs/querying/sql-aggregations.md MIN/MAX over __time
-- @tally
SELECT MIN(__time), MAX(__time) FROM web
-- @duckdb
SELECT MIN(t), MAX(t) FROM ev

-- @id druid-docs-time-floor-origin
-- @source apache/druid docs/querying/sql-scalar.md TIME_FLOOR(__time, 'PT1H', TIMESTAMP '2016-06-27 00:30:00')
-- @tally
SELECT TIME_FLOOR(__time, 'PT1H', TIMESTAMP '2026-01-01 00:30:00') AS t, COUNT(*) FROM web GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('hour', t - INTERVAL 30 MINUTE) + INTERVAL 30 MINUTE AS b, COUNT(*) FROM ev GROUP BY b ORDER BY b

-- @id druid-docs-time-floor-timezone
-- @source apache/druid docs/querying/sql-scalar.md TIME_FLOOR(expr, period, NULL, timezone)
-- @tally
SELECT TIME_FLOOR(__time, 'P1D', NULL, 'America/Los_Angeles') AS d, COUNT(*) FROM web GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('day', t - INTERVAL 8 HOUR) + INTERVAL 8 HOUR AS b, COUNT(*) FROM ev GROUP BY b ORDER BY b

-- @id druid-docs-time-floor-timezone-offset
-- @source apache/druid docs/querying/sql-scalar.md TIME_FLOOR with an offset time zone like '-08:00'
-- @tally
SELECT TIME_FLOOR(__time, 'PT1H', NULL, '+05:30') AS h, COUNT(*) FROM web GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('hour', t + INTERVAL 330 MINUTE) - INTERVAL 330 MINUTE AS b, COUNT(*) FROM ev GROUP BY b ORDER BY b

-- @id druid-docs-time-floor-kolkata
-- @source apache/druid docs/querying/sql-scalar.md TIME_FLOOR with a named time zone
-- @tally
SELECT TIME_FLOOR(__time, 'PT2H', NULL, 'Asia/Kolkata') AS h, SUM(revenue) FROM web GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT time_bucket(INTERVAL 2 HOUR, t + INTERVAL 330 MINUTE) - INTERVAL 330 MINUTE AS b, SUM(revenue) FROM ev GROUP BY b ORDER BY b

-- @id druid-docs-time-ceil
-- @source apache/druid docs/querying/sql-scalar.md TIME_CEIL
-- @tally
SELECT TIME_CEIL(__time, 'PT1H') AS h, COUNT(*) FROM web GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT CASE WHEN t = date_trunc('hour', t) THEN t ELSE date_trunc('hour', t) + INTERVAL 1 HOUR END AS b, COUNT(*)
FROM ev GROUP BY b ORDER BY b

-- @id druid-docs-ceil-to
-- @source apache/druid docs/querying/sql-scalar.md CEIL(timestamp_expr TO unit)
-- @tally
SELECT CEIL(__time TO HOUR) AS h, COUNT(*) FROM web GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT CASE WHEN t = date_trunc('hour', t) THEN t ELSE date_trunc('hour', t) + INTERVAL 1 HOUR END AS b, COUNT(*)
FROM ev GROUP BY b ORDER BY b

-- @id druid-docs-time-shift-negative
-- @source apache/druid docs/querying/sql-scalar.md TIME_SHIFT (negative step)
-- @tally
SELECT TIME_SHIFT(TIME_FLOOR(__time, 'PT1H'), 'PT1H', -2) AS h, COUNT(*) FROM web GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('hour', t) - INTERVAL 2 HOUR AS b, COUNT(*) FROM ev GROUP BY b ORDER BY b

-- @id druid-docs-time-shift-month
-- @source apache/druid docs/querying/sql-scalar.md TIME_SHIFT (calendar period)
-- @tally
SELECT TIME_SHIFT(MIN(__time), 'P1M', 1) FROM web
-- @rows
["2026-02-01T00:00:00Z"]

-- @id druid-docs-time-shift-timezone
-- @source apache/druid docs/querying/sql-scalar.md TIME_SHIFT(timestamp_expr, period, step, timezone)
-- @tally
SELECT TIME_SHIFT(MIN(__time), 'P1D', -1, 'America/Los_Angeles') FROM web
-- @rows
["2025-12-31T00:00:00Z"]

-- @id druid-docs-time-extract-epoch
-- @source apache/druid docs/querying/sql-scalar.md TIME_EXTRACT(expr, 'EPOCH') (seconds)
-- @tally
SELECT TIME_EXTRACT(__time, 'EPOCH') AS e, COUNT(*) FROM web WHERE country = 'NO' GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT epoch(t)::BIGINT AS e, COUNT(*) FROM ev WHERE country = 'NO' GROUP BY e ORDER BY e

-- @id druid-docs-time-extract-hour
-- @source apache/druid docs/querying/sql-scalar.md TIME_EXTRACT(__time, 'HOUR')
-- @tally
SELECT TIME_EXTRACT(__time, 'HOUR') AS h, SUM(revenue) FROM web GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT hour(t) AS h, SUM(revenue) FROM ev GROUP BY h ORDER BY h

-- @id druid-docs-time-extract-hour-timezone
-- @source apache/druid docs/querying/sql-scalar.md TIME_EXTRACT(__time, 'HOUR', 'America/Los_Angeles')
-- @tally
SELECT TIME_EXTRACT(__time, 'HOUR', 'America/Los_Angeles') AS h, COUNT(*) FROM web GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT hour(t - INTERVAL 8 HOUR) AS h, COUNT(*) FROM ev GROUP BY h ORDER BY h

-- @id druid-docs-time-extract-minute-kolkata
-- @source apache/druid docs/querying/sql-scalar.md TIME_EXTRACT(expr, 'MINUTE', timezone) (half-hour offset)
-- @tally
SELECT TIME_EXTRACT(__time, 'MINUTE', 'Asia/Kolkata') AS m, COUNT(*) FROM web WHERE __time < TIMESTAMP '2026-01-01 01:00:00' GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT minute(t + INTERVAL 330 MINUTE) AS m, COUNT(*) FROM ev WHERE t < TIMESTAMP '2026-01-01 01:00:00' GROUP BY m ORDER BY m

-- @id druid-docs-time-extract-day-timezone
-- @source apache/druid docs/querying/sql-scalar.md TIME_EXTRACT(expr, 'DAY', timezone)
-- @tally
SELECT TIME_EXTRACT(__time, 'DAY', 'America/Los_Angeles') AS d, TIME_EXTRACT(__time, 'MONTH', 'America/Los_Angeles') AS m, TIME_EXTRACT(__time, 'YEAR', 'America/Los_Angeles') AS y, COUNT(*) FROM web GROUP BY 1, 2, 3
-- @duckdb
SELECT day(t - INTERVAL 8 HOUR), month(t - INTERVAL 8 HOUR), year(t - INTERVAL 8 HOUR), COUNT(*) FROM ev GROUP BY ALL

-- @id druid-docs-time-extract-dow-doy-week
-- @source apache/druid docs/querying/sql-scalar.md TIME_EXTRACT units DOW, DOY, WEEK, QUARTER, YEAR
-- @tally
SELECT TIME_EXTRACT(__time, 'DOW'), TIME_EXTRACT(__time, 'DOY'), TIME_EXTRACT(__time, 'WEEK'), TIME_EXTRACT(__time, 'QUARTER'), TIME_EXTRACT(__time, 'YEAR'), COUNT(*) FROM web GROUP BY 1, 2, 3, 4, 5
-- @duckdb
SELECT isodow(t), dayofyear(t), week(t), quarter(t), year(t), COUNT(*) FROM ev GROUP BY ALL

-- @id druid-docs-time-extract-second
-- @source apache/druid docs/querying/sql-scalar.md TIME_EXTRACT(expr, 'SECOND') (0 after minute rollup)
-- @tally
SELECT TIME_EXTRACT(__time, 'SECOND') AS s, COUNT(*) FROM web GROUP BY 1
-- @duckdb
SELECT second(t) AS s, COUNT(*) FROM ev GROUP BY s

-- @id druid-docs-extract-hour
-- @source apache/druid docs/querying/sql-scalar.md EXTRACT(HOUR FROM __time)
-- @tally
SELECT EXTRACT(HOUR FROM __time) AS h, COUNT(*) FROM web GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT hour(t) AS h, COUNT(*) FROM ev GROUP BY h ORDER BY h

-- @id druid-docs-extract-epoch-dow
-- @source apache/druid docs/querying/sql-scalar.md EXTRACT(unit FROM expr) units EPOCH, DOW, ISODOW, MINUTE
-- @tally
SELECT EXTRACT(EPOCH FROM MIN(__time)), EXTRACT(ISODOW FROM MIN(__time)), EXTRACT(MINUTE FROM MAX(__time)) FROM web
-- @duckdb
SELECT epoch(MIN(t))::BIGINT, isodow(MIN(t)), minute(MAX(t)) FROM ev

-- @id druid-docs-time-format-default
-- @source apache/druid docs/querying/sql-scalar.md TIME_FORMAT(expr) (ISO 8601 by default)
-- @tally
SELECT TIME_FORMAT(__time) AS s, COUNT(*) FROM web WHERE country = 'FI' GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT strftime(t, '%Y-%m-%dT%H:%M:%S.000Z') AS s, COUNT(*) FROM ev WHERE country = 'FI' GROUP BY s ORDER BY s

-- @id druid-docs-time-format-pattern
-- @source apache/druid docs/querying/sql-scalar.md TIME_FORMAT(expr, pattern) (Joda pattern)
-- @tally
SELECT TIME_FORMAT(__time, 'yyyy-MM-dd HH:mm') AS s, COUNT(*) FROM web WHERE country = 'PT' GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT strftime(t, '%Y-%m-%d %H:%M') AS s, COUNT(*) FROM ev WHERE country = 'PT' GROUP BY s ORDER BY s

-- @id druid-docs-time-format-pattern-timezone
-- @source apache/druid docs/querying/sql-scalar.md TIME_FORMAT(expr, pattern, timezone)
-- @tally
SELECT TIME_FORMAT(__time, 'HH:mm', 'Asia/Kolkata') AS s, COUNT(*) FROM web WHERE country = 'IN' AND __time < TIMESTAMP '2026-01-01 00:30:00' GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT strftime(t + INTERVAL 330 MINUTE, '%H:%M') AS s, COUNT(*) FROM ev WHERE country = 'IN' AND t < TIMESTAMP '2026-01-01 00:30:00'
GROUP BY s ORDER BY s

-- @id druid-docs-time-format-names
-- @source apache/druid docs/querying/sql-scalar.md TIME_FORMAT with Joda text fields (EEEE, MMM)
-- @tally
SELECT TIME_FORMAT(__time, 'EEEE d MMM yyyy', 'America/Los_Angeles') AS s, COUNT(*) FROM web GROUP BY 1
-- @duckdb
SELECT strftime(t - INTERVAL 8 HOUR, '%A %-d %b %Y') AS s, COUNT(*) FROM ev GROUP BY s

-- @id druid-docs-time-format-default-timezone
-- @source apache/druid docs/querying/sql-scalar.md TIME_FORMAT(expr, NULL, timezone) (ISO 8601 with offset)
-- @tally
SELECT TIME_FORMAT(MIN(__time), NULL, 'Asia/Kolkata') FROM web
-- @rows
["2026-01-01T05:30:00.000+05:30"]

-- @id druid-docs-time-parse-iso
-- @source apache/druid docs/querying/sql-scalar.md TIME_PARSE(string) (ISO 8601)
-- @tally
SELECT COUNT(*) FROM web WHERE __time >= TIME_PARSE('2026-01-01T05:00:00Z')
-- @duckdb
SELECT COUNT(*) FROM ev WHERE t >= TIMESTAMP '2026-01-01 05:00:00'

-- @id druid-docs-time-parse-pattern
-- @source apache/druid docs/querying/sql-scalar.md TIME_PARSE(string, pattern)
-- @tally
SELECT COUNT(*) FROM web WHERE __time < TIME_PARSE('2026-01-01 00:45', 'yyyy-MM-dd HH:mm')
-- @duckdb
SELECT COUNT(*) FROM ev WHERE t < TIMESTAMP '2026-01-01 00:45:00'

-- @id druid-docs-time-parse-pattern-timezone
-- @source apache/druid docs/querying/sql-scalar.md TIME_PARSE('2000-02-01 00:00:00', NULL, 'America/Los_Angeles') shape
-- @tally
SELECT COUNT(*) FROM web WHERE __time >= TIME_PARSE('2026-01-01 07:30:00', 'yyyy-MM-dd HH:mm:ss', 'Asia/Kolkata')
-- @duckdb
SELECT COUNT(*) FROM ev WHERE t >= TIMESTAMP '2026-01-01 02:00:00'

-- @id druid-docs-time-parse-null-pattern-timezone
-- @source apache/druid docs/querying/sql-scalar.md TIME_PARSE('2000-02-01 00:00:00', NULL, 'America/Los_Angeles')
-- @tally
SELECT TIME_PARSE('2025-12-31 20:00:00', NULL, 'America/Los_Angeles')
-- @rows
["2026-01-01T04:00:00Z"]

-- @id druid-docs-time-parse-invalid
-- @source apache/druid docs/querying/sql-scalar.md TIME_PARSE (strings that cannot be parsed return NULL)
-- @tally
SELECT TIME_PARSE('not a timestamp')
-- @rows
[null]

-- @id druid-docs-millis-to-timestamp
-- @source apache/druid docs/querying/sql-scalar.md MILLIS_TO_TIMESTAMP
-- @tally
SELECT MILLIS_TO_TIMESTAMP(1767225600000 + 3600000)
-- @rows
["2026-01-01T01:00:00Z"]

-- @id druid-docs-timestamp-to-millis
-- @source apache/druid docs/querying/sql-scalar.md TIMESTAMP_TO_MILLIS
-- @tally
SELECT TIMESTAMP_TO_MILLIS(__time) AS ms, COUNT(*) FROM web WHERE country = 'FI' GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT epoch_ms(t) AS ms, COUNT(*) FROM ev WHERE country = 'FI' GROUP BY ms ORDER BY ms

-- @id druid-docs-date-trunc-units
-- @source apache/druid docs/querying/sql-scalar.md DATE_TRUNC(unit, expr) units
-- @tally
SELECT DATE_TRUNC('minute', MAX(__time)), DATE_TRUNC('hour', MAX(__time)), DATE_TRUNC('day', MAX(__time)), DATE_TRUNC('week', MAX(__time)), DATE_TRUNC('month', MAX(__time)), DATE_TRUNC('year', MAX(__time)), DATE_TRUNC('decade', MAX(__time)) FROM web
-- @duckdb
SELECT MAX(t), date_trunc('hour', MAX(t)), date_trunc('day', MAX(t)), date_trunc('week', MAX(t)), date_trunc('month', MAX(t)),
       date_trunc('year', MAX(t)), date_trunc('decade', MAX(t)) FROM ev

-- @id druid-docs-timestampadd
-- @source apache/druid docs/querying/sql-scalar.md TIMESTAMPADD(unit, count, timestamp)
-- @tally
SELECT TIMESTAMPADD(MINUTE, 90, MIN(__time)), TIMESTAMPADD(DAY, -1, MIN(__time)), TIMESTAMPADD(MONTH, 1, MIN(__time)) FROM web
-- @rows
["2026-01-01T01:30:00Z", "2025-12-31T00:00:00Z", "2026-02-01T00:00:00Z"]

-- @id druid-docs-timestampdiff
-- @source apache/druid docs/querying/sql-scalar.md TIMESTAMPDIFF(unit, timestamp1, timestamp2)
-- @tally
SELECT TIMESTAMPDIFF(MINUTE, MIN(__time), MAX(__time)), TIMESTAMPDIFF(HOUR, MIN(__time), MAX(__time)), TIMESTAMPDIFF(DAY, TIMESTAMP '2025-12-25 00:00:00', MIN(__time)) FROM web
-- @duckdb
SELECT date_diff('minute', MIN(t), MAX(t)), date_diff('hour', MIN(t), MAX(t)), date_diff('day', TIMESTAMP '2025-12-25 00:00:00', MIN(t)) FROM ev

-- @id druid-docs-timestamp-interval-arithmetic
-- @source apache/druid docs/querying/sql-operators.md (timestamp + INTERVAL)
-- @tally
SELECT COUNT(*) FROM web WHERE __time >= TIMESTAMP '2026-01-01 00:00:00' + INTERVAL '2' HOUR AND __time < TIMESTAMP '2026-01-01 00:00:00' + INTERVAL '150' MINUTE
-- @duckdb
SELECT COUNT(*) FROM ev WHERE t >= TIMESTAMP '2026-01-01 02:00:00' AND t < TIMESTAMP '2026-01-01 02:30:00'

-- @id druid-docs-current-timestamp-interval
-- @source apache/druid docs/querying/sql.md (__time > CURRENT_TIMESTAMP - INTERVAL '1' DAY)
-- @tally
SELECT COUNT(*) FROM web WHERE country = 'US' AND __time > CURRENT_TIMESTAMP - INTERVAL '1' DAY
-- @duckdb
SELECT COUNT(*) FROM ev WHERE country = 'US' AND t > current_timestamp::TIMESTAMP - INTERVAL 1 DAY

-- @id druid-docs-cast-time-to-bigint
-- @source apache/druid docs/querying/sql-data-types.md (CAST(__time AS BIGINT) gives epoch millis)
-- @tally
SELECT CAST(MIN(__time) AS BIGINT), CAST(MAX(__time) AS BIGINT) FROM web
-- @duckdb
SELECT epoch_ms(MIN(t)), epoch_ms(MAX(t)) FROM ev

-- @id druid-docs-cast-time-to-varchar
-- @source apache/druid docs/querying/sql-data-types.md (CAST(TIMESTAMP AS VARCHAR): 'yyyy-MM-dd HH:mm:ss')
-- @tally
SELECT CAST(MIN(__time) AS VARCHAR) FROM web
-- @rows
["2026-01-01 00:00:00"]

-- @id druid-docs-cast-varchar-to-timestamp
-- @source apache/druid docs/querying/sql-data-types.md (CAST('...' AS TIMESTAMP))
-- @tally
SELECT COUNT(*) FROM web WHERE __time >= CAST('2026-01-01 03:00:00' AS TIMESTAMP)
-- @duckdb
SELECT COUNT(*) FROM ev WHERE t >= TIMESTAMP '2026-01-01 03:00:00'

-- @id druid-docs-cast-time-to-date
-- @source apache/druid docs/querying/sql-data-types.md (CAST(__time AS DATE))
-- @tally
SELECT CAST(__time AS DATE) AS d, COUNT(*) FROM web GROUP BY 1
-- @duckdb
SELECT date_trunc('day', t) AS d, COUNT(*) FROM ev GROUP BY d

-- @id druid-docs-concat
-- @source apache/druid docs/querying/sql-scalar.md CONCAT(expr, expr...)
-- @unordered
-- @tally
SELECT CONCAT(device, '/', os) AS k, COUNT(*) FROM web WHERE country = 'DK' GROUP BY 1
-- @duckdb
SELECT device || '/' || os AS k, COUNT(*) FROM ev WHERE country = 'DK' GROUP BY k

-- @id druid-docs-concat-null
-- @source apache/druid docs/querying/sql-scalar.md CONCAT (NULL if any argument is NULL in SQL-compatible mode)
-- @tally
SELECT COUNT(*) FROM web WHERE CONCAT(country, referrer) IS NULL
-- @duckdb
SELECT COUNT(*) FROM ev WHERE referrer IS NULL

-- @id druid-docs-textcat
-- @source apache/druid docs/querying/sql-scalar.md TEXTCAT(expr, expr)
-- @unordered
-- @tally
SELECT TEXTCAT(country, device) AS k, COUNT(*) FROM web WHERE country IN ('SE', 'PL') GROUP BY 1
-- @duckdb
SELECT country || device AS k, COUNT(*) FROM ev WHERE country IN ('SE', 'PL') GROUP BY k

-- @id druid-docs-pipe-concat
-- @source apache/druid docs/querying/sql-operators.md (x || y)
-- @unordered
-- @tally
SELECT country || '-' || device AS k, COUNT(*) FROM web WHERE country = 'BE' GROUP BY 1
-- @duckdb
SELECT country || '-' || device AS k, COUNT(*) FROM ev WHERE country = 'BE' GROUP BY k

-- @id druid-docs-strlen
-- @source apache/druid docs/querying/sql-scalar.md STRLEN(expr)
-- @unordered
-- @tally
SELECT STRLEN(page) AS n, COUNT(*) FROM web GROUP BY 1
-- @duckdb
SELECT length(page) AS n, COUNT(*) FROM ev GROUP BY n

-- @id druid-docs-length
-- @source apache/druid docs/querying/sql-scalar.md LENGTH(expr)
-- @tally
SELECT SUM(LENGTH(browser)) FROM web
-- @duckdb
SELECT SUM(length(browser)) FROM ev

-- @id druid-docs-nvl
-- @source apache/druid docs/querying/sql-scalar.md NVL(expr, expr-for-null)
-- @tally
SELECT NVL(referrer, '(direct)') AS r, COUNT(*) AS n FROM web GROUP BY 1 ORDER BY n DESC LIMIT 4
-- @duckdb
SELECT coalesce(referrer, '(direct)') AS r, COUNT(*) AS n FROM ev GROUP BY r ORDER BY n DESC LIMIT 4

-- @id druid-docs-coalesce
-- @source apache/druid docs/querying/sql-scalar.md COALESCE
-- @tally
SELECT COUNT(*) FROM web WHERE COALESCE(referrer, 'none') = 'none'
-- @duckdb
SELECT COUNT(*) FROM ev WHERE referrer IS NULL

-- @id druid-docs-regexp-extract
-- @source apache/druid docs/querying/sql-scalar.md REGEXP_EXTRACT(expr, pattern, index)
-- @unordered
-- @tally
SELECT REGEXP_EXTRACT(page, '^/([a-z]+)/', 1) AS section, COUNT(*) FROM web GROUP BY 1
-- @duckdb
SELECT nullif(regexp_extract(page, '^/([a-z]+)/', 1), '') AS s, COUNT(*) FROM ev GROUP BY s

-- @id druid-docs-regexp-extract-whole-match
-- @source apache/druid docs/querying/sql-scalar.md REGEXP_EXTRACT(expr, pattern) (first substring that matched)
-- @unordered
-- @tally
SELECT REGEXP_EXTRACT(referrer, '[a-z]+\.com') AS d, COUNT(*) FROM web WHERE referrer LIKE '%.com' GROUP BY 1
-- @duckdb
SELECT regexp_extract(referrer, '[a-z]+\.com') AS d, COUNT(*) FROM ev WHERE referrer LIKE '%.com' GROUP BY d

-- @id druid-docs-regexp-like
-- @source apache/druid docs/querying/sql-scalar.md REGEXP_LIKE(expr, pattern)
-- @tally
SELECT COUNT(*) FROM web WHERE REGEXP_LIKE(page, '^/product/[0-9]{2}$')
-- @duckdb
SELECT COUNT(*) FROM ev WHERE regexp_matches(page, '^/product/[0-9]{2}$')

-- @id druid-docs-regexp-like-unanchored
-- @source apache/druid docs/querying/sql-scalar.md REGEXP_LIKE (pattern may match anywhere)
-- @tally
SELECT COUNT(*) FROM web WHERE REGEXP_LIKE(browser, 'fox')
-- @duckdb
SELECT COUNT(*) FROM ev WHERE regexp_matches(browser, 'fox')

-- @id druid-docs-lower-upper
-- @source apache/druid docs/querying/sql-scalar.md LOWER(expr), UPPER(expr)
-- @unordered
-- @tally
SELECT LOWER(country) AS lc, UPPER(device) AS ud, COUNT(*) FROM web WHERE country = 'GB' GROUP BY 1, 2
-- @duckdb
SELECT lower(country), upper(device), COUNT(*) FROM ev WHERE country = 'GB' GROUP BY ALL

-- @id druid-docs-substring
-- @source apache/druid docs/querying/sql-scalar.md SUBSTRING(expr, index[, length]) (1-based)
-- @unordered
-- @tally
SELECT SUBSTRING(browser, 2, 3) AS s, COUNT(*) FROM web WHERE device = 'tablet' GROUP BY 1
-- @duckdb
SELECT substring(browser, 2, 3) AS s, COUNT(*) FROM ev WHERE device = 'tablet' GROUP BY s

-- @id druid-docs-substring-from
-- @source apache/druid docs/querying/sql-scalar.md SUBSTRING(expr FROM index FOR length)
-- @unordered
-- @tally
SELECT SUBSTRING(page FROM 2 FOR 4) AS s, COUNT(*) FROM web GROUP BY 1
-- @duckdb
SELECT substring(page, 2, 4) AS s, COUNT(*) FROM ev GROUP BY s

-- @id druid-docs-trim
-- @source apache/druid docs/querying/sql-scalar.md TRIM([BOTH | LEADING | TRAILING] [chars FROM] expr)
-- @unordered
-- @tally
SELECT TRIM(BOTH '/' FROM page) AS p, TRIM(LEADING 'w' FROM os) AS o, COUNT(*) FROM web WHERE page IN ('/', '/cart', '/login') AND os = 'Windows' GROUP BY 1, 2
-- @duckdb
SELECT trim(page, '/'), ltrim(os, 'w'), COUNT(*) FROM ev WHERE page IN ('/', '/cart', '/login') AND os = 'Windows' GROUP BY ALL

-- @id druid-docs-btrim-ltrim-rtrim
-- @source apache/druid docs/querying/sql-scalar.md BTRIM, LTRIM, RTRIM
-- @tally
SELECT BTRIM(' x '), LTRIM('  y'), RTRIM('z  '), LTRIM('xxabc', 'x'), RTRIM('abcyy', 'y')
-- @rows
["x", "y", "z", "abc", "abc"]

-- @id druid-docs-replace
-- @source apache/druid docs/querying/sql-scalar.md REPLACE(expr, pattern, replacement)
-- @unordered
-- @tally
SELECT REPLACE(page, '/product/', 'p:') AS p, COUNT(*) FROM web WHERE page LIKE '/product/1%' AND STRLEN(page) <= 11 GROUP BY 1
-- @duckdb
SELECT replace(page, '/product/', 'p:') AS p, COUNT(*) FROM ev WHERE page LIKE '/product/1%' AND length(page) <= 11 GROUP BY p

-- @id druid-docs-position
-- @source apache/druid docs/querying/sql-scalar.md POSITION(substring IN expr [FROM startingIndex])
-- @unordered
-- @tally
SELECT POSITION('o' IN browser) AS p, POSITION('o' IN browser FROM 4) AS q, COUNT(*) FROM web GROUP BY 1, 2
-- @duckdb
SELECT strpos(browser, 'o') AS p, CASE WHEN strpos(substring(browser, 4), 'o') = 0 THEN 0 ELSE strpos(substring(browser, 4), 'o') + 3 END AS q, COUNT(*)
FROM ev GROUP BY ALL

-- @id druid-docs-strpos
-- @source apache/druid docs/querying/sql-scalar.md STRPOS(haystack, needle)
-- @unordered
-- @tally
SELECT STRPOS(referrer, '.') AS p, COUNT(*) FROM web WHERE referrer IS NOT NULL GROUP BY 1
-- @duckdb
SELECT strpos(referrer, '.') AS p, COUNT(*) FROM ev WHERE referrer IS NOT NULL GROUP BY p

-- @id druid-docs-left-right
-- @source apache/druid docs/querying/sql-scalar.md LEFT(expr, N), RIGHT(expr, N)
-- @unordered
-- @tally
SELECT LEFT(os, 3) AS l, RIGHT(os, 2) AS r, COUNT(*) FROM web GROUP BY 1, 2
-- @duckdb
SELECT left(os, 3), right(os, 2), COUNT(*) FROM ev GROUP BY ALL

-- @id druid-docs-lpad-rpad
-- @source apache/druid docs/querying/sql-scalar.md LPAD, RPAD
-- @unordered
-- @tally
SELECT LPAD(country, 4, '*') AS l, RPAD(device, 8, '.') AS r, COUNT(*) FROM web WHERE country = 'NL' GROUP BY 1, 2
-- @duckdb
SELECT lpad(country, 4, '*'), rpad(device, 8, '.'), COUNT(*) FROM ev WHERE country = 'NL' GROUP BY ALL

-- @id druid-docs-reverse-repeat
-- @source apache/druid docs/querying/sql-scalar.md REVERSE(expr), REPEAT(expr, N)
-- @unordered
-- @tally
SELECT REVERSE(device) AS r, REPEAT(device, 2) AS d, COUNT(*) FROM web GROUP BY 1, 2
-- @duckdb
SELECT reverse(device), repeat(device, 2), COUNT(*) FROM ev GROUP BY ALL

-- @id druid-docs-contains-string
-- @source apache/druid docs/querying/sql-scalar.md CONTAINS_STRING, ICONTAINS_STRING
-- @tally
SELECT COUNT(*) FILTER(WHERE CONTAINS_STRING(browser, 'Browser')), COUNT(*) FILTER(WHERE ICONTAINS_STRING(browser, 'browser')) FROM web
-- @duckdb
SELECT COUNT(*) FILTER (WHERE contains(browser, 'Browser')), COUNT(*) FILTER (WHERE contains(lower(browser), 'browser')) FROM ev

-- @id druid-docs-string-format
-- @source apache/druid docs/querying/sql-scalar.md STRING_FORMAT(pattern, args...)
-- @unordered
-- @tally
SELECT STRING_FORMAT('%s:%s', country, device) AS k, COUNT(*) FROM web WHERE country = 'AT' GROUP BY 1
-- @duckdb
SELECT country || ':' || device AS k, COUNT(*) FROM ev WHERE country = 'AT' GROUP BY k

-- @id druid-docs-numeric-functions
-- @source apache/druid docs/querying/sql-scalar.md numeric functions ABS, CEIL, FLOOR, ROUND, MOD, POWER
-- @tally
SELECT ABS(-7), CEIL(2.5), FLOOR(2.5), ROUND(2.345, 2), MOD(17, 5), POWER(2, 10)
-- @rows
[7, 3.0, 2.0, 2.35, 2, 1024.0]

-- @id druid-docs-round-revenue
-- @source apache/druid docs/querying/sql-scalar.md ROUND(expr, digits) over an aggregate
-- @tally
SELECT country, ROUND(SUM(revenue), 1) FROM web WHERE country IN ('US', 'DE') GROUP BY country ORDER BY country
-- @duckdb
SELECT country, round(SUM(revenue), 1) FROM ev WHERE country IN ('US', 'DE') GROUP BY country ORDER BY country

-- @id druid-docs-safe-divide
-- @source apache/druid docs/querying/sql-scalar.md SAFE_DIVIDE(x, y) (NULL when dividing by 0)
-- @tally
SELECT SAFE_DIVIDE(SUM(revenue), SUM("count")), SAFE_DIVIDE(SUM(revenue), 0) FROM web WHERE country = 'US'
-- @duckdb
SELECT SUM(revenue) / COUNT(*), NULL::DOUBLE FROM ev WHERE country = 'US'

-- @id druid-docs-integer-division
-- @source apache/druid docs/querying/sql-data-types.md (BIGINT / BIGINT is integer division)
-- @tally
SELECT SUM(latency_sum) / SUM("count") FROM web
-- @duckdb
SELECT SUM(latency_ms) // COUNT(*) FROM ev

-- @id druid-docs-greatest-least
-- @source apache/druid docs/querying/sql-scalar.md GREATEST, LEAST
-- @tally
SELECT GREATEST(MAX(latency_max), 100), LEAST(MAX(latency_max), 100), GREATEST('a', 'b') FROM web WHERE country = 'US'
-- @duckdb
SELECT greatest(MAX(latency_ms), 100), least(MAX(latency_ms), 100), 'b' FROM ev WHERE country = 'US'

-- @id druid-docs-case-searched
-- @source apache/druid docs/querying/sql-scalar.md CASE WHEN
-- @unordered
-- @tally
SELECT CASE WHEN latency_max >= 200 THEN 'slow' WHEN latency_max >= 100 THEN 'ok' ELSE 'fast' END AS bucket, SUM("count") FROM web WHERE country = 'ES' GROUP BY 1
-- @duckdb
SELECT CASE WHEN m >= 200 THEN 'slow' WHEN m >= 100 THEN 'ok' ELSE 'fast' END AS b, SUM(n)
FROM (SELECT MAX(latency_ms) AS m, COUNT(*) AS n FROM ev WHERE country = 'ES' GROUP BY t, country, device, os, browser, page, referrer)
GROUP BY b

-- @id druid-docs-case-simple
-- @source apache/druid docs/querying/sql-scalar.md CASE expr WHEN
-- @unordered
-- @tally
SELECT CASE device WHEN 'desktop' THEN 1 WHEN 'mobile' THEN 2 ELSE 3 END AS k, COUNT(*) FROM web GROUP BY 1
-- @duckdb
SELECT CASE device WHEN 'desktop' THEN 1 WHEN 'mobile' THEN 2 ELSE 3 END AS k, COUNT(*) FROM ev GROUP BY k

-- @id druid-docs-nullif
-- @source apache/druid docs/querying/sql-scalar.md NULLIF
-- @tally
SELECT COUNT(NULLIF(device, 'desktop')) FROM web
-- @duckdb
SELECT COUNT(nullif(device, 'desktop')) FROM ev

-- @id druid-docs-count-column
-- @source apache/druid docs/querying/sql-aggregations.md COUNT(expr) (non-null values; counts events here)
-- @tally
SELECT COUNT(referrer) FROM web
-- @duckdb
SELECT COUNT(referrer) FROM ev

-- @id druid-docs-in-list
-- @source apache/druid docs/querying/sql-operators.md IN
-- @unordered
-- @tally
SELECT browser, COUNT(*) FROM web WHERE browser IN ('Lynx', 'Konqueror', 'SeaMonkey') GROUP BY browser
-- @duckdb
SELECT browser, COUNT(*) FROM ev WHERE browser IN ('Lynx', 'Konqueror', 'SeaMonkey') GROUP BY browser

-- @id druid-docs-not-like
-- @source apache/druid docs/querying/sql-operators.md NOT LIKE
-- @tally
SELECT COUNT(*) FROM web WHERE page NOT LIKE '/%/%'
-- @duckdb
SELECT COUNT(*) FROM ev WHERE page NOT LIKE '/%/%'

-- @id druid-docs-like-escape
-- @source apache/druid docs/querying/sql-operators.md LIKE pattern ESCAPE
-- @tally
SELECT COUNT(*) FROM web WHERE referrer LIKE 'site1\_%' ESCAPE '\' OR referrer LIKE '%.co'
-- @duckdb
SELECT COUNT(*) FROM ev WHERE referrer LIKE 'site1\_%' ESCAPE '\' OR referrer LIKE '%.co'

-- @id druid-docs-between-strings
-- @source apache/druid docs/querying/sql-operators.md BETWEEN on strings
-- @unordered
-- @tally
SELECT country, COUNT(*) FROM web WHERE country BETWEEN 'CA' AND 'CH' GROUP BY country
-- @duckdb
SELECT country, COUNT(*) FROM ev WHERE country BETWEEN 'CA' AND 'CH' GROUP BY country

-- @id druid-docs-or-and-not
-- @source apache/druid docs/querying/sql-operators.md AND, OR, NOT
-- @tally
SELECT COUNT(*) FROM web WHERE (device = 'tablet' OR os = 'KaiOS') AND NOT (country = 'US')
-- @duckdb
SELECT COUNT(*) FROM ev WHERE (device = 'tablet' OR os = 'KaiOS') AND NOT (country = 'US')

-- @id druid-docs-is-distinct-from
-- @source apache/druid docs/querying/sql-operators.md IS DISTINCT FROM
-- @tally
SELECT COUNT(*) FROM web WHERE referrer IS DISTINCT FROM 'google.com'
-- @duckdb
SELECT COUNT(*) FROM ev WHERE referrer IS DISTINCT FROM 'google.com'

-- @id druid-docs-order-by-offset
-- @source apache/druid docs/querying/sql.md (LIMIT and OFFSET)
-- @tally
SELECT country, COUNT(*) AS n FROM web GROUP BY country ORDER BY n DESC LIMIT 3 OFFSET 2
-- @duckdb
SELECT country, COUNT(*) AS n FROM ev GROUP BY country ORDER BY n DESC LIMIT 3 OFFSET 2

-- @id druid-docs-group-by-ordinal-having-alias
-- @source apache/druid docs/querying/sql.md (GROUP BY ordinal, HAVING on an aggregate)
-- @tally
SELECT os, SUM(revenue) AS r FROM web GROUP BY 1 HAVING SUM(revenue) > 1000 ORDER BY 2 DESC
-- @duckdb
SELECT os, SUM(revenue) AS r FROM ev GROUP BY os HAVING SUM(revenue) > 1000 ORDER BY r DESC

-- @id druid-docs-subquery-in-from
-- @source apache/druid docs/querying/sql.md (FROM a subquery)
-- @tally
SELECT AVG(CAST(n AS DOUBLE)) FROM (SELECT country, COUNT(*) AS n FROM web GROUP BY country)
-- @duckdb
SELECT AVG(n::DOUBLE) FROM (SELECT country, COUNT(*) AS n FROM ev GROUP BY country)

-- @id druid-docs-in-subquery
-- @source apache/druid docs/querying/sql.md (WHERE x IN (subquery), planned as a join)
-- @unordered
-- @tally
SELECT device, COUNT(*) FROM web WHERE country IN (SELECT country FROM web GROUP BY country ORDER BY COUNT(*) DESC LIMIT 3) GROUP BY device
-- @duckdb
SELECT device, COUNT(*) FROM ev WHERE country IN ('US', 'DE', 'GB') GROUP BY device

-- @id druid-docs-with-cte
-- @source apache/druid docs/querying/sql.md (WITH clause)
-- @tally
WITH hourly AS (SELECT TIME_FLOOR(__time, 'PT1H') AS h, SUM("count") AS n FROM web GROUP BY 1)
SELECT MAX(n), MIN(n) FROM hourly
-- @duckdb
WITH hourly AS (SELECT date_trunc('hour', t) AS h, COUNT(*) AS n FROM ev GROUP BY 1) SELECT MAX(n), MIN(n) FROM hourly

-- @id druid-docs-union-all
-- @source apache/druid docs/querying/sql.md (UNION ALL of two queries)
-- @unordered
-- @tally
SELECT 'mobile' AS k, COUNT(*) FROM web WHERE device = 'mobile'
UNION ALL
SELECT 'tablet' AS k, COUNT(*) FROM web WHERE device = 'tablet'
-- @duckdb
SELECT device, COUNT(*) FROM ev WHERE device IN ('mobile', 'tablet') GROUP BY device

-- @id druid-docs-schema-qualified-tally
-- @source apache/druid docs/querying/sql.md (FROM schema.table; Tally's own schema name)
-- @tally
SELECT COUNT(*) FROM tally.web WHERE "device" = 'mobile'
-- @duckdb
SELECT COUNT(*) FROM ev WHERE device = 'mobile'

-- @id druid-docs-schema-qualified-unquoted
-- @source apache/druid docs/querying/sql.md (druid.table vs lookup.table)
-- @tally
SELECT COUNT(*) FROM druid.web
-- @duckdb
SELECT COUNT(*) FROM ev

-- @id druid-docs-quoted-column-reserved
-- @source apache/druid docs/querying/sql-syntax.md (double-quoted identifiers for reserved words like "count")
-- @tally
SELECT "count", COUNT(*) FROM "web" WHERE "country" = 'LU' GROUP BY "count"
-- @duckdb
SELECT n, COUNT(*) FROM (SELECT COUNT(*) AS n FROM ev WHERE country = 'LU' GROUP BY t, country, device, os, browser, page, referrer) GROUP BY n

-- @id druid-docs-table-less-select
-- @source apache/druid docs/querying/sql.md (SELECT without FROM)
-- @tally
SELECT 1 + 1, 'a' || 'b', UPPER('x')
-- @rows
[2, "ab", "X"]

-- @id druid-docs-boolean-expression
-- @source apache/druid docs/querying/sql-data-types.md (BOOLEAN results)
-- @tally
SELECT COUNT(*) > 0, MAX(revenue) > 1000000 FROM web
-- @rows
[true, false]

-- @id druid-docs-timeseries-zero-filled-grain
-- @source apache/druid docs/querying/sql-translation.md (timeseries: GROUP BY FLOOR(__time TO DAY) with filter)
-- @tally
SELECT FLOOR(__time TO DAY) AS "day", COUNT(*) AS cnt FROM web WHERE country = 'US' GROUP BY FLOOR(__time TO DAY)
-- @duckdb
SELECT date_trunc('day', t), COUNT(*) FROM ev WHERE country = 'US' GROUP BY 1

-- @id druid-docs-topn-translation
-- @source apache/druid docs/querying/sql-translation.md (TopN: GROUP BY one dimension, ORDER BY aggregate, LIMIT)
-- @tally
SELECT browser, SUM(latency_sum) AS s FROM web GROUP BY browser ORDER BY s DESC LIMIT 3
-- @duckdb
SELECT browser, SUM(latency_ms) AS s FROM ev GROUP BY browser ORDER BY s DESC LIMIT 3

-- @id druid-docs-scan-order-by-time
-- @source apache/druid docs/querying/sql-translation.md (Scan ordered by __time)
-- @tally
SELECT __time, page FROM web WHERE country = 'IE' AND device = 'tablet' ORDER BY __time DESC LIMIT 1
-- @duckdb
SELECT t, page FROM ev WHERE country = 'IE' AND device = 'tablet' ORDER BY t DESC LIMIT 1

-- @id druid-docs-groupby-expression-dimension
-- @source apache/druid docs/querying/sql-translation.md (GROUP BY an expression: virtual column)
-- @unordered
-- @tally
SELECT SUBSTRING(country, 1, 1) AS first_letter, COUNT(*) FROM web GROUP BY 1
-- @duckdb
SELECT substring(country, 1, 1) AS i, COUNT(*) FROM ev GROUP BY i
