-- BI corpus (issue 16), string functions in group keys: run by dev.tally.server.corpus.BiCorpusTest; the format is described in
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
-- String functions in group keys: Metabase custom columns, Superset custom SQL dimensions, Tableau string
-- calculations (UPPER, LOWER, SUBSTRING, ||, TRIM, REPLACE, CHAR_LENGTH, POSITION and Druid's LEFT, RIGHT,
-- REGEXP_EXTRACT, CONCAT).
-- ==================================================================================================================

-- @id group-upper-country
-- @source apache/superset custom SQL dimension (UPPER)
-- @native
-- @tally
SELECT UPPER("browser") AS "browser", COUNT(*) AS "count" FROM "druid"."{table}" GROUP BY UPPER("browser") ORDER BY "count" DESC LIMIT 5
-- @duckdb
SELECT upper(browser) AS b, COUNT(*) AS n FROM {table} GROUP BY 1 ORDER BY n DESC LIMIT 5

-- @id group-lower-os
-- @source metabase/metabase custom column lower compiled by sql.qp
-- @native
-- @tally
SELECT LOWER("druid"."{table}"."os") AS "os_lower", count(*) AS "count"
FROM "druid"."{table}" GROUP BY LOWER("druid"."{table}"."os") ORDER BY LOWER("druid"."{table}"."os") ASC
-- @duckdb
SELECT lower(os), COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1

-- @id group-lower-referrer-nulls
-- @source metabase/metabase custom column lower over a nullable column compiled by sql.qp
-- @native
-- @tally
SELECT LOWER(referrer) AS r, COUNT(*) AS n FROM {table} WHERE referrer IS NULL OR referrer LIKE 'g%' GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT lower(referrer), COUNT(*) FROM {table} WHERE referrer IS NULL OR referrer LIKE 'g%' GROUP BY 1 ORDER BY 1 NULLS LAST

-- @id group-substring-section
-- @source metabase/metabase custom column substring(page, 1, 5) compiled by sql.qp
-- @native
-- @tally
SELECT SUBSTRING("druid"."{table}"."page", 1, 5) AS "section", count(*) AS "count"
FROM "druid"."{table}"
GROUP BY SUBSTRING("druid"."{table}"."page", 1, 5)
ORDER BY "count" DESC, SUBSTRING("druid"."{table}"."page", 1, 5) ASC
LIMIT 10
-- @duckdb
SELECT substring(page, 1, 5) AS s, COUNT(*) AS n FROM {table} GROUP BY 1 ORDER BY n DESC, s LIMIT 10

-- @id group-substring-from
-- @source apache/superset custom SQL dimension (SUBSTRING(x FROM n))
-- @native
-- @tally
SELECT SUBSTRING(referrer FROM 1 FOR 4) AS prefix, COUNT(*) AS n FROM {table} WHERE referrer IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT 8
-- @duckdb
SELECT substring(referrer, 1, 4) AS p, COUNT(*) AS n FROM {table} WHERE referrer IS NOT NULL GROUP BY 1 ORDER BY n DESC, p LIMIT 8

-- @id group-concat-device-os
-- @source apache/superset custom SQL dimension (||)
-- @native
-- @tally
SELECT "device" || ' / ' || "os" AS "platform", COUNT(*) AS "count" FROM "druid"."{table}" GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10
-- @duckdb
SELECT device || ' / ' || os AS p, COUNT(*) AS n FROM {table} GROUP BY 1 ORDER BY n DESC, p LIMIT 10

-- @id group-concat-with-null
-- @source apache/superset custom SQL dimension (|| with a nullable column yields NULL)
-- @native
-- @tally
SELECT device || ':' || referrer AS k, COUNT(*) AS n FROM {table} WHERE country = 'NZ' AND (referrer IS NULL OR referrer = 'google.com') GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT device || ':' || referrer AS k, COUNT(*) FROM {table} WHERE country = 'NZ' AND (referrer IS NULL OR referrer = 'google.com') GROUP BY 1 ORDER BY 1 NULLS LAST

