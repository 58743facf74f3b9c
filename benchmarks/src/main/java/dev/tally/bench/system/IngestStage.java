package dev.tally.bench.system;

import dev.tally.bench.BenchFiles;
import dev.tally.bench.IngestEvents;
import dev.tally.ingest.TableIngest;
import dev.tally.ingest.record.EventParser;
import dev.tally.ingest.record.EventRecord;
import dev.tally.ingest.record.IngestErrors;
import dev.tally.ingest.rollup.FrozenIndex;
import dev.tally.ingest.rollup.LiveIndex;
import dev.tally.ingest.rollup.RollupTable;
import dev.tally.ingest.rollup.RollupWriter;
import dev.tally.ingest.source.RecordBatcher;
import dev.tally.storage.catalog.Catalog;
import dev.tally.storage.catalog.TableSegments;
import dev.tally.storage.schema.TableSpec;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.jctools.queues.MpscUnboundedArrayQueue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The ingest kernels, with Tally's own pieces as {@link TableIngest} wires them: a source thread writes record
 * batches into an Agrona ring buffer, the table's {@link RollupWriter} (on its own agent thread) rolls them into
 * the live index. Two figures per shape: binary records (parsed beforehand) through ring + rollup, and JSON through
 * parse + ring + rollup. Persisting is left out (the live index is sized to hold every event); the server's push
 * load and the freshness stage measure the whole path. Events/s is wall-clock; events per core-second divides by the
 * CPU time the source and writer threads used. Median of {@value #REPEATS} runs.
 */
final class IngestStage
{
    static final int REPEATS = 3;
    private static final int RING_BYTES = 8 << 20;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Events/s (wall) and events per core-second (CPU of the threads doing the work). */
    record Rate(double eventsPerSecond, double eventsPerCoreSecond)
    {
    }

    record Figures(TableShape shape, Rate binary, Rate json)
    {
    }

    private final Path dir;
    private final int events;

    IngestStage(final Path dir, final int events)
    {
        this.dir = dir;
        this.events = events;
    }

    Figures run(final TableShape shape) throws IOException, InterruptedException, TimeoutException
    {
        final TableSpec spec = TableSpec.parse(shape.spec());
        final byte[][] json = IngestEvents.json(EndToEnd.events(events), events);
        final List<UnsafeBuffer> batches = IngestEvents.records(spec, json);
        final Rate[] binary = new Rate[REPEATS];
        final Rate[] parsed = new Rate[REPEATS];
        for (int r = 0; r < REPEATS; r++)
        {
            binary[r] = measure(spec, "binary-" + r, ring -> writeBatches(ring, batches));
            parsed[r] = measure(spec, "json-" + r, ring -> parseInto(ring, spec, json));
        }
        return new Figures(shape, median(binary), median(parsed));
    }

    @FunctionalInterface
    private interface SourceWork
    {
        void feed(ManyToOneRingBuffer ring);
    }

    private Rate measure(final TableSpec spec, final String name, final SourceWork source)
        throws IOException, InterruptedException, TimeoutException
    {
        final Path tableDir = Files.createDirectories(dir.resolve("ingest-" + spec.name() + "-" + name));
        final Catalog catalog = Catalog.open(tableDir);
        try (TableSegments segments = TableSegments.open(catalog))
        {
            final RollupTable table = new RollupTable(spec, segments, LiveIndex.BLOCK_ROWS_DEFAULT, events + 1);
            final ManyToOneRingBuffer ring = new ManyToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
            final RollupWriter writer = new RollupWriter(table, ring, new MpscUnboundedArrayQueue<FrozenIndex>(16),
                Long.MAX_VALUE / 2_000_000);
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final AgentRunner runner = new AgentRunner(TableIngest.Options.backoff(), failure::set, null, writer);
            final Thread writerThread = AgentRunner.startOnThread(runner);
            try
            {
                final long writerCpu = THREADS.getThreadCpuTime(writerThread.getId());
                final long sourceCpu = THREADS.getCurrentThreadCpuTime();
                final long start = System.nanoTime();
                source.feed(ring);
                final long deadline = start + 600_000_000_000L;
                while (writer.eventsApplied() < events)
                {
                    if (failure.get() != null || System.nanoTime() > deadline)
                    {
                        throw new TimeoutException("rollup writer applied " + writer.eventsApplied() + " of " +
                            events + " events; failure: " + failure.get());
                    }
                    LockSupport.parkNanos(20_000); // not a spin: the writer needs the other core
                }
                final double seconds = (System.nanoTime() - start) / 1e9;
                final double cpu = (THREADS.getCurrentThreadCpuTime() - sourceCpu +
                    THREADS.getThreadCpuTime(writerThread.getId()) - writerCpu) / 1e9;
                return new Rate(events / seconds, events / cpu);
            }
            finally
            {
                runner.close();
                BenchFiles.deleteRecursively(tableDir);
            }
        }
    }

    private static void writeBatches(final ManyToOneRingBuffer ring, final List<UnsafeBuffer> batches)
    {
        final IdleStrategy idle = TableIngest.Options.backoff();
        for (final UnsafeBuffer batch : batches)
        {
            idle.reset();
            while (!ring.write(EventRecord.BATCH_MSG_TYPE_ID, batch, 0, batch.capacity()))
            {
                idle.idle();
            }
        }
    }

    private static void parseInto(final ManyToOneRingBuffer ring, final TableSpec spec, final byte[][] json)
    {
        final RecordBatcher batcher = new RecordBatcher(ring, new EventParser(spec, new IngestErrors()),
            TableIngest.Options.backoff(), () -> false);
        for (int i = 0; i < json.length; i++)
        {
            batcher.offer(json[i], 0, json[i].length, 0, i);
        }
        batcher.flush();
    }

    private static Rate median(final Rate[] rates)
    {
        final Rate[] sorted = rates.clone();
        Arrays.sort(sorted, (a, b) -> Double.compare(a.eventsPerSecond(), b.eventsPerSecond()));
        return sorted[sorted.length / 2];
    }
}
