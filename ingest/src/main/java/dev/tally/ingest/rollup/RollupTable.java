package dev.tally.ingest.rollup;

import dev.tally.storage.catalog.SegmentsSnapshot;
import dev.tally.storage.catalog.TableSegments;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.TableSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The queryable state of one ingesting table: its committed segments ({@link TableSegments}), the frozen indexes
 * waiting to be committed and the live index. The writer swaps indexes and the persister retires frozen ones by
 * publishing a new immutable {@link State} through one volatile field; {@link #acquire()} reads that field, then
 * takes a segment snapshot, and keeps a frozen index only if the snapshot's manifest version is older than the one
 * that committed it (see {@link FrozenIndex}). Since the persister marks the version before it refreshes the segment
 * set, and drops the frozen index only after, every event is in exactly one of the sources a snapshot returns.
 */
public final class RollupTable
{
    private record State(LiveIndex live, List<FrozenIndex> frozen)
    {
    }

    private final TableSpec spec;
    private final TableSegments segments;
    private final int blockRows;
    private final int maxRows;
    private volatile State state;
    private int generation;

    public RollupTable(final TableSpec spec, final TableSegments segments, final int blockRows, final int maxRows)
    {
        this.spec = spec;
        this.segments = segments;
        this.blockRows = blockRows;
        this.maxRows = maxRows;
        this.state = new State(newIndex(), List.of());
    }

    public TableSpec spec()
    {
        return spec;
    }

    public TableSegments segments()
    {
        return segments;
    }

    /** The index the writer fills. Writer thread (others may read it through {@link #acquire()}). */
    public LiveIndex live()
    {
        return state.live;
    }

    /** Frozen indexes not yet retired. */
    public int frozenCount()
    {
        return state.frozen.size();
    }

    /** Every event applied and published so far, at one instant. Any thread. */
    public TableSnapshot acquire()
    {
        final State current = state;
        final SegmentsSnapshot snapshot = segments.acquire();
        final List<RowSource> sources = new ArrayList<>(snapshot.size() + current.frozen.size() + 1);
        sources.addAll(snapshot.segments());
        for (final FrozenIndex frozen : current.frozen)
        {
            if (frozen.committedVersion() > snapshot.manifestVersion())
            {
                sources.add(frozen.index().view());
            }
        }
        sources.add(current.live.view());
        return new TableSnapshot(snapshot, List.copyOf(sources));
    }

    /** Freezes the live index (published first) and installs a fresh one. Writer thread. */
    public synchronized FrozenIndex rotate()
    {
        final State current = state;
        current.live.publish();
        final FrozenIndex frozen = new FrozenIndex(current.live);
        final List<FrozenIndex> frozenList = new ArrayList<>(current.frozen);
        frozenList.add(frozen);
        state = new State(newIndex(), List.copyOf(frozenList));
        return frozen;
    }

    /** Drops a frozen index once its segments are served. Persister thread. */
    public synchronized void retire(final FrozenIndex frozen)
    {
        final State current = state;
        final List<FrozenIndex> frozenList = new ArrayList<>(current.frozen);
        frozenList.remove(frozen);
        state = new State(current.live, List.copyOf(frozenList));
    }

    private LiveIndex newIndex()
    {
        return new LiveIndex(spec, blockRows, maxRows, spec.name() + "#" + generation++);
    }
}