-- @id group-concat-function
-- @source apache/druid docs/querying/sql-scalar.md CONCAT as a group key
-- @native
-- @tally
SELECT CONCAT(browser, '@', device) AS k, COUNT(*) FROM {table} WHERE browser IN ('Opera', 'Brave') GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT browser || '@' || device AS k, COUNT(*) FROM {table} WHERE browser IN ('Opera', 'Brave') GROUP BY 1 ORDER BY 1

-- @id group-trim
-- @source tableau generic JDBC dialect string calculation (TRIM)
-- @native
-- @tally
SELECT TRIM("web"."os") AS "os (trimmed)", COUNT(*) AS "cnt:Number of Records:ok" FROM "druid"."{table}" "web" GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT trim(os), COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1

-- @id group-trim-chars
-- @source apache/druid docs/querying/sql-scalar.md TRIM(BOTH chars FROM x) as a group key
-- @native
-- @tally
SELECT TRIM(BOTH '/' FROM SUBSTRING(page, 1, 6)) AS s, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 6
-- @duckdb
SELECT trim(substring(page, 1, 6), '/') AS s, COUNT(*) AS n FROM {table} GROUP BY 1 ORDER BY n DESC, s LIMIT 6

-- @id group-replace-referrer-domain
-- @source metabase/metabase custom column replace compiled by sql.qp
-- @native
-- @tally
SELECT REPLACE(REPLACE("referrer", '.com', ''), '.example', '') AS "source", COUNT(*) AS "count"
FROM "druid"."{table}" WHERE "referrer" IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10
-- @duckdb
SELECT replace(replace(referrer, '.com', ''), '.example', '') AS s, COUNT(*) AS n FROM {table} WHERE referrer IS NOT NULL
GROUP BY 1 ORDER BY n DESC, s LIMIT 10

-- @id group-char-length-page
-- @source metabase/metabase custom column length compiled by sql.qp
-- @native
-- @tally
SELECT CHAR_LENGTH("druid"."{table}"."page") AS "length", count(*) AS "count"
FROM "druid"."{table}" GROUP BY CHAR_LENGTH("druid"."{table}"."page") ORDER BY CHAR_LENGTH("druid"."{table}"."page") ASC
-- @duckdb
SELECT length(page), COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1

-- @id group-char-length-referrer-nullable
-- @source metabase/metabase custom column length over a nullable column compiled by sql.qp
-- @native
-- @tally
SELECT CHAR_LENGTH(referrer) AS len, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT length(referrer), COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1 NULLS LAST

-- @id group-position
-- @source apache/superset custom SQL dimension (POSITION)
-- @native
-- @tally
SELECT POSITION('/' IN SUBSTRING(page, 2)) AS slash, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT strpos(substring(page, 2), '/'), COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1

-- @id group-left-right
-- @source apache/druid docs/querying/sql-scalar.md LEFT and RIGHT as group keys
-- @native
-- @tally
SELECT LEFT(country, 1) AS first_letter, RIGHT(page, 1) AS last_char, COUNT(*) FROM {table} WHERE country LIKE 'B%' GROUP BY 1, 2 ORDER BY 1, 2
-- @duckdb
SELECT left(country, 1), right(page, 1), COUNT(*) FROM {table} WHERE country LIKE 'B%' GROUP BY ALL ORDER BY 1, 2

-- @id group-regexp-extract-section
-- @source apache/druid docs/querying/sql-scalar.md REGEXP_EXTRACT as a group key
-- @native
-- @tally
SELECT REGEXP_EXTRACT(page, '^/([a-z]+)/', 1) AS section, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT CASE WHEN regexp_matches(page, '^/([a-z]+)/') THEN regexp_extract(page, '^/([a-z]+)/', 1) END AS s, COUNT(*) FROM {table}
GROUP BY 1 ORDER BY 1 NULLS LAST

-- @id group-upper-substring-nested
-- @source tableau generic JDBC dialect string calculation (UPPER(LEFT(...)))
-- @native
-- @tally
SELECT UPPER(SUBSTRING("web"."browser", 1, 3)) AS "Browser Code", SUM("web"."revenue") AS "sum:revenue:ok"
FROM "druid"."{table}" "web" GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT upper(substring(browser, 1, 3)), SUM(revenue) FROM {table} GROUP BY 1 ORDER BY 1

