-- BI corpus (issue 16), time series: run by dev.tally.server.corpus.BiCorpusTest; the format is described in
-- dev.tally.server.corpus.SqlCorpus.
--
-- Every entry runs on the table rolled up per minute ("web") and on its "rollup": "NONE" copy ("web_raw"), unless
-- "-- @tables" names one; {table} stands for the table in the statement and in the DuckDB query. Both tables hold the
-- same 1,000,000 events (TwinTables, VisitEvents: 2026-01-29T00:00Z to about 2026-02-06, bursts of one to seven
-- events per visit, so the rolled table holds about 2.7 events a row). DuckDB holds the raw events as raw(ts,
-- country, device, os, browser, page, referrer, user_id, revenue, latency_ms) and, for each table, a table of the same
-- name holding the raw events with __time as that table stores it (the minute start in web, the event's own time in
-- web_raw), so grains below a minute compare alike on both sides.
--
-- Metrics: COUNT(*), SUM("count") and SUM(1) count events on both tables; "revenue" sums revenue (one event in ten
-- carries none: AVG and COUNT(revenue) count the events that carried it); "latency_sum" sums and "latency_max" is the
-- maximum of latency_ms; "users" is an HLL sketch of user_id. A condition or bucket over a metric reads a rolled row's
-- value, not an event's, so such entries run on web_raw only. NULLs sort last in ascending order, as in DuckDB.


-- ==================================================================================================================
-- Superset time series: each grain is TIME_FLOOR(CAST("__time" AS TIMESTAMP), period), pydruid quotes every
-- identifier and schema-qualifies the table; the time range is TIME_PARSE of ISO text; a timeseries chart orders by
-- its first metric descending with the row limit (10000).
-- ==================================================================================================================

-- @id superset-grain-pt1m
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.MINUTE] (TIME_FLOOR(CAST({col} AS TIMESTAMP), ...))
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1M') AS "__time", COUNT(*) AS "count"
FROM "druid"."{table}"
WHERE "__time" >= TIME_PARSE('2026-01-30T10:00:00') AND "__time" < TIME_PARSE('2026-01-30T12:00:00')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1M')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT time_bucket(INTERVAL 1 MINUTE, __time) AS b, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-01-30 10:00:00' AND __time < TIMESTAMP '2026-01-30 12:00:00' GROUP BY b ORDER BY b

-- @id superset-grain-pt5m
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.FIVE_MINUTES] (TIME_FLOOR(CAST({col} AS TIMESTAMP), ...))
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT5M') AS "__time", SUM("revenue") AS "SUM(revenue)"
FROM "druid"."{table}"
WHERE "__time" >= TIME_PARSE('2026-01-30T00:00:00') AND "__time" < TIME_PARSE('2026-01-31T00:00:00')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT5M')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT time_bucket(INTERVAL 5 MINUTE, __time) AS b, SUM(revenue) FROM {table}
WHERE __time >= TIMESTAMP '2026-01-30 00:00:00' AND __time < TIMESTAMP '2026-01-31 00:00:00' GROUP BY b ORDER BY b

-- @id superset-grain-pt15m
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.FIFTEEN_MINUTES] (TIME_FLOOR(CAST({col} AS TIMESTAMP), ...))
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT15M') AS "__time", MAX("latency_max") AS "MAX(latency_max)"
FROM "druid"."{table}"
WHERE "__time" >= TIME_PARSE('2026-01-31T00:00:00') AND "__time" < TIME_PARSE('2026-02-01T00:00:00')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT15M')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT time_bucket(INTERVAL 15 MINUTE, __time) AS b, MAX(latency_ms) FROM {table}
WHERE __time >= TIMESTAMP '2026-01-31 00:00:00' AND __time < TIMESTAMP '2026-02-01 00:00:00' GROUP BY b ORDER BY b

-- @id superset-grain-pt30m
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.THIRTY_MINUTES] (TIME_FLOOR(CAST({col} AS TIMESTAMP), ...))
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT30M') AS "__time", SUM("latency_sum") AS "SUM(latency_sum)"
FROM "druid"."{table}"
WHERE "__time" >= TIME_PARSE('2026-02-01T00:00:00') AND "__time" < TIME_PARSE('2026-02-03T00:00:00')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT30M')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT time_bucket(INTERVAL 30 MINUTE, __time) AS b, SUM(latency_ms) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-01 00:00:00' AND __time < TIMESTAMP '2026-02-03 00:00:00' GROUP BY b ORDER BY b

-- @id superset-grain-pt1h
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.HOUR] (TIME_FLOOR(CAST({col} AS TIMESTAMP), ...))
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1H') AS "__time", SUM("count") AS "SUM(count)"
FROM "druid"."{table}"
WHERE "__time" >= TIME_PARSE('2026-01-29T00:00:00') AND "__time" < TIME_PARSE('2026-02-06T00:00:00')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1H')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT date_trunc('hour', __time) AS b, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-01-29 00:00:00' AND __time < TIMESTAMP '2026-02-06 00:00:00' GROUP BY b ORDER BY b

-- @id superset-grain-pt6h
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.SIX_HOURS] (TIME_FLOOR(CAST({col} AS TIMESTAMP), ...))
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT6H') AS "__time", COUNT(*) AS "count"
FROM "druid"."{table}"
WHERE "__time" >= TIME_PARSE('2026-01-29T00:00:00') AND "__time" < TIME_PARSE('2026-02-06T00:00:00')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT6H')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT time_bucket(INTERVAL 6 HOUR, __time) AS b, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-01-29 00:00:00' AND __time < TIMESTAMP '2026-02-06 00:00:00' GROUP BY b ORDER BY b

-- @id superset-grain-p1d
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.DAY] (TIME_FLOOR(CAST({col} AS TIMESTAMP), ...))
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D') AS "__time", SUM("revenue") AS "SUM(revenue)"
FROM "druid"."{table}"
WHERE "__time" >= TIME_PARSE('2026-01-29T00:00:00') AND "__time" < TIME_PARSE('2026-02-06T00:00:00')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT date_trunc('day', __time) AS b, SUM(revenue) FROM {table}
WHERE __time >= TIMESTAMP '2026-01-29 00:00:00' AND __time < TIMESTAMP '2026-02-06 00:00:00' GROUP BY b ORDER BY b

-- @id superset-grain-p1w
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.WEEK] (TIME_FLOOR(CAST({col} AS TIMESTAMP), ...))
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1W') AS "__time", MAX("latency_max") AS "MAX(latency_max)"
FROM "druid"."{table}"
WHERE "__time" >= TIME_PARSE('2026-01-01T00:00:00') AND "__time" < TIME_PARSE('2026-03-01T00:00:00')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1W')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT date_trunc('week', __time) AS b, MAX(latency_ms) FROM {table}
WHERE __time >= TIMESTAMP '2026-01-01 00:00:00' AND __time < TIMESTAMP '2026-03-01 00:00:00' GROUP BY b ORDER BY b

