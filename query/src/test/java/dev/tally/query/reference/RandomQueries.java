package dev.tally.query.reference;

import dev.tally.query.model.Aggregation;
import dev.tally.query.model.Filter;
import dev.tally.query.model.Grouping;
import dev.tally.query.model.Interval;
import dev.tally.query.model.NativeQuery;
import dev.tally.query.model.OrderBy;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.ValueType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random native queries over one table, built from the table's own values so that filters select something: filter
 * trees up to depth 3 (=, IN, ranges with open bounds, LIKE with wildcards and escapes, regexes, IS NULL, NOT, AND,
 * OR), time intervals, groupings by dimensions and time buckets (sometimes in a zone with DST), 1-4 aggregations,
 * HAVING, ORDER BY, OFFSET and LIMIT. A {@link Profile} restricts the shapes to those a test can check.
 */
public final class RandomQueries
{
    public static final String TABLE = "t";
    private static final String[] PERIODS = {"PT1M", "PT5M", "PT1H", "P1D", "P1M"};
    private static final String[] ZONES = {"Europe/Berlin", "America/New_York", "Asia/Kolkata"};
    private static final double[] FRACTIONS = {0, 0.1, 0.5, 0.9, 0.99, 1};
    private static final long MINUTE_MILLIS = 60_000L;

    public enum Profile
    {
        /** Everything the contract defines, scans included. */
        FULL,
        /**
         * Group-bys whose answer cannot depend on rollup to PT1M: no metric in filters, minute-aligned time filters,
         * and only aggregations rollup preserves (see {@link #aggregation}).
         */
        ROLLUP_INVARIANT,
        /** Group-bys that translate plainly to SQL: no time zones. */
        SQL
    }

    private final Random random;
    private final TestTable table;
    private final Profile profile;
    private final List<Long> times = new ArrayList<>();
    private final List<List<Object>> values = new ArrayList<>();

    public RandomQueries(final Random random, final TestTable table, final Profile profile)
    {
        this.random = random;
        this.table = table;
        this.profile = profile;
        for (int c = 0; c < table.columnNames().size(); c++)
        {
            final Set<Object> distinct = new LinkedHashSet<>();
            for (final Object[] row : table.rows())
            {
                // NaN is a value of the data, but a filter constant NaN does not survive JSON as a number.
                if (row[c] != null && !(row[c] instanceof Double number && number.isNaN()))
                {
                    distinct.add(row[c]);
                }
            }
            values.add(new ArrayList<>(distinct));
        }
        table.rows().forEach(row -> times.add((Long)row[0]));
    }

    public NativeQuery next()
    {
        return profile == Profile.FULL && random.nextInt(6) == 0 ? scan() : groupBy();
    }

    public NativeQuery groupBy()
    {
        final NativeQuery.Builder builder = NativeQuery.groupBy(TABLE);
        commonParts(builder);
        final List<Grouping> groupings = new ArrayList<>();
        final List<String> dimensions = new ArrayList<>();
        table.schema().dimensions().forEach(column -> dimensions.add(column.name()));
        Collections.shuffle(dimensions, random);
        final int dimensionCount = random.nextInt(Math.min(3, dimensions.size()) + 1);
        for (int i = 0; i < dimensionCount; i++)
        {
            final String column = dimensions.get(i);
            groupings.add(new Grouping.Dimension(column, random.nextInt(5) == 0 ? "g_" + column : null));
        }
        if (random.nextInt(5) < 2)
        {
            final String zone = profile != Profile.SQL && random.nextInt(3) == 0 ?
                ZONES[random.nextInt(ZONES.length)] : null;
            groupings.add(random.nextInt(groupings.size() + 1),
                new Grouping.TimeBucket(PERIODS[random.nextInt(PERIODS.length)], zone, "bucket"));
        }
        final List<Aggregation> aggregations = new ArrayList<>();
        final int aggregationCount = 1 + random.nextInt(4);
        for (int i = 0; i < aggregationCount; i++)
        {
            aggregations.add(aggregation("a" + i));
        }
        builder.groupings(groupings.toArray(Grouping[]::new)).aggregations(aggregations.toArray(Aggregation[]::new));

        if (random.nextInt(4) == 0)
        {
            builder.having(having(groupings, aggregations));
        }
        final List<String> orderable = new ArrayList<>();
        groupings.forEach(grouping -> orderable.add(grouping.name()));
        aggregations.stream().filter(aggregation -> !isApproximate(aggregation))
            .forEach(aggregation -> orderable.add(aggregation.name()));
        final List<OrderBy> orderBy = new ArrayList<>();
        if (!orderable.isEmpty() && random.nextInt(5) < 3)
        {
            Collections.shuffle(orderable, random);
            final int keys = 1 + random.nextInt(Math.min(2, orderable.size()));
            for (int i = 0; i < keys; i++)
            {
                orderBy.add(orderBy(orderable.get(i)));
            }
            // Tie-breakers on every grouping make the order total, so a limit cuts a determined set of groups.
            final boolean isTotal = random.nextInt(10) < 8;
            if (isTotal)
            {
                for (final Grouping grouping : groupings)
                {
                    if (orderBy.stream().noneMatch(key -> key.column().equals(grouping.name())))
                    {
                        orderBy.add(orderBy(grouping.name()));
                    }
                }
            }
            builder.orderBy(orderBy.toArray(OrderBy[]::new));
            if (isTotal && random.nextInt(5) < 2)
            {
                limitAndOffset(builder);
            }
        }
        return builder.build();
    }

