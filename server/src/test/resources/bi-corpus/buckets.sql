-- BI corpus (issue 16), CASE buckets and top-N plus Other: run by dev.tally.server.corpus.BiCorpusTest; the format is described in
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
-- CASE bucketing: a custom dimension that folds values into a few buckets (Superset custom SQL dimension, Metabase
-- custom column, Tableau group, Looker tier), over dimensions and over __time; buckets over a metric read a row's
-- value, so they run on the raw table only.
-- ==================================================================================================================

-- @id case-country-in-other
-- @source apache/superset custom SQL dimension (adhoc column, sqlExpression)
-- @native
-- @tally
SELECT CASE WHEN "country" IN ('US', 'DE', 'GB', 'FR') THEN "country" ELSE 'Other' END AS "region", COUNT(*) AS "count"
FROM "druid"."{table}"
GROUP BY CASE WHEN "country" IN ('US', 'DE', 'GB', 'FR') THEN "country" ELSE 'Other' END
ORDER BY "count" DESC
LIMIT 10000
-- @duckdb
SELECT CASE WHEN country IN ('US', 'DE', 'GB', 'FR') THEN country ELSE 'Other' END AS r, COUNT(*) AS n FROM {table}
GROUP BY r ORDER BY n DESC

-- @id case-country-continent
-- @source metabase/metabase custom column case(...) compiled by sql.qp
-- @native
-- @tally
SELECT CASE WHEN country IN ('US', 'CA', 'MX') THEN 'North America'
            WHEN country IN ('DE', 'GB', 'FR', 'IT', 'ES', 'NL') THEN 'Europe'
            WHEN country IN ('JP', 'KR', 'IN', 'ID') THEN 'Asia'
            ELSE 'Rest of world' END AS "continent",
       SUM(revenue) AS "sum", COUNT(*) AS "count"
FROM "druid"."{table}"
GROUP BY 1
ORDER BY 1 ASC
-- @duckdb
SELECT CASE WHEN country IN ('US', 'CA', 'MX') THEN 'North America'
            WHEN country IN ('DE', 'GB', 'FR', 'IT', 'ES', 'NL') THEN 'Europe'
            WHEN country IN ('JP', 'KR', 'IN', 'ID') THEN 'Asia'
            ELSE 'Rest of world' END AS c, SUM(revenue), COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1

-- @id case-browser-family
-- @source tableau generic JDBC dialect (group / IF calculation as CASE)
-- @native
-- @unordered
-- @tally
SELECT (CASE WHEN "web"."browser" IN ('Chrome', 'Edge', 'Opera', 'Brave', 'Vivaldi', 'Yandex', 'Whale') THEN 'Chromium'
             WHEN "web"."browser" IN ('Firefox', 'Waterfox', 'Pale Moon', 'SeaMonkey') THEN 'Gecko'
             WHEN "web"."browser" = 'Safari' THEN 'WebKit' ELSE 'Other' END) AS "Browser Family",
  SUM(1) AS "sum:Number of Records:ok"
FROM "druid"."{table}" "web"
GROUP BY 1
-- @duckdb
SELECT CASE WHEN browser IN ('Chrome', 'Edge', 'Opera', 'Brave', 'Vivaldi', 'Yandex', 'Whale') THEN 'Chromium'
            WHEN browser IN ('Firefox', 'Waterfox', 'Pale Moon', 'SeaMonkey') THEN 'Gecko'
            WHEN browser = 'Safari' THEN 'WebKit' ELSE 'Other' END AS f, COUNT(*) FROM {table} GROUP BY 1

-- @id case-os-mobile-desktop
-- @source looker dimension of type: tier / case as CASE WHEN
-- @native
-- @tally
SELECT CASE WHEN os IN ('Android', 'iOS', 'iPadOS', 'KaiOS') THEN 'mobile os' ELSE 'desktop os' END AS os_kind, device, COUNT(*) AS n
FROM {table} GROUP BY 1, 2 ORDER BY 1, 2
-- @duckdb
SELECT CASE WHEN os IN ('Android', 'iOS', 'iPadOS', 'KaiOS') THEN 'mobile os' ELSE 'desktop os' END AS k, device, COUNT(*)
FROM {table} GROUP BY ALL ORDER BY 1, 2

