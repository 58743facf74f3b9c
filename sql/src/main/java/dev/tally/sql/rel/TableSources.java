package dev.tally.sql.rel;

import dev.tally.storage.read.RowSource;

import java.util.List;

/**
 * The sources one statement reads of a table, taken at one instant. The statement closes it when it has read them, so
 * that segments it held can be released (compaction and retention delete files only when nothing holds them).
 */
public interface TableSources extends AutoCloseable
{
    List<? extends RowSource> sources();

    @Override
    void close();

    /** Sources that hold nothing that needs releasing. */
    static TableSources of(final List<? extends RowSource> sources)
    {
        return new TableSources()
        {
            @Override
            public List<? extends RowSource> sources()
            {
                return sources;
            }

            @Override
            public void close()
            {
            }
        };
    }
}
