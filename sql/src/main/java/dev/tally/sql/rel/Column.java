package dev.tally.sql.rel;

import org.apache.calcite.sql.type.SqlTypeName;

/** What one output column of a {@link QuerySpec} is, in terms of the native query's result. */
public sealed interface Column
{
    /**
     * A column of the native result: before aggregation a table column ({@code __time}, dimension, metric), after
     * it a grouping or aggregation output. {@code zeroIfNull} for {@code $SUM0}.
     */
    record Field(String name, boolean zeroIfNull) implements Column
    {
        @Override
        public String toString()
        {
            return zeroIfNull ? "coalesce(" + name + ", 0)" : name;
        }
    }

    /** {@code __time} floored to an ISO period in a zone (null: UTC); computed from the scanned time. */
    record TimeFloor(String period, String zone) implements Column
    {
        @Override
        public String toString()
        {
            return "floor(__time, " + period + (zone == null ? "" : ", " + zone) + ")";
        }
    }

    /** A constant (an aggregate's literal argument, such as a quantile's fraction). */
    record Literal(Object value, SqlTypeName type) implements Column
    {
        @Override
        public String toString()
        {
            return String.valueOf(value);
        }
    }
}
