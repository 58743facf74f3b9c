package dev.tally.sql;

import dev.tally.query.exec.QueryContext;

import java.util.UUID;

/**
 * Per-statement settings: timeout, result-row limit and the query's id from the request's {@code context}, and the
 * server's memory limits ({@code maxGroups} a native group-by may hold, {@code maxJoinRows} a join above the engine
 * may produce), which requests cannot raise. Druid's context keys: {@code timeZone} ({@code sqlTimeZone}, an IANA id
 * or offset; {@code null} is UTC), the default zone of the time functions; {@code outerLimit}
 * ({@code sqlOuterLimit}; {@link #NO_LIMIT} when absent) keeps the first rows of the result, as a LIMIT around the
 * statement would, so a larger result is cut instead of failing on {@code maxRows}.
 */
public record SqlQueryContext(String queryId, long timeoutMillis, long maxRows, long maxGroups, long maxJoinRows,
    String timeZone, long outerLimit)
{
    public static final long NO_LIMIT = Long.MAX_VALUE;

    public SqlQueryContext
    {
        queryId = queryId == null ? UUID.randomUUID().toString() : queryId;
        if (outerLimit < 0)
        {
            throw new IllegalArgumentException("outerLimit[" + outerLimit + "] must not be negative");
        }
        if (timeoutMillis <= 0 || maxRows <= 0 || maxGroups <= 0 || maxJoinRows <= 0)
        {
            throw new IllegalArgumentException("timeout[" + timeoutMillis + "], maxRows[" + maxRows + "], maxGroups[" +
                maxGroups + "] and maxJoinRows[" + maxJoinRows + "] must be positive");
        }
    }

    public SqlQueryContext(final String queryId, final long timeoutMillis, final long maxRows, final long maxGroups,
        final long maxJoinRows)
    {
        this(queryId, timeoutMillis, maxRows, maxGroups, maxJoinRows, null, NO_LIMIT);
    }

    /** The default memory limits. */
    public SqlQueryContext(final String queryId, final long timeoutMillis, final long maxRows)
    {
        this(queryId, timeoutMillis, maxRows, QueryContext.DEFAULT_MAX_GROUPS, QueryContext.DEFAULT_MAX_JOIN_ROWS);
    }

    public static SqlQueryContext defaults()
    {
        return new SqlQueryContext(null, QueryContext.DEFAULT_TIMEOUT_MILLIS, QueryContext.DEFAULT_MAX_ROWS);
    }
}
