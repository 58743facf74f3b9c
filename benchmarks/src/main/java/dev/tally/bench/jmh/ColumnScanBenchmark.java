package dev.tally.bench.jmh;

import dev.tally.storage.segment.BlockScratch;
import dev.tally.storage.segment.DimensionColumn;
import dev.tally.storage.segment.DoubleColumn;
import dev.tally.storage.segment.LongColumn;
import dev.tally.storage.segment.Segment;
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
import java.util.concurrent.TimeUnit;

/**
 * Hot column scans of a mapped 4M-row segment (values/s, one thread): block-at-a-time decode into caller-owned
 * arrays, then a sum. {@code codec} forces every block raw, every block LZ4, or the writer's default choice, so the
 * cost of LZ4 on the scan path is measured rather than assumed; the decoded-block cache is off, so LZ4 blocks are
 * decoded on every scan.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.ADD_EXPORTS_MISC, JvmFlags.ADD_OPENS_NIO, JvmFlags.ADD_EXPORTS_NIO_CH,
    JvmFlags.NO_BOUNDS_CHECKS,
    "-Xmx4g", "-Dtally.blockCache.bytes=0"})
public class ColumnScanBenchmark
{
    @Param({"raw", "lz4", "auto"})
    String codec;

    private ScanState state;
    private Segment segment;
    private final BlockScratch scratch = new BlockScratch();
    private long[] longs;
    private double[] doubles;
    private int[] ids;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        state = new ScanState(ScanState.ratioFor(codec));
        segment = state.segment;
        longs = new long[segment.blockRows()];
        doubles = new double[segment.blockRows()];
        ids = new int[segment.blockRows()];
        // answers are checked before timing: the scan must see every event once
        if (sumLongMetric(0) != ScanState.ROWS)
        {
            throw new IllegalStateException("count column does not sum to the row count");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        state.close();
    }

    /** latency_max: small lognormal longs. */
    @Benchmark
    @OperationsPerInvocation(ScanState.ROWS)
    public long sumLongColumn()
    {
        return sumLongMetric(2);
    }

    /** revenue: 97 % zeros, else lognormal doubles. */
    @Benchmark
    @OperationsPerInvocation(ScanState.ROWS)
    public double sumDoubleColumn()
    {
        final DoubleColumn column = segment.doubleMetric(1);
        double sum = 0;
        for (int b = 0; b < segment.blockCount(); b++)
        {
            final int n = column.read(b, doubles, scratch);
            for (int i = 0; i < n; i++)
            {
                sum += doubles[i];
            }
        }
        return sum;
    }

    /** page: 10,000 values, 14-bit ids. */
    @Benchmark
    @OperationsPerInvocation(ScanState.ROWS)
    public long scanDimensionIds()
    {
        final DimensionColumn column = segment.dimension("page");
        long sum = 0;
        for (int b = 0; b < segment.blockCount(); b++)
        {
            final int n = column.readIds(b, ids, scratch);
            for (int i = 0; i < n; i++)
            {
                sum += ids[i];
            }
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(ScanState.ROWS)
    public long scanTime()
    {
        long last = 0;
        for (int b = 0; b < segment.blockCount(); b++)
        {
            final int n = segment.time().read(b, longs, scratch);
            last += longs[n - 1];
        }
        return last;
    }

    private long sumLongMetric(final int metric)
    {
        final LongColumn column = segment.longMetric(metric);
        long sum = 0;
        for (int b = 0; b < segment.blockCount(); b++)
        {
            final int n = column.read(b, longs, scratch);
            for (int i = 0; i < n; i++)
            {
                sum += longs[i];
            }
        }
        return sum;
    }
}
