-- BI corpus (issue 16), filters on expressions: run by dev.tally.server.corpus.BiCorpusTest; the format is described in
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
-- Filters on expressions: Metabase's "contains" (case-insensitive LIKE over LOWER), Superset's custom SQL filters,
-- Tableau's calculated-field filters, OR across columns and expressions, COALESCE of a nullable dimension.
-- ==================================================================================================================

-- @id filter-lower-like-contains
-- @source metabase/metabase metabase.driver.sql.query-processor (:contains case-insensitive -> LOWER(x) LIKE '%...%')
-- @native
-- @tally
SELECT "druid"."{table}"."device" AS "device", count(*) AS "count"
FROM "druid"."{table}"
WHERE LOWER("druid"."{table}"."page") LIKE '%product%'
GROUP BY "druid"."{table}"."device"
ORDER BY "druid"."{table}"."device" ASC
-- @duckdb
SELECT device, COUNT(*) FROM {table} WHERE lower(page) LIKE '%product%' GROUP BY device ORDER BY device

-- @id filter-lower-like-starts-with
-- @source metabase/metabase metabase.driver.sql.query-processor (:starts-with case-insensitive)
-- @native
-- @tally
SELECT COUNT(*) AS "count" FROM "druid"."{table}" WHERE LOWER("druid"."{table}"."browser") LIKE 'sa%'
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE lower(browser) LIKE 'sa%'

-- @id filter-lower-like-ends-with
-- @source metabase/metabase metabase.driver.sql.query-processor (:ends-with case-insensitive)
-- @native
-- @tally
SELECT "os", COUNT(*) AS "count" FROM "druid"."{table}" WHERE LOWER("os") LIKE '%os' GROUP BY "os" ORDER BY "os"
-- @duckdb
SELECT os, COUNT(*) FROM {table} WHERE lower(os) LIKE '%os' GROUP BY os ORDER BY os

-- @id filter-lower-not-like
-- @source metabase/metabase metabase.driver.sql.query-processor (:does-not-contain case-insensitive)
-- @native
-- @tally
SELECT device, COUNT(*) AS n FROM {table} WHERE NOT (LOWER(referrer) LIKE '%google%') OR referrer IS NULL GROUP BY device ORDER BY device
-- @duckdb
SELECT device, COUNT(*) FROM {table} WHERE NOT (lower(referrer) LIKE '%google%') OR referrer IS NULL GROUP BY device ORDER BY device

-- @id filter-upper-equals
-- @source apache/superset adhoc filter in custom SQL (UPPER(country) = 'US')
-- @native
-- @tally
SELECT "device", SUM("revenue") AS "SUM(revenue)" FROM "druid"."{table}" WHERE UPPER("country") = 'US' GROUP BY "device" ORDER BY "device"
-- @duckdb
SELECT device, SUM(revenue) FROM {table} WHERE upper(country) = 'US' GROUP BY device ORDER BY device

-- @id filter-lower-equals-lowercase-value
-- @source apache/superset adhoc filter in custom SQL (LOWER(country) = 'de')
-- @native
-- @tally
SELECT COUNT(*) AS "count" FROM "druid"."{table}" WHERE LOWER("country") = 'de'
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE lower(country) = 'de'

-- @id filter-lower-in-list
-- @source apache/superset adhoc filter in custom SQL (LOWER(os) IN (...))
-- @native
-- @tally
SELECT os, COUNT(*) FROM {table} WHERE LOWER(os) IN ('ios', 'ipados', 'macos') GROUP BY os ORDER BY os
-- @duckdb
SELECT os, COUNT(*) FROM {table} WHERE lower(os) IN ('ios', 'ipados', 'macos') GROUP BY os ORDER BY os

-- @id filter-substring-equals
-- @source apache/superset adhoc filter in custom SQL (SUBSTRING(page, 1, 3) = '/bl')
-- @native
-- @tally
SELECT COUNT(*) AS "count", COUNT(DISTINCT "page") AS "pages" FROM "druid"."{table}" WHERE SUBSTRING("page", 1, 3) = '/bl'
-- @duckdb
SELECT COUNT(*), COUNT(DISTINCT page) FROM {table} WHERE substring(page, 1, 3) = '/bl'