-- @id superset-grain-p1m
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.MONTH] (TIME_FLOOR(CAST({col} AS TIMESTAMP), ...))
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1M') AS "__time", SUM("latency_sum") AS "SUM(latency_sum)"
FROM "druid"."{table}"
WHERE "__time" >= TIME_PARSE('2026-01-01T00:00:00') AND "__time" < TIME_PARSE('2026-03-01T00:00:00')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1M')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT date_trunc('month', __time) AS b, SUM(latency_ms) FROM {table}
WHERE __time >= TIMESTAMP '2026-01-01 00:00:00' AND __time < TIMESTAMP '2026-03-01 00:00:00' GROUP BY b ORDER BY b

-- @id superset-grain-p3m
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.QUARTER] (TIME_FLOOR(CAST({col} AS TIMESTAMP), ...))
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P3M') AS "__time", SUM("count") AS "SUM(count)"
FROM "druid"."{table}"
WHERE "__time" >= TIME_PARSE('2026-01-01T00:00:00') AND "__time" < TIME_PARSE('2026-07-01T00:00:00')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P3M')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT date_trunc('quarter', __time) AS b, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-01-01 00:00:00' AND __time < TIMESTAMP '2026-07-01 00:00:00' GROUP BY b ORDER BY b

-- @id superset-grain-pt1s
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.SECOND] (TIME_FLOOR(CAST({col} AS TIMESTAMP), ...))
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1S') AS "__time", COUNT(*) AS "count"
FROM "druid"."{table}"
WHERE "__time" >= TIME_PARSE('2026-02-02T09:00:00') AND "__time" < TIMESTAMPADD(MINUTE, 3, TIME_PARSE('2026-02-02T09:00:00'))
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1S')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT time_bucket(INTERVAL 1 SECOND, __time) AS b, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-02 09:00:00' AND __time < TIMESTAMP '2026-02-02 09:00:00' + INTERVAL 3 MINUTE GROUP BY b ORDER BY b

-- @id superset-grain-pt5s
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.FIVE_SECONDS] (TIME_FLOOR(CAST({col} AS TIMESTAMP), ...))
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT5S') AS "__time", COUNT(*) AS "count"
FROM "druid"."{table}"
WHERE "__time" >= TIME_PARSE('2026-02-02T09:10:00') AND "__time" < TIMESTAMPADD(MINUTE, 3, TIME_PARSE('2026-02-02T09:10:00'))
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT5S')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT time_bucket(INTERVAL 5 SECOND, __time) AS b, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-02 09:10:00' AND __time < TIMESTAMP '2026-02-02 09:10:00' + INTERVAL 3 MINUTE GROUP BY b ORDER BY b

-- @id superset-grain-pt30s
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.THIRTY_SECONDS] (TIME_FLOOR(CAST({col} AS TIMESTAMP), ...))
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT30S') AS "__time", COUNT(*) AS "count"
FROM "druid"."{table}"
WHERE "__time" >= TIME_PARSE('2026-02-02T09:00:00') AND "__time" < TIMESTAMPADD(MINUTE, 3, TIME_PARSE('2026-02-02T09:00:00'))
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT30S')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT time_bucket(INTERVAL 30 SECOND, __time) AS b, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-02 09:00:00' AND __time < TIMESTAMP '2026-02-02 09:00:00' + INTERVAL 3 MINUTE GROUP BY b ORDER BY b

-- @id superset-timeseries-metric-desc-1
-- @source apache/superset superset/models/helpers.py get_sqla_query (ECharts timeseries: ORDER BY the first metric DESC, row limit)
-- @native
-- @unordered
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1H') AS "__time", COUNT(*) AS "count"
FROM "druid"."{table}"
WHERE "device" = 'tablet'
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1H')
ORDER BY "count" DESC
LIMIT 10000
-- @duckdb
SELECT date_trunc('hour', __time) AS b, COUNT(*) AS m FROM {table} WHERE device = 'tablet' GROUP BY b ORDER BY m DESC

-- @id superset-timeseries-metric-desc-2
-- @source apache/superset superset/models/helpers.py get_sqla_query (ECharts timeseries: ORDER BY the first metric DESC, row limit)
-- @native
-- @unordered
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D') AS "__time", SUM("revenue") AS "SUM(revenue)"
FROM "druid"."{table}"
WHERE "country" IN ('US', 'CA', 'MX')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D')
ORDER BY "SUM(revenue)" DESC
LIMIT 10000
-- @duckdb
SELECT date_trunc('day', __time) AS b, SUM(revenue) AS m FROM {table} WHERE country IN ('US', 'CA', 'MX') GROUP BY b ORDER BY m DESC

-- @id superset-timeseries-metric-desc-3
-- @source apache/superset superset/models/helpers.py get_sqla_query (ECharts timeseries: ORDER BY the first metric DESC, row limit)
-- @native
-- @unordered
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT6H') AS "__time", COUNT(DISTINCT "country") AS "COUNT_DISTINCT(country)"
FROM "druid"."{table}"
WHERE "os" = 'Linux'
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT6H')
ORDER BY "COUNT_DISTINCT(country)" DESC
LIMIT 10000
-- @duckdb
SELECT time_bucket(INTERVAL 6 HOUR, __time) AS b, COUNT(DISTINCT country) AS m FROM {table} WHERE os = 'Linux' GROUP BY b ORDER BY m DESC

-- @id superset-timeseries-metric-desc-4
-- @source apache/superset superset/models/helpers.py get_sqla_query (ECharts timeseries: ORDER BY the first metric DESC, row limit)
-- @native
-- @unordered
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D') AS "__time", MAX("latency_max") AS "MAX(latency_max)"
FROM "druid"."{table}"
WHERE "browser" NOT IN ('Chrome', 'Safari')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D')
ORDER BY "MAX(latency_max)" DESC
LIMIT 10000
-- @duckdb
SELECT date_trunc('day', __time) AS b, MAX(latency_ms) AS m FROM {table} WHERE browser NOT IN ('Chrome', 'Safari') GROUP BY b ORDER BY m DESC

-- @id superset-timeseries-groupby-device
-- @source apache/superset superset/models/helpers.py get_sqla_query (timeseries with a dimension, no series limit)
-- @native
-- @unordered
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D') AS "__time", "device" AS "device", COUNT(*) AS "count"
FROM "druid"."{table}"
WHERE "__time" >= TIME_PARSE('2026-01-29T00:00:00') AND "__time" < TIME_PARSE('2026-02-06T00:00:00')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D'), "device"
ORDER BY "count" DESC
LIMIT 10000
-- @duckdb
SELECT date_trunc('day', __time) AS b, device, COUNT(*) AS n FROM {table} GROUP BY ALL ORDER BY n DESC

-- @id superset-timeseries-groupby-two-dims
-- @source apache/superset superset/models/helpers.py get_sqla_query (timeseries with two dimensions)
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT6H') AS "__time", "device" AS "device", "os" AS "os", SUM("revenue") AS "SUM(revenue)"
FROM "druid"."{table}"
WHERE "os" IN ('iOS', 'Android', 'Windows')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT6H'), "device", "os"
ORDER BY "SUM(revenue)" DESC
LIMIT 10000
-- @duckdb
SELECT time_bucket(INTERVAL 6 HOUR, __time) AS b, device, os, SUM(revenue) AS r FROM {table}
WHERE os IN ('iOS', 'Android', 'Windows') GROUP BY ALL ORDER BY r DESC