-- @id case-referrer-null-direct
-- @source metabase/metabase custom column case(...) compiled by sql.qp
-- @native
-- @tally
SELECT CASE WHEN referrer IS NULL THEN 'direct'
            WHEN referrer IN ('google.com', 'bing.com', 'duckduckgo.com') THEN 'search'
            WHEN referrer IN ('facebook.com', 't.co', 'reddit.com', 'linkedin.com', 'instagram.com', 'youtube.com') THEN 'social'
            ELSE 'other' END AS channel, COUNT(*) AS visits, SUM(revenue) AS revenue
FROM {table} GROUP BY 1 ORDER BY 2 DESC
-- @duckdb
SELECT CASE WHEN referrer IS NULL THEN 'direct'
            WHEN referrer IN ('google.com', 'bing.com', 'duckduckgo.com') THEN 'search'
            WHEN referrer IN ('facebook.com', 't.co', 'reddit.com', 'linkedin.com', 'instagram.com', 'youtube.com') THEN 'social'
            ELSE 'other' END AS c, COUNT(*) AS v, SUM(revenue) FROM {table} GROUP BY 1 ORDER BY 2 DESC

-- @id case-page-section-like
-- @source apache/superset custom SQL dimension (adhoc column, sqlExpression)
-- @native
-- @tally
SELECT CASE WHEN "page" LIKE '/product/%' THEN 'product'
            WHEN "page" LIKE '/category/%' THEN 'category'
            WHEN "page" LIKE '/blog/%' THEN 'blog'
            WHEN "page" IN ('/cart', '/checkout') THEN 'funnel'
            ELSE 'other' END AS "section",
       COUNT(*) AS "count", COUNT(DISTINCT "page") AS "pages"
FROM "druid"."{table}"
GROUP BY 1
ORDER BY "count" DESC
-- @duckdb
SELECT CASE WHEN page LIKE '/product/%' THEN 'product' WHEN page LIKE '/category/%' THEN 'category'
            WHEN page LIKE '/blog/%' THEN 'blog' WHEN page IN ('/cart', '/checkout') THEN 'funnel' ELSE 'other' END AS s,
       COUNT(*) AS n, COUNT(DISTINCT page) FROM {table} GROUP BY 1 ORDER BY n DESC

-- @id case-simple-form-device
-- @source apache/druid docs/querying/sql-scalar.md CASE expr WHEN value THEN result (simple form)
-- @native
-- @tally
SELECT CASE device WHEN 'desktop' THEN 'big screen' WHEN 'tablet' THEN 'big screen' ELSE 'small screen' END AS screen, COUNT(*)
FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT CASE device WHEN 'desktop' THEN 'big screen' WHEN 'tablet' THEN 'big screen' ELSE 'small screen' END AS s, COUNT(*)
FROM {table} GROUP BY 1 ORDER BY 1

-- @id case-no-else-null-bucket
-- @source looker dimension of type: tier / case as CASE WHEN
-- @native
-- @tally
SELECT CASE WHEN country = 'US' THEN 'domestic' WHEN country IN ('CA', 'MX') THEN 'neighbour' END AS market, COUNT(*) AS n
FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT CASE WHEN country = 'US' THEN 'domestic' WHEN country IN ('CA', 'MX') THEN 'neighbour' END AS m, COUNT(*)
FROM {table} GROUP BY 1 ORDER BY 1 NULLS LAST

-- @id case-with-time-grain
-- @source apache/superset custom SQL dimension (adhoc column, sqlExpression)
-- @native
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D') AS "__time",
       CASE WHEN "device" = 'desktop' THEN 'desktop' ELSE 'handheld' END AS "form",
       COUNT(*) AS "count"
FROM "druid"."{table}"
GROUP BY 1, 2
ORDER BY 1, 2
LIMIT 10000
-- @duckdb
SELECT date_trunc('day', __time) AS d, CASE WHEN device = 'desktop' THEN 'desktop' ELSE 'handheld' END AS f, COUNT(*)
FROM {table} GROUP BY ALL ORDER BY 1, 2

-- @id case-in-where
-- @source metabase/metabase custom column case(...) compiled by sql.qp
-- @native
-- @tally
SELECT os, COUNT(*) AS n FROM {table}
WHERE CASE WHEN device = 'mobile' THEN os IN ('iOS', 'Android') ELSE os = 'Windows' END
GROUP BY os ORDER BY os
-- @duckdb
SELECT os, COUNT(*) FROM {table} WHERE CASE WHEN device = 'mobile' THEN os IN ('iOS', 'Android') ELSE os = 'Windows' END
GROUP BY os ORDER BY os

