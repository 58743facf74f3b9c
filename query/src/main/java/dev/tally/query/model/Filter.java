package dev.tally.query.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;
import java.util.Objects;

/**
 * A row filter over named columns ({@code __time}, dimensions, metrics) with SQL's three-valued logic: a comparison
 * with NULL is unknown, {@code NOT unknown} is unknown, and only rows where the filter is true pass. Values are JSON
 * scalars: strings for string columns, numbers for numeric ones (a string compared with a numeric column is parsed).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Filter.Equals.class, name = "equals"),
    @JsonSubTypes.Type(value = Filter.In.class, name = "in"),
    @JsonSubTypes.Type(value = Filter.Range.class, name = "range"),
    @JsonSubTypes.Type(value = Filter.Like.class, name = "like"),
    @JsonSubTypes.Type(value = Filter.Regex.class, name = "regex"),
    @JsonSubTypes.Type(value = Filter.IsNull.class, name = "isNull"),
    @JsonSubTypes.Type(value = Filter.And.class, name = "and"),
    @JsonSubTypes.Type(value = Filter.Or.class, name = "or"),
    @JsonSubTypes.Type(value = Filter.Not.class, name = "not"),
    @JsonSubTypes.Type(value = Filter.Constant.class, name = "constant"),
    @JsonSubTypes.Type(value = Filter.Expression.class, name = "expression"),
})
public sealed interface Filter
{
    /** {@code column = value}; unknown where the column is NULL. */
    record Equals(String column, Object value) implements Filter
    {
        public Equals
        {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(value, "value (use isNull for NULL)");
        }
    }

    /** {@code column IN (values)}; unknown where the column is NULL. */
    record In(String column, List<Object> values) implements Filter
    {
        public In
        {
            Objects.requireNonNull(column, "column");
            values = List.copyOf(values);
        }
    }

    /**
     * {@code lower <(=) column <(=) upper}; a {@code null} bound is open. Strings compare by UTF-8 bytes, numbers
     * numerically; unknown where the column is NULL.
     */
    record Range(String column, Object lower, boolean lowerInclusive, Object upper, boolean upperInclusive)
        implements Filter
    {
        public Range
        {
            Objects.requireNonNull(column, "column");
        }
    }

    /** SQL {@code column LIKE pattern} with {@code %} and {@code _}, and an optional escape character. */
    record Like(String column, String pattern, Character escape) implements Filter
    {
        public Like
        {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(pattern, "pattern");
        }
    }

    /** {@code REGEXP_LIKE(column, pattern)}: true when the Java regex finds a match anywhere in the value. */
    record Regex(String column, String pattern) implements Filter
    {
        public Regex
        {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(pattern, "pattern");
        }
    }

    /** {@code column IS NULL}; never unknown. */
    record IsNull(String column) implements Filter
    {
        public IsNull
        {
            Objects.requireNonNull(column, "column");
        }
    }

    record And(List<Filter> filters) implements Filter
    {
        public And
        {
            filters = List.copyOf(filters);
        }
    }

    record Or(List<Filter> filters) implements Filter
    {
        public Or
        {
            filters = List.copyOf(filters);
        }
    }

    record Not(Filter filter) implements Filter
    {
        public Not
        {
            Objects.requireNonNull(filter, "filter");
        }
    }

    /** TRUE or FALSE for every row (what a planner folds a tautology or contradiction to). */
    record Constant(boolean value) implements Filter
    {
    }

    /** Rows where a BOOLEAN expression is TRUE (unknown where it is NULL). */
    record Expression(Expr expression) implements Filter
    {
        public Expression
        {
            Objects.requireNonNull(expression, "expression");
        }
    }

    static Filter equals(final String column, final Object value)
    {
        return new Equals(column, value);
    }

    static Filter and(final Filter... filters)
    {
        return new And(List.of(filters));
    }

    static Filter or(final Filter... filters)
    {
        return new Or(List.of(filters));
    }

    static Filter not(final Filter filter)
    {
        return new Not(filter);
    }
}
