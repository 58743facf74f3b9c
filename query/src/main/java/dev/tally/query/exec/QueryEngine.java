package dev.tally.query.exec;

import dev.tally.query.model.Aggregation;
import dev.tally.query.model.NativeQuery;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.RowSchema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs native queries over row sources (mapped segments, in-memory indexes): each source is processed on a worker
 * pool sized to the cores, its partial groups merged on values (dictionary ids are per source), then HAVING, ORDER,
 * OFFSET and LIMIT apply. Owns its worker threads until {@link #close()}. Thread-safe: many queries may run at once.
 */
public final class QueryEngine implements AutoCloseable
{
    private final ExecutorService workers;

    /** @param threads worker threads; sources of one query run in parallel on them. */
    public QueryEngine(final int threads)
    {
        final AtomicInteger number = new AtomicInteger();
        final ThreadFactory factory = runnable ->
        {
            final Thread thread = new Thread(runnable, "tally-query-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.workers = Executors.newFixedThreadPool(threads, factory);
    }

    /** Runs {@code query} over sources sharing the first source's schema (at least one source). */
    public QueryResult run(final NativeQuery query, final List<? extends RowSource> sources, final QueryContext context)
    {
        if (sources.isEmpty())
        {
            throw new QueryException(QueryException.Kind.INVALID, "table[" + query.table() + "] has no source; " +
                "pass its schema to run(query, schema, sources, context)");
        }
        return run(query, sources.get(0).schema(), sources, context);
    }

    /** Runs {@code query} over {@code sources} of a table with {@code schema}. */
    public QueryResult run(final NativeQuery query, final RowSchema schema, final List<? extends RowSource> sources,
        final QueryContext context)
    {
        for (final RowSource source : sources)
        {
            if (!source.schema().equals(schema))
            {
                throw new QueryException(QueryException.Kind.INVALID, "source[" + source.describe() +
                    "] has schema " + source.schema() + ", not the table's " + schema);
            }
        }
        return query.type() == NativeQuery.Type.GROUP_BY ?
            groupBy(query, schema, sources, context) : scan(query, schema, sources, context);
    }

    private QueryResult groupBy(final NativeQuery query, final RowSchema schema,
        final List<? extends RowSource> sources, final QueryContext context)
    {
        final GroupByPlan plan = new GroupByPlan(query, schema);
        final GroupByKernel kernel = new GroupByKernel(plan, context);
        final MergedGroups merged = new MergedGroups(plan.aggregations, context);
        // each partial is merged as soon as it is done and then let go: at most the partials being built on the
        // workers and the merged map are held at once, each bounded by maxGroups
        runAll(sources, kernel::run, merged, context);
        return finish(query, plan, merged.groups, context);
    }

    /** The groups of the sources merged so far, on the query's calling thread. */
    private static final class MergedGroups implements Consumer<Map<GroupKey, Object[]>>
    {
        private final List<Aggregation> aggregations;
        private final QueryContext context;
        private Map<GroupKey, Object[]> groups = new HashMap<>();

        MergedGroups(final List<Aggregation> aggregations, final QueryContext context)
        {
            this.aggregations = aggregations;
            this.context = context;
        }

        @Override
        public void accept(final Map<GroupKey, Object[]> partial)
        {
            if (partial.size() > groups.size())
            {
                final Map<GroupKey, Object[]> smaller = groups;
                groups = partial;
                mergeInto(groups, smaller, aggregations, context);
            }
            else
            {
                mergeInto(groups, partial, aggregations, context);
            }
        }
    }

    private static QueryResult finish(final NativeQuery query, final GroupByPlan plan,
        final Map<GroupKey, Object[]> merged, final QueryContext context)
    {
        if (plan.groupings.isEmpty() && merged.isEmpty())
        {
            merged.put(new GroupKey(new Object[0]), new Object[plan.aggregations.size()]);
        }

        final List<Object[]> rows = new ArrayList<>(merged.size());
        final int groupings = plan.groupings.size();
        for (final Map.Entry<GroupKey, Object[]> entry : merged.entrySet())
        {
            final Object[] row = new Object[groupings + plan.aggregations.size()];
            System.arraycopy(entry.getKey().values, 0, row, 0, groupings);
            final Object[] states = entry.getValue();
            for (int a = 0; a < states.length; a++)
            {
                row[groupings + a] = Partials.finish(plan.aggregations.get(a), states[a]);
            }
            rows.add(row);
        }
        final List<Object[]> kept = ResultRows.having(rows, query.having(), plan.outputNames, plan.outputTypes);
        return new QueryResult(plan.outputNames, plan.outputTypes, ResultRows.orderAndLimit(kept, query.orderBy(),
            query.offset(), query.limit(), plan.outputNames, context));
    }

    private static void mergeInto(final Map<GroupKey, Object[]> target, final Map<GroupKey, Object[]> source,
        final List<Aggregation> aggregations, final QueryContext context)
    {
        for (final Map.Entry<GroupKey, Object[]> entry : source.entrySet())
        {
            final Object[] existing = target.putIfAbsent(entry.getKey(), entry.getValue());
            if (existing == null)
            {
                if (target.size() > context.maxGroups())
                {
                    throw context.tooManyGroups("merged over the table's sources");
                }
            }
            else
            {
                final Object[] incoming = entry.getValue();
                for (int a = 0; a < existing.length; a++)
                {
                    existing[a] = Partials.merge(aggregations.get(a), existing[a], incoming[a]);
                }
            }
        }
    }

    private QueryResult scan(final NativeQuery query, final RowSchema schema,
        final List<? extends RowSource> sources, final QueryContext context)
    {
        final ScanShape shape = new ScanShape(query, schema);
        final ScanKernel kernel = new ScanKernel(query, shape.queryColumns, shape.columns, new AtomicLong(), context);
        final List<Object[]> rows = new ArrayList<>();
        runAll(sources, kernel::run, rows::addAll, context);
        return new QueryResult(shape.names, shape.types,
            ResultRows.orderAndLimit(rows, query.orderBy(), query.offset(), query.limit(), shape.names, context));
    }

    /** A scan's projected columns, validated, with their output names and types. */
    private static final class ScanShape
    {
        final QueryColumns queryColumns;
        final ColumnRef[] columns;
        final List<String> names = new ArrayList<>();
        final List<QueryResult.ColumnType> types = new ArrayList<>();

        ScanShape(final NativeQuery query, final RowSchema schema)
        {
            queryColumns = new QueryColumns(schema, query.virtualColumns());
            FilterCompiler.validate(query.filter(), queryColumns);
            columns = ScanKernel.columns(query, queryColumns);
            for (final ColumnRef column : columns)
            {
                names.add(column.name());
                types.add(column.resultType());
            }
            ResultRows.validateOrder(query.orderBy(), names);
        }
    }

    /**
     * The rows of a scan without an order, read lazily on the calling thread a block at a time, so a consumer that
     * reduces them (an aggregate or join above the engine) holds one block, whatever the table's size; no row limit
     * applies. An ordered scan sorts every selected row: it runs as {@link #run} does and is handed out from memory.
     * The sources must stay readable until the stream is done.
     */
    public RowStream stream(final NativeQuery query, final RowSchema schema, final List<? extends RowSource> sources,
        final QueryContext context)
    {
        if (query.type() != NativeQuery.Type.SCAN || !query.orderBy().isEmpty())
        {
            final QueryResult result = run(query, schema, sources, context.withoutRowLimit());
            return new RowStream(result.columnNames(), result.columnTypes(), result.rows().iterator());
        }
        final ScanShape shape = new ScanShape(query, schema);
        final ScanKernel kernel = new ScanKernel(query, shape.queryColumns, shape.columns, new AtomicLong(), context);
        final BlockData data = BlockData.create();
        final java.util.Iterator<Object[]> rows = new java.util.Iterator<>()
        {
            private final List<Object[]> block = new ArrayList<>();
            private int position;
            private int source = -1;
            private ScanKernel.SourceScan scan;
            private long skip = query.offset();
            private long left = query.limit() < 0 ? Long.MAX_VALUE : query.limit();

            @Override
            public boolean hasNext()
            {
                while (left > 0)
                {
                    while (position < block.size() && skip > 0)
                    {
                        position++;
                        skip--;
                    }
                    if (position < block.size())
                    {
                        return true;
                    }
                    block.clear();
                    position = 0;
                    while (scan == null || !scan.next(block))
                    {
                        if (++source >= sources.size())
                        {
                            left = 0;
                            return false;
                        }
                        scan = kernel.new SourceScan(sources.get(source), data);
                    }
                }
                return false;
            }

            @Override
            public Object[] next()
            {
                if (!hasNext())
                {
                    throw new java.util.NoSuchElementException();
                }
                left--;
                return block.get(position++);
            }
        };
        return new RowStream(shape.names, shape.types, rows);
    }

    /**
     * Runs {@code task} over every source on the pool and hands each result, in source order, to {@code onResult}
     * on this thread, dropping it there; fails fast, cancelling the rest, on the first error.
     */
    private <T> void runAll(final List<? extends RowSource> sources,
        final java.util.function.Function<RowSource, T> task, final Consumer<T> onResult, final QueryContext context)
    {
        final List<Future<T>> futures = new ArrayList<>(sources.size());
        for (final RowSource source : sources)
        {
            futures.add(workers.submit(() -> task.apply(source)));
        }
        try
        {
            for (int i = 0; i < futures.size(); i++)
            {
                final T result = await(futures.get(i), context);
                futures.set(i, null);
                onResult.accept(result);
            }
        }
        catch (final RuntimeException ex)
        {
            context.cancel();
            for (final Future<T> future : futures)
            {
                if (future != null)
                {
                    future.cancel(false);
                }
            }
            throw ex;
        }
    }

    private static <T> T await(final Future<T> future, final QueryContext context)
    {
        while (true)
        {
            try
            {
                return future.get(50, TimeUnit.MILLISECONDS);
            }
            catch (final TimeoutException ex)
            {
                context.check();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new QueryException(QueryException.Kind.CANCELLED, "interrupted while waiting for a source");
            }
            catch (final ExecutionException ex)
            {
                if (ex.getCause() instanceof RuntimeException runtime)
                {
                    throw runtime;
                }
                throw new IllegalStateException("query task failed: " + ex.getCause(), ex.getCause());
            }
        }
    }

    @Override
    public void close()
    {
        workers.shutdownNow();
    }
}
