package dev.tally.ingest.persist;

import dev.tally.ingest.rollup.FrozenIndex;
import dev.tally.ingest.rollup.LiveIndex;
import dev.tally.ingest.rollup.RollupTable;
import dev.tally.storage.catalog.Catalog;
import dev.tally.storage.catalog.CatalogCommitException;
import dev.tally.storage.catalog.Manifest;
import dev.tally.storage.catalog.SegmentDescriptor;
import dev.tally.storage.segment.SegmentWriter;
import org.agrona.concurrent.Agent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Writes frozen indexes as segments and commits them (an {@link Agent}; its runner owns the thread, and this class
 * owns the segment files it writes until they are committed). For each frozen index, in the order the writer froze
 * them: one segment per {@code segmentGranularity} chunk its rows fall in, then one catalog commit of those segments
 * together with, per source partition, the position of the last record the index holds; then the index is marked
 * committed, the segment set refreshed, and the index retired. A crash between write and commit leaves files the
 * next {@code TableSegments.open} deletes, and the source replays from the last committed position: exactly once.
 * A failed persist (a full disk, a file-size limit, an unwritable directory) is retried every second; the index stays
 * queryable meanwhile, and the writer pauses once enough indexes wait (see {@code RollupWriter#isPaused}). The first
 * failure of a run is logged with its stack trace, repeats only once a minute, so a full disk is not filled further
 * by the log; every failure is counted ({@link #failures()}).
 */
public final class Persister implements Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(Persister.class);
    private static final long RETRY_NANOS = 1_000_000_000L;
    private static final long REPEAT_LOG_NANOS = 60_000_000_000L;

    private final RollupTable table;
    private final Queue<FrozenIndex> queue;
    private final IntFunction<String> positionKeys;
    private final Consumer<Map<Integer, Long>> onCommitted;
    private final Catalog catalog;
    private final ChunkWriter chunks;
    /** Actions to run once a given number of frozen indexes is committed; guarded by its monitor. */
    private final List<Barrier> barriers = new ArrayList<>();
    private long retryAtNanos;
    private long lastLoggedNanos;
    private volatile long persisted;
    private volatile long failures;
    private volatile long lastPersistMillis;
    private volatile Throwable lastFailure;

    /**
     * @param positionKeys the catalog key of a source partition's position, e.g. {@code kafka:events:0}.
     * @param onCommitted  told the committed position per partition after each commit.
     */
    public Persister(final RollupTable table, final Queue<FrozenIndex> queue, final IntFunction<String> positionKeys,
        final Consumer<Map<Integer, Long>> onCommitted, final SegmentWriter.Options options)
    {
        this.onCommitted = onCommitted;
        this.table = table;
        this.queue = queue;
        this.positionKeys = positionKeys;
        this.catalog = table.segments().catalog();
        this.chunks = new ChunkWriter(table.spec(), catalog.tableDir(), options);
    }

    @Override
    public String roleName()
    {
        return "persister-" + table.spec().name();
    }

    @Override
    public int doWork()
    {
        final int barriersRun = runDueBarriers();
        if (barriersRun > 0)
        {
            return barriersRun;
        }
        final FrozenIndex frozen = queue.peek();
        if (frozen == null || System.nanoTime() - retryAtNanos < 0)
        {
            return 0;
        }
        try
        {
            persist(frozen);
            queue.poll();
            if (lastFailure != null)
            {
                LOG.info("persist of table[{}] succeeded again after failures[{}]", table.spec().name(), failures);
            }
            lastFailure = null;
            lastPersistMillis = System.currentTimeMillis();
            persisted = persisted + 1;
            return 1;
        }
        catch (final IOException | RuntimeException ex)
        {
            final long now = System.nanoTime();
            if (lastFailure == null)
            {
                LOG.error("persist of {} of table[{}] failed; retrying every second", frozen, table.spec().name(), ex);
                lastLoggedNanos = now;
            }
            else if (now - lastLoggedNanos >= REPEAT_LOG_NANOS)
            {
                LOG.error("persist of table[{}] still failing after failures[{}]: {}", table.spec().name(),
                    failures + 1, ex.toString());
                lastLoggedNanos = now;
            }
            lastFailure = ex;
            failures = failures + 1;
            retryAtNanos = now + RETRY_NANOS;
            return 0;
        }
    }

    /**
     * Runs {@code action} on the persister thread once the first {@code rotations} frozen indexes handed to it are
     * committed, and before the next one is: so a catalog change made by the action lands between two persists in a
     * known place (a batch replace covers exactly the events applied before rotation number {@code rotations}).
     *
     * @return completes with the action's result, or exceptionally with what it threw or when the table closes.
     */
    public <T> CompletableFuture<T> runAfter(final long rotations, final Callable<T> action)
    {
        final CompletableFuture<T> done = new CompletableFuture<>();
        synchronized (barriers)
        {
            barriers.add(new Barrier(rotations, () ->
            {
                try
                {
                    done.complete(action.call());
                }
                catch (final Exception | Error ex)
                {
                    done.completeExceptionally(ex);
                }
            }, done));
        }
        return done;
    }

    /** Fails the barriers that will never run (the table is closing). */
    public void cancelBarriers()
    {
        synchronized (barriers)
        {
            for (final Barrier barrier : barriers)
            {
                barrier.done.completeExceptionally(new IllegalStateException(
                    "table[" + table.spec().name() + "] closed before the action could run"));
            }
            barriers.clear();
        }
    }

    /** Frozen indexes committed so far. */
    public long persisted()
    {
        return persisted;
    }

    public long lastPersistMillis()
    {
        return lastPersistMillis;
    }

    /** Why the last persist attempt failed, or null if it succeeded (or none was tried). */
    public Throwable lastFailure()
    {
        return lastFailure;
    }

    /** Persist attempts that failed since start (each is retried). */
    public long failures()
    {
        return failures;
    }

    private int runDueBarriers()
    {
        final List<Barrier> due = new ArrayList<>();
        synchronized (barriers)
        {
            if (barriers.isEmpty())
            {
                return 0;
            }
            for (final Iterator<Barrier> it = barriers.iterator(); it.hasNext(); )
            {
                final Barrier barrier = it.next();
                if (barrier.rotations <= persisted)
                {
                    due.add(barrier);
                    it.remove();
                }
            }
        }
        for (final Barrier barrier : due)
        {
            barrier.action.run();
        }
        return due.size();
    }

    private record Barrier(long rotations, Runnable action, CompletableFuture<?> done)
    {
    }

    private void persist(final FrozenIndex frozen) throws IOException
    {
        if (frozen.committedVersion() != FrozenIndex.NOT_COMMITTED)
        {
            // committed by an earlier attempt whose refresh failed: never commit the same rows twice
            table.segments().refresh();
            table.retire(frozen);
            return;
        }
        final LiveIndex index = frozen.index();
        final List<SegmentDescriptor> segments = chunks.writeIndex(index, catalog.nextSegmentVersion(), 0);
        final Map<String, Long> positions = new HashMap<>();
        final Map<Integer, Long> partitionPositions = new HashMap<>();
        for (int partition = 0; partition < index.partitionLimit(); partition++)
        {
            final long position = index.position(partition);
            if (position != Long.MIN_VALUE)
            {
                positions.put(positionKeys.apply(partition), position);
                partitionPositions.put(partition, position);
            }
        }
        final Manifest manifest;
        try
        {
            manifest = catalog.addSegments(segments, positions);
        }
        catch (final CatalogCommitException ex)
        {
            if (!ex.isInDoubt())
            {
                // nothing names them: without this each retry on a full disk would leave another set behind
                chunks.discard(segments);
            }
            throw ex;
        }
        frozen.onCommitted(manifest.version());
        table.segments().refresh();
        table.retire(frozen);
        onCommitted.accept(partitionPositions);
    }
}
