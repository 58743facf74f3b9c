package dev.tally.query.exec;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Per-query limits and controls: a deadline, a cancellation flag (set from any thread), a result-row limit and a
 * budget for group-by state. The engine checks them once per block.
 */
public final class QueryContext
{
    public static final long DEFAULT_TIMEOUT_MILLIS = 30_000;
    public static final long DEFAULT_MAX_ROWS = 100_000;
    public static final long DEFAULT_MAX_GROUPS = 5_000_000;

    private final String queryId;
    private final long timeoutMillis;
    private final long deadlineNanos;
    private final long maxRows;
    private final long maxGroups;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public QueryContext(final String queryId, final long timeoutMillis, final long maxRows, final long maxGroups)
    {
        if (timeoutMillis <= 0 || maxRows <= 0 || maxGroups <= 0)
        {
            throw new IllegalArgumentException("timeout[" + timeoutMillis + "], maxRows[" + maxRows + "] and " +
                "maxGroups[" + maxGroups + "] must be positive");
        }
        this.queryId = queryId;
        this.timeoutMillis = timeoutMillis;
        this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
        this.maxRows = maxRows;
        this.maxGroups = maxGroups;
    }

    public static QueryContext defaults()
    {
        return new QueryContext(null, DEFAULT_TIMEOUT_MILLIS, DEFAULT_MAX_ROWS, DEFAULT_MAX_GROUPS);
    }

    public String queryId()
    {
        return queryId;
    }

    public long maxRows()
    {
        return maxRows;
    }

    public long maxGroups()
    {
        return maxGroups;
    }

    public void cancel()
    {
        cancelled.set(true);
    }

    public boolean isCancelled()
    {
        return cancelled.get();
    }

    /** Throws when the query was cancelled or its deadline passed. */
    public void check()
    {
        if (cancelled.get())
        {
            throw new QueryException(QueryException.Kind.CANCELLED, "query[" + queryId + "] cancelled");
        }
        if (System.nanoTime() - deadlineNanos > 0)
        {
            throw new QueryException(QueryException.Kind.TIMEOUT,
                "query[" + queryId + "] exceeded its timeout of " + timeoutMillis + " ms");
        }
    }
}
