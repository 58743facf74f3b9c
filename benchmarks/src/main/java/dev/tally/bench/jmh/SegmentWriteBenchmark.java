package dev.tally.bench.jmh;

import dev.tally.bench.BenchFiles;
import dev.tally.storage.segment.SegmentInfo;
import dev.tally.storage.segment.SegmentWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Segment write throughput (rows/s): sorting, dictionary encoding, bit packing, LZ4 decisions, bitmaps, CRCs and
 * the fsynced file, for 1M generated raw events of the wide schema. The rows are appended in setup; each invocation
 * writes a fresh file.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.ADD_EXPORTS_MISC, JvmFlags.ADD_OPENS_NIO, JvmFlags.ADD_EXPORTS_NIO_CH,
    JvmFlags.NO_BOUNDS_CHECKS,
    "-Xmx4g"})
public class SegmentWriteBenchmark
{
    static final int ROWS = 1_000_000;

    private SegmentWriter writer;
    private Path dir;
    private int counter;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        writer = BenchSegments.wideWriter(ROWS);
        dir = Files.createTempDirectory("tally-bench-write");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        BenchFiles.deleteRecursively(dir);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long writeSegment() throws IOException
    {
        final Path file = dir.resolve("s" + (counter++ & 1) + ".seg");
        final SegmentInfo info = writer.write(file);
        return info.sizeBytes();
    }
}
