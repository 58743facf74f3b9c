package dev.tally.sql.rel;

import dev.tally.query.exec.QueryContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Counts the rows a join (or another operator that can multiply rows) above the engine produces, for generated code
 * ({@link JoinRowBudgetRel} wraps the operator's enumerable in {@link #bound}): past the statement's
 * {@code maxJoinRows} it fails with a resource-limit error, so a cross join feeding a sort, DISTINCT or hash table
 * stops before it fills the heap, and every 1,024 rows it checks the deadline and cancellation, so work Calcite does
 * above the engine times out like the engine's own. Single-threaded like every enumerator.
 */
public final class JoinRowBudget<T> implements Enumerator<T>
{
    private static final int CHECK_MASK = 1023;

    private final Enumerator<T> rows;
    private final String join;
    private final long maxRows;
    private long count;

    private JoinRowBudget(final Enumerator<T> rows, final String join, final long maxRows)
    {
        this.rows = rows;
        this.join = join;
        this.maxRows = maxRows;
    }

    /** {@code rows} as produced by {@code join}, counted against the running statement's limits. */
    public static <T> Enumerable<T> bound(final Enumerable<T> rows, final String join)
    {
        return new AbstractEnumerable<>()
        {
            @Override
            public Enumerator<T> enumerator()
            {
                return new JoinRowBudget<>(rows.enumerator(), join, ExecutionScope.current().maxJoinRows());
            }
        };
    }

    @Override
    public T current()
    {
        return rows.current();
    }

    @Override
    public boolean moveNext()
    {
        if (!rows.moveNext())
        {
            return false;
        }
        count++;
        if (count > maxRows || (count & CHECK_MASK) == 0)
        {
            // the scope, not a captured context: an Avatica fetch runs under the context of its own request
            final QueryContext context = ExecutionScope.current();
            if (count > maxRows)
            {
                throw context.tooManyJoinRows(join);
            }
            context.check();
        }
        return true;
    }

    @Override
    public void reset()
    {
        // a nested loop rewinds its inner side: the rows it produces again are work and memory again, so they count
        rows.reset();
    }

    @Override
    public void close()
    {
        rows.close();
    }
}