-- @id superset-big-number-trendline-week
-- @source apache/superset superset/models/helpers.py get_sqla_query (big number with trendline, weekly grain)
-- @native
-- @unordered
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1W') AS "__time", COUNT(*) AS "count"
FROM "druid"."{table}"
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1W')
-- @duckdb
SELECT date_trunc('week', __time) AS b, COUNT(*) FROM {table} GROUP BY b

-- @id superset-time-grain-with-cast-filter
-- @source apache/superset superset/models/helpers.py get_sqla_query (time range filter as CAST(TIME_PARSE(...) AS TIMESTAMP))
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1H') AS "__time", COUNT(*) AS "count"
FROM "druid"."{table}"
WHERE "__time" >= CAST(TIME_PARSE('2026-02-01T00:00:00') AS TIMESTAMP) AND "__time" < CAST(TIME_PARSE('2026-02-01T12:00:00') AS TIMESTAMP)
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1H')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT date_trunc('hour', __time) AS b, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-01 00:00:00' AND __time < TIMESTAMP '2026-02-01 12:00:00' GROUP BY b ORDER BY b


-- ==================================================================================================================
-- DATE_TRUNC(unit, __time): Metabase's generic SQL, Looker's and analysts' time dimensions; minute to year push as
-- time buckets; week starts on Monday as in DuckDB.
-- ==================================================================================================================

-- @id date-trunc-minute
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj sql.qp/date :minute (date_trunc)
-- @native
-- @tally
SELECT DATE_TRUNC('minute', __time) AS t, COUNT(*) AS v FROM {table} WHERE country = 'JP' AND __time >= TIMESTAMP '2026-02-03 06:00:00' AND __time < TIMESTAMP '2026-02-03 07:00:00' GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('minute', __time) AS t, COUNT(*) FROM {table} WHERE country = 'JP' AND __time >= TIMESTAMP '2026-02-03 06:00:00' AND __time < TIMESTAMP '2026-02-03 07:00:00' GROUP BY 1 ORDER BY 1

-- @id date-trunc-hour
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj sql.qp/date :hour (date_trunc)
-- @native
-- @tally
SELECT DATE_TRUNC('hour', __time) AS t, SUM(revenue) AS v FROM {table} WHERE device = 'mobile' GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('hour', __time) AS t, SUM(revenue) FROM {table} WHERE device = 'mobile' GROUP BY 1 ORDER BY 1

-- @id date-trunc-day
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj sql.qp/date :day (date_trunc)
-- @native
-- @tally
SELECT DATE_TRUNC('day', __time) AS t, COUNT(*) AS v FROM {table} WHERE browser = 'Firefox' GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('day', __time) AS t, COUNT(*) FROM {table} WHERE browser = 'Firefox' GROUP BY 1 ORDER BY 1

-- @id date-trunc-week
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj sql.qp/date :week (date_trunc)
-- @native
-- @tally
SELECT DATE_TRUNC('week', __time) AS t, SUM(latency_sum) AS v FROM {table} WHERE os = 'macOS' GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('week', __time) AS t, SUM(latency_ms) FROM {table} WHERE os = 'macOS' GROUP BY 1 ORDER BY 1

-- @id date-trunc-month
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj sql.qp/date :month (date_trunc)
-- @native
-- @tally
SELECT DATE_TRUNC('month', __time) AS t, COUNT(*) AS v FROM {table} WHERE referrer IS NOT NULL GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('month', __time) AS t, COUNT(*) FROM {table} WHERE referrer IS NOT NULL GROUP BY 1 ORDER BY 1

-- @id date-trunc-quarter
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj sql.qp/date :quarter (date_trunc)
-- @native
-- @tally
SELECT DATE_TRUNC('quarter', __time) AS t, MAX(latency_max) AS v FROM {table} WHERE page = '/checkout' GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('quarter', __time) AS t, MAX(latency_ms) FROM {table} WHERE page = '/checkout' GROUP BY 1 ORDER BY 1

-- @id date-trunc-year
-- @source metabase/metabase modules/drivers/druid-jdbc/src/metabase/driver/druid_jdbc.clj sql.qp/date :year (date_trunc)
-- @native
-- @tally
SELECT DATE_TRUNC('year', __time) AS t, SUM("count") AS v FROM {table} WHERE country <> 'US' GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('year', __time) AS t, COUNT(*) FROM {table} WHERE country <> 'US' GROUP BY 1 ORDER BY 1

-- @id date-trunc-day-upper-unit
-- @source looker-open-source/sql dialect: DATE_TRUNC with an upper-case unit
-- @native
-- @tally
SELECT DATE_TRUNC('DAY', "__time") AS "day", COUNT(*) AS "events", SUM("revenue") AS "revenue"
FROM "{table}"
GROUP BY DATE_TRUNC('DAY', "__time")
ORDER BY DATE_TRUNC('DAY', "__time") DESC
-- @duckdb
SELECT date_trunc('day', __time) AS d, COUNT(*), SUM(revenue) FROM {table} GROUP BY d ORDER BY d DESC

-- @id date-trunc-hour-two-dims
-- @source analyst SQL: hourly by device and os
-- @native
-- @tally
SELECT DATE_TRUNC('hour', __time) AS h, device, os, COUNT(*) AS n
FROM {table}
WHERE __time >= TIMESTAMP '2026-02-02 00:00:00' AND __time < TIMESTAMP '2026-02-03 00:00:00' AND os IN ('Windows', 'iOS')
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3
-- @duckdb
SELECT date_trunc('hour', __time) AS h, device, os, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-02 00:00:00' AND __time < TIMESTAMP '2026-02-03 00:00:00' AND os IN ('Windows', 'iOS')
GROUP BY ALL ORDER BY 1, 2, 3

-- @id date-trunc-week-count-distinct
-- @source analyst SQL: weekly distinct pages
-- @native
-- @tally
SELECT DATE_TRUNC('week', __time) AS wk, COUNT(DISTINCT page) AS pages, COUNT(DISTINCT referrer) AS referrers
FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('week', __time) AS wk, COUNT(DISTINCT page), COUNT(DISTINCT referrer) FROM {table} GROUP BY 1 ORDER BY 1

-- @id date-trunc-day-filtered-by-day
-- @source metabase/metabase relative date filter "between" on a truncated day
-- @native
-- @tally
SELECT DATE_TRUNC('day', __time) AS d, COUNT(*) AS n
FROM {table}
WHERE DATE_TRUNC('day', __time) BETWEEN TIMESTAMP '2026-01-31 00:00:00' AND TIMESTAMP '2026-02-02 00:00:00'
GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('day', __time) AS d, COUNT(*) FROM {table}
WHERE date_trunc('day', __time) BETWEEN TIMESTAMP '2026-01-31 00:00:00' AND TIMESTAMP '2026-02-02 00:00:00'
GROUP BY 1 ORDER BY 1

