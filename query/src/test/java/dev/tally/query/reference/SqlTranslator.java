package dev.tally.query.reference;

import dev.tally.query.model.Aggregation;
import dev.tally.query.model.Filter;
import dev.tally.query.model.Grouping;
import dev.tally.query.model.Interval;
import dev.tally.query.model.NativeQuery;
import dev.tally.query.model.OrderBy;
import dev.tally.storage.schema.ValueType;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates the group-by queries of {@link RandomQueries.Profile#SQL} to DuckDB SQL over a table of raw events (one
 * row per event), where the contract's aggregations are SQL's own: COUNT(*) counts rows, AVG divides by non-NULL
 * rows. Approximate aggregations become their exact forms (the comparison allows their tolerance).
 */
public final class SqlTranslator
{
    private final TestTable table;

    public SqlTranslator(final TestTable table)
    {
        this.table = table;
    }

    public String createTable()
    {
        final List<String> columns = new ArrayList<>();
        for (final String name : table.columnNames())
        {
            columns.add(identifier(name) + " " + sqlType(table.columnType(name)));
        }
        return "CREATE TABLE t (" + String.join(", ", columns) + ")";
    }

    private static String sqlType(final ValueType type)
    {
        return switch (type)
        {
            case STRING -> "VARCHAR";
            case LONG -> "BIGINT";
            default -> "DOUBLE";
        };
    }

