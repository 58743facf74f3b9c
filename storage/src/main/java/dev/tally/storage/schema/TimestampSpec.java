package dev.tally.storage.schema;

import java.util.Objects;

/** The input field an event's time is read from, and its encoding; the result is stored as {@code __time}. */
public record TimestampSpec(String column, TimestampFormat format)
{
    public TimestampSpec
    {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(format, "format");
        if (column.isEmpty())
        {
            throw new IllegalArgumentException("timestamp column must not be empty");
        }
    }

    /** A timestamp read from {@code column} in {@link TimestampFormat#AUTO} format. */
    public static TimestampSpec auto(final String column)
    {
        return new TimestampSpec(column, TimestampFormat.AUTO);
    }
}
