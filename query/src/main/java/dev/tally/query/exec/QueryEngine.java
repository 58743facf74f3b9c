package dev.tally.query.exec;

import dev.tally.query.model.NativeQuery;
import dev.tally.storage.read.RowSource;

import java.util.List;

/** Runs native queries over row sources. (Being built.) */
public final class QueryEngine implements AutoCloseable
{
    public QueryEngine(final int threads)
    {
    }

    public QueryResult run(final NativeQuery query, final List<? extends RowSource> sources, final QueryContext context)
    {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void close()
    {
    }
}