-- @id filter-substring-from-for
-- @source tableau generic JDBC dialect (LEFT() as SUBSTRING(x FROM 1 FOR n))
-- @native
-- @unordered
-- @tally
SELECT "web"."device" AS "device", SUM(1) AS "sum:Number of Records:ok"
FROM "druid"."{table}" "web"
WHERE (SUBSTRING("web"."page" FROM 1 FOR 5) = '/help')
GROUP BY "web"."device"
-- @duckdb
SELECT device, COUNT(*) FROM {table} WHERE substring(page, 1, 5) = '/help' GROUP BY device

-- @id filter-or-across-columns
-- @source apache/superset adhoc filter in custom SQL (OR of two columns)
-- @native
-- @tally
SELECT "browser", COUNT(*) AS "count" FROM "druid"."{table}"
WHERE "country" = 'JP' OR "device" = 'tablet'
GROUP BY "browser" ORDER BY "count" DESC LIMIT 5
-- @duckdb
SELECT browser, COUNT(*) AS n FROM {table} WHERE country = 'JP' OR device = 'tablet' GROUP BY browser ORDER BY n DESC LIMIT 5

-- @id filter-or-column-and-expression
-- @source apache/superset adhoc filter in custom SQL (OR of a column and an expression)
-- @native
-- @tally
SELECT device, COUNT(*) AS n FROM {table} WHERE country = 'KR' OR LOWER(page) LIKE '%checkout%' GROUP BY device ORDER BY device
-- @duckdb
SELECT device, COUNT(*) FROM {table} WHERE country = 'KR' OR lower(page) LIKE '%checkout%' GROUP BY device ORDER BY device

-- @id filter-or-expressions
-- @source apache/superset adhoc filter in custom SQL (OR of two expressions)
-- @native
-- @tally
SELECT COUNT(*) FROM {table} WHERE UPPER(browser) = 'EDGE' OR SUBSTRING(os, 1, 3) = 'Lin'
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE upper(browser) = 'EDGE' OR substring(os, 1, 3) = 'Lin'

-- @id filter-or-with-time
-- @source apache/superset adhoc filter in custom SQL (OR of an expression and a time condition)
-- @native
-- @tally
SELECT DATE_TRUNC('day', __time) AS d, COUNT(*) FROM {table}
WHERE EXTRACT(HOUR FROM __time) = 3 OR country = 'AU'
GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('day', __time) AS d, COUNT(*) FROM {table} WHERE hour(__time) = 3 OR country = 'AU' GROUP BY 1 ORDER BY 1

-- @id filter-and-or-nested
-- @source tableau generic JDBC dialect (nested AND/OR from several quick filters)
-- @native
-- @tally
SELECT "web"."os" AS "os", COUNT(*) AS "cnt:Number of Records:ok"
FROM "druid"."{table}" "web"
WHERE ((("web"."device" = 'mobile') AND (UPPER("web"."browser") IN ('CHROME', 'SAFARI'))) OR (("web"."device" = 'desktop') AND ("web"."os" = 'Linux')))
GROUP BY "web"."os"
ORDER BY 1
-- @duckdb
SELECT os, COUNT(*) FROM {table} WHERE (device = 'mobile' AND upper(browser) IN ('CHROME', 'SAFARI')) OR (device = 'desktop' AND os = 'Linux')
GROUP BY os ORDER BY 1

-- @id filter-coalesce-not-equal
-- @source apache/superset adhoc filter in custom SQL (COALESCE(referrer, 'none') <> ...)
-- @native
-- @tally
SELECT "device", COUNT(*) AS "count" FROM "druid"."{table}" WHERE COALESCE("referrer", 'none') <> 'google.com' GROUP BY "device" ORDER BY "device"
-- @duckdb
SELECT device, COUNT(*) FROM {table} WHERE COALESCE(referrer, 'none') <> 'google.com' GROUP BY device ORDER BY device

-- @id filter-coalesce-equals-default
-- @source apache/superset adhoc filter in custom SQL (COALESCE(referrer, 'none') = 'none')
-- @native
-- @tally
SELECT COUNT(*) AS "direct" FROM "druid"."{table}" WHERE COALESCE("referrer", 'none') = 'none'
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE referrer IS NULL

-- @id filter-nvl-in
-- @source apache/druid docs/querying/sql-scalar.md NVL in a filter
-- @native
-- @tally
SELECT os, COUNT(*) FROM {table} WHERE NVL(referrer, 'direct') IN ('direct', 't.co') GROUP BY os ORDER BY os
-- @duckdb
SELECT os, COUNT(*) FROM {table} WHERE COALESCE(referrer, 'direct') IN ('direct', 't.co') GROUP BY os ORDER BY os