    public NativeQuery scan()
    {
        final NativeQuery.Builder builder = NativeQuery.scan(TABLE);
        commonParts(builder);
        List<String> columns = List.of();
        if (random.nextInt(5) < 3)
        {
            final List<String> all = new ArrayList<>(table.columnNames());
            Collections.shuffle(all, random);
            columns = all.subList(0, 1 + random.nextInt(Math.min(4, all.size())));
            builder.columns(columns.toArray(String[]::new));
        }
        final List<String> output = columns.isEmpty() ? table.columnNames() : columns;
        if (random.nextBoolean())
        {
            final List<OrderBy> orderBy = new ArrayList<>();
            final List<String> shuffled = new ArrayList<>(output);
            Collections.shuffle(shuffled, random);
            for (int i = 0, keys = 1 + random.nextInt(Math.min(3, shuffled.size())); i < keys; i++)
            {
                orderBy.add(orderBy(shuffled.get(i)));
            }
            builder.orderBy(orderBy.toArray(OrderBy[]::new));
        }
        if (random.nextInt(5) < 2)
        {
            limitAndOffset(builder);
        }
        return builder.build();
    }

    private void commonParts(final NativeQuery.Builder builder)
    {
        if (random.nextInt(4) == 0 && !times.isEmpty())
        {
            final int count = 1 + random.nextInt(2);
            final Interval[] intervals = new Interval[count];
            for (int i = 0; i < count; i++)
            {
                final long[] bounds = timeBounds();
                intervals[i] = new Interval(bounds[0], bounds[1]);
            }
            builder.intervals(intervals);
        }
        if (random.nextInt(10) < 7)
        {
            builder.filter(filter(1));
        }
    }

    private void limitAndOffset(final NativeQuery.Builder builder)
    {
        builder.limit(random.nextInt(20) == 0 ? 0 : 1 + random.nextInt(10));
        if (random.nextInt(3) == 0)
        {
            builder.offset(random.nextInt(6));
        }
    }

    private OrderBy orderBy(final String column)
    {
        return new OrderBy(column, random.nextBoolean(), random.nextBoolean());
    }

    /** Two times from the data (or near it), ordered; minute-aligned when rollup must not matter. */
    private long[] timeBounds()
    {
        long first = pick(times) + (random.nextInt(3) - 1) * random.nextInt(3_600_000);
        long second = pick(times) + (random.nextInt(3) - 1) * random.nextInt(3_600_000);
        if (profile == Profile.ROLLUP_INVARIANT)
        {
            first = Math.floorDiv(first, MINUTE_MILLIS) * MINUTE_MILLIS;
            second = Math.floorDiv(second, MINUTE_MILLIS) * MINUTE_MILLIS;
        }
        return new long[] {Math.min(first, second), Math.max(first, second)};
    }

    public Filter filter(final int depth)
    {
        final int pick = random.nextInt(20);
        if (depth < 3 && pick < 7)
        {
            final List<Filter> children = new ArrayList<>();
            for (int i = 0, count = 2 + random.nextInt(2); i < count; i++)
            {
                children.add(filter(depth + 1));
            }
            return random.nextBoolean() ? new Filter.And(children) : new Filter.Or(children);
        }
        if (depth < 3 && pick < 9)
        {
            return new Filter.Not(filter(depth + 1));
        }
        if (pick == 9 && random.nextInt(3) == 0)
        {
            return new Filter.Constant(random.nextBoolean());
        }
        return leaf();
    }

