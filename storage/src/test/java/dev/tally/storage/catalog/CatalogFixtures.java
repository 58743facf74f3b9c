package dev.tally.storage.catalog;

import java.util.List;
import java.util.Map;

/**
 * Small builders shared by the catalog tests.
 */
final class CatalogFixtures
{
    static final long HOUR = 3_600_000L;
    /** 2026-01-01T00:00Z. */
    static final long T0 = 1_767_225_600_000L;
    static final String POSITION_KEY = "kafka:events:0";

    private CatalogFixtures()
    {
    }

    /** The {@code n}-th hourly segment of table {@code events}, with counts derived from {@code n}. */
    static SegmentDescriptor segment(final int n)
    {
        return SegmentDescriptor.of("events", T0 + n * HOUR, T0 + (n + 1) * HOUR, 1, 0, 10L + n, 100L + n, 1000L + n);
    }

    /** The commit the kill and concurrency tests repeat: one more segment, position = number of live segments. */
    static Manifest addOneSegment(final Manifest manifest)
    {
        final int count = manifest.segments().size();
        return manifest.withSegmentsAdded(List.of(segment(count)))
            .withSourcePositions(Map.of(POSITION_KEY, (long)count + 1));
    }

    /** The invariant {@link #addOneSegment} keeps: version = segment count = position (absent at version 0). */
    static boolean isConsistent(final Manifest manifest)
    {
        final int count = manifest.segments().size();
        final long expectedPosition = manifest.sourcePosition(POSITION_KEY).orElse(0);
        if (manifest.version() != count || expectedPosition != count)
        {
            return false;
        }
        for (int i = 0; i < count; i++)
        {
            if (!manifest.segments().get(i).equals(segment(i)))
            {
                return false;
            }
        }
        return true;
    }
}
