package dev.tally.sql;

import java.util.Set;

/**
 * One differential case: the statement in Tally's SQL, the same question in DuckDB's, how rows are compared, the
 * ORDER BY key column for {@link Results.Order#TOP}, and which columns are approximate.
 */
record SqlCase(String tally, String duck, Results.Order order, int key, Set<Integer> approximate)
{
    static SqlCase same(final String sql, final Results.Order order)
    {
        return new SqlCase(sql, sql, order, 0, Set.of());
    }

    static SqlCase of(final String tally, final String duck, final Results.Order order)
    {
        return new SqlCase(tally, duck, order, 0, Set.of());
    }

    static SqlCase top(final String sql, final int key)
    {
        return new SqlCase(sql, sql, Results.Order.TOP, key, Set.of());
    }

    /** The DuckDB form of Tally-only syntax used in these tests. */
    static String toDuck(final String sql)
    {
        return sql
            .replaceAll("TIME_FLOOR\\(__time, 'PT(\\d+)M'\\)", "time_bucket(INTERVAL '$1 minutes', __time)")
            .replaceAll("TIME_FLOOR\\(__time, 'PT(\\d+)H'\\)", "time_bucket(INTERVAL '$1 hours', __time)")
            .replaceAll("FLOOR\\(__time TO (\\w+)\\)", "date_trunc('$1', __time)")
            .replaceAll("APPROX_COUNT_DISTINCT\\((\\w+)\\)", "COUNT(DISTINCT $1)")
            .replaceAll("APPROX_QUANTILE\\((\\w+), ", "quantile_disc($1, ")
            .replaceAll("REGEXP_LIKE\\(", "regexp_matches(")
            .replace('`', '"');
    }

    static SqlCase translated(final String sql, final Results.Order order, final int key,
        final Set<Integer> approximate)
    {
        return new SqlCase(sql, toDuck(sql), order, key, approximate);
    }
}
