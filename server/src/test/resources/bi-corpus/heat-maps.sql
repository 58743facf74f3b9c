-- BI corpus (issue 16), heat maps: run by dev.tally.server.corpus.BiCorpusTest; the format is described in
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
-- Day-of-week x hour heat maps (Superset heatmap, Metabase pivot, Tableau highlight table, Grafana heatmap). Tally's
-- EXTRACT(DOW) is Calcite's, 1 = Sunday ... 7 = Saturday; DuckDB's dayofweek is 0 = Sunday, so its side adds one.
-- TIME_EXTRACT(..., 'DOW') is Druid's, 1 = Monday ... 7 = Sunday (DuckDB's isodow).
-- ==================================================================================================================

-- @id heatmap-dow-hour-count
-- @source apache/superset heatmap chart over custom SQL x/y (EXTRACT(DOW), EXTRACT(HOUR))
-- @native
-- @tally
SELECT EXTRACT(DOW FROM "__time") AS "dow", EXTRACT(HOUR FROM "__time") AS "hour", COUNT(*) AS "count"
FROM "druid"."{table}"
GROUP BY EXTRACT(DOW FROM "__time"), EXTRACT(HOUR FROM "__time")
ORDER BY 1, 2
LIMIT 10000
-- @duckdb
SELECT dayofweek(__time) + 1 AS dow, hour(__time) AS h, COUNT(*) FROM {table} GROUP BY ALL ORDER BY 1, 2

-- @id heatmap-dow-hour-revenue
-- @source apache/superset heatmap chart over custom SQL x/y (revenue per cell)
-- @native
-- @tally
SELECT EXTRACT(DOW FROM __time) AS dow, EXTRACT(HOUR FROM __time) AS hr, SUM(revenue) AS revenue
FROM {table} GROUP BY 1, 2 ORDER BY 1, 2
-- @duckdb
SELECT dayofweek(__time) + 1, hour(__time), SUM(revenue) FROM {table} GROUP BY ALL ORDER BY 1, 2

-- @id heatmap-dow-hour-filtered
-- @source apache/superset heatmap chart over custom SQL x/y (one country)
-- @native
-- @tally
SELECT EXTRACT(DOW FROM __time) AS dow, EXTRACT(HOUR FROM __time) AS hr, COUNT(*) AS n
FROM {table} WHERE country = 'GB' AND device = 'mobile' GROUP BY 1, 2 ORDER BY 1, 2
-- @duckdb
SELECT dayofweek(__time) + 1, hour(__time), COUNT(*) FROM {table} WHERE country = 'GB' AND device = 'mobile' GROUP BY ALL ORDER BY 1, 2

-- @id heatmap-dow-hour-distinct
-- @source apache/superset heatmap chart over custom SQL x/y (distinct pages per cell)
-- @native
-- @tally
SELECT EXTRACT(DOW FROM __time) AS dow, EXTRACT(HOUR FROM __time) AS hr, COUNT(DISTINCT page) AS pages
FROM {table} WHERE __time >= TIMESTAMP '2026-02-02 00:00:00' GROUP BY 1, 2 ORDER BY 1, 2
-- @duckdb
SELECT dayofweek(__time) + 1, hour(__time), COUNT(DISTINCT page) FROM {table} WHERE __time >= TIMESTAMP '2026-02-02 00:00:00' GROUP BY ALL ORDER BY 1, 2

-- @id heatmap-dow-hour-max-latency
-- @source apache/superset heatmap chart over custom SQL x/y (maximum latency per cell)
-- @native
-- @tally
SELECT EXTRACT(DOW FROM __time) AS dow, EXTRACT(HOUR FROM __time) AS hr, MAX(latency_max) AS worst
FROM {table} GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 20
-- @duckdb
SELECT dayofweek(__time) + 1 AS d, hour(__time) AS h, MAX(latency_ms) AS w FROM {table} GROUP BY ALL ORDER BY 3 DESC, 1, 2 LIMIT 20

-- @id heatmap-tableau-weekday-hour
-- @source tableau generic JDBC dialect highlight table (DATEPART('weekday') and DATEPART('hour'))
-- @native
-- @unordered
-- @tally
SELECT EXTRACT(DOW FROM "web"."__time") AS "wd:__time:ok", EXTRACT(HOUR FROM "web"."__time") AS "hr:__time:ok",
  SUM(1) AS "sum:Number of Records:ok"
FROM "druid"."{table}" "web"
GROUP BY 1, 2
-- @duckdb
SELECT dayofweek(__time) + 1, hour(__time), COUNT(*) FROM {table} GROUP BY ALL

