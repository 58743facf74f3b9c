package dev.tally.ingest.batch;

import dev.tally.storage.catalog.Catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The batch loads of one table: runs them one at a time, in submission order, on a thread this class owns, and
 * keeps the last {@value #HISTORY} tasks for lookup by id. Task ids are unique across tables and restarts
 * ({@code load-<table>-<n>-<random>}), so a server can look an id up in every table's loads.
 */
public final class BatchLoads implements AutoCloseable
{
    public static final int HISTORY = 100;

    private final String table;
    private final BatchLoader loader;
    private final Catalog catalog;
    private final BatchLoader.Commit commit;
    private final ExecutorService thread;
    private final AtomicLong sequence = new AtomicLong();
    private final String salt = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFL);
    /** Guarded by itself; insertion order, oldest evicted. */
    private final Map<String, BatchTask> tasks = new LinkedHashMap<>();

    public BatchLoads(final String table, final BatchLoader loader, final Catalog catalog,
        final BatchLoader.Commit commit)
    {
        this.table = table;
        this.loader = loader;
        this.catalog = catalog;
        this.commit = commit;
        this.thread = Executors.newSingleThreadExecutor(runnable ->
        {
            final Thread t = new Thread(runnable, "batch-load-" + table);
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues a load; returns its task at once (RUNNING until it commits or fails). */
    public BatchTask start(final BatchLoadRequest request)
    {
        final BatchTask task = new BatchTask(
            "load-" + table + "-" + sequence.incrementAndGet() + "-" + salt, table, request);
        synchronized (tasks)
        {
            tasks.put(task.id(), task);
            if (tasks.size() > HISTORY)
            {
                final String oldest = tasks.keySet().iterator().next();
                if (tasks.get(oldest).isDone())
                {
                    tasks.remove(oldest);
                }
            }
        }
        thread.execute(() -> loader.run(task, catalog.nextSegmentVersion(), commit));
        return task;
    }

    public Optional<BatchTask> task(final String id)
    {
        synchronized (tasks)
        {
            return Optional.ofNullable(tasks.get(id));
        }
    }

    /** Known tasks, oldest first. */
    public List<BatchTask> tasks()
    {
        synchronized (tasks)
        {
            return new ArrayList<>(tasks.values());
        }
    }

    /** Stops taking loads and waits (up to 30 s) for the one running; queued ones are marked FAILED. */
    @Override
    public void close()
    {
        thread.shutdown();
        try
        {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        thread.shutdownNow();
        for (final BatchTask task : tasks())
        {
            if (!task.isDone())
            {
                task.onFailed(new IllegalStateException("table[" + table + "] closed before the load ran"));
            }
        }
    }
}