    private Filter leaf()
    {
        final List<String> columns = new ArrayList<>();
        for (final String column : table.columnNames())
        {
            if (profile != Profile.ROLLUP_INVARIANT || !table.isMetric(column))
            {
                columns.add(column);
            }
        }
        final String column = columns.get(random.nextInt(columns.size()));
        if (table.columnIndex(column) == 0)
        {
            return timeLeaf();
        }
        final ValueType type = table.columnType(column);
        final int pick = random.nextInt(100);
        if (pick < 10)
        {
            return new Filter.IsNull(column);
        }
        if (pick < 30)
        {
            return new Filter.Equals(column, constant(column));
        }
        if (pick < 45)
        {
            final List<Object> in = new ArrayList<>();
            for (int i = 0, count = random.nextInt(15) == 0 ? 0 : 1 + random.nextInt(4); i < count; i++)
            {
                in.add(constant(column));
            }
            return new Filter.In(column, in);
        }
        if (type == ValueType.STRING && pick < 65)
        {
            return like(column);
        }
        if (type == ValueType.STRING && pick < 75)
        {
            return new Filter.Regex(column, regex(column));
        }
        final Object lower = random.nextInt(4) == 0 ? null : constant(column);
        final Object upper = random.nextInt(4) == 0 ? null : constant(column);
        return new Filter.Range(column, lower, random.nextBoolean(), upper, random.nextBoolean());
    }

    private Filter timeLeaf()
    {
        if (times.isEmpty())
        {
            return new Filter.Range("__time", null, false, 0L, true);
        }
        if (profile == Profile.ROLLUP_INVARIANT)
        {
            final long[] bounds = timeBounds();
            return new Filter.Range("__time", bounds[0], true, random.nextInt(4) == 0 ? null : bounds[1], false);
        }
        final int pick = random.nextInt(10);
        if (pick == 0)
        {
            return new Filter.Equals("__time", pick(times));
        }
        if (pick == 1)
        {
            return new Filter.In("__time", List.of(pick(times), pick(times)));
        }
        final long[] bounds = timeBounds();
        return new Filter.Range("__time", random.nextInt(5) == 0 ? null : bounds[0], random.nextBoolean(),
            random.nextInt(5) == 0 ? null : bounds[1], random.nextBoolean());
    }

    /** Mostly a value the column holds; sometimes one it does not; for numbers sometimes another type or text. */
    private Object constant(final String column)
    {
        final List<Object> existing = values.get(table.columnIndex(column));
        final ValueType type = table.columnType(column);
        Object value;
        if (!existing.isEmpty() && random.nextInt(100) < 85)
        {
            value = pick(existing);
        }
        else
        {
            value = switch (type)
            {
                case STRING -> random.nextBoolean() ? "absent" : "ab" + (char)('a' + random.nextInt(26));
                case LONG -> (long)(random.nextInt(201) - 100);
                default -> (random.nextInt(2001) - 1000) / 8.0;
            };
        }
        if (type == ValueType.LONG && random.nextInt(10) == 0)
        {
            value = ((Long)value) + 0.5;
        }
        else if (type == ValueType.DOUBLE && random.nextInt(10) == 0)
        {
            value = (long)Math.floor((Double)value);
        }
        else if (type != ValueType.STRING && profile == Profile.FULL && random.nextInt(10) == 0)
        {
            value = String.valueOf(value);
        }
        return value;
    }

    private Filter like(final String column)
    {
        final List<Object> existing = values.get(table.columnIndex(column));
        final String text = existing.isEmpty() ? "abc" : (String)pick(existing);
        final int[] codePoints = text.codePoints().toArray();
        final int n = codePoints.length;
        final int start = random.nextInt(n + 1);
        final int end = start + random.nextInt(n - start + 1);
        final int pick = random.nextInt(7);
        final Character escape = random.nextInt(5) < 3 ? null : random.nextBoolean() ? '\\' : '!';
        final StringBuilder pattern = new StringBuilder();
        switch (pick)
        {
            case 0 -> appendLiteral(pattern, codePoints, 0, n, escape);
            case 1 -> appendLiteral(pattern, codePoints, 0, end, escape).append('%');
            case 2 -> appendLiteral(pattern.append('%'), codePoints, start, n, escape);
            case 3 -> appendLiteral(pattern.append('%'), codePoints, start, end, escape).append('%');
            case 4 ->
            {
                // One code point becomes _, the rest stays literal.
                appendLiteral(pattern, codePoints, 0, start == n ? 0 : start, escape);
                pattern.append(start == n ? "" : "_");
                appendLiteral(pattern, codePoints, Math.min(n, start + 1), n, escape);
            }
            case 5 -> pattern.append(random.nextBoolean() ? "%" : "_%");
            default -> appendLiteral(pattern.append('_'), codePoints, Math.min(n, 1), end, escape).append("%_");
        }
        return new Filter.Like(column, pattern.toString(), escape);
    }