-- @id heatmap-tableau-weekday-hour-count
-- @source tableau generic JDBC dialect highlight table (CNT(Number of Records))
-- @native
-- @unordered
-- @tally
SELECT EXTRACT(DOW FROM "web"."__time") AS "wd:__time:ok", EXTRACT(HOUR FROM "web"."__time") AS "hr:__time:ok",
  COUNT(*) AS "cnt:Number of Records:ok"
FROM "druid"."{table}" "web"
WHERE ("web"."device" = 'desktop')
GROUP BY 1, 2
-- @duckdb
SELECT dayofweek(__time) + 1, hour(__time), COUNT(*) FROM {table} WHERE device = 'desktop' GROUP BY ALL

-- @id heatmap-time-extract-isodow-hour
-- @source metabase/metabase druid_jdbc.clj pivot on :day-of-week and :hour-of-day (TIME_EXTRACT)
-- @native
-- @tally
SELECT TIME_EXTRACT("__time", 'DOW') AS "dow", TIME_EXTRACT("__time", 'HOUR') AS "hour", count(*) AS "count"
FROM "druid"."{table}"
GROUP BY TIME_EXTRACT("__time", 'DOW'), TIME_EXTRACT("__time", 'HOUR')
ORDER BY TIME_EXTRACT("__time", 'DOW') ASC, TIME_EXTRACT("__time", 'HOUR') ASC
-- @duckdb
SELECT isodow(__time), hour(__time), COUNT(*) FROM {table} GROUP BY ALL ORDER BY 1, 2

-- @id heatmap-isodow-extract
-- @source apache/druid docs/querying/sql-scalar.md EXTRACT(ISODOW ...)
-- @native
-- @tally
SELECT EXTRACT(ISODOW FROM __time) AS d, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT isodow(__time), COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1

-- @id heatmap-day-of-week-only
-- @source metabase/metabase druid_jdbc.clj pivot on :day-of-week
-- @native
-- @tally
SELECT EXTRACT(DOW FROM __time) AS dow, COUNT(*) AS n, SUM(revenue) AS r FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT dayofweek(__time) + 1, COUNT(*), SUM(revenue) FROM {table} GROUP BY 1 ORDER BY 1

-- @id heatmap-hour-of-day-only
-- @source metabase/metabase druid_jdbc.clj pivot on :hour-of-day
-- @native
-- @tally
SELECT EXTRACT(HOUR FROM __time) AS hr, COUNT(*) AS n FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT hour(__time), COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1

-- @id heatmap-day-of-month-device
-- @source metabase/metabase druid_jdbc.clj pivot on :day-of-month by device
-- @native
-- @tally
SELECT EXTRACT(DAY FROM __time) AS dom, device, COUNT(*) AS n FROM {table} GROUP BY 1, 2 ORDER BY 1, 2
-- @duckdb
SELECT day(__time), device, COUNT(*) FROM {table} GROUP BY ALL ORDER BY 1, 2

-- @id heatmap-day-of-year
-- @source metabase/metabase druid_jdbc.clj pivot on :day-of-year
-- @native
-- @tally
SELECT EXTRACT(DOY FROM __time) AS doy, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT dayofyear(__time), COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1

-- @id heatmap-week-of-year-dow
-- @source metabase/metabase druid_jdbc.clj pivot on :week-of-year x :day-of-week
-- @native
-- @tally
SELECT EXTRACT(WEEK FROM __time) AS wk, EXTRACT(DOW FROM __time) AS dow, COUNT(*) FROM {table} GROUP BY 1, 2 ORDER BY 1, 2
-- @duckdb
SELECT week(__time), dayofweek(__time) + 1, COUNT(*) FROM {table} GROUP BY ALL ORDER BY 1, 2

-- @id heatmap-minute-of-hour
-- @source metabase/metabase druid_jdbc.clj pivot on :minute-of-hour
-- @native
-- @tally
SELECT EXTRACT(MINUTE FROM __time) AS m, COUNT(*) FROM {table} WHERE EXTRACT(HOUR FROM __time) = 12 GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT minute(__time), COUNT(*) FROM {table} WHERE hour(__time) = 12 GROUP BY 1 ORDER BY 1

-- @id heatmap-month-quarter-year
-- @source tableau generic JDBC dialect highlight table (YEAR, QUARTER and MONTH parts)
-- @native
-- @tally
SELECT EXTRACT(YEAR FROM "web"."__time") AS "yr:__time:ok", EXTRACT(QUARTER FROM "web"."__time") AS "qr:__time:ok",
  EXTRACT(MONTH FROM "web"."__time") AS "mn:__time:ok", COUNT(*) AS "cnt:Number of Records:ok"
