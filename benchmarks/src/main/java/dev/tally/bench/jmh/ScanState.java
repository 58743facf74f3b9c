package dev.tally.bench.jmh;

import dev.tally.bench.BenchFiles;
import dev.tally.storage.segment.Segment;
import dev.tally.storage.segment.SegmentWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A mapped segment of generated wide events for the read benchmarks; owns its temp dir until closed. */
final class ScanState
{
    static final int ROWS = 4 * 1024 * 1024;

    final Path dir;
    final Segment segment;

    /** @param lz4MaxRatio 0 stores every block raw; 1 compresses every block that LZ4 shrinks at all. */
    ScanState(final double lz4MaxRatio) throws IOException
    {
        dir = Files.createTempDirectory("tally-bench-scan");
        final Path file = dir.resolve("scan.seg");
        final int blockRows = SegmentWriter.Options.DEFAULT.blockRows();
        BenchSegments.wideWriter(ROWS, new SegmentWriter.Options(blockRows, lz4MaxRatio)).write(file);
        segment = Segment.open(file);
    }

    static double ratioFor(final String codec)
    {
        return switch (codec)
        {
            case "raw" -> 0.0;
            case "lz4" -> 1.0;
            case "auto" -> SegmentWriter.Options.DEFAULT.lz4MaxRatio();
            default -> throw new IllegalArgumentException("codec[" + codec + "] not raw, lz4 or auto");
        };
    }

    void close() throws IOException
    {
        segment.close();
        BenchFiles.deleteRecursively(dir);
    }
}
