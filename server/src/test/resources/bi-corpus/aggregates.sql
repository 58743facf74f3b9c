-- BI corpus (issue 16), aggregates: run by dev.tally.server.corpus.BiCorpusTest; the format is described in
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
-- Conditional aggregates: SUM(CASE WHEN ... THEN revenue ELSE 0 END), COUNT(*) FILTER (WHERE ...), COUNT(DISTINCT
-- CASE ...), AVG(CASE ...), as Superset's custom SQL metrics, Looker's filtered measures and Metabase's sum-where /
-- count-where write them.
-- ==================================================================================================================

-- @id sum-case-mobile-revenue
-- @source apache/superset custom SQL metric (SUM(CASE WHEN ... THEN revenue ELSE 0 END))
-- @native
-- @tally
SELECT "country", SUM(CASE WHEN "device" = 'mobile' THEN "revenue" ELSE 0 END) AS "mobile revenue", SUM("revenue") AS "revenue"
FROM "druid"."{table}"
WHERE "country" IN ('US', 'DE', 'GB', 'FR', 'JP')
GROUP BY "country"
ORDER BY "country"
-- @duckdb
SELECT country, SUM(CASE WHEN device = 'mobile' THEN revenue ELSE 0 END), SUM(revenue) FROM {table}
WHERE country IN ('US', 'DE', 'GB', 'FR', 'JP') GROUP BY country ORDER BY country

-- @id sum-case-per-device-columns
-- @source looker measure with filters: compiled as SUM(CASE WHEN ... END) per pivot value
-- @native
-- @tally
SELECT DATE_TRUNC('day', __time) AS d,
       SUM(CASE WHEN device = 'desktop' THEN 1 ELSE 0 END) AS desktop,
       SUM(CASE WHEN device = 'mobile' THEN 1 ELSE 0 END) AS mobile,
       SUM(CASE WHEN device = 'tablet' THEN 1 ELSE 0 END) AS tablet
FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('day', __time) AS d, SUM(CASE WHEN device = 'desktop' THEN 1 ELSE 0 END), SUM(CASE WHEN device = 'mobile' THEN 1 ELSE 0 END),
       SUM(CASE WHEN device = 'tablet' THEN 1 ELSE 0 END) FROM {table} GROUP BY 1 ORDER BY 1

-- @id sum-case-else-null
-- @source looker measure with filters: compiled as SUM(CASE WHEN ... THEN x END), no ELSE
-- @native
-- @tally
SELECT os, SUM(CASE WHEN page = '/checkout' THEN revenue END) AS checkout_revenue FROM {table}
WHERE os IN ('iOS', 'Android') GROUP BY os ORDER BY os
-- @duckdb
SELECT os, SUM(CASE WHEN page = '/checkout' THEN revenue END) FROM {table} WHERE os IN ('iOS', 'Android') GROUP BY os ORDER BY os

-- @id sum-case-latency-sum
-- @source apache/superset custom SQL metric (SUM(CASE ... THEN latency_sum ...))
-- @native
-- @tally
SELECT device, SUM(CASE WHEN browser = 'Chrome' THEN latency_sum ELSE 0 END) AS chrome_latency FROM {table} GROUP BY device ORDER BY device
-- @duckdb
SELECT device, SUM(CASE WHEN browser = 'Chrome' THEN latency_ms ELSE 0 END) FROM {table} GROUP BY device ORDER BY device

-- @id sum-case-over-time
-- @source apache/superset custom SQL metric (conditional SUM per hour)
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1H') AS "__time",
       SUM(CASE WHEN "referrer" IS NULL THEN 1 ELSE 0 END) AS "direct",
       SUM(CASE WHEN "referrer" IS NOT NULL THEN 1 ELSE 0 END) AS "referred"
FROM "druid"."{table}"
WHERE "__time" >= TIME_PARSE('2026-02-02T00:00:00') AND "__time" < TIME_PARSE('2026-02-03T00:00:00')
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'PT1H')
ORDER BY "__time"
LIMIT 10000
-- @duckdb
SELECT date_trunc('hour', __time) AS h, SUM(CASE WHEN referrer IS NULL THEN 1 ELSE 0 END), SUM(CASE WHEN referrer IS NOT NULL THEN 1 ELSE 0 END)
FROM {table} WHERE __time >= TIMESTAMP '2026-02-02 00:00:00' AND __time < TIMESTAMP '2026-02-03 00:00:00' GROUP BY 1 ORDER BY 1

-- @id sum-case-expression-condition
-- @source apache/superset custom SQL metric (condition on an expression)
-- @native
-- @tally
SELECT country, SUM(CASE WHEN LOWER(page) LIKE '%product%' THEN revenue ELSE 0 END) AS product_revenue
FROM {table} WHERE country IN ('CA', 'AU', 'NZ') GROUP BY country ORDER BY country
-- @duckdb
SELECT country, SUM(CASE WHEN lower(page) LIKE '%product%' THEN revenue ELSE 0 END) FROM {table}
WHERE country IN ('CA', 'AU', 'NZ') GROUP BY country ORDER BY country

-- @id sum-case-weekend-hours
-- @source apache/superset custom SQL metric (condition on the time of day)
-- @native
-- @tally
SELECT device, SUM(CASE WHEN EXTRACT(HOUR FROM __time) >= 18 THEN revenue ELSE 0 END) AS evening_revenue FROM {table} GROUP BY device ORDER BY device
-- @duckdb
SELECT device, SUM(CASE WHEN hour(__time) >= 18 THEN revenue ELSE 0 END) FROM {table} GROUP BY device ORDER BY device

-- @id count-filter-where
-- @source apache/druid docs/querying/sql-aggregations.md (aggregate FILTER(WHERE ...))
-- @native
-- @tally
SELECT browser, COUNT(*) FILTER (WHERE device = 'mobile') AS mobile, COUNT(*) FILTER (WHERE device <> 'mobile') AS other, COUNT(*) AS total
FROM {table} GROUP BY browser ORDER BY total DESC LIMIT 6
-- @duckdb
SELECT browser, COUNT(*) FILTER (WHERE device = 'mobile'), COUNT(*) FILTER (WHERE device <> 'mobile'), COUNT(*) AS t
FROM {table} GROUP BY browser ORDER BY t DESC LIMIT 6