-- @id date-trunc-month-where-equals
-- @source analyst SQL: one month's total by a truncated-month equality
-- @native
-- @tally
SELECT COUNT(*) AS n, SUM(revenue) AS r FROM {table} WHERE DATE_TRUNC('month', __time) = TIMESTAMP '2026-02-01 00:00:00'
-- @duckdb
SELECT COUNT(*), SUM(revenue) FROM {table} WHERE date_trunc('month', __time) = TIMESTAMP '2026-02-01 00:00:00'


-- ==================================================================================================================
-- FLOOR(__time TO unit): Superset 1.x grains, Druid's tutorials and hand-written SQL.
-- ==================================================================================================================

-- @id floor-to-minute
-- @source apache/superset superset/db_engine_specs/druid.py (1.x) FLOOR({col} TO MINUTE)
-- @native
-- @tally
SELECT FLOOR(__time TO MINUTE) AS t, COUNT(*) AS v FROM {table} WHERE __time >= TIMESTAMP '2026-02-04 10:00:00' AND __time < TIMESTAMP '2026-02-04 10:30:00' GROUP BY FLOOR(__time TO MINUTE) ORDER BY t
-- @duckdb
SELECT date_trunc('minute', __time) AS t, COUNT(*) FROM {table} WHERE __time >= TIMESTAMP '2026-02-04 10:00:00' AND __time < TIMESTAMP '2026-02-04 10:30:00' GROUP BY t ORDER BY t

-- @id floor-to-hour
-- @source apache/superset superset/db_engine_specs/druid.py (1.x) FLOOR({col} TO HOUR)
-- @native
-- @tally
SELECT FLOOR(__time TO HOUR) AS t, SUM(revenue) AS v FROM {table} GROUP BY FLOOR(__time TO HOUR) ORDER BY t
-- @duckdb
SELECT date_trunc('hour', __time) AS t, SUM(revenue) FROM {table} GROUP BY t ORDER BY t

-- @id floor-to-day
-- @source apache/superset superset/db_engine_specs/druid.py (1.x) FLOOR({col} TO DAY)
-- @native
-- @tally
SELECT FLOOR(__time TO DAY) AS t, COUNT(DISTINCT country) AS v FROM {table} GROUP BY FLOOR(__time TO DAY) ORDER BY t
-- @duckdb
SELECT date_trunc('day', __time) AS t, COUNT(DISTINCT country) FROM {table} GROUP BY t ORDER BY t

-- @id floor-to-week
-- @source apache/superset superset/db_engine_specs/druid.py (1.x) FLOOR({col} TO WEEK)
-- @native
-- @tally
SELECT FLOOR(__time TO WEEK) AS t, SUM(latency_sum) AS v FROM {table} GROUP BY FLOOR(__time TO WEEK) ORDER BY t
-- @duckdb
SELECT date_trunc('week', __time) AS t, SUM(latency_ms) FROM {table} GROUP BY t ORDER BY t

-- @id floor-to-month
-- @source apache/superset superset/db_engine_specs/druid.py (1.x) FLOOR({col} TO MONTH)
-- @native
-- @tally
SELECT FLOOR(__time TO MONTH) AS t, COUNT(*) AS v FROM {table} GROUP BY FLOOR(__time TO MONTH) ORDER BY t
-- @duckdb
SELECT date_trunc('month', __time) AS t, COUNT(*) FROM {table} GROUP BY t ORDER BY t

-- @id floor-to-hour-with-dimension-top
-- @source apache/druid docs/tutorials/tutorial-query.md (FLOOR(__time TO HOUR) with a dimension)
-- @native
-- @tally
SELECT FLOOR(__time TO HOUR) AS hour_time, country, COUNT(*) AS events
FROM {table}
WHERE __time BETWEEN TIMESTAMP '2026-01-30 00:00:00' AND TIMESTAMP '2026-01-30 05:59:59' AND country IN ('US', 'DE', 'FR')
GROUP BY 1, 2
ORDER BY hour_time, country
-- @duckdb
SELECT date_trunc('hour', __time) AS h, country, COUNT(*) FROM {table}
WHERE __time BETWEEN TIMESTAMP '2026-01-30 00:00:00' AND TIMESTAMP '2026-01-30 05:59:59' AND country IN ('US', 'DE', 'FR')
GROUP BY ALL ORDER BY 1, 2

-- @id ceil-to-day
-- @source apache/druid docs/querying/sql-scalar.md CEIL(timestamp_expr TO unit) as a group key
-- @native
-- @tally
SELECT CEIL(__time TO DAY) AS day_end, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT CASE WHEN __time = date_trunc('day', __time) THEN __time ELSE date_trunc('day', __time) + INTERVAL 1 DAY END AS d,
COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1


-- ==================================================================================================================
-- CAST(__time AS DATE): Tableau's and Metabase's day, as a group key and in filters; the answer is a DATE, written
-- as its UTC midnight.
-- ==================================================================================================================

-- @id tableau-cast-date-sum-records
-- @source tableau generic JDBC dialect (exact date dimension: CAST(... AS DATE), SUM(1) as Number of Records)
-- @native
-- @unordered
-- @tally
SELECT CAST("web"."__time" AS DATE) AS "tdy:__time:ok",
  SUM(1) AS "sum:Number of Records:ok"
FROM "druid"."{table}" "web"
GROUP BY CAST("web"."__time" AS DATE)
-- @duckdb
SELECT date_trunc('day', __time) AS d, COUNT(*) FROM {table} GROUP BY d

-- @id cast-date-count-order
-- @source metabase/metabase sql.qp/date :day as CAST(... AS DATE)
-- @native
-- @tally
SELECT CAST(__time AS DATE) AS "day", COUNT(*) AS "count" FROM {table} GROUP BY CAST(__time AS DATE) ORDER BY CAST(__time AS DATE) ASC
-- @duckdb
SELECT date_trunc('day', __time) AS d, COUNT(*) FROM {table} GROUP BY d ORDER BY d

-- @id cast-date-with-device
-- @source analyst SQL: daily by device
-- @native
-- @tally
SELECT CAST(__time AS DATE) AS d, device, SUM(revenue) AS revenue, COUNT(*) AS events
FROM {table} GROUP BY 1, 2 ORDER BY 1, 2
-- @duckdb
SELECT date_trunc('day', __time) AS d, device, SUM(revenue), COUNT(*) FROM {table} GROUP BY ALL ORDER BY 1, 2

-- @id cast-date-filter-equals
-- @source tableau generic JDBC dialect (quick filter on an exact date)
-- @native
-- @tally
SELECT "web"."country" AS "country", SUM(1) AS "sum:Number of Records:ok"
FROM "druid"."{table}" "web"
WHERE (CAST("web"."__time" AS DATE) = DATE '2026-02-01')
GROUP BY "web"."country"
ORDER BY 2 DESC, 1
LIMIT 20
-- @duckdb
SELECT country, COUNT(*) AS n FROM {table} WHERE date_trunc('day', __time) = TIMESTAMP '2026-02-01 00:00:00'
GROUP BY country ORDER BY n DESC, country LIMIT 20

