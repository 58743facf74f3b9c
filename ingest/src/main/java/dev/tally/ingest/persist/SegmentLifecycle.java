package dev.tally.ingest.persist;

import dev.tally.storage.catalog.TableSegments;
import dev.tally.storage.schema.TableSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Compaction and retention of one table's committed segments, on one background thread that this class owns: a
 * scheduled pass every {@link Options#passIntervalMillis()} applies retention, then compacts the chunks the
 * {@link Compactor.Policy} picks, sleeping between chunks so it works at most its duty cycle (a core stays free for
 * queries). {@link #compactNow()} and {@link #applyRetentionNow()} run on the same thread, so compactions never
 * overlap; they wait for a pass in progress. Ingest is never blocked: the catalog serializes the commits.
 */
public final class SegmentLifecycle implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(SegmentLifecycle.class);

    /** @param passIntervalMillis time between scheduled passes; 0 schedules none (on demand only). */
    public record Options(long passIntervalMillis, Compactor.Policy policy)
    {
        public static final Options DEFAULT = new Options(60_000, Compactor.Policy.DEFAULT);

        public Options withPassIntervalMillis(final long millis)
        {
            return new Options(millis, policy);
        }
    }

    /** What one compaction pass did. {@code rollupRatio}: events per row of the segments it wrote (1 if none). */
    public record CompactionReport(int chunks, int segmentsIn, long rowsIn, long rowsOut, long events, long millis)
    {
        public double rollupRatio()
        {
            return rowsOut == 0 ? 1 : (double)events / rowsOut;
        }
    }

    private final TableSpec spec;
    private final Compactor compactor;
    private final Retention retention;
    private final LongSupplier clock;
    private final ScheduledExecutorService thread;
    private final LifecycleFigures figures = new LifecycleFigures();

    public SegmentLifecycle(final TableSpec spec, final TableSegments segments, final ChunkWriter chunks,
        final Options options, final LongSupplier clock)
    {
        this.spec = spec;
        this.compactor = new Compactor(segments, chunks, options.policy());
        this.retention = spec.retention().map(period -> new Retention(period, segments)).orElse(null);
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread t = new Thread(runnable, "lifecycle-" + spec.name());
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
        if (options.passIntervalMillis() > 0)
        {
            thread.scheduleWithFixedDelay(this::scheduledPass, options.passIntervalMillis(),
                options.passIntervalMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Compacts every chunk with more than one segment, unthrottled, and waits for it. */
    public CompactionReport compactNow() throws IOException, InterruptedException
    {
        return onThread(() -> compact(true, false));
    }

    /**
     * Drops the chunks older than the table's retention period now and waits for it.
     *
     * @return segments dropped (0 when the table keeps data forever).
     */
    public int applyRetentionNow() throws IOException, InterruptedException
    {
        return onThread(this::applyRetention);
    }

    /** Compaction and retention figures since this table was opened. */
    public LifecycleStatus status()
    {
        return figures.status();
    }

    /** Stops the thread; a compaction in progress is interrupted between chunks (its commit is atomic anyway). */
    @Override
    public void close()
    {
        thread.shutdownNow();
        try
        {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS))
            {
                LOG.warn("lifecycle thread of table[{}] did not stop within 30 s", spec.name());
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void scheduledPass()
    {
        try
        {
            applyRetention();
            compact(false, true);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final IOException | RuntimeException ex)
        {
            LOG.error("lifecycle pass of table[{}] failed; the next pass retries", spec.name(), ex);
            figures.onError(ex);
        }
    }

    private int applyRetention() throws IOException
    {
        if (retention == null)
        {
            return 0;
        }
        final int dropped = retention.apply(clock.getAsLong());
        figures.onRetention(clock.getAsLong(), dropped);
        return dropped;
    }

    private CompactionReport compact(final boolean all, final boolean throttled)
        throws IOException, InterruptedException
    {
        final long started = System.nanoTime();
        final List<Long> chunks = compactor.plan(clock.getAsLong(), all);
        int compacted = 0;
        int segmentsIn = 0;
        long rowsIn = 0;
        long rowsOut = 0;
        long events = 0;
        for (final long chunk : chunks)
        {
            if (Thread.currentThread().isInterrupted())
            {
                throw new InterruptedException("compaction of table[" + spec.name() + "] stopped");
            }
            final Compactor.ChunkResult result = compactor.compact(chunk);
            if (result.committed())
            {
                compacted++;
                segmentsIn += result.segmentsIn();
                rowsIn += result.rowsIn();
                rowsOut += result.rowsOut();
                events += result.events();
                figures.onChunk(clock.getAsLong(), result);
            }
            if (throttled)
            {
                final double duty = compactor.policy().dutyCycle();
                Thread.sleep((long)(result.millis() * (1 - duty) / duty));
            }
        }
        return new CompactionReport(compacted, segmentsIn, rowsIn, rowsOut, events,
            (System.nanoTime() - started) / 1_000_000);
    }

    private <T> T onThread(final Callable<T> work) throws IOException, InterruptedException
    {
        try
        {
            return thread.submit(work).get();
        }
        catch (final ExecutionException ex)
        {
            final Throwable cause = ex.getCause();
            if (cause instanceof IOException io)
            {
                throw io;
            }
            if (cause instanceof RuntimeException runtime)
            {
                throw runtime;
            }
            if (cause instanceof InterruptedException interrupted)
            {
                throw interrupted;
            }
            throw new IllegalStateException("lifecycle work of table[" + spec.name() + "] failed", cause);
        }
    }
}
