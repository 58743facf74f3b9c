package dev.tally.query.exec;

import dev.tally.query.model.Filter;
import dev.tally.storage.read.DimensionReader;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;
import dev.tally.storage.segment.DimensionColumn;

import java.util.List;

/**
 * Compiles a {@link Filter} for one source: dimension leaves become per-id truth tables (matching the dictionary once,
 * through sorted-dictionary ranges where the source has them), metric and time leaves become value tests.
 */
final class FilterCompiler
{
    private final RowSchema schema;
    private final RowSource source;
    private int nextSlot;

    private FilterCompiler(final RowSchema schema, final RowSource source)
    {
        this.schema = schema;
        this.source = source;
    }

    /** @return the compiled tree, or {@code null} for no filter. */
    static FilterNode compile(final Filter filter, final RowSchema schema, final RowSource source)
    {
        return filter == null ? null : new FilterCompiler(schema, source).node(filter);
    }

    /** Checks that every column exists and every leaf applies to its column's type. */
    static void validate(final Filter filter, final RowSchema schema)
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
            ColumnRef.resolve(schema, isNull.column());
        }
        else if (!(filter instanceof Filter.Constant))
        {
            final ColumnRef column = ColumnRef.resolve(schema, leafColumn(filter));
            if (column.type() == ValueType.SKETCH)
            {
                throw new QueryException(QueryException.Kind.INVALID,
                    "filter on sketch column[" + column.name() + "] is not supported");
            }
            if (column.kind() != ColumnRef.Kind.DIMENSION &&
                (filter instanceof Filter.Like || filter instanceof Filter.Regex))
            {
                throw new QueryException(QueryException.Kind.INVALID,
                    "LIKE and regex apply to dimensions, not to column[" + column.name() + "]");
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
        final ColumnRef column = ColumnRef.resolve(schema, leafColumn(filter));
        if (filter instanceof Filter.IsNull)
        {
            return switch (column.kind())
            {
                case TIME -> new FilterNode.Constant(slot, Truth.FALSE);
                case METRIC -> new FilterNode.MetricIsNull(slot, column.index());
                case DIMENSION ->
                {
                    final DimensionReader reader = source.dimension(column.index());
                    final byte[] truth = new byte[reader.idCount()];
                    truth[DimensionReader.NULL_ID] = Truth.TRUE;
                    yield new FilterNode.DimensionLeaf(slot, column.index(), reader, truth);
                }
            };
        }
        final ValueMatcher matcher = new ValueMatcher(filter, column.name(), column.type());
        if (column.kind() != ColumnRef.Kind.DIMENSION)
        {
            return new FilterNode.ValueLeaf(slot, column, matcher);
        }
        final DimensionReader reader = source.dimension(column.index());
        return new FilterNode.DimensionLeaf(slot, column.index(), reader, idTruth(reader, matcher));
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