-- @id filter-char-length
-- @source metabase/metabase metabase.driver.sql.query-processor (custom filter length(page) > n)
-- @native
-- @tally
SELECT COUNT(*) AS "count" FROM "druid"."{table}" WHERE CHAR_LENGTH("page") > 12
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE length(page) > 12

-- @id filter-trim-equals
-- @source apache/superset adhoc filter in custom SQL (TRIM(x) = ...)
-- @native
-- @tally
SELECT COUNT(*) FROM {table} WHERE TRIM(browser) = 'Samsung Internet'
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE trim(browser) = 'Samsung Internet'

-- @id filter-replace-equals
-- @source apache/superset adhoc filter in custom SQL (REPLACE(x, ...) = ...)
-- @native
-- @tally
SELECT COUNT(*) FROM {table} WHERE REPLACE(referrer, '.com', '') = 'facebook'
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE replace(referrer, '.com', '') = 'facebook'

-- @id filter-position
-- @source metabase/metabase metabase.driver.sql.query-processor (custom filter on POSITION)
-- @native
-- @tally
SELECT device, COUNT(*) FROM {table} WHERE POSITION('.' IN referrer) > 6 GROUP BY device ORDER BY device
-- @duckdb
SELECT device, COUNT(*) FROM {table} WHERE strpos(referrer, '.') > 6 GROUP BY device ORDER BY device

-- @id filter-concat-equals
-- @source apache/superset adhoc filter in custom SQL (a concatenation compared with a value)
-- @native
-- @tally
SELECT COUNT(*) FROM {table} WHERE device || '/' || os = 'mobile/iOS'
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE device || '/' || os = 'mobile/iOS'

-- @id filter-like-and-not-like
-- @source metabase/metabase metabase.driver.sql.query-processor (:contains and :does-not-contain on one column)
-- @native
-- @tally
SELECT COUNT(*) FROM {table} WHERE page LIKE '/product/%' AND page NOT LIKE '%9'
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE page LIKE '/product/%' AND page NOT LIKE '%9'

-- @id filter-like-underscore
-- @source apache/superset adhoc filter in custom SQL (LIKE with a single-character wildcard)
-- @native
-- @tally
SELECT country, COUNT(*) FROM {table} WHERE country LIKE 'C_' GROUP BY country ORDER BY country
-- @duckdb
SELECT country, COUNT(*) FROM {table} WHERE country LIKE 'C_' GROUP BY country ORDER BY country

-- @id filter-not-in-with-null-safe
-- @source metabase/metabase metabase.driver.sql.query-processor (:!= on a nullable column -> (x NOT IN (...) OR x IS NULL))
-- @native
-- @tally
SELECT "druid"."{table}"."device" AS "device", count(*) AS "count"
FROM "druid"."{table}"
WHERE (("druid"."{table}"."referrer" NOT IN ('google.com', 'bing.com')) OR ("druid"."{table}"."referrer" IS NULL))
GROUP BY "druid"."{table}"."device"
ORDER BY "druid"."{table}"."device" ASC
-- @duckdb
SELECT device, COUNT(*) FROM {table} WHERE referrer NOT IN ('google.com', 'bing.com') OR referrer IS NULL GROUP BY device ORDER BY device

-- @id filter-extract-hour-between
-- @source tableau generic JDBC dialect (filter on HOUR(__time))
-- @native
-- @tally
SELECT "web"."browser" AS "browser", COUNT(*) AS "cnt:Number of Records:ok"
FROM "druid"."{table}" "web"
WHERE (EXTRACT(HOUR FROM "web"."__time") BETWEEN 9 AND 17)
GROUP BY "web"."browser"
ORDER BY 2 DESC
LIMIT 5
-- @duckdb
SELECT browser, COUNT(*) AS n FROM {table} WHERE hour(__time) BETWEEN 9 AND 17 GROUP BY browser ORDER BY n DESC LIMIT 5

-- @id filter-extract-dow-weekend
-- @source tableau generic JDBC dialect (filter on DATEPART('weekday'))
-- @native
-- @tally
SELECT COUNT(*) AS "cnt:Number of Records:ok", SUM("web"."revenue") AS "sum:revenue:ok"
FROM "druid"."{table}" "web"
WHERE (EXTRACT(DOW FROM "web"."__time") IN (1, 7))
-- @duckdb
SELECT COUNT(*), SUM(revenue) FROM {table} WHERE dayofweek(__time) + 1 IN (1, 7)

