package dev.tally.bench.jmh;

import dev.tally.storage.segment.BlockScratch;
import dev.tally.storage.segment.DimensionColumn;
import dev.tally.storage.segment.DoubleColumn;
import dev.tally.storage.segment.Segment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.roaringbitmap.BatchIterator;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Equality filters through the bitmap index of a mapped 4M-row segment, in segment rows filtered per second:
 * dictionary lookup plus bitmap count, an AND of two filters counted without materializing, and a filtered sum
 * that visits only the matching rows' revenue blocks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.ADD_EXPORTS_MISC, JvmFlags.ADD_OPENS_NIO, JvmFlags.ADD_EXPORTS_NIO_CH,
    JvmFlags.NO_BOUNDS_CHECKS,
    "-Xmx4g"})
public class BitmapFilterBenchmark
{
    private ScanState state;
    private Segment segment;
    private final BlockScratch scratch = new BlockScratch();
    private double[] revenue;
    private final int[] batch = new int[256];

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        state = new ScanState(ScanState.ratioFor("auto"));
        segment = state.segment;
        revenue = new double[segment.blockRows()];
        if (countryEquals() <= 0 || countryAndBrowser() <= 0 || countryAndBrowser() > countryEquals())
        {
            throw new IllegalStateException("filters must match some rows, the AND fewer than either side");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        state.close();
    }

    /** {@code WHERE country = 'US'}: COUNT(*). */
    @Benchmark
    @OperationsPerInvocation(ScanState.ROWS)
    public long countryEquals()
    {
        final DimensionColumn country = segment.dimension("country");
        return country.bitmap(country.idOf("US")).getLongCardinality();
    }

    /** {@code WHERE country = 'DE' AND browser = 'Chrome'}: COUNT(*). */
    @Benchmark
    @OperationsPerInvocation(ScanState.ROWS)
    public long countryAndBrowser()
    {
        final DimensionColumn country = segment.dimension("country");
        final DimensionColumn browser = segment.dimension("browser");
        return ImmutableRoaringBitmap.andCardinality(country.bitmap(country.idOf("DE")),
            browser.bitmap(browser.idOf("Chrome")));
    }

    /** {@code WHERE country = 'DE'}: SUM(revenue), decoding only blocks that hold matching rows. */
    @Benchmark
    @OperationsPerInvocation(ScanState.ROWS)
    public double filteredSum()
    {
        final DimensionColumn country = segment.dimension("country");
        final DoubleColumn column = segment.doubleMetric(1);
        final BatchIterator rows = country.bitmap(country.idOf("DE")).getBatchIterator();
        final int blockRows = segment.blockRows();
        int loadedBlock = -1;
        double sum = 0;
        while (rows.hasNext())
        {
            final int n = rows.nextBatch(batch);
            for (int i = 0; i < n; i++)
            {
                final int row = batch[i];
                final int block = row / blockRows;
                if (block != loadedBlock)
                {
                    column.read(block, revenue, scratch);
                    loadedBlock = block;
                }
                sum += revenue[row - block * blockRows];
            }
        }
        return sum;
    }
}
