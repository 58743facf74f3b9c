package dev.tally.query.exec;

import dev.tally.query.model.Aggregation;
import dev.tally.query.model.Grouping;
import dev.tally.query.model.Interval;
import dev.tally.storage.read.DimensionReader;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.ValueType;

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
        final RowSelector selector = new RowSelector(source, plan.intervals,
            FilterCompiler.compile(plan.filter, plan.schema, source));
        if (selector.isEmpty())
        {
            return partials;
        }

        final int groupingCount = plan.groupings.size();
        final int[] dimensions = new int[groupingCount];
        final TimeBuckets[] buckets = new TimeBuckets[groupingCount];
        final long[] cardinality = new long[groupingCount];
        long keySpace = 1;
        int keyBits = 0;
        for (int g = 0; g < groupingCount; g++)
        {
            final Grouping grouping = plan.groupings.get(g);
            if (grouping instanceof Grouping.TimeBucket bucket)
            {
                dimensions[g] = -1;
                buckets[g] = new TimeBuckets(bucket.granularity(), bucket.zone(), clippedMin(source),
                    clippedMax(source), MAX_TIME_BUCKETS);
                cardinality[g] = buckets[g].count();
            }
            else
            {
                dimensions[g] = plan.groupingColumns[g].index();
                cardinality[g] = source.dimension(dimensions[g]).idCount();
            }
            keySpace = keySpace > DENSE_LIMIT ? keySpace : keySpace * cardinality[g];
            keyBits += 64 - Long.numberOfLeadingZeros(Math.max(1, cardinality[g] - 1));
        }
        final boolean isDense = keySpace <= DENSE_LIMIT;
        if (!isDense && keyBits > 63)
        {
            throw new QueryException(QueryException.Kind.RESOURCE_LIMIT, "grouping key of " + keyBits +
                " bits over source[" + source.describe() + "]: group by fewer high-cardinality columns");
        }
        final long[] strides = new long[groupingCount];
        final int[] shifts = new int[groupingCount];
        long stride = 1;
        int shift = 0;
        for (int g = groupingCount - 1; g >= 0; g--)
        {
            strides[g] = stride;
            shifts[g] = shift;
            stride *= isDense ? cardinality[g] : 1;
            shift += 64 - Long.numberOfLeadingZeros(Math.max(1, cardinality[g] - 1));
        }

        final GroupAggregator[] aggregators = aggregators(source);
        final BlockData data = BlockData.forThread().bind(source);
        final int blockRows = source.blockRows();
        final int[] groups = new int[blockRows];
        final long[] keys = isDense ? null : new long[blockRows];
        final LongIntHashMap table = isDense ? null : new LongIntHashMap(1024);
        long[] groupKeys = isDense ? null : new long[1024];
        boolean[] used = isDense ? new boolean[(int)keySpace] : null;
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
            if (isDense && groupingCount == 1 && dimensions[0] >= 0 && count == data.rows())
            {
                // every row selected and one dimension: the ids are the group numbers
                rowGroups = data.ids(dimensions[0]);
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
                    final int multiplier = (int)strides[g];
                    if (dimensions[g] >= 0)
                    {
                        final int[] ids = data.ids(dimensions[g]);
                        for (int i = 0; i < count; i++)
                        {
                            groups[i] += ids[selection[i]] * multiplier;
                        }
                    }
                    else
                    {
                        final long[] time = data.time();
                        final TimeBuckets bucket = buckets[g];
                        for (int i = 0; i < count; i++)
                        {
                            groups[i] += bucket.indexOf(time[selection[i]]) * multiplier;
                        }
                    }
                }
                for (int i = 0; i < count; i++)
                {
                    used[groups[i]] = true;
                }
            }
            else
            {
                java.util.Arrays.fill(keys, 0, count, 0L);
                for (int g = 0; g < groupingCount; g++)
                {
                    final int keyShift = shifts[g];
                    if (dimensions[g] >= 0)
                    {
                        final int[] ids = data.ids(dimensions[g]);
                        for (int i = 0; i < count; i++)
                        {
                            keys[i] |= (long)ids[selection[i]] << keyShift;
                        }
                    }
                    else
                    {
                        final long[] time = data.time();
                        final TimeBuckets bucket = buckets[g];
                        for (int i = 0; i < count; i++)
                        {
                            keys[i] |= (long)bucket.indexOf(time[selection[i]]) << keyShift;
                        }
                    }
                }
                for (int i = 0; i < count; i++)
                {
                    final int group = table.getOrPut(keys[i], groupCount);
                    if (group == groupCount)
                    {
                        if (groupCount == groupKeys.length)
                        {
                            groupKeys = java.util.Arrays.copyOf(groupKeys, groupCount * 2);
                        }
                        groupKeys[groupCount++] = keys[i];
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
            for (final GroupAggregator aggregator : aggregators)
            {
                aggregator.add(data, selection, count, rowGroups, weights);
            }
        }

        final Object[][] decoded = new Object[groupingCount][];
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
                final int code = isDense ? (int)((group / strides[g]) % cardinality[g]) :
                    (int)((groupKeys[group] >>> shifts[g]) & ((1L << Math.max(1, bitsOf(cardinality[g]))) - 1));
                if (buckets[g] != null)
                {
                    key[g] = buckets[g].start(code);
                }
                else
                {
                    if (decoded[g] == null)
                    {
                        decoded[g] = new Object[(int)cardinality[g]];
                    }
                    Object value = decoded[g][code];
                    if (value == null && code != DimensionReader.NULL_ID)
                    {
                        value = source.dimension(dimensions[g]).value(code);
                        decoded[g][code] = value;
                    }
                    key[g] = value;
                }
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

    private static int bitsOf(final long cardinality)
    {
        return 64 - Long.numberOfLeadingZeros(Math.max(1, cardinality - 1));
    }

    private GroupAggregator[] aggregators(final RowSource source)
    {
        final GroupAggregator[] aggregators = new GroupAggregator[plan.aggregations.size()];
        for (int a = 0; a < aggregators.length; a++)
        {
            final Aggregation aggregation = plan.aggregations.get(a);
            final ColumnRef column = plan.aggregationColumns[a];
            final DimensionReader reader = column != null && column.kind() == ColumnRef.Kind.DIMENSION ?
                source.dimension(column.index()) : null;
            aggregators[a] = switch (aggregation.kind())
            {
                case COUNT -> new NumericAggregators.Count(column);
                case SUM -> new NumericAggregators.Arithmetic(Partials.Op.SUM,
                    new NumericAggregators.Input(column, reader));
                case AVG -> new NumericAggregators.Arithmetic(Partials.Op.AVG,
                    new NumericAggregators.Input(column, reader));
                case MIN, MAX ->
                {
                    final boolean isMin = aggregation.kind() == Aggregation.Kind.MIN;
                    yield column.type() == ValueType.STRING ?
                        new SetAggregators.StringMinMax(column.index(), reader, isMin) :
                        new NumericAggregators.Arithmetic(isMin ? Partials.Op.MIN : Partials.Op.MAX,
                            new NumericAggregators.Input(column, reader));
                }
                case COUNT_DISTINCT -> new SetAggregators.DistinctIds(column.index(), reader, false);
                case APPROX_COUNT_DISTINCT -> column.metricType() == MetricType.HLL_SKETCH ?
                    new SetAggregators.HllMerge(column.index()) :
                    new SetAggregators.DistinctIds(column.index(), reader, true);
                case APPROX_QUANTILE -> column.metricType() == MetricType.QUANTILES_SKETCH ?
                    new SetAggregators.Quantiles(null, column.index()) :
                    new SetAggregators.Quantiles(new NumericAggregators.Input(column, reader), -1);
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
