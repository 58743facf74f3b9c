package dev.tally.storage.segment;

import java.nio.file.Path;

/** What a {@link SegmentWriter} wrote: the final file and its summary. */
public record SegmentInfo(Path file, int rowCount, long sizeBytes, long minTime, long maxTime)
{
}
