package dev.tally.query.exec;

import dev.tally.query.model.Aggregation;
import dev.tally.query.model.Grouping;
import dev.tally.query.model.Interval;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.MetricType;

import java.util.HashMap;
import java.util.Map;

/**
 * Aggregates one source for a {@link GroupByPlan}, a block at a time: rows are selected, each selected row gets a
 * group number from its grouping codes (dictionary ids and time-bucket numbers) — directly as a mixed-radix index
 * into dense arrays when the key space is small, else through a primitive hash of the codes packed into a long —
 * and every aggregator folds the block into its arrays. The groups are then decoded to values for merging. Runs on
 * one worker thread.
 */
final class GroupByKernel
{
    /** Key spaces up to this size aggregate into dense arrays without hashing. */
    static final int DENSE_LIMIT = 1 << 16;
    static final long MAX_TIME_BUCKETS = 10_000_000;

    private final GroupByPlan plan;
    private final QueryContext context;

    GroupByKernel(final GroupByPlan plan, final QueryContext context)
    {
        this.plan = plan;
        this.context = context;
    }

    /** The partial groups of {@code source}: key values to per-aggregation partials. */
    Map<GroupKey, Object[]> run(final RowSource source)
    {
        final Map<GroupKey, Object[]> partials = new HashMap<>();
        if (plan.selectsNothing || source.rowCount() == 0)
        {
            return partials;
        }
        if (plan.isTimeBounds)
        {
            // MIN/MAX(__time) of every row: the source knows its bounds without reading a block
            final Object[] states = new Object[plan.aggregations.size()];
            for (int a = 0; a < states.length; a++)
            {
                states[a] = plan.aggregations.get(a).kind() == Aggregation.Kind.MIN ? source.minTime() :
                    source.maxTime();
            }
            partials.put(new GroupKey(new Object[0]), states);
            return partials;
        }
        final BlockColumn.SourceColumns columns = new BlockColumn.SourceColumns(plan.columns, source);
        final RowSelector selector = new RowSelector(source, plan.intervals,
            FilterCompiler.compile(plan.filter, columns));
        if (selector.isEmpty())
        {
            return partials;
        }

        final int groupingCount = plan.groupings.size();
        final GroupingKey[] keys = new GroupingKey[groupingCount];
        final long[] cardinality = new long[groupingCount];
        final int[] bits = new int[groupingCount];
        long keySpace = 1;
        int keyBits = 0;
        for (int g = 0; g < groupingCount; g++)
        {
            keys[g] = key(plan.groupings.get(g), plan.groupingColumns[g], columns, source);
            cardinality[g] = keys[g].cardinality();
            // codes numbered as they occur stay below the group limit, or the query fails
            bits[g] = bitsOf(cardinality[g] < 0 ? context.maxGroups() + 2 : cardinality[g]);
            keySpace = keySpace > DENSE_LIMIT || cardinality[g] < 0 ? DENSE_LIMIT + 1 : keySpace * cardinality[g];
            keyBits += bits[g];
        }
        final boolean isDense = keySpace <= DENSE_LIMIT;
        // keys wider than a long are chained into one number per group instead of packed
        final KeyChain chain = !isDense && keyBits > 63 ?
            new KeyChain(groupingCount, context, "over source[" + source.describe() + "]") : null;
        final long[] strides = new long[groupingCount];
        final int[] shifts = new int[groupingCount];
        long stride = 1;
        int shift = 0;
        for (int g = groupingCount - 1; g >= 0; g--)
        {
            strides[g] = stride;
            shifts[g] = shift;
            stride *= isDense ? cardinality[g] : 1;
            shift += bits[g];
        }
        // one dimension, every row selected: its ids are the group numbers
        final BlockColumn onlyIds = isDense && groupingCount == 1 && keys[0] instanceof GroupingKey.Ids ids ?
            ids.column : null;

        final GroupAggregator[] aggregators = aggregators(columns);
        final AggregationFilters filters = new AggregationFilters(plan, columns);
        final BlockData data = BlockData.forThread().bind(source);
        final int blockRows = source.blockRows();
        final int[] groups = new int[blockRows];
        final int[] codes = new int[blockRows];
        final long[] packed = isDense ? null : new long[blockRows];
        final LongIntHashMap table = isDense ? null : new LongIntHashMap(1024);
        long[] groupKeys = isDense ? null : new long[1024];
        final boolean[] used = isDense ? new boolean[(int)keySpace] : null;
        int groupCount = isDense ? (int)keySpace : 0;
        for (final GroupAggregator aggregator : aggregators)
        {
            aggregator.grow(Math.max(groupCount, 1));
        }

        for (int block = 0; block < source.blockCount(); block++)
        {
            context.check();
            data.begin(block);
            final int count = selector.select(data, block);
            if (count == 0)
            {
                continue;
            }
            final int[] selection = data.selection();
            int[] rowGroups = groups;
            if (onlyIds != null && count == data.rows())
            {
                rowGroups = onlyIds.ids(data);
                for (int i = 0; i < count; i++)
                {
                    used[rowGroups[i]] = true;
                }
            }
            else if (isDense)
            {
                java.util.Arrays.fill(groups, 0, count, 0);
                for (int g = 0; g < groupingCount; g++)
                {
                    keys[g].codes(data, selection, count, codes);
                    final int multiplier = (int)strides[g];
                    for (int i = 0; i < count; i++)
                    {
                        groups[i] += codes[i] * multiplier;
                    }
                }
                for (int i = 0; i < count; i++)
                {
                    used[groups[i]] = true;
                }
            }
            else
            {
                java.util.Arrays.fill(packed, 0, count, 0L);
                for (int g = 0; g < groupingCount; g++)
                {
                    keys[g].codes(data, selection, count, codes);
                    if (chain != null)
                    {
                        chain.fold(g, codes, count, packed);
                        continue;
                    }
                    final int keyShift = shifts[g];
                    for (int i = 0; i < count; i++)
                    {
                        packed[i] |= (long)codes[i] << keyShift;
                    }
                }
                for (int i = 0; i < count; i++)
                {
                    final int group = table.getOrPut(packed[i], groupCount);
                    if (group == groupCount)
                    {
                        if (groupCount == groupKeys.length)
                        {
                            groupKeys = java.util.Arrays.copyOf(groupKeys, groupCount * 2);
                        }
                        groupKeys[groupCount++] = packed[i];
                        if (groupCount > context.maxGroups())
                        {
                            throw context.tooManyGroups("over source[" + source.describe() + "]");
                        }
                    }
                    groups[i] = group;
                }
                for (final GroupAggregator aggregator : aggregators)
                {
                    aggregator.grow(groupCount);
                }
            }
            final long[] weights = plan.countMetric >= 0 ? data.longs(plan.countMetric) : null;
            for (int a = 0; a < aggregators.length; a++)
            {
                if (filters.has(a))
                {
                    final int kept = filters.select(a, data, selection, count, rowGroups);
                    checkEvents(a, filters.selection(a), kept, weights);
                    aggregators[a].add(data, filters.selection(a), kept, filters.groups(a), weights);
                }
                else
                {
                    checkEvents(a, selection, count, weights);
                    aggregators[a].add(data, selection, count, rowGroups, weights);
                }
            }
        }

        final long[] masks = new long[groupingCount];
        for (int g = 0; g < groupingCount; g++)
        {
            masks[g] = (1L << bits[g]) - 1;
        }
        for (int group = 0; group < groupCount; group++)
        {
            if (isDense && !used[group])
            {
                continue;
            }
            if (partials.size() == context.maxGroups())
            {
                // the dense arrays are small by construction; the decoded map is what costs heap
                throw context.tooManyGroups("over source[" + source.describe() + "]");
            }
            final Object[] key = new Object[groupingCount];
            for (int g = 0; g < groupingCount; g++)
            {
                final int code = isDense ? (int)((group / strides[g]) % cardinality[g]) : chain != null ?
                    chain.code(groupKeys[group], g) : (int)((groupKeys[group] >>> shifts[g]) & masks[g]);
                key[g] = keys[g].value(code);
            }
            final Object[] states = new Object[aggregators.length];
            for (int a = 0; a < aggregators.length; a++)
            {
                states[a] = aggregators[a].partial(group);
            }
            partials.put(new GroupKey(key), states);
        }
        return partials;
    }

