package dev.tally.query.exec;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Per-query limits and controls: a deadline, a cancellation flag (set from any thread), a result-row limit, a budget
 * for group-by state ({@code maxGroups}: groups a group-by may hold, which also bounds the rows an ordered scan holds
 * before sorting) and a budget for the rows joins above the engine may produce ({@code maxJoinRows}). The engine
 * checks the deadline once per block and the group budget once per new group, so a query that would outgrow the
 * heap fails with a {@link QueryException.Kind#RESOURCE_LIMIT} instead.
 */
public final class QueryContext
{
    public static final long DEFAULT_TIMEOUT_MILLIS = 30_000;
    public static final long DEFAULT_MAX_ROWS = 100_000;
    /** A group costs some 200 heap bytes while partial results merge: a million is ~200 MB per source in flight. */
    public static final long DEFAULT_MAX_GROUPS = 1_000_000;
    /** A joined row a sort or DISTINCT holds costs some 100 heap bytes: a million is ~100 MB per query. */
    public static final long DEFAULT_MAX_JOIN_ROWS = 1_000_000;
    /** Where the limits are configured, named in the errors so an operator knows which setting was hit. */
    public static final String MAX_GROUPS_SETTING = "query.maxGroups";
    public static final String MAX_JOIN_ROWS_SETTING = "query.maxJoinRows";

    private final String queryId;
    private final long timeoutMillis;
    private final long deadlineNanos;
    private final long maxRows;
    private final long maxGroups;
    private final long maxJoinRows;
    private final AtomicBoolean cancelled;

    public QueryContext(final String queryId, final long timeoutMillis, final long maxRows, final long maxGroups)
    {
        this(queryId, timeoutMillis, maxRows, maxGroups, DEFAULT_MAX_JOIN_ROWS);
    }

    public QueryContext(final String queryId, final long timeoutMillis, final long maxRows, final long maxGroups,
        final long maxJoinRows)
    {
        if (timeoutMillis <= 0 || maxRows <= 0 || maxGroups <= 0 || maxJoinRows <= 0)
        {
            throw new IllegalArgumentException("timeout[" + timeoutMillis + "], maxRows[" + maxRows + "], " +
                "maxGroups[" + maxGroups + "] and maxJoinRows[" + maxJoinRows + "] must be positive");
        }
        this.queryId = queryId;
        this.timeoutMillis = timeoutMillis;
        this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
        this.maxRows = maxRows;
        this.maxGroups = maxGroups;
        this.maxJoinRows = maxJoinRows;
        this.cancelled = new AtomicBoolean();
    }

    private QueryContext(final QueryContext of, final long maxRows)
    {
        this.queryId = of.queryId;
        this.timeoutMillis = of.timeoutMillis;
        this.deadlineNanos = of.deadlineNanos;
        this.maxRows = maxRows;
        this.maxGroups = of.maxGroups;
        this.maxJoinRows = of.maxJoinRows;
        this.cancelled = of.cancelled;
    }

    /**
     * The same query (deadline, cancellation, group and join limits) with no cap on result rows: for native queries
     * whose rows feed an operator above them (SQL), where only the statement's final result is capped.
     */
    public QueryContext withoutRowLimit()
    {
        return maxRows == Long.MAX_VALUE ? this : new QueryContext(this, Long.MAX_VALUE);
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

    public long maxJoinRows()
    {
        return maxJoinRows;
    }

    /** The error for a group-by that would hold more than {@link #maxGroups()} groups. */
    public QueryException tooManyGroups(final String where)
    {
        return new QueryException(QueryException.Kind.RESOURCE_LIMIT, "group-by " + where + " holds over " +
            maxGroups + " groups, the limit " + MAX_GROUPS_SETTING + "[" + maxGroups + "]; filter more, group by " +
            "fewer or coarser columns, or raise " + MAX_GROUPS_SETTING);
    }

    /** The error for a join above the engine that produced more than {@link #maxJoinRows()} rows. */
    public QueryException tooManyJoinRows(final String join)
    {
        return new QueryException(QueryException.Kind.RESOURCE_LIMIT, "join[" + join + "] produced over " +
            maxJoinRows + " rows, the limit " + MAX_JOIN_ROWS_SETTING + "[" + maxJoinRows + "]; add a join " +
            "condition or filters, or raise " + MAX_JOIN_ROWS_SETTING);
    }

    /** The error for an operator above the engine (a sort, a hash table) that would hold over {@code maxGroups} rows. */
    public QueryException tooManyHeldRows(final String holder)
    {
        return new QueryException(QueryException.Kind.RESOURCE_LIMIT, holder + " holds over " + maxGroups +
            " rows, the limit " + MAX_GROUPS_SETTING + "[" + maxGroups + "]; filter more, aggregate first, or raise " +
            MAX_GROUPS_SETTING);
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