-- @id group-lower-and-dimension
-- @source apache/superset custom SQL dimension (an expression and a plain column)
-- @native
-- @tally
SELECT LOWER(device) AS d, country, COUNT(*) AS n FROM {table} WHERE country IN ('AT', 'CH') GROUP BY 1, 2 ORDER BY 1, 2
-- @duckdb
SELECT lower(device), country, COUNT(*) FROM {table} WHERE country IN ('AT', 'CH') GROUP BY ALL ORDER BY 1, 2

-- @id group-coalesce-concat
-- @source metabase/metabase custom column concat(coalesce(...)) compiled by sql.qp
-- @native
-- @tally
SELECT COALESCE(referrer, 'direct') || ' -> ' || SUBSTRING(page, 1, 4) AS path, COUNT(*) AS n FROM {table}
WHERE country = 'IE' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10
-- @duckdb
SELECT COALESCE(referrer, 'direct') || ' -> ' || substring(page, 1, 4) AS p, COUNT(*) AS n FROM {table}
WHERE country = 'IE' GROUP BY 1 ORDER BY n DESC, p LIMIT 10

-- @id group-string-and-time
-- @source apache/superset custom SQL dimension (string expression with a time grain)
-- @native
-- @tally
SELECT TIME_FLOOR(__time, 'P1D') AS d, UPPER(device) AS dev, COUNT(*) FROM {table} GROUP BY 1, 2 ORDER BY 1, 2
-- @duckdb
SELECT date_trunc('day', __time), upper(device), COUNT(*) FROM {table} GROUP BY ALL ORDER BY 1, 2

-- @id group-string-conditional-aggregate
-- @source apache/superset custom SQL dimension (string expression with a conditional aggregate)
-- @native
-- @tally
SELECT LOWER(browser) AS b, SUM(CASE WHEN device = 'mobile' THEN revenue ELSE 0 END) AS mobile_revenue FROM {table}
WHERE browser IN ('Chrome', 'Safari', 'Firefox') GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT lower(browser), SUM(CASE WHEN device = 'mobile' THEN revenue ELSE 0 END) FROM {table}
WHERE browser IN ('Chrome', 'Safari', 'Firefox') GROUP BY 1 ORDER BY 1

-- @id group-reverse-strpos
-- @source apache/druid docs/querying/sql-scalar.md STRPOS as a group key
-- @native
-- @tally
SELECT STRPOS(referrer, '.') AS dot, COUNT(*) FROM {table} WHERE referrer IS NOT NULL GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT strpos(referrer, '.'), COUNT(*) FROM {table} WHERE referrer IS NOT NULL GROUP BY 1 ORDER BY 1

-- @id group-time-format-day
-- @source looker dimension_group timeframe date as TIME_FORMAT(..., 'yyyy-MM-dd')
-- @native
-- @tally
SELECT TIME_FORMAT(TIME_FLOOR(__time, 'P1D'), 'yyyy-MM-dd') AS "web.event_date", COUNT(*) AS "web.count"
FROM druid.{table} AS web GROUP BY 1 ORDER BY 1 DESC LIMIT 500
-- @duckdb
SELECT strftime(date_trunc('day', __time), '%Y-%m-%d') AS d, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1 DESC LIMIT 500

-- @id group-time-format-month
-- @source looker dimension_group timeframe month as TIME_FORMAT(..., 'yyyy-MM')
-- @native
-- @tally
SELECT TIME_FORMAT(__time, 'yyyy-MM') AS "web.event_month", COUNT(*) AS "web.count" FROM druid.{table} AS web GROUP BY 1 ORDER BY 1 DESC LIMIT 500
-- @duckdb
SELECT strftime(__time, '%Y-%m') AS m, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1 DESC LIMIT 500

-- @id group-time-format-hour-of-day
-- @source looker dimension_group timeframe hour_of_day as TIME_FORMAT(..., 'HH')
-- @native
-- @tally
SELECT TIME_FORMAT(__time, 'HH') AS "web.event_hour_of_day", COUNT(*) AS "web.count" FROM druid.{table} AS web GROUP BY 1 ORDER BY 1 LIMIT 500
-- @duckdb
SELECT strftime(__time, '%H') AS h, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1 LIMIT 500
