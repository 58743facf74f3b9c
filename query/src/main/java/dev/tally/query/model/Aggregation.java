package dev.tally.query.model;

import java.util.Objects;

/**
 * One aggregate output column. Aggregations see events, not rolled-up rows: {@code count} counts events (the sum of
 * the table's {@code count} metric, or rows when it has none), {@code avg} divides a sum by the events that carried
 * it. {@code column} is null only for {@code count(*)}.
 *
 * @param parameter the quantile (0..1) for {@link Kind#APPROX_QUANTILE}; unused otherwise.
 * @param filter only rows passing it are aggregated (SQL's {@code FILTER (WHERE ...)}); null for all rows.
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record Aggregation(Kind kind, String column, String name, double parameter, Filter filter)
{
    public enum Kind
    {
        /** Events; with a column, events whose value is not NULL. */
        COUNT,
        SUM,
        MIN,
        MAX,
        AVG,
        /** Exact number of distinct non-NULL values of a dimension. */
        COUNT_DISTINCT,
        /** HLL estimate of distinct values of a dimension, or the union of an HLL sketch metric. */
        APPROX_COUNT_DISTINCT,
        /** KLL estimate of a metric's quantile {@code parameter}, or of a quantiles sketch metric. */
        APPROX_QUANTILE
    }

    public Aggregation
    {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (column == null && kind != Kind.COUNT)
        {
            throw new IllegalArgumentException("aggregation[" + name + "] " + kind + " needs a column");
        }
        if (kind == Kind.APPROX_QUANTILE && !(parameter >= 0 && parameter <= 1))
        {
            throw new IllegalArgumentException("aggregation[" + name + "] quantile[" + parameter + "] not in [0, 1]");
        }
    }

    public Aggregation(final Kind kind, final String column, final String name, final double parameter)
    {
        this(kind, column, name, parameter, null);
    }

    /** The same aggregation over only the rows passing {@code more} as well. */
    public Aggregation filtered(final Filter more)
    {
        return new Aggregation(kind, column, name, parameter, filter == null ? more : Filter.and(filter, more));
    }

    public static Aggregation count(final String name)
    {
        return new Aggregation(Kind.COUNT, null, name, 0);
    }

    public static Aggregation of(final Kind kind, final String column, final String name)
    {
        return new Aggregation(kind, column, name, 0);
    }
}
