package dev.tally.sql;

import dev.tally.query.exec.QueryContext;

import java.util.UUID;

/** Per-statement settings from the request's {@code context}: timeout, result-row limit and the query's id. */
public record SqlQueryContext(String queryId, long timeoutMillis, long maxRows)
{
    public SqlQueryContext
    {
        queryId = queryId == null ? UUID.randomUUID().toString() : queryId;
        if (timeoutMillis <= 0 || maxRows <= 0)
        {
            throw new IllegalArgumentException("timeout[" + timeoutMillis + "] and maxRows[" + maxRows +
                "] must be positive");
        }
    }

    public static SqlQueryContext defaults()
    {
        return new SqlQueryContext(null, QueryContext.DEFAULT_TIMEOUT_MILLIS, QueryContext.DEFAULT_MAX_ROWS);
    }
}
