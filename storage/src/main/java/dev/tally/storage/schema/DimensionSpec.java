package dev.tally.storage.schema;

import java.util.Locale;
import java.util.Objects;

/**
 * A dimension of a table: an input field stored dictionary-encoded under the same name. Strings are the default;
 * {@code LONG} and {@code DOUBLE} dimensions are sorted numerically so range filters become id ranges.
 */
public record DimensionSpec(String name, ValueType type)
{
    public DimensionSpec
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (type == ValueType.SKETCH)
        {
            throw new IllegalArgumentException(
                "dimension[" + name + "] type[" + type + "] must be STRING, LONG or DOUBLE");
        }
    }

    public static DimensionSpec string(final String name)
    {
        return new DimensionSpec(name, ValueType.STRING);
    }

    public ColumnSpec toColumnSpec()
    {
        return ColumnSpec.dimension(name, type);
    }

    /** Name used in table spec JSON for a dimension type, e.g. {@code long}. */
    public static String typeJsonName(final ValueType type)
    {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
