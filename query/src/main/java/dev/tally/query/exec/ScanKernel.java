package dev.tally.query.exec;

import dev.tally.query.model.NativeQuery;
import dev.tally.query.expr.Vec;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the selected rows of one source for a scan query, projecting the requested columns into Object rows.
 * Without an order, every source stops once the query as a whole holds {@code offset + limit} rows. Runs on one
 * worker thread.
 */
final class ScanKernel
{
    private final QueryColumns queryColumns;
    private final TimeIntervals time;
    private final ColumnRef[] columns;
    private final long wanted;
    private final boolean isOrdered;
    private final long budget;
    private final AtomicLong collected;
    private final QueryContext context;

    ScanKernel(final NativeQuery query, final QueryColumns queryColumns, final ColumnRef[] columns,
        final AtomicLong collected, final QueryContext context)
    {
        this.queryColumns = queryColumns;
        this.time = TimeIntervals.of(query.intervals(), query.filter());
        this.columns = columns;
        this.wanted = query.orderBy().isEmpty() && query.limit() >= 0 ? query.offset() + query.limit() :
            Long.MAX_VALUE;
        this.isOrdered = !query.orderBy().isEmpty();
        // an ordered scan sorts every selected row, so it holds them all (bounded like groups); an unordered one
        // never needs more than offset + maxRows of them: past that its page is over maxRows, an error anyway
        this.budget = isOrdered ? context.maxGroups() : Math.min(context.maxGroups(),
            query.offset() + Math.min(context.maxRows(), Long.MAX_VALUE - query.offset()));
        this.collected = collected;
        this.context = context;
    }

    /** The projected columns of a scan: the requested ones, or time, dimensions and plain metrics. */
    static ColumnRef[] columns(final NativeQuery query, final QueryColumns columns)
    {
        final List<ColumnRef> refs = new ArrayList<>();
        if (query.columns().isEmpty())
        {
            refs.add(columns.resolve(RowSchema.TIME_COLUMN));
            for (final ColumnSpec column : columns.schema.columns())
            {
                if (column.type() != ValueType.SKETCH)
                {
                    refs.add(columns.resolve(column.name()));
                }
            }
        }
        else
        {
            for (final String name : query.columns())
            {
                final ColumnRef column = columns.resolve(name);
                if (column.type() == ValueType.SKETCH)
                {
                    throw GroupByPlan.invalid("sketch column[" + name + "] can only be aggregated");
                }
                refs.add(column);
            }
        }
        return refs.toArray(new ColumnRef[0]);
    }

    List<Object[]> run(final RowSource source)
    {
        final List<Object[]> rows = new ArrayList<>();
        final SourceScan scan = new SourceScan(source, BlockData.forThread());
        while (collected.get() < wanted)
        {
            final int before = rows.size();
            if (!scan.next(rows))
            {
                break;
            }
            if (collected.addAndGet(rows.size() - before) > budget && wanted > budget)
            {
                throw overBudget();
            }
        }
        return rows;
    }

    /** The selected rows of one source, read a block at a time into Object rows. */
    final class SourceScan
    {
        private final RowSource source;
        private final RowSelector selector;
        private final BlockData data;
        private final BlockColumn[] blockColumns = new BlockColumn[columns.length];
        private final Vec[] values = new Vec[columns.length];
        private int block;

        SourceScan(final RowSource source, final BlockData data)
        {
            this.source = source;
            final BlockColumn.SourceColumns bound = new BlockColumn.SourceColumns(queryColumns, source);
            for (int c = 0; c < columns.length; c++)
            {
                blockColumns[c] = bound.get(columns[c].name());
            }
            this.selector = time.isEmpty() || source.rowCount() == 0 ? null : new RowSelector(source,
                time.intervals(), FilterCompiler.compile(time.residual(), bound));
            this.data = selector == null || selector.isEmpty() ? null : data.bind(source);
        }

        /** Appends the next block's selected rows to {@code out}; false when the source has no block left. */
        boolean next(final List<Object[]> out)
        {
            if (data == null || block >= source.blockCount())
            {
                return false;
            }
            context.check();
            if (data.source() != source)
            {
                data.bind(source);
            }
            data.begin(block++);
            final int count = selector.select(data, data.block());
            final int[] selection = data.selection();
            final int first = out.size();
            for (int i = 0; i < count; i++)
            {
                out.add(new Object[columns.length]);
            }
            for (int c = 0; c < columns.length; c++)
            {
                final Vec column = blockColumns[c].values(data, selection, count);
                for (int i = 0; i < count; i++)
                {
                    out.get(first + i)[c] = column.get(i);
                }
            }
            return true;
        }
    }

    private QueryException overBudget()
    {
        if (budget == context.maxGroups())
        {
            return new QueryException(QueryException.Kind.RESOURCE_LIMIT, "scan " + (isOrdered ? "to sort " : "") +
                "holds over " + budget + " rows, the limit " + QueryContext.MAX_GROUPS_SETTING + "[" + budget +
                "]; add a filter or a LIMIT without ORDER BY, or raise " + QueryContext.MAX_GROUPS_SETTING);
        }
        return new QueryException(QueryException.Kind.RESOURCE_LIMIT, "result has more than maxRows[" +
            context.maxRows() + "] rows; add a LIMIT or raise maxRows");
    }
}
