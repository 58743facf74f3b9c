package dev.tally.bench.jmh;

import dev.tally.bench.BenchFiles;
import dev.tally.bench.IngestEvents;
import dev.tally.bench.system.TableShape;
import dev.tally.ingest.record.EventParser;
import dev.tally.ingest.record.EventRecord;
import dev.tally.ingest.record.IngestErrors;
import dev.tally.ingest.rollup.FrozenIndex;
import dev.tally.ingest.rollup.LiveIndex;
import dev.tally.ingest.rollup.RollupTable;
import dev.tally.ingest.rollup.RollupWriter;
import dev.tally.ingest.sample.WebEventGenerator;
import dev.tally.ingest.source.RecordBatcher;
import dev.tally.ingest.testing.WriterDrain;
import dev.tally.storage.catalog.Catalog;
import dev.tally.storage.catalog.TableSegments;
import dev.tally.storage.schema.TableSpec;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.jctools.queues.MpscUnboundedArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The ingest kernels on one core (shared BENCHMARKS.md: "ring buffer → rollup, JSON parse → rollup"): one thread
 * writes record batches into the table's Agrona ring buffer and runs the table's {@link RollupWriter} to apply them
 * to a fresh live index, so a figure is events per second of one core doing the whole kernel. {@code binary} takes
 * records parsed beforehand; {@code json} parses each event's JSON ({@link EventParser}, through the sources'
 * {@link RecordBatcher}) first. The end-to-end harness runs the same pieces on two threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.ADD_EXPORTS_MISC, JvmFlags.ADD_OPENS_NIO, JvmFlags.ADD_EXPORTS_NIO_CH,
    JvmFlags.NO_BOUNDS_CHECKS, "-Xmx4g"})
public class IngestBenchmark
{
    static final int EVENTS = 250_000;
    private static final int RING_BYTES = 8 << 20;

    @Param({"wide", "narrow"})
    String shape;

    private TableSpec spec;
    private byte[][] json;
    private List<UnsafeBuffer> batches;
    private Path dir;
    private TableSegments segments;
    private ManyToOneRingBuffer ring;
    private RollupTable table;
    private RollupWriter writer;
    private RecordBatcher batcher;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        spec = TableSpec.parse((shape.equals("wide") ? TableShape.WIDE : TableShape.NARROW).spec());
        json = IngestEvents.json(new WebEventGenerator(BenchSegments.SEED, BenchSegments.START,
            WebEventGenerator.DEFAULT_WINDOW_MILLIS, EVENTS), EVENTS);
        batches = IngestEvents.records(spec, json);
        dir = Files.createTempDirectory("tally-bench-ingest");
        segments = TableSegments.open(Catalog.open(dir));
        ring = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /** A fresh table (an empty live index big enough for every event) for each pass over the events. */
    @Setup(Level.Invocation)
    public void freshTable()
    {
        table = new RollupTable(spec, segments, LiveIndex.BLOCK_ROWS_DEFAULT, EVENTS + 1);
        writer = new RollupWriter(table, ring, new MpscUnboundedArrayQueue<FrozenIndex>(16), Long.MAX_VALUE / 2_000_000);
        batcher = new RecordBatcher(ring, new EventParser(spec, new IngestErrors()), new WriterDrain(writer, ring), () -> false);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        segments.close();
        BenchFiles.deleteRecursively(dir);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long binary()
    {
        for (final UnsafeBuffer batch : batches)
        {
            if (!ring.write(EventRecord.BATCH_MSG_TYPE_ID, batch, 0, batch.capacity()))
            {
                throw new IllegalStateException("ring full");
            }
            WriterDrain.drain(writer, ring);
        }
        return checked(writer);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long json()
    {
        final byte[][] events = json;
        for (int i = 0; i < events.length; i++)
        {
            batcher.offer(events[i], 0, events[i].length, 0, i);
        }
        batcher.flush();
        WriterDrain.drain(writer, ring);
        return checked(writer);
    }

    private static long checked(final RollupWriter writer)
    {
        if (writer.eventsApplied() != EVENTS)
        {
            throw new IllegalStateException("applied " + writer.eventsApplied() + " of " + EVENTS + " events");
        }
        return writer.eventsApplied();
    }

}