-- @id cast-date-filter-range
-- @source tableau generic JDBC dialect (range of dates filter)
-- @native
-- @tally
SELECT CAST("web"."__time" AS DATE) AS "tdy:__time:ok", COUNT(*) AS "cnt:Number of Records:ok"
FROM "druid"."{table}" "web"
WHERE ((CAST("web"."__time" AS DATE) >= DATE '2026-01-30') AND (CAST("web"."__time" AS DATE) <= DATE '2026-02-02'))
GROUP BY CAST("web"."__time" AS DATE)
ORDER BY 1
-- @duckdb
SELECT date_trunc('day', __time) AS d, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-01-30 00:00:00' AND __time < TIMESTAMP '2026-02-03 00:00:00' GROUP BY d ORDER BY d

-- @id cast-date-in-list
-- @source analyst SQL: some days by CAST(__time AS DATE) IN (...)
-- @native
-- @tally
SELECT device, COUNT(*) FROM {table}
WHERE CAST(__time AS DATE) IN (DATE '2026-01-29', DATE '2026-02-02', DATE '2026-02-05')
GROUP BY device ORDER BY device
-- @duckdb
SELECT device, COUNT(*) FROM {table}
WHERE date_trunc('day', __time) IN (TIMESTAMP '2026-01-29', TIMESTAMP '2026-02-02', TIMESTAMP '2026-02-05')
GROUP BY device ORDER BY device

-- @id cast-date-distinct-countries
-- @source metabase/metabase (distinct countries per day)
-- @native
-- @tally
SELECT CAST("druid"."{table}"."__time" AS DATE) AS "__time", COUNT(DISTINCT "druid"."{table}"."country") AS "count"
FROM "druid"."{table}"
GROUP BY CAST("druid"."{table}"."__time" AS DATE)
ORDER BY CAST("druid"."{table}"."__time" AS DATE) ASC
-- @duckdb
SELECT date_trunc('day', __time) AS d, COUNT(DISTINCT country) FROM {table} GROUP BY d ORDER BY d


-- ==================================================================================================================
-- Grafana's Druid data source: $__timeFilter(__time) expands to __time >= TIMESTAMP '...' AND __time <= TIMESTAMP
-- '...', $__timeGroup(__time, 5m) to TIME_FLOOR(__time, 'PT5M'); panels order by time; a series column makes a panel
-- per value.
-- ==================================================================================================================

-- @id grafana-timegroup-pt1m
-- @source grafadruid/druid-grafana pkg/druid.go macros ($__timeFilter, $__timeGroup(__time, 1m))
-- @native
-- @tally
SELECT TIME_FLOOR(__time, 'PT1M') AS "time", COUNT(*) AS "value"
FROM {table}
WHERE __time >= TIMESTAMP '2026-02-02 14:00:00' AND __time <= TIMESTAMP '2026-02-02 15:00:00'
GROUP BY 1
ORDER BY 1
-- @duckdb
SELECT date_trunc('minute', __time) AS t, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-02 14:00:00' AND __time <= TIMESTAMP '2026-02-02 15:00:00' GROUP BY t ORDER BY t

-- @id grafana-timegroup-pt5m
-- @source grafadruid/druid-grafana pkg/druid.go macros ($__timeFilter, $__timeGroup(__time, 5m))
-- @native
-- @tally
SELECT TIME_FLOOR(__time, 'PT5M') AS "time", SUM(revenue) AS "value"
FROM {table}
WHERE __time >= TIMESTAMP '2026-02-02 00:00:00' AND __time <= TIMESTAMP '2026-02-02 12:00:00' AND device = 'desktop'
GROUP BY 1
ORDER BY 1
-- @duckdb
SELECT time_bucket(INTERVAL 5 MINUTE, __time) AS t, SUM(revenue) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-02 00:00:00' AND __time <= TIMESTAMP '2026-02-02 12:00:00' AND device = 'desktop' GROUP BY t ORDER BY t

-- @id grafana-timegroup-pt10m
-- @source grafadruid/druid-grafana pkg/druid.go macros ($__timeFilter, $__timeGroup(__time, 10m))
-- @native
-- @tally
SELECT TIME_FLOOR(__time, 'PT10M') AS "time", MAX(latency_max) AS "value"
FROM {table}
WHERE __time >= TIMESTAMP '2026-01-31 06:00:00' AND __time <= TIMESTAMP '2026-01-31 18:00:00'
GROUP BY 1
ORDER BY 1
-- @duckdb
SELECT time_bucket(INTERVAL 10 MINUTE, __time) AS t, MAX(latency_ms) FROM {table}
WHERE __time >= TIMESTAMP '2026-01-31 06:00:00' AND __time <= TIMESTAMP '2026-01-31 18:00:00' GROUP BY t ORDER BY t

-- @id grafana-timegroup-pt30m
-- @source grafadruid/druid-grafana pkg/druid.go macros ($__timeFilter, $__timeGroup(__time, 30m))
-- @native
-- @tally
SELECT TIME_FLOOR(__time, 'PT30M') AS "time", COUNT(*) AS "value"
FROM {table}
WHERE __time >= TIMESTAMP '2026-01-30 00:00:00' AND __time <= TIMESTAMP '2026-02-01 00:00:00' AND country = 'BR'
GROUP BY 1
ORDER BY 1
-- @duckdb
SELECT time_bucket(INTERVAL 30 MINUTE, __time) AS t, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-01-30 00:00:00' AND __time <= TIMESTAMP '2026-02-01 00:00:00' AND country = 'BR' GROUP BY t ORDER BY t

-- @id grafana-timegroup-pt1h
-- @source grafadruid/druid-grafana pkg/druid.go macros ($__timeFilter, $__timeGroup(__time, 1h))
-- @native
-- @native-gap 16: arithmetic over aggregates (a post-aggregation: ROUND(SUM(x), 2), SUM(a) / SUM(b), ABS(SUM(x) - c)) runs as an EnumerableCalc above the native query
-- @tally
SELECT TIME_FLOOR(__time, 'PT1H') AS "time", SUM(latency_sum) / SUM("count") AS "value"
FROM {table}
WHERE __time >= TIMESTAMP '2026-01-29 00:00:00' AND __time <= TIMESTAMP '2026-02-06 00:00:00'
GROUP BY 1
ORDER BY 1
-- @duckdb
SELECT date_trunc('hour', __time) AS t, SUM(latency_ms) // COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-01-29 00:00:00' AND __time <= TIMESTAMP '2026-02-06 00:00:00' GROUP BY t ORDER BY t

-- @id grafana-timegroup-pt2h
-- @source grafadruid/druid-grafana pkg/druid.go macros ($__timeFilter, $__timeGroup(__time, 2h))
-- @native
-- @tally
SELECT TIME_FLOOR(__time, 'PT2H') AS "time", COUNT(DISTINCT page) AS "value"
FROM {table}
WHERE __time >= TIMESTAMP '2026-02-03 00:00:00' AND __time <= TIMESTAMP '2026-02-05 00:00:00' AND page LIKE '/blog/%'
GROUP BY 1
ORDER BY 1
-- @duckdb
SELECT time_bucket(INTERVAL 2 HOUR, __time) AS t, COUNT(DISTINCT page) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-03 00:00:00' AND __time <= TIMESTAMP '2026-02-05 00:00:00' AND page LIKE '/blog/%' GROUP BY t ORDER BY t

