package dev.tally.storage.catalog;

/**
 * A commit planned on an older manifest named a segment to remove that is no longer live (another commit removed it
 * first). Nothing was committed; plan again from {@link Catalog#snapshot()}.
 */
public final class StaleSegmentsException extends RuntimeException
{
    private final String segmentId;

    public StaleSegmentsException(final String segmentId, final long manifestVersion)
    {
        super("segment[" + segmentId + "] is no longer live in manifest version[" + manifestVersion + "]");
        this.segmentId = segmentId;
    }

    public String segmentId()
    {
        return segmentId;
    }
}
