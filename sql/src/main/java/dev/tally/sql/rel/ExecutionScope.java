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
    private static final ThreadLocal<String> TIME_ZONE = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> FINAL_CAP = new ThreadLocal<>();

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
        FINAL_CAP.remove();
    }

    /**
     * Says that the statement's caller caps its final result at {@code maxRows} ({@link dev.tally.sql.SqlService}
     * does): then native results feed Calcite without a row limit and unordered scans stream. A caller that reads
     * rows itself (Avatica's JDBC) does not, and native results keep the limit.
     */
    public static void capsFinalResult()
    {
        FINAL_CAP.set(Boolean.TRUE);
    }

    static boolean isFinalResultCapped()
    {
        return FINAL_CAP.get() != null;
    }

    /**
     * The statement's {@code sqlTimeZone} (Druid's context key) for the time functions that take an optional zone,
     * while it is planned and run on this thread; {@code null} (UTC) clears it.
     */
    public static void setTimeZone(final String zone)
    {
        if (zone == null)
        {
            TIME_ZONE.remove();
        }
        else
        {
            TIME_ZONE.set(zone);
        }
    }

    /** The zone {@link #setTimeZone} gave, or {@code null} for UTC. */
    public static String timeZone()
    {
        return TIME_ZONE.get();
    }

    static QueryContext current()
    {
        final QueryContext context = CURRENT.get();
        return context == null ? QueryContext.defaults() : context;
    }
}
