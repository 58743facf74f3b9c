-- BI corpus (issue 16), wrappers, quoting and tool-shaped statements: run by dev.tally.server.corpus.BiCorpusTest; the format is described in
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
-- Wrappers and quoting: Superset's and Metabase's SELECT * FROM (...) LIMIT n around a saved query, quoted and
-- schema-qualified identifiers, table aliases (Tableau, Looker), Looker's GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 500.
-- ==================================================================================================================

-- @id wrapper-superset-virtual-dataset
-- @source apache/superset superset/models/helpers.py (virtual dataset: the dataset's SQL as a subquery, chart limit outside)
-- @native
-- @tally
SELECT "device" AS "device", COUNT(*) AS "count"
FROM (SELECT * FROM "druid"."{table}" WHERE "country" = 'US') AS "virtual_table"
GROUP BY "device"
ORDER BY "count" DESC
LIMIT 10000
-- @duckdb
SELECT device, COUNT(*) AS n FROM {table} WHERE country = 'US' GROUP BY device ORDER BY n DESC

-- @id wrapper-superset-virtual-dataset-grain
-- @source apache/superset superset/models/helpers.py (virtual dataset with a time grain)
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D') AS "__time", SUM("revenue") AS "SUM(revenue)"
FROM (SELECT "__time", "revenue", "device" FROM "druid"."{table}" WHERE "device" <> 'tablet') AS "virtual_table"
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D')
ORDER BY "SUM(revenue)" DESC
LIMIT 10000
-- @duckdb
SELECT date_trunc('day', __time) AS d, SUM(revenue) AS r FROM {table} WHERE device <> 'tablet' GROUP BY 1 ORDER BY r DESC

-- @id wrapper-sqllab-limit
-- @source apache/superset superset/models/helpers.py (SQL Lab: the statement wrapped with the display limit)
-- @native
-- @unordered
-- @tally
SELECT * FROM (SELECT country, COUNT(*) AS n FROM {table} GROUP BY country) LIMIT 10000
-- @duckdb
SELECT country, COUNT(*) FROM {table} GROUP BY country

-- @id wrapper-sqllab-limit-ordered-rows
-- @source apache/superset superset/models/helpers.py (SQL Lab: an ordered statement with the display limit (its rows))
-- @native
-- @unordered
-- @tally
SELECT * FROM (SELECT browser, SUM(revenue) AS r FROM {table} GROUP BY browser ORDER BY r DESC) LIMIT 10000
-- @duckdb
SELECT browser, SUM(revenue) AS r FROM {table} GROUP BY browser ORDER BY r DESC

-- @id wrapper-sqllab-limit-ordered
-- @source apache/superset superset/models/helpers.py (SQL Lab: an ordered statement with the display limit (its order))
-- @native
-- @tally
SELECT * FROM (SELECT browser, SUM(revenue) AS r FROM {table} GROUP BY browser ORDER BY r DESC) LIMIT 10000
-- @duckdb
SELECT browser, SUM(revenue) AS r FROM {table} GROUP BY browser ORDER BY r DESC

-- @id wrapper-metabase-native-query
-- @source metabase/metabase metabase.query-processor (a native question run as a source: SELECT "source".* FROM (...) "source" LIMIT 2000)
-- @native
-- @unordered
-- @tally
SELECT "source"."device" AS "device", "source"."n" AS "n"
FROM (SELECT device, COUNT(*) AS n FROM druid.{table} WHERE os = 'Android' GROUP BY device) AS "source"
LIMIT 2000
-- @duckdb
SELECT device, COUNT(*) FROM {table} WHERE os = 'Android' GROUP BY device

-- @id wrapper-metabase-native-query-aggregated
-- @source metabase/metabase metabase.query-processor (a question over a native question: aggregation around the source)
-- @tally
SELECT "source"."os" AS "os", SUM("source"."n") AS "sum"
FROM (SELECT os, device, COUNT(*) AS n FROM druid.{table} GROUP BY os, device) AS "source"
GROUP BY "source"."os"
ORDER BY "source"."os" ASC
LIMIT 2000
-- @duckdb
SELECT os, COUNT(*) FROM {table} GROUP BY os ORDER BY os

-- @id wrapper-metabase-filter-outside
-- @source metabase/metabase metabase.query-processor (a filter on the source's column, outside the subquery)
-- @native
-- @tally
SELECT "source"."country" AS "country", "source"."n" AS "n"
FROM (SELECT country, COUNT(*) AS n FROM druid.{table} GROUP BY country) AS "source"
WHERE "source"."country" IN ('SE', 'NO', 'FI')
ORDER BY "source"."country" ASC
LIMIT 2000
-- @duckdb
SELECT country, COUNT(*) FROM {table} WHERE country IN ('SE', 'NO', 'FI') GROUP BY country ORDER BY country

-- @id wrapper-select-star-limit-expression
-- @source apache/superset superset/models/helpers.py (SQL Lab with an expression inside)
-- @native
-- @unordered
-- @tally
SELECT * FROM (SELECT DATE_TRUNC('day', __time) AS d, COUNT(DISTINCT country) AS c FROM {table} GROUP BY 1) LIMIT 10000
-- @duckdb
SELECT date_trunc('day', __time), COUNT(DISTINCT country) FROM {table} GROUP BY 1

-- @id wrapper-cte
-- @source metabase/metabase (a model referenced by a question: WITH ... AS)
-- @native
-- @tally
WITH "events" AS (SELECT __time, country, device, revenue FROM druid.{table} WHERE device = 'mobile')
SELECT country, SUM(revenue) AS r FROM "events" GROUP BY country ORDER BY r DESC LIMIT 5
-- @duckdb
SELECT country, SUM(revenue) AS r FROM {table} WHERE device = 'mobile' GROUP BY country ORDER BY r DESC LIMIT 5

-- @id wrapper-cte-avg
-- @source analyst SQL: AVG over a CTE of the table's rows
-- @native
-- @tally
WITH base AS (SELECT os, latency_sum FROM {table} WHERE os IN ('Linux', 'FreeBSD'))
SELECT os, AVG(latency_sum) AS a FROM base GROUP BY os ORDER BY os
-- @duckdb
SELECT os, AVG(latency_ms) FROM {table} WHERE os IN ('Linux', 'FreeBSD') GROUP BY os ORDER BY os

-- @id wrapper-double-nesting
-- @source apache/superset superset/models/helpers.py (virtual dataset over a virtual dataset)
-- @native
-- @tally
SELECT "browser", COUNT(*) AS "count"
FROM (SELECT * FROM (SELECT "browser", "country" FROM "druid"."{table}" WHERE "country" = 'PL') AS "a") AS "virtual_table"
GROUP BY "browser" ORDER BY "count" DESC, "browser" LIMIT 5
-- @duckdb
SELECT browser, COUNT(*) AS n FROM {table} WHERE country = 'PL' GROUP BY browser ORDER BY n DESC, browser LIMIT 5

-- @id quoted-schema-table-columns
-- @source druid-io/pydruid pydruid/db/sqlalchemy.py DruidCompiler (every identifier quoted)
-- @native
-- @tally
SELECT "country" AS "country", SUM("revenue") AS "SUM(revenue)" FROM "druid"."{table}" WHERE "device" = 'tablet' GROUP BY "country" ORDER BY "SUM(revenue)" DESC LIMIT 5
-- @duckdb
SELECT country, SUM(revenue) AS r FROM {table} WHERE device = 'tablet' GROUP BY country ORDER BY r DESC LIMIT 5

-- @id quoted-fully-qualified-columns
-- @source metabase/metabase druid-jdbc (columns qualified by schema and table)
-- @native
-- @tally
SELECT "druid"."{table}"."browser" AS "browser", "druid"."{table}"."device" AS "device", count(*) AS "count"
FROM "druid"."{table}"
WHERE "druid"."{table}"."browser" IN ('Opera', 'Vivaldi')
GROUP BY "druid"."{table}"."browser", "druid"."{table}"."device"
ORDER BY "druid"."{table}"."browser" ASC, "druid"."{table}"."device" ASC
-- @duckdb
SELECT browser, device, COUNT(*) FROM {table} WHERE browser IN ('Opera', 'Vivaldi') GROUP BY ALL ORDER BY 1, 2

-- @id quoted-table-alias-tableau
-- @source tableau generic JDBC dialect (FROM "schema"."table" "alias")
-- @native
-- @unordered
-- @tally
SELECT "web"."os" AS "os", SUM("web"."latency_sum") AS "sum:latency_sum:ok" FROM "druid"."{table}" "web" GROUP BY "web"."os"
-- @duckdb
SELECT os, SUM(latency_ms) FROM {table} GROUP BY os

-- @id unquoted-schema-table
-- @source apache/druid docs/querying/sql.md (druid.table unquoted)
-- @native
-- @tally
SELECT device, COUNT(*) AS n FROM druid.{table} GROUP BY device ORDER BY device
-- @duckdb
SELECT device, COUNT(*) FROM {table} GROUP BY device ORDER BY device

-- @id quoted-tally-schema
-- @source apache/druid docs/querying/sql.md (schema-qualified: Tally's own schema name)
-- @native
-- @tally
SELECT COUNT(*) FROM "tally"."{table}" WHERE "os" = 'KaiOS'
-- @duckdb
SELECT COUNT(*) FROM {table} WHERE os = 'KaiOS'

-- @id quoted-reserved-alias
-- @source apache/druid docs/querying/sql-syntax.md (reserved words as aliases)
-- @native
-- @tally
SELECT "device" AS "user", COUNT(*) AS "count", SUM("revenue") AS "sum", MAX("latency_max") AS "max" FROM "{table}" GROUP BY "device" ORDER BY "user"
-- @duckdb
SELECT device, COUNT(*), SUM(revenue), MAX(latency_ms) FROM {table} GROUP BY device ORDER BY device

-- @id quoted-count-metric-column
-- @source apache/druid docs/querying/sql-syntax.md (the count metric needs quotes)
-- @native
-- @tally
SELECT "os", SUM("count") AS "events" FROM "druid"."{table}" GROUP BY "os" ORDER BY "events" DESC LIMIT 3
-- @duckdb
SELECT os, COUNT(*) AS n FROM {table} GROUP BY os ORDER BY n DESC LIMIT 3

-- @id backtick-identifiers
-- @source README (backticks still work: MySQL-flavoured tools)
-- @native
-- @tally
SELECT `country`, COUNT(*) AS n FROM `{table}` WHERE `device` = 'tablet' AND `country` IN ('US', 'MX') GROUP BY `country` ORDER BY `country`
-- @duckdb
SELECT country, COUNT(*) FROM {table} WHERE device = 'tablet' AND country IN ('US', 'MX') GROUP BY country ORDER BY country

-- @id alias-as-looker
-- @source looker generated SQL (FROM druid.table AS alias, alias-qualified columns)
-- @native
-- @unordered
-- @tally
SELECT
    web.country  AS "web.country",
    web.device  AS "web.device",
    COUNT(*) AS "web.count"
FROM druid.{table}  AS web
GROUP BY
    1,
    2
ORDER BY
    3 DESC
LIMIT 500
-- @duckdb
SELECT country, device, COUNT(*) AS n FROM {table} GROUP BY 1, 2 ORDER BY n DESC LIMIT 500

-- @id looker-group-1-2-order-3-1
-- @source looker generated SQL (GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 500)
-- @native
-- @native-gap 16: COALESCE(SUM(x), 0) is computed by Calcite above the native group-by (post-aggregation expressions are not pushed)
-- @unordered
-- @tally
SELECT
    web.os  AS "web.d0",
    web.browser  AS "web.d1",
    COALESCE(SUM(web.revenue), 0) AS "web.measure"
FROM druid.{table}  AS web
GROUP BY
    1,
    2
ORDER BY
    3 DESC
LIMIT 500
-- @duckdb
SELECT os, browser, COALESCE(SUM(revenue), 0) AS m FROM {table} GROUP BY 1, 2 ORDER BY m DESC LIMIT 500

-- @id looker-group-1-2-order-3-1-plain-sum
-- @source looker generated SQL (the same measure without COALESCE)
-- @native
-- @unordered
-- @tally
SELECT web.os, web.browser, SUM(web.revenue) AS "web.measure" FROM druid.{table} AS web GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 500
-- @duckdb
SELECT os, browser, SUM(revenue) AS m FROM {table} GROUP BY 1, 2 ORDER BY m DESC LIMIT 500

-- @id looker-group-1-2-order-3-2
-- @source looker generated SQL (GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 500)
-- @native
-- @unordered
-- @tally
SELECT
    DATE_TRUNC('day', web.__time)  AS "web.d0",
    web.device  AS "web.d1",
    COUNT(*) AS "web.measure"
FROM druid.{table}  AS web
GROUP BY
    1,
    2
ORDER BY
    3 DESC
LIMIT 500
-- @duckdb
SELECT date_trunc('day', __time), device, COUNT(*) AS m FROM {table} GROUP BY 1, 2 ORDER BY m DESC LIMIT 500

-- @id looker-group-1-2-order-3-3
-- @source looker generated SQL (GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 500)
-- @native
-- @unordered
-- @tally
SELECT
    web.country  AS "web.d0",
    CASE WHEN web.referrer IS NULL THEN 'direct' ELSE 'referred' END  AS "web.d1",
    COUNT(DISTINCT web.page) AS "web.measure"
FROM druid.{table}  AS web
WHERE (web.country IN ('US', 'DE', 'GB', 'FR', 'JP', 'BR'))
GROUP BY
    1,
    2
ORDER BY
    3 DESC
LIMIT 500
-- @duckdb
SELECT country, CASE WHEN referrer IS NULL THEN 'direct' ELSE 'referred' END, COUNT(DISTINCT page) AS m FROM {table} WHERE country IN ('US', 'DE', 'GB', 'FR', 'JP', 'BR') GROUP BY 1, 2 ORDER BY m DESC LIMIT 500

-- @id looker-group-1-2-order-3-4
-- @source looker generated SQL (GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 500)
-- @native
-- @unordered
-- @tally
SELECT
    TIME_FLOOR(web.__time, 'PT1H')  AS "web.d0",
    web.os  AS "web.d1",
    MAX(web.latency_max) AS "web.measure"
FROM druid.{table}  AS web
WHERE (web.__time >= TIMESTAMP '2026-02-01 00:00:00' AND web.__time < TIMESTAMP '2026-02-02 00:00:00') AND (web.os IN ('Windows', 'macOS'))
GROUP BY
    1,
    2
ORDER BY
    3 DESC
LIMIT 500
-- @duckdb
SELECT date_trunc('hour', __time), os, MAX(latency_ms) AS m FROM {table} WHERE __time >= TIMESTAMP '2026-02-01 00:00:00' AND __time < TIMESTAMP '2026-02-02 00:00:00' AND os IN ('Windows', 'macOS') GROUP BY 1, 2 ORDER BY m DESC LIMIT 500

-- @id looker-group-1-2-order-3-5
-- @source looker generated SQL (GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 500)
-- @native
-- @native-gap 16: COALESCE(SUM(x), 0) is computed by Calcite above the native group-by (post-aggregation expressions are not pushed)
-- @unordered
-- @tally
SELECT
    UPPER(web.country)  AS "web.d0",
    web.device  AS "web.d1",
    COALESCE(SUM(web.latency_sum), 0) AS "web.measure"
FROM druid.{table}  AS web
WHERE (web.device = 'tablet')
GROUP BY
    1,
    2
ORDER BY
    3 DESC
LIMIT 500
-- @duckdb
SELECT upper(country), device, COALESCE(SUM(latency_ms), 0) AS m FROM {table} WHERE device = 'tablet' GROUP BY 1, 2 ORDER BY m DESC LIMIT 500

-- @id looker-group-1-2-order-3-5-plain-sum
-- @source looker generated SQL (the same measure without COALESCE)
-- @native
-- @native-gap 16: a group key pinned by an equality in WHERE (device = 'tablet') is dropped from the native grouping and projected back as a literal by an EnumerableCalc above it (minimal: SELECT device, os, COUNT(*) FROM web WHERE device = 'tablet' GROUP BY 1, 2)
-- @unordered
-- @tally
            SELECT UPPER(web.country), web.device, SUM(web.latency_sum) AS "web.measure" FROM druid.{table} AS web
WHERE (web.device = 'tablet') GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 500
-- @duckdb
SELECT upper(country), device, SUM(latency_ms) AS m FROM {table} WHERE device = 'tablet' GROUP BY 1, 2 ORDER BY m DESC LIMIT 500

-- @id looker-totals-row
-- @source looker generated SQL (the totals query beside a table)
-- @native
-- @tally
SELECT
    COUNT(*) AS "web.count",
    COALESCE(SUM(web.revenue), 0) AS "web.total_revenue"
FROM druid.{table}  AS web
WHERE (web.device = 'mobile')
LIMIT 1
-- @duckdb
SELECT COUNT(*), COALESCE(SUM(revenue), 0) FROM {table} WHERE device = 'mobile'

-- @id looker-pivot-by-device
-- @source looker generated SQL (pivot: one query grouped by row and pivot dimensions)
-- @native
-- @tally
SELECT
    web.browser  AS "web.browser",
    web.device  AS "web.device",
    COUNT(*) AS "web.count"
FROM druid.{table}  AS web
WHERE (web.browser IN ('Chrome', 'Safari', 'Edge', 'Firefox'))
GROUP BY
    1,
    2
ORDER BY
    1,
    2
LIMIT 500
-- @duckdb
SELECT browser, device, COUNT(*) FROM {table} WHERE browser IN ('Chrome', 'Safari', 'Edge', 'Firefox') GROUP BY 1, 2 ORDER BY 1, 2 LIMIT 500

-- @id looker-filtered-measure
-- @source looker generated SQL (measure with filters: [device: mobile])
-- @native
-- @tally
SELECT
    web.country  AS "web.country",
    COUNT(CASE WHEN (web.device = 'mobile') THEN 1 ELSE NULL END) AS "web.mobile_count"
FROM druid.{table}  AS web
WHERE (web.country IN ('CZ', 'SK', 'HU'))
GROUP BY
    1
ORDER BY
    2 DESC
LIMIT 500
-- @duckdb
SELECT country, COUNT(CASE WHEN device = 'mobile' THEN 1 ELSE NULL END) AS n FROM {table} WHERE country IN ('CZ', 'SK', 'HU') GROUP BY 1 ORDER BY n DESC LIMIT 500

-- @id looker-yesno-dimension
-- @source looker generated SQL (yesno dimension: CASE WHEN cond THEN 'Yes' ELSE 'No' END)
-- @native
-- @tally
SELECT
    CASE WHEN web.referrer IS NOT NULL  THEN 'Yes' ELSE 'No' END
 AS "web.is_referred",
    COUNT(*) AS "web.count"
FROM druid.{table}  AS web
GROUP BY
    1
ORDER BY
    2 DESC
LIMIT 500
-- @duckdb
SELECT CASE WHEN referrer IS NOT NULL THEN 'Yes' ELSE 'No' END AS y, COUNT(*) AS n FROM {table} GROUP BY 1 ORDER BY n DESC LIMIT 500

-- @id looker-average-distinct
-- @source looker generated SQL (type: average and type: count_distinct)
-- @native
-- @tally
SELECT
    web.os  AS "web.os",
    AVG(web.latency_sum) AS "web.average_latency",
    COUNT(DISTINCT web.country) AS "web.countries"
FROM druid.{table}  AS web
GROUP BY
    1
ORDER BY
    2 DESC
LIMIT 500
-- @duckdb
SELECT os, AVG(latency_ms) AS a, COUNT(DISTINCT country) FROM {table} GROUP BY 1 ORDER BY a DESC LIMIT 500

-- @id metabase-filter-values
-- @source metabase/metabase field values for a filter widget (distinct values, ordered, limited)
-- @native
-- @tally
SELECT "druid"."{table}"."os" AS "os" FROM "druid"."{table}" GROUP BY "druid"."{table}"."os" ORDER BY "druid"."{table}"."os" ASC LIMIT 1000
-- @duckdb
SELECT os FROM {table} GROUP BY os ORDER BY os LIMIT 1000

-- @id superset-filter-values-distinct
-- @source apache/superset values_for_column (SELECT DISTINCT ... ORDER BY ... LIMIT)
-- @native
-- @tally
SELECT DISTINCT "browser" AS "column_values" FROM "druid"."{table}" ORDER BY "column_values" LIMIT 10000
-- @duckdb
SELECT DISTINCT browser FROM {table} ORDER BY 1

-- @id superset-filter-values-expression
-- @source apache/superset values_for_column over a calculated column
-- @native
-- @tally
SELECT DISTINCT UPPER("device") AS "column_values" FROM "druid"."{table}" ORDER BY "column_values" LIMIT 10000
-- @duckdb
SELECT DISTINCT upper(device) FROM {table} ORDER BY 1

-- @id metabase-count-star-table
-- @source metabase/metabase table row count (count of a table)
-- @native
-- @tally
SELECT count(*) AS "count" FROM "druid"."{table}"
-- @duckdb
SELECT COUNT(*) FROM {table}

-- @id superset-samples-recent
-- @source apache/superset samples pane: the latest raw events (narrowed to one minute)
-- @tables web_raw
-- @tally
SELECT "__time", "country", "device", "page" FROM "druid"."{table}"
WHERE "__time" >= TIME_PARSE('2026-02-03T10:15:00') AND "__time" < TIME_PARSE('2026-02-03T10:16:00') AND "country" = 'NL'
ORDER BY "__time" DESC, "page" ASC
LIMIT 5
-- @duckdb
SELECT __time, country, device, page FROM {table}
WHERE __time >= TIMESTAMP '2026-02-03 10:15:00' AND __time < TIMESTAMP '2026-02-03 10:16:00' AND country = 'NL'
ORDER BY __time DESC, page LIMIT 5

-- @id superset-offset-pagination
-- @source apache/superset table chart server pagination (LIMIT and OFFSET)
-- @native
-- @tally
SELECT "country" AS "country", COUNT(*) AS "count" FROM "druid"."{table}" GROUP BY "country" ORDER BY "count" DESC, "country" ASC LIMIT 10 OFFSET 20
-- @duckdb
SELECT country, COUNT(*) AS n FROM {table} GROUP BY country ORDER BY n DESC, country LIMIT 10 OFFSET 20

-- @id wrapper-superset-virtual-dataset-case
-- @source apache/superset superset/models/helpers.py (virtual dataset defining a CASE column, grouped outside)
-- @native
-- @tally
SELECT "channel" AS "channel", COUNT(*) AS "count", SUM("revenue") AS "SUM(revenue)"
FROM (SELECT "__time", "revenue", CASE WHEN "referrer" IS NULL THEN 'direct' ELSE 'referred' END AS "channel" FROM "druid"."{table}") AS "virtual_table"
GROUP BY "channel"
ORDER BY "count" DESC
LIMIT 10000
-- @duckdb
SELECT CASE WHEN referrer IS NULL THEN 'direct' ELSE 'referred' END AS c, COUNT(*) AS n, SUM(revenue) FROM {table} GROUP BY 1 ORDER BY n DESC

-- @id wrapper-superset-virtual-dataset-expression-filter
-- @source apache/superset superset/models/helpers.py (virtual dataset with an expression filter inside and outside)
-- @native
-- @tally
SELECT "os" AS "os", COUNT(*) AS "count"
FROM (SELECT "os", "page", LOWER("browser") AS "browser_lower" FROM "druid"."{table}" WHERE LOWER("page") LIKE '/product%') AS "virtual_table"
WHERE "browser_lower" = 'chrome'
GROUP BY "os" ORDER BY "count" DESC, "os" LIMIT 10000
-- @duckdb
SELECT os, COUNT(*) AS n FROM {table} WHERE lower(page) LIKE '/product%' AND lower(browser) = 'chrome' GROUP BY os ORDER BY n DESC, os

-- @id wrapper-metabase-limit-inside
-- @source metabase/metabase metabase.query-processor (a saved question with its own ORDER BY and LIMIT, wrapped)
-- @native
-- @native-gap 16: an outer LIMIT 2000 over a subquery that has its own ORDER BY ... LIMIT 5 stays as an EnumerableLimit above the native query (the smaller inner limit makes it a no-op)
-- @unordered
-- @tally
SELECT "source"."country" AS "country", "source"."n" AS "n"
FROM (SELECT country, COUNT(*) AS n FROM druid.{table} GROUP BY country ORDER BY n DESC LIMIT 5) AS "source"
LIMIT 2000
-- @duckdb
SELECT country, COUNT(*) AS n FROM {table} GROUP BY country ORDER BY n DESC LIMIT 5

-- @id wrapper-sqllab-time-series
-- @source apache/superset superset/models/helpers.py (SQL Lab: a time series with the display limit)
-- @native
-- @unordered
-- @tally
SELECT * FROM (SELECT TIME_FLOOR(__time, 'PT6H') AS t, device, COUNT(*) AS n FROM {table} GROUP BY 1, 2) LIMIT 10000
-- @duckdb
SELECT time_bucket(INTERVAL 6 HOUR, __time), device, COUNT(*) FROM {table} GROUP BY ALL
