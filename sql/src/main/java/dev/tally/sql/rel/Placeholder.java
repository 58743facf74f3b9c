package dev.tally.sql.rel;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A value in a native filter or limit known only at execution: a dynamic parameter {@code ?}, {@code
 * CURRENT_TIMESTAMP} (or {@code CURRENT_DATE}, or either truncated) plus an interval, or a subquery's values. Cached plans hold
 * placeholders; {@link TallyExecutor} binds them per run.
 */
public sealed interface Placeholder
{
    /** The JDBC parameter {@code index} (0-based); {@code kind} says how its value compares. */
    record Param(int index, ValueKind kind) implements Placeholder
    {
        @JsonValue
        @Override
        public String toString()
        {
            return "?" + index;
        }
    }

    /**
     * {@code CURRENT_TIMESTAMP + offsetMillis}, floored to the ISO period {@code floor} (none when {@code null}: UTC,
     * as {@code CURRENT_DATE} and {@code DATE_TRUNC('day', CURRENT_TIMESTAMP)}), then moved by {@code shiftMillis};
     * epoch millis at execution.
     */
    record Now(long offsetMillis, String floor, long shiftMillis) implements Placeholder
    {
        public Now(final long offsetMillis)
        {
            this(offsetMillis, null, 0);
        }

        /** This moved by {@code millis}: before the floor when there is none yet, after it otherwise. */
        Now plus(final long millis)
        {
            return floor == null ? new Now(offsetMillis + millis, null, 0) : new Now(offsetMillis, floor,
                shiftMillis + millis);
        }

        long at(final long currentMillis)
        {
            final long moved = currentMillis + offsetMillis;
            return (floor == null ? moved : dev.tally.query.expr.TimeFunctions.floor(moved, floor)) + shiftMillis;
        }

        @JsonValue
        @Override
        public String toString()
        {
            final String now = "CURRENT_TIMESTAMP" + millis(offsetMillis);
            return floor == null ? now : "FLOOR(" + now + ", " + floor + ")" + millis(shiftMillis);
        }

        private static String millis(final long millis)
        {
            return millis == 0 ? "" : (millis > 0 ? "+" : "") + millis + "ms";
        }
    }

    /**
     * The distinct non-NULL values of column {@code column} of subquery {@code input}'s rows, for an IN filter that
     * stands for a semi-join: the subquery runs first, then the native query filtered by its values.
     */
    record Subquery(int input, int column, ValueKind kind) implements Placeholder
    {
        @JsonValue
        @Override
        public String toString()
        {
            return "subquery" + input + ".$" + column;
        }
    }

    /** How a bound value is converted for the column it is compared with. */
    enum ValueKind
    {
        STRING,
        LONG,
        DOUBLE,
        TIME,
        COUNT
    }
}