-- @id count-filter-expression
-- @source analyst SQL: COUNT(*) FILTER on an expression
-- @native
-- @tally
SELECT DATE_TRUNC('day', __time) AS d, COUNT(*) FILTER (WHERE UPPER(os) = 'IOS') AS ios, COUNT(*) FILTER (WHERE page LIKE '/blog/%') AS blog
FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('day', __time) AS d, COUNT(*) FILTER (WHERE upper(os) = 'IOS'), COUNT(*) FILTER (WHERE page LIKE '/blog/%')
FROM {table} GROUP BY 1 ORDER BY 1

-- @id sum-filter-where
-- @source apache/druid docs/querying/sql-aggregations.md SUM(expr) FILTER(WHERE ...)
-- @native
-- @tally
SELECT country, SUM(revenue) FILTER (WHERE page = '/checkout') AS checkout, SUM(revenue) AS total
FROM {table} WHERE country IN ('IT', 'ES', 'PT') GROUP BY country ORDER BY country
-- @duckdb
SELECT country, SUM(revenue) FILTER (WHERE page = '/checkout'), SUM(revenue) FROM {table}
WHERE country IN ('IT', 'ES', 'PT') GROUP BY country ORDER BY country

-- @id filter-time-condition
-- @source analyst SQL: this week vs last week in one pass (FILTER on __time)
-- @native
-- @tally
SELECT device,
       COUNT(*) FILTER (WHERE __time >= TIMESTAMP '2026-02-02 00:00:00') AS this_week,
       COUNT(*) FILTER (WHERE __time < TIMESTAMP '2026-02-02 00:00:00') AS last_week
FROM {table} GROUP BY device ORDER BY device
-- @duckdb
SELECT device, COUNT(*) FILTER (WHERE __time >= TIMESTAMP '2026-02-02 00:00:00'), COUNT(*) FILTER (WHERE __time < TIMESTAMP '2026-02-02 00:00:00')
FROM {table} GROUP BY device ORDER BY device

-- @id max-filter-where
-- @source apache/druid docs/querying/sql-aggregations.md MAX(expr) FILTER(WHERE ...)
-- @native
-- @tally
SELECT os, MAX(latency_max) FILTER (WHERE device = 'tablet') AS tablet_max, MAX(latency_max) AS overall_max
FROM {table} GROUP BY os ORDER BY os
-- @duckdb
SELECT os, MAX(latency_ms) FILTER (WHERE device = 'tablet'), MAX(latency_ms) FROM {table} GROUP BY os ORDER BY os

-- @id count-distinct-case
-- @source looker measure with filters: compiled as COUNT(DISTINCT CASE WHEN ... THEN x END)
-- @native
-- @tally
SELECT device, COUNT(DISTINCT CASE WHEN referrer IS NOT NULL THEN country END) AS referred_countries FROM {table} GROUP BY device ORDER BY device
-- @duckdb
SELECT device, COUNT(DISTINCT CASE WHEN referrer IS NOT NULL THEN country END) FROM {table} GROUP BY device ORDER BY device

-- @id count-distinct-case-overall
-- @source looker measure with filters: compiled as COUNT(DISTINCT CASE ...) with no group
-- @native
-- @tally
SELECT COUNT(DISTINCT CASE WHEN device = 'mobile' THEN page END) AS mobile_pages, COUNT(DISTINCT page) AS pages FROM {table}
-- @duckdb
SELECT COUNT(DISTINCT CASE WHEN device = 'mobile' THEN page END), COUNT(DISTINCT page) FROM {table}

-- @id count-distinct-filter
-- @source apache/druid docs/querying/sql-aggregations.md COUNT(DISTINCT x) FILTER(WHERE ...)
-- @tables web_raw
-- @native
-- @tally
SELECT DATE_TRUNC('day', __time) AS d, COUNT(DISTINCT country) FILTER (WHERE revenue > 0) AS buying_countries
FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('day', __time) AS d, COUNT(DISTINCT country) FILTER (WHERE revenue > 0) FROM {table} GROUP BY 1 ORDER BY 1

-- @id avg-case-latency
-- @source metabase/metabase average of a custom expression aggregation
-- @native
-- @tally
SELECT country, AVG(CASE WHEN device = 'mobile' THEN latency_sum END) AS mobile_latency FROM {table}
WHERE country IN ('US', 'BR', 'IN') GROUP BY country ORDER BY country
-- @duckdb
SELECT country, AVG(CASE WHEN device = 'mobile' THEN latency_ms END) FROM {table} WHERE country IN ('US', 'BR', 'IN') GROUP BY country ORDER BY country

-- @id avg-case-revenue
-- @source metabase/metabase average of revenue where a condition holds aggregation
-- @native
-- @tally
SELECT device, AVG(CASE WHEN referrer IS NULL THEN revenue END) AS direct_avg FROM {table} GROUP BY device ORDER BY device
-- @duckdb
SELECT device, AVG(CASE WHEN referrer IS NULL THEN revenue END) FROM {table} GROUP BY device ORDER BY device

-- @id avg-case-else-zero
-- @source metabase/metabase average with ELSE 0 (zero counts toward the mean) aggregation
-- @native
-- @tally
SELECT browser, AVG(CASE WHEN os = 'Windows' THEN latency_sum ELSE 0 END) AS v FROM {table}
WHERE browser IN ('Chrome', 'Edge', 'Firefox') GROUP BY browser ORDER BY browser
-- @duckdb
SELECT browser, AVG(CASE WHEN os = 'Windows' THEN latency_ms ELSE 0 END) FROM {table} WHERE browser IN ('Chrome', 'Edge', 'Firefox')
GROUP BY browser ORDER BY browser