    private GroupingKey key(final Grouping grouping, final ColumnRef column, final BlockColumn.SourceColumns columns,
        final RowSource source)
    {
        if (grouping instanceof Grouping.TimeBucket bucket)
        {
            return new GroupingKey.Buckets(new TimeBuckets(bucket.granularity(), bucket.zone(), clippedMin(source),
                clippedMax(source), MAX_TIME_BUCKETS));
        }
        final BlockColumn block = columns.get(column.name());
        return block.hasIds() ? new GroupingKey.Ids(block) : new GroupingKey.Values(block, context);
    }

    /** Refuses a rolled row (more than one event) where the aggregation needs events one by one. */
    private void checkEvents(final int aggregation, final int[] selection, final int count, final long[] weights)
    {
        final java.util.List<String> metrics = plan.eventOnlyMetrics.get(aggregation);
        if (metrics == null || weights == null)
        {
            return;
        }
        for (int i = 0; i < count; i++)
        {
            if (weights[selection[i]] > 1)
            {
                final Aggregation a = plan.aggregations.get(aggregation);
                throw new QueryException(QueryException.Kind.INVALID, a.kind() + "(" + a.column() + ") combines " +
                    "metrics " + metrics + " per event, but this table rolls events up: a stored row holds the " +
                    "sums (or min/max) of many events, not their values one by one, so the answer cannot be " +
                    "computed exactly. Aggregate each metric on its own (SUM(a) * SUM(b) is not SUM(a * b)), or " +
                    "query a table with rollup NONE");
            }
        }
    }

