package dev.tally.query.model;

import java.util.Objects;

/**
 * A column computed from an expression, named so that groupings, aggregations, filters and scan columns read it
 * like a table column (Druid's virtual columns). Its name may not be a table column's.
 */
public record VirtualColumn(String name, Expr expression)
{
    public VirtualColumn
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expression, "expression");
    }
}
