package dev.tally.query.exec;

import dev.tally.query.model.Filter;
import dev.tally.storage.read.DimensionReader;
import dev.tally.storage.schema.ValueType;
import dev.tally.storage.segment.DimensionColumn;

import java.util.List;

/**
 * Compiles a {@link Filter} for one source: dimension leaves become per-id truth tables (matching the dictionary once,
 * through sorted-dictionary ranges where the source has them), metric and time leaves become value tests.
 */
final class FilterCompiler
{
    private final BlockColumn.SourceColumns columns;
    private int nextSlot;

    private FilterCompiler(final BlockColumn.SourceColumns columns, final int firstSlot)
    {
        this.columns = columns;
        this.nextSlot = firstSlot;
    }

    /** @return the compiled tree, or {@code null} for no filter. */
    static FilterNode compile(final Filter filter, final BlockColumn.SourceColumns columns)
    {
        return compile(filter, columns, 0);
    }

    /** As {@link #compile(Filter, BlockColumn.SourceColumns)}, its truth scratch slots numbered from {@code firstSlot}. */
    static FilterNode compile(final Filter filter, final BlockColumn.SourceColumns columns, final int firstSlot)
    {
        return filter == null ? null : new FilterCompiler(columns, firstSlot).node(filter);
    }

    /** How many truth slots a compiled filter uses (one per node). */
    static int slots(final Filter filter)
    {
        if (filter == null)
        {
            return 0;
        }
        if (filter instanceof Filter.And and)
        {
            return 1 + and.filters().stream().mapToInt(FilterCompiler::slots).sum();
        }
        if (filter instanceof Filter.Or or)
        {
            return 1 + or.filters().stream().mapToInt(FilterCompiler::slots).sum();
        }
        if (filter instanceof Filter.Not not)
        {
            return 1 + slots(not.filter());
        }
        return 1;
    }

    /** Checks that every column exists and every leaf applies to its column's type. */
    static void validate(final Filter filter, final QueryColumns schema)
    {
        if (filter == null)
        {
            return;
        }
        if (filter instanceof Filter.And and)
        {
            and.filters().forEach(f -> validate(f, schema));
        }
        else if (filter instanceof Filter.Or or)
        {
            or.filters().forEach(f -> validate(f, schema));
        }
        else if (filter instanceof Filter.Not not)
        {
            validate(not.filter(), schema);
        }
        else if (filter instanceof Filter.IsNull isNull)
        {
            schema.resolve(isNull.column());
        }
        else if (filter instanceof Filter.Expression expression)
        {
            final dev.tally.query.model.Expr.Type type = schema.typeOf(expression.expression());
            if (type != dev.tally.query.model.Expr.Type.BOOLEAN)
            {
                throw new QueryException(QueryException.Kind.INVALID,
                    "a filter expression must be BOOLEAN, not " + type + ": " + expression.expression());
            }
        }
        else if (!(filter instanceof Filter.Constant))
        {
            final ColumnRef column = schema.resolve(leafColumn(filter));
            if (column.type() == ValueType.SKETCH)
            {
                throw new QueryException(QueryException.Kind.INVALID,
                    "filter on sketch column[" + column.name() + "] is not supported");
            }
            if (column.type() != ValueType.STRING && (filter instanceof Filter.Like || filter instanceof Filter.Regex))
            {
                throw new QueryException(QueryException.Kind.INVALID,
                    "LIKE and regex apply to strings, not to column[" + column.name() + "]");
            }
            new ValueMatcher(filter, column.name(), column.type());
        }
    }

    static String leafColumn(final Filter leaf)
    {
        if (leaf instanceof Filter.Equals f)
        {
            return f.column();
        }
        if (leaf instanceof Filter.In f)
        {
            return f.column();
        }
        if (leaf instanceof Filter.Range f)
        {
            return f.column();
        }
        if (leaf instanceof Filter.Like f)
        {
            return f.column();
        }
        if (leaf instanceof Filter.Regex f)
        {
            return f.column();
        }
        if (leaf instanceof Filter.IsNull f)
        {
            return f.column();
        }
        if (leaf instanceof Filter.Expression f)
        {
            return null;
        }
        throw new IllegalArgumentException("not a leaf: " + leaf);
    }

    private FilterNode node(final Filter filter)
    {
        final int slot = nextSlot++;
        if (filter instanceof Filter.And and)
        {
            return new FilterNode.Junction(slot, true, children(and.filters()));
        }
        if (filter instanceof Filter.Or or)
        {
            return new FilterNode.Junction(slot, false, children(or.filters()));
        }
        if (filter instanceof Filter.Not not)
        {
            return new FilterNode.Not(slot, node(not.filter()));
        }
        if (filter instanceof Filter.Constant constant)
        {
            return new FilterNode.Constant(slot, Truth.of(constant.value()));
        }
        return leaf(slot, filter);
    }

    private FilterNode[] children(final List<Filter> filters)
    {
        final FilterNode[] nodes = new FilterNode[filters.size()];
        for (int i = 0; i < nodes.length; i++)
        {
            nodes[i] = node(filters.get(i));
        }
        return nodes;
    }

