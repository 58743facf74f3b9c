package dev.tally.server.api;

import java.util.concurrent.Semaphore;

/**
 * The server's budget of queries running at once ({@code http.maxConcurrentQueries}), shared by {@code /v1/sql} and
 * the Avatica (JDBC) endpoint, so a BI tool's connections cannot run more than an HTTP client may.
 */
public final class QuerySlots
{
    private final Semaphore slots;
    private final int limit;

    public QuerySlots(final int limit)
    {
        this.slots = new Semaphore(limit);
        this.limit = limit;
    }

    /** Takes a slot if one is free; the caller must {@link #release} it once the query ends. */
    public boolean tryAcquire()
    {
        return slots.tryAcquire();
    }

    public void release()
    {
        slots.release();
    }

    /** Why a query found no slot, naming the setting. */
    public String refusal()
    {
        return "too many concurrent queries: " + limit + " are running (http.maxConcurrentQueries); retry shortly";
    }
}
