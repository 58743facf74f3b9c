package dev.tally.storage.catalog;

import java.util.Objects;

/**
 * A segment taken out of service because it could not be read (bad magic, bad checksum, truncated file): it no longer
 * serves queries, and its file stays on disk for inspection. {@code quarantinedAtMillis} is epoch millis.
 */
public record QuarantinedSegment(SegmentDescriptor segment, String reason, long quarantinedAtMillis)
{
    public QuarantinedSegment
    {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(reason, "reason");
    }
}