    private static StringBuilder appendLiteral(
        final StringBuilder pattern, final int[] codePoints, final int from, final int to, final Character escape)
    {
        for (int i = from; i < to; i++)
        {
            final int c = codePoints[i];
            if (escape != null && (c == '%' || c == '_' || c == escape))
            {
                pattern.append(escape.charValue());
            }
            pattern.appendCodePoint(c);
        }
        return pattern;
    }

    /** Regexes in the common subset of Java and RE2 (literals, anchors, ., classes, alternation). */
    private String regex(final String column)
    {
        final List<Object> existing = values.get(table.columnIndex(column));
        final String text = existing.isEmpty() ? "abc" : (String)pick(existing);
        final int[] codePoints = text.codePoints().toArray();
        final int n = codePoints.length;
        final int start = random.nextInt(n + 1);
        final int end = start + random.nextInt(n - start + 1);
        return switch (random.nextInt(7))
        {
            case 0 -> "^" + quote(codePoints, 0, end);
            case 1 -> quote(codePoints, start, n) + "$";
            case 2 -> quote(codePoints, start, end);
            case 3 -> quote(codePoints, start, end) + "|" + quote(codePoints, 0, Math.min(n, 1)) + "b";
            case 4 -> "^" + quote(codePoints, 0, Math.min(n, 1)) + "." + (random.nextBoolean() ? "*" : "");
            case 5 -> "[" + "abcz".substring(random.nextInt(3)) + "]";
            default -> random.nextBoolean() ? "^$" : "^.{2,3}$";
        };
    }

    private static String quote(final int[] codePoints, final int from, final int to)
    {
        final StringBuilder regex = new StringBuilder();
        for (int i = from; i < to; i++)
        {
            final int c = codePoints[i];
            if (c < 128 && "\\^$.|?*+()[]{}-/!\"#%&',:;<=>@_`~".indexOf(c) >= 0)
            {
                regex.append('\\');
            }
            regex.appendCodePoint(c);
        }
        return regex.toString();
    }

    public Aggregation aggregation(final String name)
    {
        final List<String> dimensions = new ArrayList<>();
        final List<String> numericDimensions = new ArrayList<>();
        for (final var column : table.schema().dimensions())
        {
            dimensions.add(column.name());
            if (column.type() != ValueType.STRING)
            {
                numericDimensions.add(column.name());
            }
        }
        final List<String> metrics = new ArrayList<>();
        table.schema().metrics().forEach(column -> metrics.add(column.name()));
        final Aggregation.Kind kind = Aggregation.Kind.values()[random.nextInt(Aggregation.Kind.values().length)];
        if (profile == Profile.ROLLUP_INVARIANT)
        {
            return rollupInvariant(name, kind, dimensions, numericDimensions);
        }
        final List<String> numeric = new ArrayList<>(numericDimensions);
        numeric.addAll(metrics);
        return switch (kind)
        {
            case COUNT -> random.nextBoolean() ? Aggregation.count(name) :
                Aggregation.of(kind, pick(random.nextBoolean() ? dimensions : metrics), name);
            case SUM, AVG -> Aggregation.of(kind, pick(numeric), name);
            case MIN, MAX -> Aggregation.of(kind, pick(random.nextInt(5) == 0 ? dimensions : numeric), name);
            case COUNT_DISTINCT, APPROX_COUNT_DISTINCT -> Aggregation.of(kind, pick(dimensions), name);
            case APPROX_QUANTILE -> new Aggregation(kind, pick(metrics), name, pick(FRACTIONS));
        };
    }

