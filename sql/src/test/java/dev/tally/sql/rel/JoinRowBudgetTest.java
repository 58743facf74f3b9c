package dev.tally.sql.rel;

import dev.tally.query.exec.QueryContext;
import dev.tally.query.exec.QueryException;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The row budget generated code puts over joins, driven the way Calcite's join enumerators drive it. */
class JoinRowBudgetTest
{
    @AfterEach
    void leaveScope()
    {
        ExecutionScope.exit();
    }

    @Test
    void aJoinsRowsPastMaxJoinRowsFailNamingTheJoinAndTheSetting()
    {
        ExecutionScope.enter(new QueryContext("q", 10_000, 100, 100, 2_500));
        final Enumerable<Integer> joined = JoinRowBudget.bound(Linq4j.asEnumerable(Collections.nCopies(5_000, 1)),
            "inner join on =($1, $7)");
        final Enumerator<Integer> rows = joined.enumerator();
        for (int i = 0; i < 2_500; i++)
        {
            assertThat(rows.moveNext()).isTrue();
        }
        assertThatThrownBy(rows::moveNext).isInstanceOfSatisfying(QueryException.class,
            ex -> assertThat(ex.kind()).isEqualTo(QueryException.Kind.RESOURCE_LIMIT))
            .hasMessageContaining("join[inner join on =($1, $7)]").hasMessageContaining("query.maxJoinRows[2500]");
    }

    @Test
    void aNestedLoopsInnerSideMeetsTheDeadlineAcrossItsManyShortReads()
    {
        // a nested loop opens its inner side afresh for every outer row: 100 rows each time, never 1,024 at once
        final QueryContext context = new QueryContext("q", 10_000, 100, 100, 10);
        ExecutionScope.enter(context);
        final Enumerable<Integer> inner = JoinRowBudget.watch(Linq4j.asEnumerable(Collections.nCopies(100, 1)));
        context.cancel();
        int read = 0;
        try
        {
            for (int outer = 0; outer < 1_000; outer++)
            {
                final Enumerator<Integer> rows = inner.enumerator();
                while (rows.moveNext())
                {
                    read++;
                }
            }
        }
        catch (final QueryException ex)
        {
            assertThat(ex.kind()).isEqualTo(QueryException.Kind.CANCELLED);
        }
        // checked every 1,024 rows read in all, and never limited by maxJoinRows (10): only the deadline applies
        assertThat(read).isEqualTo(1_023);
    }

    @Test
    void anUncancelledInnerSideIsReadInFull()
    {
        ExecutionScope.enter(new QueryContext("q", 10_000, 100, 100, 10));
        final Enumerable<Integer> inner = JoinRowBudget.watch(Linq4j.asEnumerable(List.of(1, 2, 3)));
        int sum = 0;
        for (int outer = 0; outer < 1_000; outer++)
        {
            for (final Integer value : inner)
            {
                sum += value;
            }
        }
        assertThat(sum).isEqualTo(6_000);
    }
}
