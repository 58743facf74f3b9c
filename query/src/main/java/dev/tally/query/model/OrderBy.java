package dev.tally.query.model;

import java.util.Objects;

/** Sort by an output column; {@code nullsFirst} as in SQL's NULLS FIRST/LAST. */
public record OrderBy(String column, boolean descending, boolean nullsFirst)
{
    public OrderBy
    {
        Objects.requireNonNull(column, "column");
    }

    public static OrderBy asc(final String column)
    {
        return new OrderBy(column, false, false);
    }

    public static OrderBy desc(final String column)
    {
        return new OrderBy(column, true, false);
    }
}
