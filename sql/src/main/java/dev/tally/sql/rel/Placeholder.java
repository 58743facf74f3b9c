package dev.tally.sql.rel;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A value in a native filter or limit known only at execution: a dynamic parameter {@code ?} or {@code
 * CURRENT_TIMESTAMP} plus an interval. Cached plans hold placeholders; {@link TallyExecutor} binds them per run.
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

    /** {@code CURRENT_TIMESTAMP + offsetMillis}, epoch millis at execution. */
    record Now(long offsetMillis) implements Placeholder
    {
        @JsonValue
        @Override
        public String toString()
        {
            return "CURRENT_TIMESTAMP" + (offsetMillis == 0 ? "" : (offsetMillis > 0 ? "+" : "") + offsetMillis + "ms");
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