    /**
     * Aggregations whose value over rows rolled up to a minute equals their value over the raw events. Left out:
     * APPROX_QUANTILE (of row values, which rollup merges), MIN/MAX and SUM/AVG of a metric whose rollup is not
     * that aggregation (MIN of a max metric, SUM of a max metric), and COUNT/AVG of a metric that may be NULL (a
     * rolled row carries the field when any of its events did, and counts all its events).
     */
    private Aggregation rollupInvariant(
        final String name, final Aggregation.Kind kind, final List<String> dimensions, final List<String> numeric)
    {
        final List<String> summable = new ArrayList<>(numeric);
        for (final var column : table.schema().metrics())
        {
            if (column.metricType() == MetricType.COUNT || column.metricType() == MetricType.LONG_SUM ||
                column.metricType() == MetricType.DOUBLE_SUM)
            {
                summable.add(column.name());
            }
        }
        final String maxMetric = RandomTables.metricName(MetricType.LONG_MAX);
        final String minMetric = RandomTables.metricName(MetricType.DOUBLE_MIN);
        return switch (kind)
        {
            case COUNT -> random.nextBoolean() ? Aggregation.count(name) : Aggregation.of(kind, pick(dimensions), name);
            case SUM -> Aggregation.of(kind, pick(summable), name);
            case AVG -> numeric.isEmpty() ? Aggregation.count(name) : Aggregation.of(kind, pick(numeric), name);
            case MIN -> Aggregation.of(kind, table.columnIndex(minMetric) > 0 && random.nextBoolean() ? minMetric :
                pick(dimensions), name);
            case MAX -> Aggregation.of(kind, table.columnIndex(maxMetric) > 0 && random.nextBoolean() ? maxMetric :
                pick(dimensions), name);
            case COUNT_DISTINCT, APPROX_COUNT_DISTINCT, APPROX_QUANTILE ->
                Aggregation.of(kind == Aggregation.Kind.APPROX_QUANTILE ? Aggregation.Kind.COUNT_DISTINCT : kind,
                    pick(dimensions), name);
        };
    }

    private static boolean isApproximate(final Aggregation aggregation)
    {
        return aggregation.kind() == Aggregation.Kind.APPROX_COUNT_DISTINCT ||
            aggregation.kind() == Aggregation.Kind.APPROX_QUANTILE;
    }

    /** A condition on an exact aggregation's output (or on a grouping's), with a threshold near its values. */
    private Filter having(final List<Grouping> groupings, final List<Aggregation> aggregations)
    {
        final List<Aggregation> exact = aggregations.stream().filter(aggregation -> !isApproximate(aggregation))
            .toList();
        if (exact.isEmpty())
        {
            return new Filter.Constant(true);
        }
        final Aggregation aggregation = pick(exact);
        final Filter condition;
        final int pick = random.nextInt(10);
        if (pick == 0)
        {
            condition = new Filter.IsNull(aggregation.name());
        }
        else if (pick == 1 && groupings.stream().anyMatch(grouping -> grouping instanceof Grouping.Dimension))
        {
            final Grouping.Dimension grouping = (Grouping.Dimension)groupings.stream()
                .filter(candidate -> candidate instanceof Grouping.Dimension).findFirst().orElseThrow();
            condition = new Filter.Not(new Filter.Equals(grouping.name(), constant(grouping.column())));
        }
        else
        {
            final Object threshold = threshold(aggregation);
            condition = random.nextBoolean() ?
                new Filter.Range(aggregation.name(), threshold, random.nextBoolean(), null, false) :
                new Filter.Range(aggregation.name(), null, false, threshold, random.nextBoolean());
        }
        return random.nextInt(5) == 0 ? new Filter.Not(condition) : condition;
    }

    private Object threshold(final Aggregation aggregation)
    {
        return switch (aggregation.kind())
        {
            case COUNT, COUNT_DISTINCT -> (long)random.nextInt(Math.max(2, table.rows().size() / 8));
            case AVG -> constantAsDouble(aggregation.column()) + 0.123457;
            case SUM -> table.columnType(aggregation.column()) == ValueType.DOUBLE ?
                constantAsDouble(aggregation.column()) * (1 + random.nextInt(20)) + 0.123457 :
                (long)(constantAsDouble(aggregation.column()) * (1 + random.nextInt(20)));
            default -> table.columnType(aggregation.column()) == ValueType.STRING ?
                constant(aggregation.column()) : constantAsDouble(aggregation.column());
        };
    }

    private double constantAsDouble(final String column)
    {
        final Object value = constant(column);
        return value instanceof Number number ? number.doubleValue() : Double.parseDouble((String)value);
    }

    private <T> T pick(final List<T> list)
    {
        return list.get(random.nextInt(list.size()));
    }

    private double pick(final double[] array)
    {
        return array[random.nextInt(array.length)];
    }
}