FROM "druid"."{table}" "web"
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3
-- @duckdb
SELECT year(__time), quarter(__time), month(__time), COUNT(*) FROM {table} GROUP BY ALL ORDER BY 1, 2, 3

-- @id heatmap-date-and-hour
-- @source grafadruid/druid-grafana heatmap panel (day x hour)
-- @native
-- @tally
SELECT TIME_FLOOR(__time, 'P1D') AS "day", TIME_EXTRACT(__time, 'HOUR') AS "hour", COUNT(*) AS "value"
FROM {table} WHERE __time >= TIMESTAMP '2026-02-01 00:00:00' AND __time <= TIMESTAMP '2026-02-03 23:59:59'
GROUP BY 1, 2 ORDER BY 1, 2
-- @duckdb
SELECT date_trunc('day', __time), hour(__time), COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-01 00:00:00' AND __time <= TIMESTAMP '2026-02-03 23:59:59' GROUP BY ALL ORDER BY 1, 2

-- @id heatmap-dow-name-time-format
-- @source apache/superset custom SQL x axis: weekday name via TIME_FORMAT
-- @native
-- @tally
SELECT TIME_FORMAT(__time, 'EEE') AS weekday, TIME_EXTRACT(__time, 'DOW') AS d, COUNT(*) AS n FROM {table} GROUP BY 1, 2 ORDER BY 2
-- @duckdb
SELECT strftime(__time, '%a') AS w, isodow(__time) AS d, COUNT(*) FROM {table} GROUP BY 1, 2 ORDER BY 2

-- @id heatmap-hour-kolkata
-- @source cube-js/cube hour of day in the viewer's zone (Asia/Kolkata)
-- @native
-- @tally
SELECT TIME_EXTRACT(__time, 'HOUR', 'Asia/Kolkata') AS h, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT hour(__time + INTERVAL 330 MINUTE), COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1

-- @id heatmap-dow-hour-having
-- @source apache/superset heatmap chart over custom SQL x/y (busy cells only)
-- @native
-- @tally
SELECT EXTRACT(DOW FROM __time) AS dow, EXTRACT(HOUR FROM __time) AS hr, COUNT(*) AS n FROM {table}
GROUP BY 1, 2 HAVING COUNT(*) > 6000 ORDER BY 1, 2
-- @duckdb
SELECT dayofweek(__time) + 1, hour(__time), COUNT(*) FROM {table} GROUP BY ALL HAVING COUNT(*) > 6000 ORDER BY 1, 2

-- @id heatmap-second-of-minute-raw
-- @source analyst SQL: second-of-minute distribution (0 on the rolled table)
-- @native
-- @tally
SELECT EXTRACT(SECOND FROM __time) AS s, COUNT(*) AS n FROM {table} WHERE country = 'AR' GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT second(__time), COUNT(*) FROM {table} WHERE country = 'AR' GROUP BY 1 ORDER BY 1

-- @id heatmap-tableau-date-hierarchy
-- @source tableau generic JDBC dialect highlight table (YEAR, QUARTER, MONTH and DAY of the date hierarchy)
-- @native
-- @tally
SELECT EXTRACT(YEAR FROM "web"."__time") AS "yr:__time:ok", EXTRACT(QUARTER FROM "web"."__time") AS "qr:__time:ok",
  EXTRACT(MONTH FROM "web"."__time") AS "mn:__time:ok", EXTRACT(DAY FROM "web"."__time") AS "dy:__time:ok",
  COUNT(*) AS "cnt:Number of Records:ok"
FROM "druid"."{table}" "web"
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4
-- @duckdb
SELECT year(__time), quarter(__time), month(__time), day(__time), COUNT(*) FROM {table} GROUP BY ALL ORDER BY 1, 2, 3, 4

-- @id heatmap-dow-hour-device
-- @source apache/superset heatmap chart over custom SQL x/y (a heat map per device (three keys))
-- @native
-- @tally
SELECT device, EXTRACT(DOW FROM __time) AS dow, EXTRACT(HOUR FROM __time) AS hr, COUNT(*) AS n FROM {table}
WHERE device = 'tablet' OR device = 'desktop' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
-- @duckdb
SELECT device, dayofweek(__time) + 1, hour(__time), COUNT(*) FROM {table} WHERE device IN ('tablet', 'desktop') GROUP BY ALL ORDER BY 1, 2, 3
