package dev.tally.server.reliability;

import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.PushTable;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client that does everything right, on its own thread, while hostile ones run: every tick it asks one of two
 * queries whose answers are known exactly (a fixed table), and every fifth tick it pushes a few events into a live
 * table and checks that the live count never goes backwards nor past what was pushed. Anything else (a wrong answer,
 * an error status, an I/O failure) is recorded with what was seen. Owns its scheduler thread; {@link #stop()} ends it.
 */
final class WellBehavedClient
{
    private final HttpApi http;
    private final String fixedTable;
    private final List<String> queries;
    private final List<String> answers;
    private final String liveTable;
    private final List<String> liveEvents;
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(runnable ->
    {
        final Thread thread = new Thread(runnable, "well-behaved-client");
        thread.setDaemon(true);
        return thread;
    });
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong queriesOk = new AtomicLong();
    private final AtomicLong pushesOk = new AtomicLong();
    private final AtomicLong pushed = new AtomicLong();
    private final AtomicLong maxNanos = new AtomicLong();
    private long tick;
    private long lastLiveCount;

    /**
     * @param queries array-format queries on {@code fixedTable}, answered by {@code answers} (the same order).
     * @param liveEvents events to push into {@code liveTable}, a few per push, cycling.
     */
    WellBehavedClient(final HttpApi http, final String fixedTable, final List<String> queries,
        final List<String> answers, final String liveTable, final List<String> liveEvents)
    {
        this.http = http;
        this.fixedTable = fixedTable;
        this.queries = List.copyOf(queries);
        this.answers = List.copyOf(answers);
        this.liveTable = liveTable;
        this.liveEvents = List.copyOf(liveEvents);
    }

    void start(final long periodMillis)
    {
        ticks.scheduleAtFixedRate(this::tick, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops ticking and waits for the tick in progress. */
    void stop() throws InterruptedException
    {
        ticks.shutdown();
        if (!ticks.awaitTermination(90, TimeUnit.SECONDS))
        {
            failures.add("a request of the well-behaved client did not finish within 90 s");
        }
    }

    List<String> failures()
    {
        return List.copyOf(failures);
    }

    long queriesOk()
    {
        return queriesOk.get();
    }

    long pushesOk()
    {
        return pushesOk.get();
    }

    /** Events the server accepted into the live table. */
    long pushed()
    {
        return pushed.get();
    }

    long maxLatencyMillis()
    {
        return TimeUnit.NANOSECONDS.toMillis(maxNanos.get());
    }

    private void tick()
    {
        final long start = System.nanoTime();
        try
        {
            if (tick % 5 == 4)
            {
                pushAndCount();
            }
            else
            {
                final int which = (int)(tick % queries.size());
                final HttpApi.Answer answer = http.sql(queries.get(which), "array");
                if (answer.status() != 200 || !answer.body().equals(answers.get(which)))
                {
                    failures.add("query on " + fixedTable + " [" + queries.get(which) + "] answered " + answer);
                }
                else
                {
                    queriesOk.incrementAndGet();
                }
            }
        }
        catch (final RuntimeException ex)
        {
            failures.add("tick " + tick + " failed: " + ex);
        }
        finally
        {
            tick++;
            maxNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
        }
    }

    private void pushAndCount()
    {
        final int from = (int)(pushesOk.get() * 10 % (liveEvents.size() - 10));
        final HttpApi.Answer push = http.post("/v1/tables/" + liveTable + "/events",
            PushTable.ndjson(liveEvents.subList(from, from + 10)));
        if (push.status() != 200 || push.json().path("accepted").asInt() != 10)
        {
            failures.add("push into " + liveTable + " answered " + push);
            return;
        }
        pushesOk.incrementAndGet();
        final long accepted = pushed.addAndGet(10);
        final HttpApi.Answer count = http.sql("SELECT COUNT(*) FROM " + liveTable, "array");
        if (count.status() != 200)
        {
            failures.add("count of " + liveTable + " answered " + count);
            return;
        }
        final long live = count.json().get(0).get(0).asLong();
        if (live < lastLiveCount || live > accepted)
        {
            failures.add("count of " + liveTable + " was " + live + " after " + lastLiveCount + " with " + accepted +
                " pushed");
        }
        lastLiveCount = live;
        queriesOk.incrementAndGet();
    }
}