-- @id filter-extract-month-year
-- @source tableau generic JDBC dialect (filter on MONTH and YEAR of the date)
-- @native
-- @tally
SELECT COUNT(*) FROM {table} WHERE EXTRACT(MONTH FROM __time) = 2 AND EXTRACT(YEAR FROM __time) = 2026
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE month(__time) = 2 AND year(__time) = 2026

-- @id filter-extract-day-of-month
-- @source metabase/metabase metabase.driver.sql.query-processor (filter on :day-of-month)
-- @native
-- @tally
SELECT device, COUNT(*) FROM {table} WHERE EXTRACT(DAY FROM __time) IN (1, 2, 3) GROUP BY device ORDER BY device
-- @duckdb
SELECT device, COUNT(*) FROM {table} WHERE day(__time) IN (1, 2, 3) GROUP BY device ORDER BY device

-- @id filter-time-floor-equals
-- @source grafadruid/druid-grafana (a panel's drill-down to one hour)
-- @native
-- @tally
SELECT page, COUNT(*) AS n FROM {table} WHERE TIME_FLOOR(__time, 'PT1H') = TIMESTAMP '2026-02-03 13:00:00' AND country = 'US'
GROUP BY page ORDER BY n DESC, page LIMIT 5
-- @duckdb
SELECT page, COUNT(*) AS n FROM {table} WHERE date_trunc('hour', __time) = TIMESTAMP '2026-02-03 13:00:00' AND country = 'US'
GROUP BY page ORDER BY n DESC, page LIMIT 5

-- @id filter-regexp-like
-- @source apache/druid docs/querying/sql-scalar.md REGEXP_LIKE in a dashboard filter
-- @native
-- @tally
SELECT COUNT(*) FROM {table} WHERE REGEXP_LIKE(page, '^/(help|search)/[0-9]+5$')
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE regexp_matches(page, '^/(help|search)/[0-9]+5$')

-- @id filter-case-insensitive-or-list
-- @source metabase/metabase metabase.driver.sql.query-processor (several case-insensitive :contains values OR-ed)
-- @native
-- @tally
SELECT COUNT(*) AS "count" FROM "druid"."{table}"
WHERE (LOWER("druid"."{table}"."referrer") LIKE '%reddit%' OR LOWER("druid"."{table}"."referrer") LIKE '%youtube%')
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE lower(referrer) LIKE '%reddit%' OR lower(referrer) LIKE '%youtube%'

-- @id filter-is-not-distinct-from
-- @source apache/druid docs/querying/sql-operators.md IS NOT DISTINCT FROM on a nullable dimension
-- @native
-- @tally
SELECT COUNT(*) FROM {table} WHERE referrer IS NOT DISTINCT FROM NULL AND device = 'tablet'
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE referrer IS NULL AND device = 'tablet'

-- @id filter-expression-on-both-sides
-- @source apache/superset adhoc filter in custom SQL (two expressions compared)
-- @native
-- @tally
SELECT COUNT(*) FROM {table} WHERE LOWER(country) = SUBSTRING(LOWER(os), 1, 2)
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE lower(country) = substring(lower(os), 1, 2)

-- @id filter-metric-latency
-- @source apache/superset adhoc filter on a numeric column (latency_max > 300)
-- @tables web_raw
-- @native
-- @tally
SELECT "device", COUNT(*) AS "count" FROM "druid"."{table}" WHERE "latency_max" > 300 GROUP BY "device" ORDER BY "device"
-- @duckdb
SELECT device, COUNT(*) FROM {table} WHERE latency_ms > 300 GROUP BY device ORDER BY device

-- @id filter-metric-revenue-positive-or
-- @source metabase/metabase (purchases or checkout views: OR of a metric and a dimension)
-- @tables web_raw
-- @native
-- @tally
SELECT COUNT(*) FROM {table} WHERE revenue > 0 OR page = '/checkout'
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE revenue > 0 OR page = '/checkout'

-- @id filter-metric-arithmetic
-- @source analyst SQL: slow events by an arithmetic condition
-- @tables web_raw
-- @native
-- @tally
SELECT os, COUNT(*) FROM {table} WHERE latency_max * 2 > 400 AND os IN ('Windows', 'Linux') GROUP BY os ORDER BY os
-- @duckdb
SELECT os, COUNT(*) FROM {table} WHERE latency_ms * 2 > 400 AND os IN ('Windows', 'Linux') GROUP BY os ORDER BY os

-- @id filter-metric-is-null
-- @source metabase/metabase :is-null on a numeric column
-- @tables web_raw
-- @native
-- @tally
SELECT device, COUNT(*) FROM {table} WHERE revenue IS NULL GROUP BY device ORDER BY device
-- @duckdb
SELECT device, COUNT(*) FROM {table} WHERE revenue IS NULL GROUP BY device ORDER BY device

-- @id filter-upper-first-letter
-- @source apache/superset adhoc filter in custom SQL (UPPER(SUBSTRING(...)) = ...)
-- @native
-- @tally
SELECT country, COUNT(*) FROM {table} WHERE UPPER(SUBSTRING(country, 1, 1)) = 'S' GROUP BY country ORDER BY country
-- @duckdb
SELECT country, COUNT(*) FROM {table} WHERE upper(substring(country, 1, 1)) = 'S' GROUP BY country ORDER BY country

-- @id filter-char-length-nullable
-- @source metabase/metabase metabase.driver.sql.query-processor (length of a nullable column below a bound)
-- @native
-- @tally
SELECT COUNT(*) FROM {table} WHERE CHAR_LENGTH(referrer) < 8
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE length(referrer) < 8

-- @id filter-not-of-or
-- @source tableau generic JDBC dialect (an exclude filter over a calculated field)
-- @native
-- @tally
SELECT "web"."browser" AS "browser", COUNT(*) AS "cnt:Number of Records:ok" FROM "druid"."{table}" "web"
WHERE (NOT (("web"."country" = 'US') OR (UPPER("web"."device") = 'MOBILE')))
GROUP BY "web"."browser" ORDER BY 2 DESC, 1 LIMIT 5
-- @duckdb
SELECT browser, COUNT(*) AS n FROM {table} WHERE NOT (country = 'US' OR upper(device) = 'MOBILE') GROUP BY browser ORDER BY n DESC, browser LIMIT 5

-- @id filter-coalesce-two-columns-like
-- @source apache/superset adhoc filter in custom SQL (COALESCE of two columns in a LIKE)
-- @native
-- @tally
SELECT COUNT(*) FROM {table} WHERE COALESCE(referrer, page) LIKE '/c%'
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE COALESCE(referrer, page) LIKE '/c%'

-- @id filter-case-bucket-equals
-- @source metabase/metabase metabase.driver.sql.query-processor (filter on a custom column defined by case)
-- @native
-- @tally
SELECT device, COUNT(*) FROM {table}
WHERE CASE WHEN referrer IS NULL THEN 'direct' ELSE 'referred' END = 'direct' AND os IN ('iOS', 'Android')
GROUP BY device ORDER BY device
-- @duckdb
SELECT device, COUNT(*) FROM {table} WHERE referrer IS NULL AND os IN ('iOS', 'Android') GROUP BY device ORDER BY device

-- @id filter-expression-and-time-range
-- @source grafadruid/druid-grafana ($__timeFilter and a LOWER(...) LIKE variable filter)
-- @native
-- @tally
SELECT COUNT(*) AS "value" FROM {table}
WHERE __time >= TIMESTAMP '2026-01-30 12:00:00' AND __time <= TIMESTAMP '2026-01-31 12:00:00' AND LOWER(page) LIKE '%/blog/%'
-- @duckdb
SELECT COUNT(*) FROM {table}
WHERE __time >= TIMESTAMP '2026-01-30 12:00:00' AND __time <= TIMESTAMP '2026-01-31 12:00:00' AND lower(page) LIKE '%/blog/%'

-- @id filter-pinned-group-key
-- @source apache/superset (a filter on one of the chart's dimensions)
-- @native
-- @native-gap 16: a group key pinned by an equality in WHERE (device = 'tablet') is dropped from the native grouping and projected back as a literal by an EnumerableCalc above it (minimal: SELECT device, os, COUNT(*) FROM web WHERE device = 'tablet' GROUP BY 1, 2)
-- @tally
SELECT "device", "os", COUNT(*) AS "count" FROM "druid"."{table}" WHERE "device" = 'tablet' GROUP BY "device", "os" ORDER BY "count" DESC, "os"
-- @duckdb
SELECT device, os, COUNT(*) AS n FROM {table} WHERE device = 'tablet' GROUP BY ALL ORDER BY n DESC, os

-- @id filter-not-in-nullable
-- @source apache/superset adhoc filter in custom SQL (NOT IN on a nullable column: NULL rows are not kept (three-valued logic))
-- @native
-- @tally
SELECT "device", COUNT(*) AS "count" FROM "druid"."{table}" WHERE "referrer" NOT IN ('google.com', 'facebook.com') GROUP BY "device" ORDER BY "device"
-- @duckdb
SELECT device, COUNT(*) FROM {table} WHERE referrer NOT IN ('google.com', 'facebook.com') GROUP BY device ORDER BY device

-- @id filter-not-equal-nullable
-- @source apache/superset adhoc filter in custom SQL (!= on a nullable column)
-- @native
-- @tally
SELECT COUNT(*) AS "count" FROM "druid"."{table}" WHERE "referrer" <> 'google.com'
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE referrer <> 'google.com'

-- @id filter-like-emoji-pattern
-- @source issue 16 UTF-8 end to end: a LIKE pattern outside the BMP (no page holds it)
-- @native
-- @tally
SELECT COUNT(*) AS n FROM {table} WHERE page LIKE '%😀%' OR country = 'US'
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE page LIKE '%😀%' OR country = 'US'

-- @id filter-parameters-metabase
-- @source metabase/metabase druid-jdbc prepared statement (a field filter bound as parameters)
-- @native
-- @param VARCHAR US
-- @param TIMESTAMP 2026-02-01 00:00:00
-- @tally
SELECT "druid"."{table}"."device" AS "device", count(*) AS "count"
FROM "druid"."{table}"
WHERE ("druid"."{table}"."country" = ?) AND ("druid"."{table}"."__time" >= ?)
GROUP BY "druid"."{table}"."device"
ORDER BY "druid"."{table}"."device" ASC
-- @duckdb
SELECT device, COUNT(*) FROM {table} WHERE country = 'US' AND __time >= TIMESTAMP '2026-02-01 00:00:00' GROUP BY device ORDER BY device

-- A parameter inside an expression filter is left to Calcite above a native scan by design (PushdownTest lists
-- LOWER(country) = ? as partly pushed): not asserted to be one native query.
-- @id filter-parameter-in-expression
-- @source metabase/metabase prepared statement with a parameter inside an expression filter
-- @param VARCHAR Firefox
-- @tally
SELECT COUNT(*) AS "count" FROM "druid"."{table}" WHERE LOWER("druid"."{table}"."browser") = LOWER(?)
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE lower(browser) = 'firefox'

-- @id filter-in-list-19-values
-- @source grafadruid/druid-grafana multi-value variable ${page:sqlstring} with 19 values
-- @native
-- @tally
SELECT device, COUNT(*) AS n FROM {table} WHERE page IN ('/product/5', '/product/15', '/product/25', '/product/35', '/product/45', '/product/55', '/product/65', '/product/75', '/product/85', '/product/95', '/product/105', '/product/115', '/product/125', '/product/135', '/product/145', '/product/155', '/product/165', '/product/175', '/product/185') GROUP BY device ORDER BY device
-- @duckdb
SELECT device, COUNT(*) FROM {table} WHERE page IN ('/product/5', '/product/15', '/product/25', '/product/35', '/product/45', '/product/55', '/product/65', '/product/75', '/product/85', '/product/95', '/product/105', '/product/115', '/product/125', '/product/135', '/product/145', '/product/155', '/product/165', '/product/175', '/product/185') GROUP BY device ORDER BY device

-- @id filter-in-list-25-values
-- @source grafadruid/druid-grafana multi-value variable ${page:sqlstring} with 25 values
-- @native
-- @tally
SELECT device, COUNT(*) AS n FROM {table} WHERE page IN ('/product/5', '/product/15', '/product/25', '/product/35', '/product/45', '/product/55', '/product/65', '/product/75', '/product/85', '/product/95', '/product/105', '/product/115', '/product/125', '/product/135', '/product/145', '/product/155', '/product/165', '/product/175', '/product/185', '/product/195', '/product/205', '/product/215', '/product/225', '/product/235', '/product/245') GROUP BY device ORDER BY device
-- @duckdb
SELECT device, COUNT(*) FROM {table} WHERE page IN ('/product/5', '/product/15', '/product/25', '/product/35', '/product/45', '/product/55', '/product/65', '/product/75', '/product/85', '/product/95', '/product/105', '/product/115', '/product/125', '/product/135', '/product/145', '/product/155', '/product/165', '/product/175', '/product/185', '/product/195', '/product/205', '/product/215', '/product/225', '/product/235', '/product/245') GROUP BY device ORDER BY device