-- @id grafana-timegroup-p1d
-- @source grafadruid/druid-grafana pkg/druid.go macros ($__timeFilter, $__timeGroup(__time, d))
-- @native
-- @tally
SELECT TIME_FLOOR(__time, 'P1D') AS "time", SUM(revenue) AS "value"
FROM {table}
WHERE __time >= TIMESTAMP '2026-01-29 00:00:00' AND __time <= TIMESTAMP '2026-02-05 23:59:59'
GROUP BY 1
ORDER BY 1
-- @duckdb
SELECT date_trunc('day', __time) AS t, SUM(revenue) FROM {table}
WHERE __time >= TIMESTAMP '2026-01-29 00:00:00' AND __time <= TIMESTAMP '2026-02-05 23:59:59' GROUP BY t ORDER BY t

-- @id grafana-multi-series-device
-- @source grafadruid/druid-grafana pkg/druid.go macros (time series with a series column)
-- @native
-- @tally
SELECT TIME_FLOOR(__time, 'PT1H') AS "time", device AS "metric", COUNT(*) AS "value"
FROM {table}
WHERE __time >= TIMESTAMP '2026-02-01 00:00:00' AND __time <= TIMESTAMP '2026-02-02 23:59:59'
GROUP BY 1, 2
ORDER BY 1, 2
-- @duckdb
SELECT date_trunc('hour', __time) AS t, device, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-01 00:00:00' AND __time <= TIMESTAMP '2026-02-02 23:59:59' GROUP BY ALL ORDER BY 1, 2

-- @id grafana-multi-series-browser
-- @source grafadruid/druid-grafana pkg/druid.go macros (time series with a series column)
-- @native
-- @tally
SELECT TIME_FLOOR(__time, 'PT6H') AS "time", browser AS "metric", COUNT(*) AS "value"
FROM {table}
WHERE __time >= TIMESTAMP '2026-02-01 00:00:00' AND __time <= TIMESTAMP '2026-02-02 23:59:59' AND browser IN ('Chrome', 'Safari', 'Edge')
GROUP BY 1, 2
ORDER BY 1, 2
-- @duckdb
SELECT time_bucket(INTERVAL 6 HOUR, __time) AS t, browser, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-01 00:00:00' AND __time <= TIMESTAMP '2026-02-02 23:59:59' AND browser IN ('Chrome', 'Safari', 'Edge') GROUP BY ALL ORDER BY 1, 2

-- @id grafana-multi-series-os
-- @source grafadruid/druid-grafana pkg/druid.go macros (time series with a series column)
-- @native
-- @tally
SELECT TIME_FLOOR(__time, 'PT15M') AS "time", os AS "metric", COUNT(*) AS "value"
FROM {table}
WHERE __time >= TIMESTAMP '2026-02-01 00:00:00' AND __time <= TIMESTAMP '2026-02-02 23:59:59' AND os LIKE '%OS'
GROUP BY 1, 2
ORDER BY 1, 2
-- @duckdb
SELECT time_bucket(INTERVAL 15 MINUTE, __time) AS t, os, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-01 00:00:00' AND __time <= TIMESTAMP '2026-02-02 23:59:59' AND os LIKE '%OS' GROUP BY ALL ORDER BY 1, 2

-- @id grafana-timefilter-iso-literals
-- @source grafadruid/druid-grafana pkg/druid.go macros ($__timeFilter with ISO-8601 text ${__from:date:iso})
-- @native
-- @tally
SELECT TIME_FLOOR(__time, 'PT1H') AS "time", COUNT(*) AS "value"
FROM "{table}"
WHERE "__time" >= '2026-02-04T00:00:00.000Z' AND "__time" <= '2026-02-04T11:59:59.999Z'
GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('hour', __time) AS t, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-04 00:00:00' AND __time <= TIMESTAMP '2026-02-04 11:59:59.999' GROUP BY t ORDER BY t

-- @id grafana-timefilter-millis
-- @source grafadruid/druid-grafana pkg/druid.go macros ($__from and $__to as epoch millis, MILLIS_TO_TIMESTAMP)
-- @native
-- @tally
SELECT TIME_FLOOR(__time, 'PT30M') AS "time", SUM("revenue") AS "revenue"
FROM {table}
WHERE __time >= MILLIS_TO_TIMESTAMP(1769990400000) AND __time <= MILLIS_TO_TIMESTAMP(1770033600000)
GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT time_bucket(INTERVAL 30 MINUTE, __time) AS t, SUM(revenue) FROM {table}
WHERE __time >= make_timestamp(1769990400000 * 1000) AND __time <= make_timestamp(1770033600000 * 1000) GROUP BY t ORDER BY t

-- @id grafana-stat-total
-- @source grafadruid/druid-grafana pkg/druid.go macros (stat panel: one number over the dashboard range)
-- @native
-- @tally
SELECT COUNT(*) AS "value" FROM {table}
WHERE __time >= TIMESTAMP '2026-02-03 00:00:00' AND __time <= TIMESTAMP '2026-02-03 23:59:59'
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE __time >= TIMESTAMP '2026-02-03 00:00:00' AND __time <= TIMESTAMP '2026-02-03 23:59:59'

-- @id grafana-table-top-referrers
-- @source grafadruid/druid-grafana pkg/druid.go macros (table panel over the dashboard range)
-- @native
-- @tally
SELECT referrer, COUNT(*) AS hits, SUM(revenue) AS revenue
FROM {table}
WHERE __time >= TIMESTAMP '2026-01-29 00:00:00' AND __time <= TIMESTAMP '2026-02-06 00:00:00' AND referrer IS NOT NULL
GROUP BY referrer
ORDER BY hits DESC
LIMIT 10
-- @duckdb
SELECT referrer, COUNT(*) AS hits, SUM(revenue) FROM {table} WHERE referrer IS NOT NULL
GROUP BY referrer ORDER BY hits DESC LIMIT 10

-- @id grafana-timegroup-epoch-millis-column
-- @source grafadruid/druid-grafana pkg/druid.go macros (time column as epoch millis for the time series frame)
-- @native
-- @tally
SELECT TIMESTAMP_TO_MILLIS(TIME_FLOOR(__time, 'PT1H')) AS "time", COUNT(*) AS "value"
FROM {table}
WHERE __time >= TIMESTAMP '2026-02-05 00:00:00' AND __time <= TIMESTAMP '2026-02-05 12:00:00'
GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT epoch_ms(date_trunc('hour', __time)) AS t, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-05 00:00:00' AND __time <= TIMESTAMP '2026-02-05 12:00:00' GROUP BY t ORDER BY t


-- ==================================================================================================================
-- MIN(__time) and MAX(__time): the first thing a BI tool asks of a time column (Metabase's fingerprint, Superset's
-- time range hints); on the rolled table they are minute starts.
-- ==================================================================================================================

-- @id min-max-time
-- @source metabase/metabase sync fingerprint (earliest and latest of a datetime field)
-- @native
-- @tally
SELECT MIN("__time") AS "earliest", MAX("__time") AS "latest" FROM "druid"."{table}"
-- @duckdb
SELECT MIN(__time), MAX(__time) FROM {table}