-- @id sum-case-revenue-condition-raw
-- @source apache/superset custom SQL metric (a condition on the event's own revenue)
-- @tables web_raw
-- @native
-- @tally
SELECT device, SUM(CASE WHEN revenue > 0 THEN 1 ELSE 0 END) AS purchases, COUNT(*) AS events FROM {table} GROUP BY device ORDER BY device
-- @duckdb
SELECT device, SUM(CASE WHEN revenue > 0 THEN 1 ELSE 0 END), COUNT(*) FROM {table} GROUP BY device ORDER BY device

-- @id count-filter-latency-raw
-- @source apache/druid docs/querying/sql-aggregations.md COUNT(*) FILTER on a measure
-- @tables web_raw
-- @native
-- @tally
SELECT os, COUNT(*) FILTER (WHERE latency_max > 200) AS slow, COUNT(*) AS n FROM {table} GROUP BY os ORDER BY os
-- @duckdb
SELECT os, COUNT(*) FILTER (WHERE latency_ms > 200), COUNT(*) FROM {table} GROUP BY os ORDER BY os

-- @id sum-case-mixed-metrics-raw
-- @source apache/superset custom SQL metric (CASE choosing between two measures)
-- @tables web_raw
-- @native
-- @tally
SELECT device, SUM(CASE WHEN revenue > 0 THEN revenue ELSE latency_max / 1000.0 END) AS v FROM {table} GROUP BY device ORDER BY device
-- @duckdb
SELECT device, SUM(CASE WHEN revenue > 0 THEN revenue ELSE latency_ms / 1000.0 END) FROM {table} GROUP BY device ORDER BY device

-- @id conversion-rate
-- @source looker measure with filters: compiled as a ratio of two filtered measures (type: number)
-- @native
-- @native-gap 16: arithmetic over aggregates (a post-aggregation: ROUND(SUM(x), 2), SUM(a) / SUM(b), ABS(SUM(x) - c)) runs as an EnumerableCalc above the native query
-- @tally
SELECT country, 1.0 * SUM(CASE WHEN page = '/checkout' THEN 1 ELSE 0 END) / COUNT(*) AS checkout_rate
FROM {table} WHERE country IN ('US', 'DE', 'GB') GROUP BY country ORDER BY country
-- @duckdb
SELECT country, 1.0 * SUM(CASE WHEN page = '/checkout' THEN 1 ELSE 0 END) / COUNT(*) FROM {table}
WHERE country IN ('US', 'DE', 'GB') GROUP BY country ORDER BY country


-- ==================================================================================================================
-- COUNT(DISTINCT): exact distinct counts of dimensions (Superset COUNT_DISTINCT metric, Metabase distinct, Tableau
-- COUNTD) and the HLL sketch of users (approximate by design).
-- ==================================================================================================================

-- @id count-distinct-page-by-day
-- @source apache/superset COUNT_DISTINCT(page) metric over a daily grain
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D') AS "__time", COUNT(DISTINCT "page") AS "COUNT_DISTINCT(page)"
FROM "druid"."{table}"
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D')
ORDER BY "__time"
LIMIT 10000
-- @duckdb
SELECT date_trunc('day', __time) AS d, COUNT(DISTINCT page) FROM {table} GROUP BY 1 ORDER BY 1

-- @id count-distinct-tableau-countd
-- @source tableau generic JDBC dialect COUNTD as COUNT(DISTINCT ...)
-- @native
-- @unordered
-- @tally
SELECT "web"."device" AS "device", COUNT(DISTINCT "web"."country") AS "ctd:country:ok"
FROM "druid"."{table}" "web"
GROUP BY "web"."device"
-- @duckdb
SELECT device, COUNT(DISTINCT country) FROM {table} GROUP BY device

-- @id count-distinct-two-columns
-- @source metabase/metabase two :distinct aggregations
-- @native
-- @tally
SELECT "druid"."{table}"."os" AS "os", count(distinct "druid"."{table}"."browser") AS "count", count(distinct "druid"."{table}"."referrer") AS "count_2"
FROM "druid"."{table}"
GROUP BY "druid"."{table}"."os"
ORDER BY "druid"."{table}"."os" ASC
-- @duckdb
SELECT os, COUNT(DISTINCT browser), COUNT(DISTINCT referrer) FROM {table} GROUP BY os ORDER BY os

-- @id count-distinct-filtered
-- @source analyst SQL: distinct pages seen from search
-- @native
-- @native-gap 16: a COUNT(DISTINCT x) that is the statement's only aggregate, under a WHERE or over an expression, runs as an EnumerableAggregate (COUNT) over a native group-by of x (minimal: SELECT COUNT(DISTINCT page) FROM web WHERE country = 'US'; SELECT os, COUNT(DISTINCT country) FROM web WHERE device = 'mobile' GROUP BY os; SELECT COUNT(DISTINCT CASE WHEN device = 'mobile' THEN country END) FROM web); without the WHERE, or beside another aggregate, it is one native query, and whether it is pushed depends on incidental shape (with ORDER BY os, or with TIME_PARSE('...') instead of a TIMESTAMP literal in the time filter, the same statement is one native query)
-- @tally
SELECT COUNT(DISTINCT page) FROM {table} WHERE referrer IN ('google.com', 'bing.com', 'duckduckgo.com')
-- @duckdb
SELECT COUNT(DISTINCT page) FROM {table} WHERE referrer IN ('google.com', 'bing.com', 'duckduckgo.com')

-- @id count-distinct-expression
-- @source analyst SQL: distinct site sections
-- @native
-- @tally
SELECT device, COUNT(DISTINCT SUBSTRING(page, 1, 5)) AS sections FROM {table} GROUP BY device ORDER BY device
-- @duckdb
SELECT device, COUNT(DISTINCT substring(page, 1, 5)) FROM {table} GROUP BY device ORDER BY device

-- @id count-distinct-top-by-distinct
-- @source looker GROUP BY 1 ORDER BY 2 DESC on a distinct count
-- @native
-- @tally
SELECT country, COUNT(DISTINCT page) AS pages FROM {table} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10
-- @duckdb
SELECT country, COUNT(DISTINCT page) AS p FROM {table} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10

-- @id count-distinct-having
-- @source apache/superset HAVING on a distinct count
-- @native
-- @tally
SELECT "browser", COUNT(DISTINCT "country") AS "countries" FROM "druid"."{table}"
GROUP BY "browser" HAVING COUNT(DISTINCT "country") > 150 ORDER BY "browser"
-- @duckdb
SELECT browser, COUNT(DISTINCT country) FROM {table} GROUP BY browser HAVING COUNT(DISTINCT country) > 150 ORDER BY browser

-- @id approx-count-distinct-users-daily
-- @source apache/superset saved metric APPROX_COUNT_DISTINCT("users") over a daily grain
-- @native
-- @approx 1 0.05
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D') AS "__time", APPROX_COUNT_DISTINCT("users") AS "users"
FROM "druid"."{table}" GROUP BY 1 ORDER BY 1 LIMIT 10000
-- @duckdb
SELECT date_trunc('day', __time) AS d, COUNT(DISTINCT user_id) FROM {table} GROUP BY 1 ORDER BY 1

-- @id approx-count-distinct-users-by-device
-- @source grafadruid/druid-grafana (unique users stat per device)
-- @native
-- @approx 1 0.05
-- @tally
SELECT device, APPROX_COUNT_DISTINCT(users) AS u FROM {table} GROUP BY device ORDER BY device
-- @duckdb
SELECT device, COUNT(DISTINCT user_id) FROM {table} GROUP BY device ORDER BY device


-- ==================================================================================================================
-- COUNT(*), SUM(1) and the count metric: all count events, on the rolled table too (Tableau's Number of Records is
-- SUM(1)); AVG divides by the events that carried the field (one event in ten has no revenue).
-- ==================================================================================================================

-- @id sum-one-total
-- @source tableau generic JDBC dialect (Number of Records, no dimension)
-- @native
-- @tally
SELECT SUM(1) AS "sum:Number of Records:ok" FROM "druid"."{table}" "web"
-- @duckdb
SELECT COUNT(*) FROM {table}

-- @id sum-one-by-device
-- @source tableau generic JDBC dialect (Number of Records by a dimension)
-- @native
-- @unordered
-- @tally
SELECT "web"."device" AS "device", SUM(1) AS "sum:Number of Records:ok" FROM "druid"."{table}" "web" GROUP BY "web"."device"
-- @duckdb
SELECT device, COUNT(*) FROM {table} GROUP BY device

-- @id sum-one-filtered-by-day
-- @source tableau generic JDBC dialect (Number of Records per day, filtered)
-- @native
-- @unordered
-- @tally
SELECT CAST("web"."__time" AS DATE) AS "tdy:__time:ok", SUM(1) AS "sum:Number of Records:ok"
FROM "druid"."{table}" "web"
WHERE ("web"."country" = 'DE')
GROUP BY CAST("web"."__time" AS DATE)
-- @duckdb
SELECT date_trunc('day', __time) AS d, COUNT(*) FROM {table} WHERE country = 'DE' GROUP BY 1

-- @id sum-two-constant
-- @source analyst SQL: SUM of a constant other than 1
-- @native
-- @tally
SELECT SUM(2) AS twice, SUM(0.5) AS half FROM {table} WHERE device = 'tablet'
-- @duckdb
SELECT 2 * COUNT(*), 0.5 * COUNT(*) FROM {table} WHERE device = 'tablet'

-- @id count-star-and-count-metric
-- @source apache/druid docs/ingestion/rollup.md (COUNT(*) and SUM(count) agree: both count events)
-- @native
-- @tally
SELECT os, COUNT(*) AS n, SUM("count") AS c FROM {table} GROUP BY os ORDER BY os
-- @duckdb
SELECT os, COUNT(*), COUNT(*) FROM {table} GROUP BY os ORDER BY os

-- @id count-column-revenue
-- @source apache/druid docs/querying/sql-aggregations.md COUNT(expr) counts events that carried the field
-- @native
-- @tally
SELECT device, COUNT(revenue) AS with_revenue, COUNT(*) AS events FROM {table} GROUP BY device ORDER BY device
-- @duckdb
SELECT device, COUNT(revenue), COUNT(*) FROM {table} GROUP BY device ORDER BY device

-- @id avg-revenue-by-device
-- @source metabase/metabase :avg aggregation over a measure some events lack
-- @native
-- @tally
SELECT "druid"."{table}"."device" AS "device", avg("druid"."{table}"."revenue") AS "avg"
FROM "druid"."{table}"
GROUP BY "druid"."{table}"."device"
ORDER BY "druid"."{table}"."device" ASC
-- @duckdb
SELECT device, AVG(revenue) FROM {table} GROUP BY device ORDER BY device

-- @id avg-revenue-total
-- @source apache/superset big number AVG(revenue)
-- @native
-- @tally
SELECT AVG("revenue") AS "AVG(revenue)" FROM "druid"."{table}"
-- @duckdb
SELECT AVG(revenue) FROM {table}

-- @id avg-latency-by-hour
-- @source grafadruid/druid-grafana mean latency per hour
-- @native
-- @tally
SELECT TIME_FLOOR(__time, 'PT1H') AS "time", AVG(latency_sum) AS "mean latency" FROM {table}
WHERE __time >= TIMESTAMP '2026-02-04 00:00:00' AND __time <= TIMESTAMP '2026-02-04 23:59:59' GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('hour', __time) AS t, AVG(latency_ms) FROM {table}
WHERE __time >= TIMESTAMP '2026-02-04 00:00:00' AND __time <= TIMESTAMP '2026-02-04 23:59:59' GROUP BY 1 ORDER BY 1

-- @id sum-revenue-all-missing-group
-- @source analyst SQL: SUM over events that all lack the field is NULL
-- @tables web_raw
-- @native
-- @tally
SELECT SUM(revenue) AS r, COUNT(revenue) AS c, COUNT(*) AS n FROM {table} WHERE revenue IS NULL
-- @duckdb
SELECT SUM(revenue), COUNT(revenue), COUNT(*) FROM {table} WHERE revenue IS NULL

-- @id min-max-metrics-raw
-- @source metabase/metabase :min and :max of a measure (per event on the raw table)
-- @tables web_raw
-- @native
-- @tally
SELECT device, MIN(latency_max) AS lo, MAX(latency_max) AS hi, MIN(revenue) AS rlo, MAX(revenue) AS rhi FROM {table} GROUP BY device ORDER BY device
-- @duckdb
SELECT device, MIN(latency_ms), MAX(latency_ms), MIN(revenue), MAX(revenue) FROM {table} GROUP BY device ORDER BY device


-- ==================================================================================================================
-- Math: ROUND of an aggregate (a post-aggregation), ABS, constants inside SUM, arithmetic over two metrics per event
-- (exact on the raw table; refused with a clear 400 on the rolled table, whose rows hold several events).
-- ==================================================================================================================

-- @id round-sum-revenue
-- @source looker measure value_format / sql: ROUND(SUM(x), 2)
-- @native
-- @native-gap 16: arithmetic over aggregates (a post-aggregation: ROUND(SUM(x), 2), SUM(a) / SUM(b), ABS(SUM(x) - c)) runs as an EnumerableCalc above the native query
-- @tally
SELECT country, ROUND(SUM(revenue), 2) AS revenue FROM {table} WHERE country IN ('US', 'DE', 'JP', 'BR') GROUP BY country ORDER BY country
-- @duckdb
SELECT country, round(SUM(revenue), 2) FROM {table} WHERE country IN ('US', 'DE', 'JP', 'BR') GROUP BY country ORDER BY country

-- @id round-avg-latency
-- @source apache/superset custom SQL metric ROUND(AVG(...), 1)
-- @native
-- @native-gap 16: arithmetic over aggregates (a post-aggregation: ROUND(SUM(x), 2), SUM(a) / SUM(b), ABS(SUM(x) - c)) runs as an EnumerableCalc above the native query
-- @tally
SELECT "device", ROUND(AVG("latency_sum"), 1) AS "avg latency" FROM "druid"."{table}" GROUP BY "device" ORDER BY "device"
-- @duckdb
SELECT device, round(AVG(latency_ms), 1) FROM {table} GROUP BY device ORDER BY device

-- @id sum-revenue-times-constant
-- @source analyst SQL: revenue in cents (a constant inside SUM)
-- @native
-- @tally
SELECT device, SUM(revenue * 100) AS cents, SUM(revenue * 2) AS doubled FROM {table} GROUP BY device ORDER BY device
-- @duckdb
SELECT device, SUM(revenue * 100), SUM(revenue * 2) FROM {table} GROUP BY device ORDER BY device

-- @id sum-latency-divided
-- @source analyst SQL: latency in seconds
-- @native
-- @tally
SELECT os, SUM(latency_sum / 1000.0) AS seconds FROM {table} GROUP BY os ORDER BY os
-- @duckdb
SELECT os, SUM(latency_ms / 1000.0) FROM {table} GROUP BY os ORDER BY os

-- @id sum-metric-times-dimension-function
-- @source issue 16 rollup rule: SUM(sumMetric * f(dims)) is exact over rolled rows
-- @native
-- @tally
SELECT device, SUM(revenue * CASE WHEN country = 'US' THEN 1.0 ELSE 0.9 END) AS net FROM {table} GROUP BY device ORDER BY device
-- @duckdb
SELECT device, SUM(revenue * CASE WHEN country = 'US' THEN 1.0 ELSE 0.9 END) FROM {table} GROUP BY device ORDER BY device

-- @id abs-of-aggregate-difference
-- @source analyst SQL: ABS of a difference of aggregates
-- @native
-- @native-gap 16: arithmetic over aggregates (a post-aggregation: ROUND(SUM(x), 2), SUM(a) / SUM(b), ABS(SUM(x) - c)) runs as an EnumerableCalc above the native query
-- @tally
SELECT device, ABS(SUM(revenue) - 1000000) AS distance FROM {table} GROUP BY device ORDER BY device
-- @duckdb
SELECT device, abs(SUM(revenue) - 1000000) FROM {table} GROUP BY device ORDER BY device

-- @id abs-inside-sum-raw
-- @source analyst SQL: SUM of ABS of a per-event difference
-- @tables web_raw
-- @native
-- @tally
SELECT device, SUM(ABS(latency_max - 100)) AS spread FROM {table} GROUP BY device ORDER BY device
-- @duckdb
SELECT device, SUM(abs(latency_ms - 100)) FROM {table} GROUP BY device ORDER BY device

-- @id sum-product-of-metrics-raw
-- @source issue 16: SUM(a * b) of two metrics per event, exact where every row is an event
-- @tables web_raw
-- @native
-- @tally
SELECT device, SUM(revenue * latency_max) AS weighted FROM {table} GROUP BY device ORDER BY device
-- @duckdb
SELECT device, SUM(revenue * latency_ms) FROM {table} GROUP BY device ORDER BY device

-- @id sum-product-of-metrics-rolled-refused
-- @source issue 16: SUM(a * b) of two metrics per event is refused over rolled rows
-- @tables web
-- @tally
SELECT device, SUM(revenue * latency_max) AS weighted FROM {table} GROUP BY device ORDER BY device
-- @error latency_max

-- @id avg-ratio-of-metrics-raw
-- @source analyst SQL: AVG of a per-event ratio
-- @tables web_raw
-- @native
-- @tally
SELECT os, AVG(revenue / latency_max) AS r FROM {table} WHERE revenue > 0 GROUP BY os ORDER BY os
-- @duckdb
SELECT os, AVG(revenue / latency_ms) FROM {table} WHERE revenue > 0 GROUP BY os ORDER BY os

-- @id power-sqrt-post-aggregation
-- @source apache/superset custom SQL metric (standard deviation from sums)
-- @tables web_raw
-- @native
-- @native-gap 16: arithmetic over aggregates (a post-aggregation: ROUND(SUM(x), 2), SUM(a) / SUM(b), ABS(SUM(x) - c)) runs as an EnumerableCalc above the native query
-- @tally
SELECT device, SQRT(SUM(latency_sum * latency_sum) / COUNT(*) - POWER(SUM(latency_sum) / COUNT(*), 2)) AS sd FROM {table} GROUP BY device ORDER BY device
-- @duckdb
SELECT device, sqrt(SUM(latency_ms * latency_ms) // COUNT(*) - power(SUM(latency_ms) // COUNT(*), 2)) FROM {table} GROUP BY device ORDER BY device

-- @id integer-division-post-aggregation
-- @source grafadruid/druid-grafana stat panel: mean latency as SUM / COUNT (BIGINT division)
-- @native
-- @native-gap 16: arithmetic over aggregates (a post-aggregation: ROUND(SUM(x), 2), SUM(a) / SUM(b), ABS(SUM(x) - c)) runs as an EnumerableCalc above the native query
-- @tally
SELECT SUM(latency_sum) / SUM("count") AS mean_latency FROM {table} WHERE country = 'FR'
-- @duckdb
SELECT SUM(latency_ms) // COUNT(*) FROM {table} WHERE country = 'FR'

-- @id mod-group-key-raw
-- @source analyst SQL: MOD buckets of a measure
-- @tables web_raw
-- @native
-- @tally
SELECT MOD(latency_max, 3) AS m, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT latency_ms % 3 AS m, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1


-- ==================================================================================================================
-- HAVING and ORDER BY on aggregates (Superset's metric filters and sort-by metric, Looker's measure filters).
-- ==================================================================================================================

-- @id having-count
-- @source apache/superset HAVING on a metric
-- @native
-- @tally
SELECT "country", COUNT(*) AS "count" FROM "druid"."{table}" GROUP BY "country" HAVING COUNT(*) > 20000 ORDER BY "count" DESC
-- @duckdb
SELECT country, COUNT(*) AS n FROM {table} GROUP BY country HAVING COUNT(*) > 20000 ORDER BY n DESC

-- @id having-sum-revenue-order-by-sum
-- @source looker measure filter (HAVING) with sort by the measure
-- @native
-- @tally
SELECT country, SUM(revenue) AS revenue FROM {table} GROUP BY 1 HAVING SUM(revenue) > 50000 ORDER BY SUM(revenue) DESC
-- @duckdb
SELECT country, SUM(revenue) AS r FROM {table} GROUP BY 1 HAVING SUM(revenue) > 50000 ORDER BY r DESC

-- @id having-avg
-- @source metabase/metabase filter on an aggregation (HAVING AVG)
-- @native
-- @tally
SELECT browser, AVG(latency_sum) AS a FROM {table} GROUP BY browser HAVING AVG(latency_sum) > 80 ORDER BY browser
-- @duckdb
SELECT browser, AVG(latency_ms) FROM {table} GROUP BY browser HAVING AVG(latency_ms) > 80 ORDER BY browser

-- @id having-two-conditions
-- @source apache/superset two metric filters
-- @native
-- @tally
SELECT os, device, COUNT(*) AS n, SUM(revenue) AS r FROM {table} GROUP BY 1, 2
HAVING COUNT(*) > 10000 AND SUM(revenue) < 300000 ORDER BY 1, 2
-- @duckdb
SELECT os, device, COUNT(*), SUM(revenue) FROM {table} GROUP BY 1, 2 HAVING COUNT(*) > 10000 AND SUM(revenue) < 300000 ORDER BY 1, 2

-- @id having-count-filter
-- @source analyst SQL: HAVING on a filtered aggregate
-- @native
-- @tally
SELECT browser, COUNT(*) FILTER (WHERE device = 'tablet') AS tablets FROM {table} GROUP BY browser
HAVING COUNT(*) FILTER (WHERE device = 'tablet') > 1000 ORDER BY browser
-- @duckdb
SELECT browser, COUNT(*) FILTER (WHERE device = 'tablet') FROM {table} GROUP BY browser
HAVING COUNT(*) FILTER (WHERE device = 'tablet') > 1000 ORDER BY browser

-- @id having-aggregate-not-selected
-- @source apache/superset HAVING on a metric that is not in the SELECT list
-- @native
-- @tally
SELECT "device", COUNT(*) AS "count" FROM "druid"."{table}" GROUP BY "device" HAVING MAX("latency_max") > 1000 ORDER BY "device"
-- @duckdb
SELECT device, COUNT(*) FROM {table} GROUP BY device HAVING MAX(latency_ms) > 1000 ORDER BY device

-- @id order-by-aggregate-not-selected
-- @source apache/superset sort by a metric that is not shown
-- @native
-- @tally
SELECT "browser" FROM "druid"."{table}" GROUP BY "browser" ORDER BY SUM("revenue") DESC LIMIT 5
-- @duckdb
SELECT browser FROM {table} GROUP BY browser ORDER BY SUM(revenue) DESC LIMIT 5

-- @id order-by-two-aggregates
-- @source looker sort by two measures
-- @native
-- @tally
SELECT os, COUNT(DISTINCT country) AS countries, COUNT(*) AS n FROM {table} GROUP BY os ORDER BY 2 DESC, 3 DESC
-- @duckdb
SELECT os, COUNT(DISTINCT country), COUNT(*) FROM {table} GROUP BY os ORDER BY 2 DESC, 3 DESC

-- @id order-by-avg-limit
-- @source metabase/metabase sort by an aggregation with a limit
-- @native
-- @tally
SELECT "druid"."{table}"."country" AS "country", avg("druid"."{table}"."latency_sum") AS "avg"
FROM "druid"."{table}"
WHERE "druid"."{table}"."country" IN ('US', 'DE', 'GB', 'FR', 'IN', 'BR', 'JP', 'CA')
GROUP BY "druid"."{table}"."country"
ORDER BY "avg" DESC, "druid"."{table}"."country" ASC
LIMIT 3
-- @duckdb
SELECT country, AVG(latency_ms) AS a FROM {table} WHERE country IN ('US', 'DE', 'GB', 'FR', 'IN', 'BR', 'JP', 'CA')
GROUP BY country ORDER BY a DESC, country LIMIT 3

-- @id having-on-expression-group
-- @source analyst SQL: HAVING over an expression group
-- @native
-- @tally
SELECT UPPER(SUBSTRING(page, 2, 4)) AS section, COUNT(*) AS n FROM {table} GROUP BY 1 HAVING COUNT(*) > 50000 ORDER BY 1
-- @duckdb
SELECT upper(substring(page, 2, 4)) AS s, COUNT(*) FROM {table} GROUP BY 1 HAVING COUNT(*) > 50000 ORDER BY 1


-- ==================================================================================================================
-- Percent of total: a window over the aggregate (SUM(COUNT(*)) OVER ()), which Calcite runs above the native query,
-- so these are not asserted to be one native query.
-- ==================================================================================================================

-- @id percent-of-total-country
-- @source apache/superset percent metrics / analyst SQL: window over the aggregate
-- @tally
SELECT country, COUNT(*) AS n, 100.0 * COUNT(*) / SUM(COUNT(*)) OVER () AS pct FROM {table} GROUP BY country ORDER BY n DESC LIMIT 10
-- @duckdb
SELECT country, COUNT(*) AS n, 100.0 * COUNT(*) / SUM(COUNT(*)) OVER () FROM {table} GROUP BY country ORDER BY n DESC LIMIT 10

-- @id percent-of-total-revenue-device
-- @source looker table calculation pushed to SQL: percent of total revenue
-- @tally
SELECT device, SUM(revenue) AS r, SUM(revenue) / SUM(SUM(revenue)) OVER () AS share FROM {table} GROUP BY device ORDER BY device
-- @duckdb
SELECT device, SUM(revenue), SUM(revenue) / SUM(SUM(revenue)) OVER () FROM {table} GROUP BY device ORDER BY device

-- @id percent-of-day
-- @source analyst SQL: each device's share of its day (PARTITION BY the day)
-- @tally
SELECT DATE_TRUNC('day', __time) AS d, device, COUNT(*) AS n,
       CAST(COUNT(*) AS DOUBLE) / SUM(COUNT(*)) OVER (PARTITION BY DATE_TRUNC('day', __time)) AS share
FROM {table} GROUP BY 1, 2 ORDER BY 1, 2
-- @duckdb
SELECT date_trunc('day', __time) AS d, device, COUNT(*), COUNT(*) / SUM(COUNT(*)) OVER (PARTITION BY date_trunc('day', __time))
FROM {table} GROUP BY 1, 2 ORDER BY 1, 2

-- @id percent-of-total-subquery
-- @source metabase/metabase (share computed against a scalar subquery)
-- @tally
SELECT os, COUNT(*) * 1.0 / (SELECT COUNT(*) FROM {table}) AS share FROM {table} GROUP BY os ORDER BY os
-- @duckdb
SELECT os, COUNT(*) * 1.0 / (SELECT COUNT(*) FROM {table}) FROM {table} GROUP BY os ORDER BY os

-- @id running-total-by-day
-- @source looker running_total measure as a window
-- @tally
SELECT DATE_TRUNC('day', __time) AS d, COUNT(*) AS n, SUM(COUNT(*)) OVER (ORDER BY DATE_TRUNC('day', __time)) AS running
FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT date_trunc('day', __time) AS d, COUNT(*), SUM(COUNT(*)) OVER (ORDER BY date_trunc('day', __time)) FROM {table} GROUP BY 1 ORDER BY 1

-- @id rank-countries
-- @source analyst SQL: RANK over an aggregate
-- @tally
SELECT country, SUM(revenue) AS r, RANK() OVER (ORDER BY SUM(revenue) DESC) AS rnk FROM {table} GROUP BY country ORDER BY rnk LIMIT 5
-- @duckdb
SELECT country, SUM(revenue), RANK() OVER (ORDER BY SUM(revenue) DESC) AS rnk FROM {table} GROUP BY country ORDER BY rnk LIMIT 5


-- ==================================================================================================================
-- More aggregates: filtered averages, distinct counts under filters, shares of CASE buckets.
-- ==================================================================================================================

-- @id avg-filter-where
-- @source apache/druid docs/querying/sql-aggregations.md AVG(expr) FILTER(WHERE ...)
-- @native
-- @tally
SELECT os, AVG(latency_sum) FILTER (WHERE device = 'tablet') AS tablet_latency, AVG(latency_sum) AS latency FROM {table} GROUP BY os ORDER BY os
-- @duckdb
SELECT os, AVG(latency_ms) FILTER (WHERE device = 'tablet'), AVG(latency_ms) FROM {table} GROUP BY os ORDER BY os

-- @id sum-filter-expression
-- @source apache/superset custom SQL metric (SUM(revenue) FILTER on an expression)
-- @native
-- @tally
SELECT device, SUM(revenue) FILTER (WHERE LOWER(page) LIKE '%checkout%') AS checkout_revenue FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT device, SUM(revenue) FILTER (WHERE lower(page) LIKE '%checkout%') FROM {table} GROUP BY 1 ORDER BY 1

-- @id count-distinct-grouped-filtered
-- @source metabase/metabase :distinct with a filter, by a breakout
-- @native
-- @tally
SELECT "druid"."{table}"."os" AS "os", count(distinct "druid"."{table}"."country") AS "count"
FROM "druid"."{table}"
WHERE "druid"."{table}"."device" = 'mobile'
GROUP BY "druid"."{table}"."os"
ORDER BY "druid"."{table}"."os" ASC
-- @duckdb
SELECT os, COUNT(DISTINCT country) FROM {table} WHERE device = 'mobile' GROUP BY os ORDER BY os

-- @id count-distinct-grouped-filtered-unordered
-- @source tableau generic JDBC dialect COUNTD with a quick filter (no ORDER BY)
-- @native
-- @native-gap 16: a COUNT(DISTINCT x) that is the statement's only aggregate, under a WHERE or over an expression, runs as an EnumerableAggregate (COUNT) over a native group-by of x (minimal: SELECT COUNT(DISTINCT page) FROM web WHERE country = 'US'; SELECT os, COUNT(DISTINCT country) FROM web WHERE device = 'mobile' GROUP BY os; SELECT COUNT(DISTINCT CASE WHEN device = 'mobile' THEN country END) FROM web); without the WHERE, or beside another aggregate, it is one native query, and whether it is pushed depends on incidental shape (with ORDER BY os, or with TIME_PARSE('...') instead of a TIMESTAMP literal in the time filter, the same statement is one native query)
-- @unordered
-- @tally
SELECT "web"."os" AS "os", COUNT(DISTINCT "web"."country") AS "ctd:country:ok" FROM "druid"."{table}" "web"
WHERE ("web"."device" = 'mobile') GROUP BY "web"."os"
-- @duckdb
SELECT os, COUNT(DISTINCT country) FROM {table} WHERE device = 'mobile' GROUP BY os

-- @id count-distinct-in-time-range
-- @source apache/superset big number COUNT_DISTINCT over the dashboard's time range
-- @native
-- @tally
SELECT COUNT(DISTINCT "referrer") AS "COUNT_DISTINCT(referrer)" FROM "druid"."{table}"
WHERE "__time" >= TIME_PARSE('2026-02-01T00:00:00') AND "__time" < TIME_PARSE('2026-02-02T00:00:00')
-- @duckdb
SELECT COUNT(DISTINCT referrer) FROM {table} WHERE __time >= TIMESTAMP '2026-02-01 00:00:00' AND __time < TIMESTAMP '2026-02-02 00:00:00'

-- @id count-distinct-in-time-range-literal
-- @source grafadruid/druid-grafana stat panel: distinct referrers in $__timeFilter
-- @native
-- @native-gap 16: a COUNT(DISTINCT x) that is the statement's only aggregate, under a WHERE or over an expression, runs as an EnumerableAggregate (COUNT) over a native group-by of x (minimal: SELECT COUNT(DISTINCT page) FROM web WHERE country = 'US'; SELECT os, COUNT(DISTINCT country) FROM web WHERE device = 'mobile' GROUP BY os; SELECT COUNT(DISTINCT CASE WHEN device = 'mobile' THEN country END) FROM web); without the WHERE, or beside another aggregate, it is one native query, and whether it is pushed depends on incidental shape (with ORDER BY os, or with TIME_PARSE('...') instead of a TIMESTAMP literal in the time filter, the same statement is one native query)
-- @tally
SELECT COUNT(DISTINCT referrer) AS "value" FROM {table} WHERE __time >= TIMESTAMP '2026-02-01 00:00:00' AND __time <= TIMESTAMP '2026-02-01 23:59:59'
-- @duckdb
SELECT COUNT(DISTINCT referrer) FROM {table} WHERE __time >= TIMESTAMP '2026-02-01 00:00:00' AND __time <= TIMESTAMP '2026-02-01 23:59:59'

-- @id count-distinct-case-alone
-- @source looker measure with filters: compiled as COUNT(DISTINCT CASE ...) as the only measure
-- @native
-- @native-gap 16: a COUNT(DISTINCT x) that is the statement's only aggregate, under a WHERE or over an expression, runs as an EnumerableAggregate (COUNT) over a native group-by of x (minimal: SELECT COUNT(DISTINCT page) FROM web WHERE country = 'US'; SELECT os, COUNT(DISTINCT country) FROM web WHERE device = 'mobile' GROUP BY os; SELECT COUNT(DISTINCT CASE WHEN device = 'mobile' THEN country END) FROM web); without the WHERE, or beside another aggregate, it is one native query, and whether it is pushed depends on incidental shape (with ORDER BY os, or with TIME_PARSE('...') instead of a TIMESTAMP literal in the time filter, the same statement is one native query)
-- @tally
SELECT COUNT(DISTINCT CASE WHEN device = 'mobile' THEN country END) AS mobile_countries FROM {table}
-- @duckdb
SELECT COUNT(DISTINCT CASE WHEN device = 'mobile' THEN country END) FROM {table}

-- @id percent-of-total-case-bucket
-- @source apache/superset pie chart with percentages over a CASE bucket
-- @tally
SELECT CASE WHEN country IN ('US', 'DE') THEN country ELSE 'Other' END AS c, 100.0 * COUNT(*) / SUM(COUNT(*)) OVER () AS pct
FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT CASE WHEN country IN ('US', 'DE') THEN country ELSE 'Other' END AS c, 100.0 * COUNT(*) / SUM(COUNT(*)) OVER () FROM {table} GROUP BY 1 ORDER BY 1

-- @id percent-of-total-filtered-time
-- @source grafadruid/druid-grafana pie panel over the dashboard range (share per os)
-- @tally
SELECT os AS "metric", 1.0 * COUNT(*) / SUM(COUNT(*)) OVER () AS "value" FROM {table}
WHERE __time >= TIMESTAMP '2026-02-03 00:00:00' AND __time <= TIMESTAMP '2026-02-03 23:59:59' GROUP BY os ORDER BY os
-- @duckdb
SELECT os, 1.0 * COUNT(*) / SUM(COUNT(*)) OVER () FROM {table}
WHERE __time >= TIMESTAMP '2026-02-03 00:00:00' AND __time <= TIMESTAMP '2026-02-03 23:59:59' GROUP BY os ORDER BY os

-- @id sum-times-case-raw-rolled-exact
-- @source issue 16 rollup rule: SUM(revenue * CASE over __time) is exact (constant within a rolled row)
-- @native
-- @tally
SELECT device, SUM(revenue * CASE WHEN EXTRACT(HOUR FROM __time) < 12 THEN 1 ELSE 2 END) AS weighted FROM {table} GROUP BY device ORDER BY device
-- @duckdb
SELECT device, SUM(revenue * CASE WHEN hour(__time) < 12 THEN 1 ELSE 2 END) FROM {table} GROUP BY device ORDER BY device

-- @id having-ratio-of-aggregates
-- @source looker measure filter on a ratio measure (HAVING SUM / COUNT)
-- @native
-- @native-gap 16: arithmetic over aggregates (a post-aggregation: ROUND(SUM(x), 2), SUM(a) / SUM(b), ABS(SUM(x) - c)) runs as an EnumerableCalc above the native query
-- @tally
SELECT country, SUM(revenue) / COUNT(*) AS revenue_per_event FROM {table} GROUP BY country HAVING SUM(revenue) / COUNT(*) > 4.5 ORDER BY country
-- @duckdb
SELECT country, SUM(revenue) / COUNT(*) FROM {table} GROUP BY country HAVING SUM(revenue) / COUNT(*) > 4.5 ORDER BY country

-- @id case-over-aggregate
-- @source looker dimension over a measure (tier of a count) in SQL
-- @native
-- @native-gap 16: arithmetic over aggregates (a post-aggregation: ROUND(SUM(x), 2), SUM(a) / SUM(b), ABS(SUM(x) - c)) runs as an EnumerableCalc above the native query
-- @tally
SELECT browser, CASE WHEN COUNT(*) > 50000 THEN 'big' ELSE 'small' END AS size FROM {table} GROUP BY browser ORDER BY browser
-- @duckdb
SELECT browser, CASE WHEN COUNT(*) > 50000 THEN 'big' ELSE 'small' END FROM {table} GROUP BY browser ORDER BY browser