    public String translate(final NativeQuery query)
    {
        if (query.type() != NativeQuery.Type.GROUP_BY)
        {
            throw new IllegalArgumentException("only group-by queries translate");
        }
        final List<String> select = new ArrayList<>();
        final List<String> groupBy = new ArrayList<>();
        for (final Grouping grouping : query.groupings())
        {
            final String expression = grouping instanceof Grouping.Dimension dimension ?
                identifier(dimension.column()) : timeBucket((Grouping.TimeBucket)grouping);
            select.add(expression + " AS " + identifier(grouping.name()));
            groupBy.add(expression);
        }
        for (final Aggregation aggregation : query.aggregations())
        {
            select.add(aggregation(aggregation) + " AS " + identifier(aggregation.name()));
        }
        final List<String> where = new ArrayList<>();
        if (!query.intervals().isEmpty())
        {
            final List<String> any = new ArrayList<>();
            for (final Interval interval : query.intervals())
            {
                any.add("(\"__time\" >= " + interval.start() + " AND \"__time\" < " + interval.end() + ")");
            }
            where.add("(" + String.join(" OR ", any) + ")");
        }
        if (query.filter() != null)
        {
            where.add(filter(query.filter()));
        }
        final StringBuilder sql = new StringBuilder("SELECT * FROM (SELECT ").append(String.join(", ", select))
            .append(" FROM t");
        if (!where.isEmpty())
        {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        if (!groupBy.isEmpty())
        {
            sql.append(" GROUP BY ").append(String.join(", ", groupBy));
        }
        sql.append(") AS q");
        if (query.having() != null)
        {
            sql.append(" WHERE ").append(filter(query.having()));
        }
        if (!query.orderBy().isEmpty())
        {
            final List<String> keys = new ArrayList<>();
            for (final OrderBy key : query.orderBy())
            {
                keys.add(identifier(key.column()) + (key.descending() ? " DESC" : " ASC") +
                    (key.nullsFirst() ? " NULLS FIRST" : " NULLS LAST"));
            }
            sql.append(" ORDER BY ").append(String.join(", ", keys));
        }
        if (query.limit() >= 0)
        {
            sql.append(" LIMIT ").append(query.limit());
        }
        if (query.offset() > 0)
        {
            sql.append(" OFFSET ").append(query.offset());
        }
        return sql.toString();
    }

    private static String timeBucket(final Grouping.TimeBucket bucket)
    {
        if (bucket.timeZone() != null)
        {
            throw new IllegalArgumentException("zoned buckets do not translate");
        }
        if (bucket.granularity().isFixed())
        {
            final long millis = bucket.granularity().durationMillis();
            return "(floor(\"__time\" / " + millis + ")::BIGINT * " + millis + ")";
        }
        if (bucket.granularity().months() == 1)
        {
            return "epoch_ms(date_trunc('month', epoch_ms(\"__time\"))::TIMESTAMP)";
        }
        throw new IllegalArgumentException("period[" + bucket.period() + "] does not translate");
    }

    private String aggregation(final Aggregation aggregation)
    {
        final String column = aggregation.column() == null ? null : identifier(aggregation.column());
        return switch (aggregation.kind())
        {
            case COUNT -> column == null ? "COUNT(*)" : "COUNT(" + column + ")";
            case SUM -> table.columnType(aggregation.column()) == ValueType.LONG ?
                "CAST(SUM(" + column + ") AS BIGINT)" : "SUM(" + column + ")";
            case MIN -> "MIN(" + column + ")";
            case MAX -> "MAX(" + column + ")";
            case AVG -> "AVG(" + column + ")";
            case COUNT_DISTINCT, APPROX_COUNT_DISTINCT -> "COUNT(DISTINCT " + column + ")";
            case APPROX_QUANTILE -> "CAST(quantile_disc(" + column + ", " + aggregation.parameter() + ") AS DOUBLE)";
        };
    }

    public static String filter(final Filter filter)
    {
        if (filter instanceof Filter.Equals equals)
        {
            return "(" + identifier(equals.column()) + " = " + literal(equals.value()) + ")";
        }
        if (filter instanceof Filter.In in)
        {
            final String column = identifier(in.column());
            if (in.values().isEmpty())
            {
                return "(CASE WHEN " + column + " IS NULL THEN NULL ELSE FALSE END)";
            }
            final List<String> values = new ArrayList<>();
            in.values().forEach(value -> values.add(literal(value)));
            return "(" + column + " IN (" + String.join(", ", values) + "))";
        }
        if (filter instanceof Filter.Range range)
        {
            final String column = identifier(range.column());
            final List<String> sides = new ArrayList<>();
            if (range.lower() != null)
            {
                sides.add(column + (range.lowerInclusive() ? " >= " : " > ") + literal(range.lower()));
            }
            if (range.upper() != null)
            {
                sides.add(column + (range.upperInclusive() ? " <= " : " < ") + literal(range.upper()));
            }
            return sides.isEmpty() ? "(CASE WHEN " + column + " IS NULL THEN NULL ELSE TRUE END)" :
                "(" + String.join(" AND ", sides) + ")";
        }
        if (filter instanceof Filter.Like like)
        {
            return "(" + identifier(like.column()) + " LIKE " + literal(like.pattern()) +
                (like.escape() == null ? "" : " ESCAPE " + literal(String.valueOf(like.escape()))) + ")";
        }
        if (filter instanceof Filter.Regex regex)
        {
            return "regexp_matches(" + identifier(regex.column()) + ", " + literal(regex.pattern()) + ")";
        }
        if (filter instanceof Filter.IsNull isNull)
        {
            return "(" + identifier(isNull.column()) + " IS NULL)";
        }
        if (filter instanceof Filter.And and)
        {
            return join(and.filters(), " AND ");
        }
        if (filter instanceof Filter.Or or)
        {
            return join(or.filters(), " OR ");
        }
        if (filter instanceof Filter.Not not)
        {
            return "(NOT " + filter(not.filter()) + ")";
        }
        return ((Filter.Constant)filter).value() ? "TRUE" : "FALSE";
    }

    private static String join(final List<Filter> filters, final String operator)
    {
        final List<String> parts = new ArrayList<>();
        filters.forEach(child -> parts.add(filter(child)));
        return "(" + String.join(operator, parts) + ")";
    }

    private static String literal(final Object value)
    {
        if (value instanceof String text)
        {
            return "'" + text.replace("'", "''") + "'";
        }
        if (value instanceof Double number)
        {
            return "CAST('" + number + "' AS DOUBLE)";
        }
        return String.valueOf(value);
    }

    private static String identifier(final String name)
    {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