    private FilterNode leaf(final int slot, final Filter filter)
    {
        if (filter instanceof Filter.Expression expression)
        {
            final BlockColumn column = columns.expression(expression.expression());
            if (!column.hasIds())
            {
                return new FilterNode.VectorLeaf(slot, column, null, FilterNode.VectorLeaf.Test.IS_TRUE);
            }
            final dev.tally.query.expr.Vec values = column.dictionary();
            final byte[] truth = new byte[column.idCount()];
            for (int id = 0; id < truth.length; id++)
            {
                truth[id] = values.isNull(id) ? Truth.UNKNOWN : Truth.of(values.longs[id] != 0);
            }
            return new FilterNode.DimensionLeaf(slot, column, truth);
        }
        final ColumnRef ref = columns.columns().resolve(leafColumn(filter));
        final BlockColumn column = columns.get(ref.name());
        if (filter instanceof Filter.IsNull)
        {
            if (ref.kind() == ColumnRef.Kind.TIME)
            {
                return new FilterNode.Constant(slot, Truth.FALSE);
            }
            if (ref.kind() == ColumnRef.Kind.METRIC)
            {
                return new FilterNode.MetricIsNull(slot, ref.index());
            }
            if (!column.hasIds())
            {
                return new FilterNode.VectorLeaf(slot, column, null, FilterNode.VectorLeaf.Test.IS_NULL);
            }
            final byte[] truth = new byte[column.idCount()];
            truth[DimensionReader.NULL_ID] = Truth.TRUE;
            return new FilterNode.DimensionLeaf(slot, column, truth);
        }
        final ValueMatcher matcher = new ValueMatcher(filter, ref.name(), ref.type());
        if (ref.kind() == ColumnRef.Kind.TIME || ref.kind() == ColumnRef.Kind.METRIC)
        {
            return new FilterNode.ValueLeaf(slot, ref, matcher);
        }
        if (!column.hasIds())
        {
            return new FilterNode.VectorLeaf(slot, column, matcher, FilterNode.VectorLeaf.Test.MATCH);
        }
        if (column instanceof BlockColumn.Dimension dimension)
        {
            return new FilterNode.DimensionLeaf(slot, column, idTruth(dimension.reader, matcher));
        }
        final dev.tally.query.expr.Vec values = column.dictionary();
        final byte[] truth = new byte[column.idCount()];
        truth[DimensionReader.NULL_ID] = Truth.UNKNOWN;
        for (int id = 1; id < truth.length; id++)
        {
            truth[id] = Truth.of(switch (values.type)
            {
                case STRING -> matcher.matches((String)values.objects[id]);
                case DOUBLE -> matcher.matches(values.doubles[id]);
                default -> matcher.matches(values.longs[id]);
            });
        }
        return new FilterNode.DimensionLeaf(slot, column, truth);
    }

    /** The truth of the leaf for every id: NULL is UNKNOWN; values matched once each. */
    private static byte[] idTruth(final DimensionReader reader, final ValueMatcher matcher)
    {
        final byte[] truth = new byte[reader.idCount()];
        truth[DimensionReader.NULL_ID] = Truth.UNKNOWN;
        final Filter leaf = matcher.leaf();
        if (leaf instanceof Filter.Equals || leaf instanceof Filter.In)
        {
            final List<Object> values = leaf instanceof Filter.Equals equals ? List.of(equals.value()) :
                ((Filter.In)leaf).values();
            for (final Object value : values)
            {
                final int id = lookup(reader, value);
                if (id > 0)
                {
                    truth[id] = Truth.TRUE;
                }
                if (reader.type() == ValueType.DOUBLE && value != null &&
                    Values.toDouble(value, reader.spec().name()) == 0.0)
                {
                    // -0.0 and 0.0 are distinct dictionary entries but equal values
                    final int negativeZero = reader.idOf(-0.0);
                    final int positiveZero = reader.idOf(0.0);
                    truth[Math.max(negativeZero, 0)] = negativeZero > 0 ? Truth.TRUE : truth[0];
                    truth[Math.max(positiveZero, 0)] = positiveZero > 0 ? Truth.TRUE : truth[0];
                }
            }
            return truth;
        }
        if (reader instanceof DimensionColumn column && reader.type() == ValueType.STRING)
        {
            final String prefix = matcher.likePrefix();
            if (prefix != null)
            {
                fill(truth, column.prefixRange(prefix));
                return truth;
            }
            if (leaf instanceof Filter.Range range)
            {
                fill(truth, column.valueRange(
                    range.lower() == null ? null : Values.toText(range.lower()), range.lowerInclusive(),
                    range.upper() == null ? null : Values.toText(range.upper()), range.upperInclusive()));
                return truth;
            }
        }
        for (int id = 1; id < truth.length; id++)
        {
            final boolean matches = switch (reader.type())
            {
                case STRING -> matcher.matches(reader.stringValue(id));
                case LONG -> matcher.matches(reader.longValue(id));
                default -> matcher.matches(reader.doubleValue(id));
            };
            truth[id] = Truth.of(matches);
        }
        return truth;
    }

    private static void fill(final byte[] truth, final long range)
    {
        for (int id = DimensionColumn.rangeFrom(range); id < DimensionColumn.rangeTo(range); id++)
        {
            truth[id] = Truth.TRUE;
        }
    }

    /** Id of a filter constant in the dictionary, or -1; a constant that cannot be of the column's type is absent. */
    private static int lookup(final DimensionReader reader, final Object value)
    {
        if (value == null)
        {
            return -1;
        }
        return switch (reader.type())
        {
            case STRING -> reader.idOf(Values.toText(value));
            case LONG ->
            {
                final double asDouble = Values.toDouble(value, reader.spec().name());
                yield asDouble == Math.rint(asDouble) && !Double.isInfinite(asDouble) ?
                    reader.idOf(value instanceof Long l ? (long)l : (long)asDouble) : -1;
            }
            default ->
            {
                final double asDouble = Values.toDouble(value, reader.spec().name());
                yield reader.idOf(asDouble);
            }
        };
    }
}