    /** Bits that hold codes below {@code cardinality}. */
    private static int bitsOf(final long cardinality)
    {
        return 64 - Long.numberOfLeadingZeros(Math.max(1, cardinality - 1));
    }

    private GroupAggregator[] aggregators(final BlockColumn.SourceColumns columns)
    {
        final GroupAggregator[] aggregators = new GroupAggregator[plan.aggregations.size()];
        for (int a = 0; a < aggregators.length; a++)
        {
            final Aggregation aggregation = plan.aggregations.get(a);
            final ColumnRef column = plan.aggregationColumns[a];
            final NumericAggregators.Input input = column == null || column.exprType() == null ? null :
                new NumericAggregators.Input(column, columns.get(column.name()),
                    plan.columns.isPerEvent(column.name()));
            aggregators[a] = switch (aggregation.kind())
            {
                case COUNT -> new NumericAggregators.Count(input);
                case SUM -> new NumericAggregators.Arithmetic(Partials.Op.SUM, input);
                case AVG -> new NumericAggregators.Arithmetic(Partials.Op.AVG, input);
                case MIN, MAX ->
                {
                    final boolean isMin = aggregation.kind() == Aggregation.Kind.MIN;
                    yield column.exprType() == dev.tally.query.model.Expr.Type.STRING ?
                        new SetAggregators.StringMinMax(input.block, isMin) :
                        new NumericAggregators.Arithmetic(isMin ? Partials.Op.MIN : Partials.Op.MAX, input);
                }
                case COUNT_DISTINCT -> new SetAggregators.Distinct(input.block, false);
                case APPROX_COUNT_DISTINCT -> column.metricType() == MetricType.HLL_SKETCH ?
                    new SetAggregators.HllMerge(column.index()) :
                    new SetAggregators.Distinct(input.block, true);
                case APPROX_QUANTILE -> column.metricType() == MetricType.QUANTILES_SKETCH ?
                    new SetAggregators.Quantiles(null, column.index()) :
                    new SetAggregators.Quantiles(input, -1);
            };
        }
        return aggregators;
    }

    private long clippedMin(final RowSource source)
    {
        long min = source.minTime();
        if (!plan.intervals.isEmpty())
        {
            min = Math.max(min, plan.intervals.get(0).start());
        }
        return Math.min(min, source.maxTime());
    }

    private long clippedMax(final RowSource source)
    {
        long max = source.maxTime();
        if (!plan.intervals.isEmpty())
        {
            final Interval last = plan.intervals.get(plan.intervals.size() - 1);
            max = Math.min(max, last.end() - 1);
        }
        return Math.max(max, clippedMin(source));
    }
}