-- @id case-bucket-filtered-on-bucket
-- @source tableau generic JDBC dialect (group / IF calculation as CASE)
-- @native
-- @tally
SELECT (CASE WHEN "web"."country" IN ('US', 'CA') THEN 'NA' ELSE 'ROW' END) AS "Market", COUNT(*) AS "cnt:Number of Records:ok"
FROM "druid"."{table}" "web"
WHERE ((CASE WHEN "web"."country" IN ('US', 'CA') THEN 'NA' ELSE 'ROW' END) = 'NA')
GROUP BY 1
-- @duckdb
SELECT 'NA', COUNT(*) FROM {table} WHERE country IN ('US', 'CA')

-- @id case-numeric-result-sum
-- @source analyst SQL: weighted score by device (CASE yields a number)
-- @native
-- @tally
SELECT country, SUM(CASE WHEN device = 'desktop' THEN 3 WHEN device = 'tablet' THEN 2 ELSE 1 END) AS score
FROM {table} WHERE country IN ('SE', 'NO', 'DK', 'FI') GROUP BY country ORDER BY country
-- @duckdb
SELECT country, SUM(CASE WHEN device = 'desktop' THEN 3 WHEN device = 'tablet' THEN 2 ELSE 1 END) FROM {table}
WHERE country IN ('SE', 'NO', 'DK', 'FI') GROUP BY country ORDER BY country

-- @id case-hour-daypart
-- @source looker dimension of type: tier / case as CASE WHEN
-- @native
-- @tally
SELECT CASE WHEN EXTRACT(HOUR FROM __time) < 6 THEN '1 night'
            WHEN EXTRACT(HOUR FROM __time) < 12 THEN '2 morning'
            WHEN EXTRACT(HOUR FROM __time) < 18 THEN '3 afternoon'
            ELSE '4 evening' END AS daypart, COUNT(*) AS n, SUM(revenue) AS revenue
FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT CASE WHEN hour(__time) < 6 THEN '1 night' WHEN hour(__time) < 12 THEN '2 morning'
            WHEN hour(__time) < 18 THEN '3 afternoon' ELSE '4 evening' END AS p, COUNT(*), SUM(revenue)
FROM {table} GROUP BY 1 ORDER BY 1

-- @id case-weekend-weekday
-- @source tableau generic JDBC dialect (group / IF calculation as CASE)
-- @native
-- @tally
SELECT (CASE WHEN EXTRACT(DOW FROM "web"."__time") IN (1, 7) THEN 'Weekend' ELSE 'Weekday' END) AS "Day Type",
  SUM("web"."revenue") AS "sum:revenue:ok", COUNT(*) AS "cnt:Number of Records:ok"
FROM "druid"."{table}" "web"
GROUP BY 1
ORDER BY 1
-- @duckdb
SELECT CASE WHEN dayofweek(__time) + 1 IN (1, 7) THEN 'Weekend' ELSE 'Weekday' END AS t, SUM(revenue), COUNT(*)
FROM {table} GROUP BY 1 ORDER BY 1

-- @id case-page-length-buckets
-- @source metabase/metabase custom column case(...) compiled by sql.qp
-- @native
-- @tally
SELECT CASE WHEN CHAR_LENGTH(page) <= 5 THEN 'short' WHEN CHAR_LENGTH(page) <= 10 THEN 'medium' ELSE 'long' END AS url_length,
       COUNT(*) AS n, COUNT(DISTINCT page) AS pages
FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT CASE WHEN length(page) <= 5 THEN 'short' WHEN length(page) <= 10 THEN 'medium' ELSE 'long' END AS l,
       COUNT(*), COUNT(DISTINCT page) FROM {table} GROUP BY 1 ORDER BY 1

-- @id case-date-range-buckets
-- @source looker dimension of type: tier / case as CASE WHEN
-- @native
-- @tally
SELECT CASE WHEN __time < TIMESTAMP '2026-02-01 00:00:00' THEN 'January' ELSE 'February' END AS period, COUNT(*) AS n
FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT CASE WHEN __time < TIMESTAMP '2026-02-01 00:00:00' THEN 'January' ELSE 'February' END AS p, COUNT(*)
FROM {table} GROUP BY 1 ORDER BY 1

