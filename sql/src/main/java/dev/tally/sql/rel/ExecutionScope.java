package dev.tally.sql.rel;

import dev.tally.query.exec.QueryContext;

/**
 * The query context of the statement running on this thread: {@link dev.tally.sql.SqlService} sets it around an
 * execution so native queries inherit its timeout, row limit and cancellation. Without one (plain JDBC), native
 * queries run with the engine's defaults.
 */
public final class ExecutionScope
{
    private static final ThreadLocal<QueryContext> CURRENT = new ThreadLocal<>();

    private ExecutionScope()
    {
    }

    public static void enter(final QueryContext context)
    {
        CURRENT.set(context);
    }

    public static void exit()
    {
        CURRENT.remove();
    }

    static QueryContext current()
    {
        final QueryContext context = CURRENT.get();
        return context == null ? QueryContext.defaults() : context;
    }
}
