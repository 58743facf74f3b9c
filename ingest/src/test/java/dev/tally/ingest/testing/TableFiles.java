package dev.tally.ingest.testing;

import dev.tally.storage.catalog.Catalog;
import dev.tally.storage.catalog.Manifest;
import dev.tally.storage.catalog.SegmentDescriptor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What a table directory holds on disk, for the lifecycle tests. */
public final class TableFiles
{
    /** Segment files in the table directory, by name. */
    public static List<String> segmentFiles(final Path tableDir) throws IOException
    {
        try (Stream<Path> files = Files.list(tableDir))
        {
            return files.map(file -> file.getFileName().toString())
                .filter(name -> name.endsWith(SegmentDescriptor.FILE_SUFFIX) || name.endsWith(".tmp")).sorted()
                .toList();
        }
    }

    /** Every segment file is named by the manifest and every live segment has its file; no temp files. */
    public static void assertNoOrphans(final Path tableDir, final Manifest manifest) throws IOException
    {
        assertThat(segmentFiles(tableDir)).as("segment files of " + tableDir)
            .containsExactlyInAnyOrderElementsOf(manifest.segments().stream().map(SegmentDescriptor::fileName)
                .toList());
    }

    /** Live segments per time chunk start. */
    public static Map<Long, Integer> segmentsPerChunk(final Manifest manifest)
    {
        final Map<Long, Integer> perChunk = new TreeMap<>();
        for (final SegmentDescriptor segment : manifest.segments())
        {
            perChunk.merge(segment.intervalStart(), 1, Integer::sum);
        }
        return perChunk;
    }

    public static Manifest manifest(final Path tableDir) throws IOException
    {
        return Catalog.open(tableDir).snapshot();
    }

    private TableFiles()
    {
    }
}