-- @id case-coalesce-referrer-bucket
-- @source apache/superset custom SQL dimension (adhoc column, sqlExpression)
-- @native
-- @tally
SELECT COALESCE("referrer", '(direct)') AS "referrer", COUNT(*) AS "count"
FROM "druid"."{table}"
GROUP BY COALESCE("referrer", '(direct)')
ORDER BY "count" DESC
LIMIT 8
-- @duckdb
SELECT COALESCE(referrer, '(direct)') AS r, COUNT(*) AS n FROM {table} GROUP BY 1 ORDER BY n DESC LIMIT 8

-- @id case-nested
-- @source metabase/metabase custom column case(...) compiled by sql.qp
-- @native
-- @tally
SELECT CASE WHEN device = 'mobile' THEN CASE WHEN os = 'iOS' THEN 'iPhone' WHEN os = 'Android' THEN 'Android phone' ELSE 'other phone' END
            ELSE device END AS kind, COUNT(*) AS n
FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT CASE WHEN device = 'mobile' THEN CASE WHEN os = 'iOS' THEN 'iPhone' WHEN os = 'Android' THEN 'Android phone' ELSE 'other phone' END
            ELSE device END AS k, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1

-- @id case-two-bucket-columns
-- @source tableau generic JDBC dialect (group / IF calculation as CASE)
-- @native
-- @tally
SELECT (CASE WHEN "web"."country" = 'US' THEN 'US' ELSE 'Intl' END) AS "Market",
       (CASE WHEN "web"."page" IN ('/cart', '/checkout') THEN 'funnel' ELSE 'browse' END) AS "Stage",
       SUM("web"."revenue") AS "sum:revenue:ok"
FROM "druid"."{table}" "web"
GROUP BY 1, 2
ORDER BY 1, 2
-- @duckdb
SELECT CASE WHEN country = 'US' THEN 'US' ELSE 'Intl' END AS m, CASE WHEN page IN ('/cart', '/checkout') THEN 'funnel' ELSE 'browse' END AS s,
       SUM(revenue) FROM {table} GROUP BY ALL ORDER BY 1, 2

-- @id range-buckets-latency
-- @source apache/superset custom SQL dimension (numeric ranges over a measure column)
-- @tables web_raw
-- @native
-- @tally
SELECT CASE WHEN "latency_max" < 50 THEN '0-49 ms' WHEN "latency_max" < 100 THEN '50-99 ms'
            WHEN "latency_max" < 200 THEN '100-199 ms' ELSE '200+ ms' END AS "latency", COUNT(*) AS "count"
FROM "druid"."{table}"
GROUP BY 1
ORDER BY 1
-- @duckdb
SELECT CASE WHEN latency_ms < 50 THEN '0-49 ms' WHEN latency_ms < 100 THEN '50-99 ms'
            WHEN latency_ms < 200 THEN '100-199 ms' ELSE '200+ ms' END AS l, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1

-- @id range-buckets-revenue
-- @source looker dimension type: tier (tiers: [0, 10, 50, 100])
-- @tables web_raw
-- @native
-- @tally
SELECT CASE WHEN revenue IS NULL THEN 'unknown' WHEN revenue = 0 THEN 'none' WHEN revenue < 10 THEN '< 10'
            WHEN revenue < 50 THEN '10 - 49' WHEN revenue < 100 THEN '50 - 99' ELSE '100 or more' END AS revenue_tier,
       COUNT(*) AS n, SUM(revenue) AS total
FROM {table} GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT CASE WHEN revenue IS NULL THEN 'unknown' WHEN revenue = 0 THEN 'none' WHEN revenue < 10 THEN '< 10'
            WHEN revenue < 50 THEN '10 - 49' WHEN revenue < 100 THEN '50 - 99' ELSE '100 or more' END AS t,
       COUNT(*), SUM(revenue) FROM {table} GROUP BY 1 ORDER BY 1