-- @id min-max-time-by-device
-- @source analyst SQL: first and last event per device
-- @native
-- @tally
SELECT device, MIN(__time) AS first_seen, MAX(__time) AS last_seen, COUNT(*) AS n FROM {table} GROUP BY device ORDER BY device
-- @duckdb
SELECT device, MIN(__time), MAX(__time), COUNT(*) FROM {table} GROUP BY device ORDER BY device

-- @id min-max-time-filtered
-- @source analyst SQL: first and last purchase page view
-- @native
-- @tally
SELECT MIN(__time), MAX(__time) FROM {table} WHERE page = '/checkout' AND country = 'NZ'
-- @duckdb
SELECT MIN(__time), MAX(__time) FROM {table} WHERE page = '/checkout' AND country = 'NZ'

-- @id min-max-time-in-range
-- @source apache/superset time range endpoints within a filter
-- @native
-- @tally
SELECT MIN(__time) AS "min", MAX(__time) AS "max" FROM {table}
WHERE __time >= TIMESTAMP '2026-02-01 00:00:00' AND __time < TIMESTAMP '2026-02-02 00:00:00' AND browser = 'Opera'
-- @duckdb
SELECT MIN(__time), MAX(__time) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-01 00:00:00' AND __time < TIMESTAMP '2026-02-02 00:00:00' AND browser = 'Opera'

-- @id min-max-time-per-day
-- @source analyst SQL: activity window per day
-- @native
-- @tally
SELECT FLOOR(__time TO DAY) AS d, MIN(__time) AS first_event, MAX(__time) AS last_event FROM {table}
WHERE country = 'IS' GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('day', __time) AS d, MIN(__time), MAX(__time) FROM {table} WHERE country = 'IS' GROUP BY 1 ORDER BY 1

-- @id min-max-time-top-countries
-- @source analyst SQL: latest event per country, most recent first
-- @native
-- @tally
SELECT country, MAX(__time) AS last_event FROM {table} WHERE country IN ('FJ', 'PG', 'WS', 'TO') GROUP BY country ORDER BY 2 DESC, 1
-- @duckdb
SELECT country, MAX(__time) AS l FROM {table} WHERE country IN ('FJ', 'PG', 'WS', 'TO') GROUP BY country ORDER BY 2 DESC, 1


-- ==================================================================================================================
-- Time zones and shifted periods in time series (Cube and Superset with a zone; week-over-week).
-- ==================================================================================================================

-- @id time-floor-day-new-york
-- @source cube-js/cube packages/cubejs-druid-driver/src/DruidQuery.ts convertTz (America/New_York, -05:00 in winter)
-- @native
-- @tally
SELECT TIME_FLOOR(__time, 'P1D', NULL, 'America/New_York') AS d, COUNT(*) AS n FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('day', __time - INTERVAL 5 HOUR) + INTERVAL 5 HOUR AS d, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1

-- @id time-floor-hour-kolkata
-- @source cube-js/cube convertTz (Asia/Kolkata, +05:30)
-- @native
-- @tally
SELECT TIME_FLOOR(__time, 'PT1H', NULL, 'Asia/Kolkata') AS h, SUM(revenue) AS r FROM {table}
WHERE __time >= TIMESTAMP '2026-02-01 00:00:00' AND __time < TIMESTAMP '2026-02-02 00:00:00' GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('hour', __time + INTERVAL 330 MINUTE) - INTERVAL 330 MINUTE AS h, SUM(revenue) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-01 00:00:00' AND __time < TIMESTAMP '2026-02-02 00:00:00' GROUP BY 1 ORDER BY 1

-- @id time-floor-week-sunday-metabase
-- @source metabase/metabase druid_jdbc.clj sql.qp/date :week (start of week Sunday: TIME_SHIFT around TIME_FLOOR)
-- @native
-- @tally
SELECT TIME_SHIFT(TIME_FLOOR(TIME_SHIFT(__time, 'P1D', 1), 'P1W'), 'P1D', -1) AS "__time", COUNT(*) AS "count"
FROM "druid"."{table}"
GROUP BY TIME_SHIFT(TIME_FLOOR(TIME_SHIFT(__time, 'P1D', 1), 'P1W'), 'P1D', -1)
ORDER BY 1 ASC
-- @duckdb
SELECT date_trunc('week', __time + INTERVAL 1 DAY) - INTERVAL 1 DAY AS w, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1

-- @id timestampadd-day-buckets
-- @source metabase/metabase druid_jdbc.clj add-interval-honeysql-form (a day later, as a group key)
-- @native
-- @native-gap 16: TIMESTAMPADD(DAY, 1, FLOOR(__time TO DAY)) as a group key is not translated: Calcite groups a native scan of every row (minimal: SELECT TIMESTAMPADD(DAY, 1, FLOOR(__time TO DAY)), COUNT(*) FROM web GROUP BY 1)
-- @tally
SELECT TIMESTAMPADD(DAY, 1, FLOOR(__time TO DAY)) AS next_day, COUNT(*) AS n FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('day', __time) + INTERVAL 1 DAY AS d, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1

-- @id week-over-week-shifted-range
-- @source apache/superset superset/common/query_context_processor.py (time comparison "1 week ago")
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D') AS "__time", COUNT(*) AS "count"
FROM "druid"."{table}"
WHERE "__time" >= TIME_SHIFT(TIME_PARSE('2026-02-05T00:00:00'), 'P1W', -1) AND "__time" < TIME_SHIFT(TIME_PARSE('2026-02-06T00:00:00'), 'P1W', -1)
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D')
LIMIT 10000
-- @duckdb
SELECT date_trunc('day', __time) AS d, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-01-29 00:00:00' AND __time < TIMESTAMP '2026-01-30 00:00:00' GROUP BY d

-- @id extract-second-raw
-- @source apache/druid docs/querying/sql-scalar.md EXTRACT(SECOND FROM __time) (0 on the rolled table)
-- @native
-- @tally
SELECT EXTRACT(SECOND FROM __time) AS s, COUNT(*) AS n FROM {table}
WHERE __time >= TIMESTAMP '2026-02-01 10:00:00' AND __time < TIMESTAMP '2026-02-01 11:00:00' GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT second(__time) AS s, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-01 10:00:00' AND __time < TIMESTAMP '2026-02-01 11:00:00' GROUP BY 1 ORDER BY 1

-- @id time-in-interval-daily
-- @source apache/druid docs/querying/sql-scalar.md TIME_IN_INTERVAL in a dashboard filter
-- @native
-- @tally
SELECT TIME_FLOOR(__time, 'P1D') AS d, COUNT(*) FROM {table}
WHERE TIME_IN_INTERVAL(__time, '2026-01-31T00:00:00Z/P3D') GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('day', __time) AS d, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-01-31 00:00:00' AND __time < TIMESTAMP '2026-02-03 00:00:00' GROUP BY 1 ORDER BY 1


-- ==================================================================================================================
-- More time series: other metrics per grain, origins, relative ranges written out by the tool.
-- ==================================================================================================================

