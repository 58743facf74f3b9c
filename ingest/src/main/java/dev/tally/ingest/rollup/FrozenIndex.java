package dev.tally.ingest.rollup;

/**
 * A live index the writer has swapped out: no longer written, queryable until the persister has committed its
 * segments. {@link #committedVersion()} is the manifest version that holds its rows, set before the table's segment
 * set is refreshed to that version, so a reader whose segment snapshot is at or past it skips this index.
 */
public final class FrozenIndex
{
    public static final long NOT_COMMITTED = Long.MAX_VALUE;

    private final LiveIndex index;
    private volatile long committedVersion = NOT_COMMITTED;

    FrozenIndex(final LiveIndex index)
    {
        this.index = index;
    }

    public LiveIndex index()
    {
        return index;
    }

    public long committedVersion()
    {
        return committedVersion;
    }

    /** Called by the persister after the commit and before the segment set is refreshed. */
    public void onCommitted(final long manifestVersion)
    {
        committedVersion = manifestVersion;
    }

    @Override
    public String toString()
    {
        return "frozen " + index;
    }
}