-- @id range-buckets-latency-floor
-- @source metabase/metabase numeric binning (FLOOR(x / width) * width)
-- @tables web_raw
-- @native
-- @native-gap 16: in ORDER BY, a column name that is also a SELECT alias (Metabase aliases an expression by its column's name) resolves to the alias: ORDER BY FLOOR(latency_max / 50) * 50 with the alias "latency_max" recomputes the expression over the bucket in an EnumerableCalc and sorts above the native query (the same statement with another alias is one native query)
-- @tally
SELECT FLOOR(latency_max / 50) * 50 AS "latency_max", COUNT(*) AS "count"
FROM "druid"."{table}" WHERE latency_max < 500
GROUP BY FLOOR(latency_max / 50) * 50
ORDER BY FLOOR(latency_max / 50) * 50 ASC
-- @duckdb
SELECT (latency_ms // 50) * 50 AS b, COUNT(*) FROM {table} WHERE latency_ms < 500 GROUP BY 1 ORDER BY 1

-- @id range-buckets-latency-by-device
-- @source tableau generic JDBC dialect (group / IF calculation as CASE)
-- @tables web_raw
-- @unordered
-- @tally
SELECT "web"."device" AS "device", (CASE WHEN "web"."latency_max" >= 150 THEN 'slow' ELSE 'fast' END) AS "Speed",
  SUM(1) AS "sum:Number of Records:ok"
FROM "druid"."{table}" "web"
GROUP BY 1, 2
-- @duckdb
SELECT device, CASE WHEN latency_ms >= 150 THEN 'slow' ELSE 'fast' END AS s, COUNT(*) FROM {table} GROUP BY ALL

-- @id range-buckets-revenue-with-time
-- @source analyst SQL: daily purchases by basket size
-- @tables web_raw
-- @native
-- @tally
SELECT DATE_TRUNC('day', __time) AS d, CASE WHEN revenue >= 100 THEN 'large' WHEN revenue > 0 THEN 'small' ELSE 'none' END AS basket,
       COUNT(*) AS n
FROM {table} WHERE revenue IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2
-- @duckdb
SELECT date_trunc('day', __time) AS d, CASE WHEN revenue >= 100 THEN 'large' WHEN revenue > 0 THEN 'small' ELSE 'none' END AS b, COUNT(*)
FROM {table} WHERE revenue IS NOT NULL GROUP BY ALL ORDER BY 1, 2

-- @id range-buckets-width-histogram
-- @source apache/superset histogram chart (raw values, binned in SQL)
-- @tables web_raw
-- @native
-- @tally
SELECT CAST(latency_max / 100 AS BIGINT) * 100 AS bucket_start, COUNT(*) AS n, MIN(latency_max) AS lo, MAX(latency_max) AS hi
FROM {table} WHERE latency_max < 600 GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT (latency_ms // 100) * 100 AS b, COUNT(*), MIN(latency_ms), MAX(latency_ms) FROM {table} WHERE latency_ms < 600 GROUP BY 1 ORDER BY 1


-- ==================================================================================================================
-- Top-N plus "Other": the N largest values kept, the rest folded into one bucket. The literal IN list (a dashboard's
-- saved top values) is one native query; the IN (subquery) form is a semi-join (two native queries), not asserted to
-- be one.
-- ==================================================================================================================

-- @id topn-other-literal-country
-- @source apache/superset custom SQL dimension (adhoc column, sqlExpression) (top values kept, the rest as 'Other')
-- @native
-- @tally
SELECT CASE WHEN "country" IN ('US', 'DE', 'GB', 'FR', 'IN') THEN "country" ELSE 'Other' END AS "country", COUNT(*) AS "count", SUM("revenue") AS "revenue"
FROM "druid"."{table}"
GROUP BY 1
ORDER BY 2 DESC
-- @duckdb
SELECT CASE WHEN country IN ('US', 'DE', 'GB', 'FR', 'IN') THEN country ELSE 'Other' END AS k, COUNT(*) AS n, SUM(revenue) FROM {table} GROUP BY 1 ORDER BY n DESC

-- @id topn-other-literal-browser
-- @source apache/superset custom SQL dimension (adhoc column, sqlExpression) (top values kept, the rest as 'Other')
-- @native
-- @tally
SELECT CASE WHEN "browser" IN ('Chrome', 'Safari', 'Edge') THEN "browser" ELSE 'Other' END AS "browser", COUNT(*) AS "count", SUM("revenue") AS "revenue"
FROM "druid"."{table}"
GROUP BY 1
ORDER BY 2 DESC
-- @duckdb
SELECT CASE WHEN browser IN ('Chrome', 'Safari', 'Edge') THEN browser ELSE 'Other' END AS k, COUNT(*) AS n, SUM(revenue) FROM {table} GROUP BY 1 ORDER BY n DESC

-- @id topn-other-literal-os
-- @source apache/superset custom SQL dimension (adhoc column, sqlExpression) (top values kept, the rest as 'Other')
-- @native
-- @tally
SELECT CASE WHEN "os" IN ('Windows', 'Android', 'iOS', 'macOS') THEN "os" ELSE 'Other' END AS "os", COUNT(*) AS "count", SUM("revenue") AS "revenue"
FROM "druid"."{table}"
GROUP BY 1
ORDER BY 2 DESC
-- @duckdb
SELECT CASE WHEN os IN ('Windows', 'Android', 'iOS', 'macOS') THEN os ELSE 'Other' END AS k, COUNT(*) AS n, SUM(revenue) FROM {table} GROUP BY 1 ORDER BY n DESC

-- @id topn-other-literal-referrer
-- @source apache/superset custom SQL dimension (adhoc column, sqlExpression) (top values kept, the rest as 'Other')
-- @native
-- @tally
SELECT CASE WHEN "referrer" IN ('google.com', 'facebook.com', 'bing.com') THEN "referrer" ELSE 'Other' END AS "referrer", COUNT(*) AS "count", SUM("revenue") AS "revenue"
FROM "druid"."{table}"
GROUP BY 1
ORDER BY 2 DESC
-- @duckdb
SELECT CASE WHEN referrer IN ('google.com', 'facebook.com', 'bing.com') THEN referrer ELSE 'Other' END AS k, COUNT(*) AS n, SUM(revenue) FROM {table} GROUP BY 1 ORDER BY n DESC

-- @id topn-other-literal-with-time
-- @source apache/superset custom SQL dimension (adhoc column, sqlExpression) (per day)
-- @native
-- @tally
SELECT TIME_FLOOR(__time, 'P1D') AS d, CASE WHEN country IN ('US', 'DE', 'GB') THEN country ELSE 'Other' END AS c, COUNT(*) AS n
FROM {table} GROUP BY 1, 2 ORDER BY 1, 2
-- @duckdb
SELECT date_trunc('day', __time) AS d, CASE WHEN country IN ('US', 'DE', 'GB') THEN country ELSE 'Other' END AS c, COUNT(*)
FROM {table} GROUP BY ALL ORDER BY 1, 2

-- @id topn-other-subquery-country
-- @source apache/superset "series limit" folded into Other (CASE over IN (subquery))
-- @tally
SELECT CASE WHEN country IN (SELECT country FROM {table} GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 5) THEN country ELSE 'Other' END AS country,
       COUNT(*) AS n
FROM {table}
GROUP BY 1
ORDER BY 2 DESC
-- @duckdb
SELECT CASE WHEN country IN (SELECT country FROM {table} GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 5) THEN country ELSE 'Other' END AS c,
       COUNT(*) AS n FROM {table} GROUP BY 1 ORDER BY 2 DESC

-- @id topn-other-subquery-browser-revenue
-- @source analyst SQL: top 3 browsers by revenue, the rest as Other
-- @tally
SELECT CASE WHEN browser IN (SELECT browser FROM {table} GROUP BY browser ORDER BY SUM(revenue) DESC LIMIT 3) THEN browser ELSE 'Other' END AS b,
       SUM(revenue) AS revenue
FROM {table}
GROUP BY 1
ORDER BY 1
-- @duckdb
SELECT CASE WHEN browser IN (SELECT browser FROM {table} GROUP BY browser ORDER BY SUM(revenue) DESC LIMIT 3) THEN browser ELSE 'Other' END AS b,
       SUM(revenue) FROM {table} GROUP BY 1 ORDER BY 1

-- @id topn-other-subquery-filtered
-- @source analyst SQL: top 4 operating systems among mobile events, the rest as Other
-- @tally
SELECT CASE WHEN os IN (SELECT os FROM {table} WHERE device = 'mobile' GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 4) THEN os ELSE 'Other' END AS os,
       COUNT(*) AS n
FROM {table}
WHERE device = 'mobile'
GROUP BY 1
ORDER BY 2 DESC
-- @duckdb
SELECT CASE WHEN os IN (SELECT os FROM {table} WHERE device = 'mobile' GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 4) THEN os ELSE 'Other' END AS o,
       COUNT(*) AS n FROM {table} WHERE device = 'mobile' GROUP BY 1 ORDER BY 2 DESC

-- @id topn-series-limit-join
-- @source apache/superset superset/models/helpers.py get_sqla_query (series limit as a JOIN)
-- @tally
SELECT TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D') AS "__time", "country" AS "country", COUNT(*) AS "count"
FROM "druid"."{table}"
JOIN (SELECT "country" AS "country__", COUNT(*) AS "mme_inner__"
      FROM "druid"."{table}"
      GROUP BY "country"
      ORDER BY "mme_inner__" DESC
      LIMIT 3) AS "series_limit" ON "country" = "country__"
GROUP BY TIME_FLOOR(CAST("__time" AS TIMESTAMP), 'P1D'), "country"
ORDER BY "count" DESC
LIMIT 10000
-- @duckdb
SELECT date_trunc('day', __time) AS d, country, COUNT(*) AS n FROM {table}
WHERE country IN (SELECT country FROM {table} GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 3) GROUP BY ALL ORDER BY n DESC

-- @id topn-in-subquery-filter
-- @source metabase/metabase (filter on a saved question's values: IN (subquery))
-- @tally
SELECT device, COUNT(*) AS n FROM {table}
WHERE page IN (SELECT page FROM {table} WHERE country = 'US' GROUP BY page ORDER BY COUNT(*) DESC LIMIT 10)
GROUP BY device ORDER BY device
-- @duckdb
SELECT device, COUNT(*) FROM {table}
WHERE page IN (SELECT page FROM {table} WHERE country = 'US' GROUP BY page ORDER BY COUNT(*) DESC LIMIT 10)
GROUP BY device ORDER BY device

-- @id boolean-group-key-tableau
-- @source tableau generic JDBC dialect boolean calculated field ([country] = 'US') as a dimension
-- @native
-- @unordered
-- @tally
SELECT ("web"."country" = 'US') AS "Calculation_is_us", COUNT(*) AS "cnt:Number of Records:ok"
FROM "druid"."{table}" "web"
GROUP BY 1
-- @duckdb
SELECT country = 'US', COUNT(*) FROM {table} GROUP BY 1

-- @id boolean-group-key-ordered
-- @source apache/superset custom SQL dimension with a boolean value, sorted
-- @native
-- @tally
SELECT "country" = 'US' AS "is_us", COUNT(*) AS "count" FROM "druid"."{table}" GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT country = 'US' AS b, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1

-- @id null-group-sorted-descending
-- @source apache/superset sort by a dimension descending (NULL last, as in DuckDB)
-- @native
-- @tally
SELECT "referrer", COUNT(*) AS "count" FROM "druid"."{table}" WHERE "country" = 'LU' GROUP BY "referrer" ORDER BY "referrer" DESC
-- @duckdb
SELECT referrer, COUNT(*) FROM {table} WHERE country = 'LU' GROUP BY referrer ORDER BY referrer DESC NULLS LAST

-- @id cast-extract-to-varchar
-- @source tableau generic JDBC dialect STR(DATEPART('hour', ...)) as CAST(... AS VARCHAR)
-- @native
-- @tally
SELECT CAST(EXTRACT(HOUR FROM "web"."__time") AS VARCHAR) AS "Calculation_hour", COUNT(*) AS "cnt:Number of Records:ok"
FROM "druid"."{table}" "web" GROUP BY 1 ORDER BY 1
-- @duckdb
SELECT CAST(hour(__time) AS VARCHAR) AS h, COUNT(*) FROM {table} GROUP BY 1 ORDER BY 1

-- @id count-filter-null-referrer
-- @source apache/superset custom SQL metric COUNT(*) FILTER (WHERE x IS NULL)
-- @native
-- @tally
SELECT "device", COUNT(*) FILTER (WHERE "referrer" IS NULL) AS "direct", COUNT(*) AS "count" FROM "druid"."{table}" GROUP BY "device" ORDER BY "device"
-- @duckdb
SELECT device, COUNT(*) FILTER (WHERE referrer IS NULL), COUNT(*) FROM {table} GROUP BY device ORDER BY device
