package dev.tally.query.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;
import java.util.Objects;

/**
 * A typed scalar expression over one row: literals, column references ({@code __time}, dimensions, metrics, or
 * another virtual column) and calls of the engine's functions, with SQL NULL semantics (a function of a NULL is NULL
 * unless it says otherwise; AND, OR and NOT are three-valued). Booleans are TRUE/FALSE/NULL; timestamps are epoch
 * milliseconds. The function names and argument orders are listed in {@code dev.tally.query.expr.ExprCompiler};
 * arguments the function reads as settings (a period, a zone, a pattern) are literals.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Expr.Literal.class, name = "literal"),
    @JsonSubTypes.Type(value = Expr.Ref.class, name = "column"),
    @JsonSubTypes.Type(value = Expr.Call.class, name = "call"),
})
public sealed interface Expr
{
    /** The value types of expressions. */
    enum Type
    {
        LONG,
        DOUBLE,
        STRING,
        BOOLEAN,
        TIMESTAMP;

        public boolean isNumeric()
        {
            return this == LONG || this == DOUBLE;
        }
    }

    /** A constant; {@code value} is a Long, Double, String or Boolean (a TIMESTAMP is a Long), or null. */
    record Literal(Object value, Type valueType) implements Expr
    {
        public Literal
        {
            Objects.requireNonNull(valueType, "valueType");
            if (value instanceof Integer integer)
            {
                value = integer.longValue();
            }
            else if (value instanceof Float single)
            {
                value = single.doubleValue();
            }
        }
    }

    /** The value of a column (or virtual column) of the row. */
    record Ref(String column) implements Expr
    {
        public Ref
        {
            Objects.requireNonNull(column, "column");
        }
    }

    /** {@code function(args...)}. */
    record Call(String function, List<Expr> args) implements Expr
    {
        public Call
        {
            Objects.requireNonNull(function, "function");
            args = List.copyOf(args);
        }
    }

    static Expr call(final String function, final Expr... args)
    {
        return new Call(function, List.of(args));
    }

    static Expr column(final String column)
    {
        return new Ref(column);
    }

    static Expr literal(final Object value)
    {
        final Type type = value instanceof String ? Type.STRING : value instanceof Boolean ? Type.BOOLEAN :
            value instanceof Double || value instanceof Float ? Type.DOUBLE : Type.LONG;
        return new Literal(value, type);
    }
}
