package dev.tally.query.exec;

import dev.tally.query.model.NativeQuery;
import dev.tally.query.reference.ResultComparison;
import dev.tally.query.reference.TestTable;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.segment.Segment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Loads a {@link TestTable} the two ways the engine reads data: in-memory row buffer views (unsorted ids, no
 * bitmaps) and mapped segments (sorted dictionaries, bitmaps), both split across sources with small blocks so that
 * block iteration and merging across sources are exercised. Owns the segments it maps until {@link #close()}.
 */
final class EngineSources implements AutoCloseable
{
    private static final int[] BLOCK_ROWS = {7, 16, 64, 1000};

    private final Path dir;
    private final List<Segment> segments = new ArrayList<>();
    private int fileCount;

    EngineSources(final Path dir)
    {
        this.dir = dir;
    }

    /** 1-3 views of row buffers. */
    List<RowSource> memory(final TestTable table, final Random random)
    {
        final List<RowSource> sources = new ArrayList<>();
        for (final TestTable part : table.split(random, 1 + random.nextInt(3)))
        {
            sources.add(part.toRowBuffer().view(BLOCK_ROWS[random.nextInt(BLOCK_ROWS.length)]));
        }
        return sources;
    }

    /** 2-4 segments. */
    List<RowSource> segments(final TestTable table, final Random random) throws IOException
    {
        final List<RowSource> sources = new ArrayList<>();
        for (final TestTable part : table.split(random, 2 + random.nextInt(3)))
        {
            final Segment segment = part.toSegment(dir.resolve("s" + fileCount++ + ".seg"),
                BLOCK_ROWS[random.nextInt(BLOCK_ROWS.length)]);
            segments.add(segment);
            sources.add(segment);
        }
        return sources;
    }

    /** Runs a query and returns why its answer is wrong, or {@code null} when it is right. */
    static String check(
        final QueryEngine engine, final NativeQuery query, final List<RowSource> sources, final QueryResult expected)
    {
        final QueryResult actual;
        try
        {
            actual = engine.run(query, sources, QueryContext.defaults());
        }
        catch (final UnsupportedOperationException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            return "threw " + ex;
        }
        final String mismatch = ResultComparison.mismatch(query, expected, actual);
        return mismatch == null ? null : mismatch + "\n  actual: " + ResultComparison.render(actual, 12);
    }

    @Override
    public void close()
    {
        segments.forEach(Segment::close);
        segments.clear();
    }
}
