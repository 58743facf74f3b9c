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
 * above the engine times out like the engine's own. The count is per enumerable, across all its enumerators: a
 * nested loop enumerates its inner input afresh for every outer row ({@link #watch}). Single-threaded like the
 * generated code that makes it, once per execution.
 */
public final class JoinRowBudget<T> extends AbstractEnumerable<T>
{
    private static final int CHECK_MASK = 1023;

    private enum Limit
    {
        NONE,
        JOIN_ROWS,
        HELD_ROWS
    }

    private final Enumerable<T> rows;
    private final String join;
    private final Limit limit;
    private long count;

    private JoinRowBudget(final Enumerable<T> rows, final String join, final Limit limit)
    {
        this.rows = rows;
        this.join = join;
        this.limit = limit;
    }

    /** {@code rows} as produced by {@code join}, counted against the running statement's limits. */
    public static <T> Enumerable<T> bound(final Enumerable<T> rows, final String join)
    {
        return new JoinRowBudget<>(rows, join, Limit.JOIN_ROWS);
    }

    /** {@code rows} that {@code holder} keeps in memory, counted against the statement's {@code maxGroups}. */
    public static <T> Enumerable<T> held(final Enumerable<T> rows, final String holder)
    {
        return new JoinRowBudget<>(rows, holder, Limit.HELD_ROWS);
    }

    /** {@code rows}, read again for every outer row of a nested loop: only the statement's deadline applies. */
    public static <T> Enumerable<T> watch(final Enumerable<T> rows)
    {
        return new JoinRowBudget<>(rows, "nested loop's inner input", Limit.NONE);
    }

    @Override
    public Enumerator<T> enumerator()
    {
        final QueryContext context = ExecutionScope.current();
        return new Counting(rows.enumerator(), switch (limit)
        {
            case NONE -> Long.MAX_VALUE;
            case JOIN_ROWS -> context.maxJoinRows();
            case HELD_ROWS -> context.maxGroups();
        });
    }

    private final class Counting implements Enumerator<T>
    {
        private final Enumerator<T> in;
        private final long maxRows;

        Counting(final Enumerator<T> in, final long maxRows)
        {
            this.in = in;
            this.maxRows = maxRows;
        }

        @Override
        public T current()
        {
            return in.current();
        }

        @Override
        public boolean moveNext()
        {
            if (!in.moveNext())
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
                    throw limit == Limit.HELD_ROWS ? context.tooManyHeldRows(join) : context.tooManyJoinRows(join);
                }
                context.check();
            }
            return true;
        }

        @Override
        public void reset()
        {
            // rows produced again are work and memory again: they count
            in.reset();
        }

        @Override
        public void close()
        {
            in.close();
        }
    }
}