-- @id superset-grain-p1d-distinct-pages
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.DAY] (TIME_FLOOR(CAST({col} AS TIMESTAMP), ...)) with COUNT_DISTINCT(page)
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D') AS "__time", COUNT(DISTINCT "page") AS "COUNT_DISTINCT(page)", COUNT(*) AS "count"
FROM "druid"."{table}"
WHERE "device" = 'mobile'
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT date_trunc('day', __time) AS d, COUNT(DISTINCT page), COUNT(*) FROM {table} WHERE device = 'mobile' GROUP BY 1 ORDER BY 1

-- @id superset-grain-pt1h-avg-latency
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.HOUR] (TIME_FLOOR(CAST({col} AS TIMESTAMP), ...)) with AVG(latency_sum)
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1H') AS "__time", AVG("latency_sum") AS "AVG(latency_sum)"
FROM "druid"."{table}"
WHERE "__time" >= TIME_PARSE('2026-02-03T00:00:00') AND "__time" < TIME_PARSE('2026-02-04T00:00:00')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1H')
ORDER BY "__time" ASC
LIMIT 10000
-- @duckdb
SELECT date_trunc('hour', __time) AS h, AVG(latency_ms) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-03 00:00:00' AND __time < TIMESTAMP '2026-02-04 00:00:00' GROUP BY 1 ORDER BY 1

-- @id superset-grain-pt15m-case-series
-- @source apache/superset superset/db_engine_specs/druid.py _time_grain_expressions[TimeGrain.FIFTEEN_MINUTES] (TIME_FLOOR(CAST({col} AS TIMESTAMP), ...)) with a CASE series
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT15M') AS "__time", CASE WHEN "device" = 'mobile' THEN 'mobile' ELSE 'other' END AS "form", COUNT(*) AS "count"
FROM "druid"."{table}"
WHERE "__time" >= TIME_PARSE('2026-02-05T06:00:00') AND "__time" < TIME_PARSE('2026-02-05T09:00:00')
GROUP BY 1, 2
ORDER BY 1, 2
LIMIT 10000
-- @duckdb
SELECT time_bucket(INTERVAL 15 MINUTE, __time) AS t, CASE WHEN device = 'mobile' THEN 'mobile' ELSE 'other' END AS f, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-05 06:00:00' AND __time < TIMESTAMP '2026-02-05 09:00:00' GROUP BY ALL ORDER BY 1, 2

-- @id time-floor-origin-half-hour
-- @source apache/druid docs/querying/sql-scalar.md TIME_FLOOR(expr, period, origin): hours starting at :30
-- @native
-- @tally
SELECT TIME_FLOOR(__time, 'PT1H', TIMESTAMP '2026-01-01 00:30:00') AS h, COUNT(*) AS n FROM {table}
WHERE __time >= TIMESTAMP '2026-02-02 00:30:00' AND __time < TIMESTAMP '2026-02-02 06:30:00' GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT time_bucket(INTERVAL 1 HOUR, __time, TIMESTAMP '2026-01-01 00:30:00') AS h, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-02 00:30:00' AND __time < TIMESTAMP '2026-02-02 06:30:00' GROUP BY 1 ORDER BY 1

-- @id date-trunc-of-cast-timestamp
-- @source metabase/metabase sql.qp/date :day over CAST(... AS TIMESTAMP)
-- @native
-- @native-gap 16: in ORDER BY, a column name that is also a SELECT alias (Metabase aliases an expression by its column's name) resolves to the alias: ORDER BY DATE_TRUNC('day', CAST("__time" AS TIMESTAMP)) with the alias "__time" truncates the truncated day again in an EnumerableCalc and sorts above the native query
-- @tally
SELECT DATE_TRUNC('day', CAST("__time" AS TIMESTAMP)) AS "__time", count(*) AS "count" FROM "druid"."{table}"
GROUP BY DATE_TRUNC('day', CAST("__time" AS TIMESTAMP)) ORDER BY DATE_TRUNC('day', CAST("__time" AS TIMESTAMP)) ASC
-- @duckdb
SELECT date_trunc('day', __time) AS d, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1

-- @id metabase-previous-7-days-literal
-- @source metabase/metabase relative filter "previous 7 days" as TIMESTAMPADD over a literal
-- @native
-- @native-gap 16: in ORDER BY, a column name that is also a SELECT alias (Metabase aliases an expression by its column's name) resolves to the alias: ORDER BY CAST("__time" AS DATE) with the alias "__time" casts the day again and sorts above the native query (an EnumerableSort over a computed column)
-- @tally
SELECT CAST("__time" AS DATE) AS "__time", count(*) AS "count" FROM "druid"."{table}"
WHERE "__time" >= TIMESTAMPADD(DAY, -7, TIMESTAMP '2026-02-06 00:00:00') AND "__time" < TIMESTAMP '2026-02-06 00:00:00'
GROUP BY CAST("__time" AS DATE) ORDER BY CAST("__time" AS DATE) ASC
-- @duckdb
SELECT date_trunc('day', __time) AS d, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-01-30 00:00:00' AND __time < TIMESTAMP '2026-02-06 00:00:00' GROUP BY 1 ORDER BY 1

-- @id cast-date-relative-to-date
-- @source metabase/metabase date filter on CAST(... AS DATE) against a shifted DATE
-- @native
-- @tally
SELECT COUNT(*) AS "count" FROM "druid"."{table}" WHERE CAST("__time" AS DATE) >= TIMESTAMPADD(DAY, -3, DATE '2026-02-05')
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE __time >= TIMESTAMP '2026-02-02 00:00:00'

-- @id min-time-filter-per-os
-- @source apache/druid docs/querying/sql-aggregations.md MIN(__time) FILTER (WHERE ...)
-- @native
-- @tally
SELECT os, MIN(__time) FILTER (WHERE device = 'tablet') AS first_tablet, MAX(__time) AS last_event FROM {table} GROUP BY os ORDER BY os
-- @duckdb
SELECT os, MIN(__time) FILTER (WHERE device = 'tablet'), MAX(__time) FROM {table} GROUP BY os ORDER BY os

-- @id grafana-timegroup-with-expression-filter
-- @source grafadruid/druid-grafana pkg/druid.go macros ($__timeGroup with a case-insensitive variable filter)
-- @native
-- @tally
SELECT TIME_FLOOR(__time, 'PT1H') AS "time", COUNT(*) AS "value"
FROM {table}
WHERE __time >= TIMESTAMP '2026-02-04 00:00:00' AND __time <= TIMESTAMP '2026-02-04 23:59:59' AND LOWER(browser) IN ('firefox', 'brave')
GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('hour', __time) AS t, COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-04 00:00:00' AND __time <= TIMESTAMP '2026-02-04 23:59:59' AND lower(browser) IN ('firefox', 'brave') GROUP BY 1 ORDER BY 1

-- @id timestampdiff-days-ago
-- @source metabase/metabase relative date breakout (days ago as TIMESTAMPDIFF: whole days elapsed)
-- @native
-- @tally
SELECT TIMESTAMPDIFF(DAY, __time, TIMESTAMP '2026-02-06 00:00:00') AS days_ago, COUNT(*) AS n FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT CAST(floor((epoch(TIMESTAMP '2026-02-06 00:00:00') - epoch(__time)) / 86400) AS BIGINT) AS d, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1
