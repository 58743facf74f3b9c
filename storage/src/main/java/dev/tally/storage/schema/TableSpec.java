package dev.tally.storage.schema;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A table's definition, as created over HTTP or read from the config (DESIGN §2): its name, where the event time comes
 * from, its dimensions and metrics, how finely rows are rolled up, how segments are chunked in time, how long data is
 * kept and where events come from. Construction validates the whole spec, so every instance is a valid table;
 * {@link #parse(String)} and {@link #toJson()} convert to and from the JSON form.
 *
 * @param rollup             time bucket rows are rolled up to, or {@link Granularity#NONE} to keep raw rows.
 * @param segmentGranularity time chunk of one segment; the rollup divides it evenly.
 * @param retention          age after which time chunks are dropped; empty keeps data forever.
 */
public record TableSpec(
    String name,
    TimestampSpec timestamp,
    List<DimensionSpec> dimensions,
    List<MetricSpec> metrics,
    Granularity rollup,
    Granularity segmentGranularity,
    Optional<Granularity> retention,
    SourceSpec source)
{
    public static final Granularity ROLLUP_DEFAULT = Granularity.MINUTE;
    public static final Granularity SEGMENT_GRANULARITY_DEFAULT = Granularity.HOUR;
    public static final int MAX_NAME_LENGTH = 128;
    public static final String RESERVED_PREFIX = "__";

    private static final Pattern SQL_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public TableSpec
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timestamp, "timestamp");
        dimensions = List.copyOf(dimensions);
        metrics = List.copyOf(metrics);
        Objects.requireNonNull(rollup, "rollup");
        Objects.requireNonNull(segmentGranularity, "segmentGranularity");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(source, "source");

        checkName("name", name);
        final Map<String, String> pathByColumn = new HashMap<>();
        for (int i = 0; i < dimensions.size(); i++)
        {
            final DimensionSpec dimension = dimensions.get(i);
            // String dimensions are written in the short form, so their path is the array element itself.
            final String path = "dimensions[" + i + "]" + (dimension.type() == ValueType.STRING ? "" : ".name");
            checkColumn(path, dimension.name(), pathByColumn);
        }
        for (int i = 0; i < metrics.size(); i++)
        {
            checkColumn("metrics[" + i + "].name", metrics.get(i).name(), pathByColumn);
        }

        if (segmentGranularity.isNone())
        {
            throw new InvalidTableSpecException("segmentGranularity", "NONE is not allowed (expected a period)");
        }
        if (!rollup.divides(segmentGranularity))
        {
            throw new InvalidTableSpecException("rollup", "period[" + rollup + "] does not divide segmentGranularity[" +
                segmentGranularity + "] evenly" + (segmentGranularity.isFixed() ? "" :
                " (calendar segments need a rollup that divides a day, or whole months)"));
        }
        if (retention.isPresent() && retention.get().isNone())
        {
            throw new InvalidTableSpecException(
                "retention", "NONE is not allowed (omit retention to keep data forever)");
        }
    }

    /**
     * Parse a table spec from JSON text.
     *
     * @throws InvalidTableSpecException naming the offending field if the JSON is malformed or the spec invalid.
     */
    public static TableSpec parse(final String json)
    {
        return TableSpecJson.parse(json);
    }

    /**
     * Parse a table spec from a JSON tree.
     *
     * @throws InvalidTableSpecException naming the offending field if the spec is invalid.
     */
    public static TableSpec parse(final JsonNode json)
    {
        return TableSpecJson.parse(json);
    }

    /** The spec as compact JSON in canonical form; {@code parse(toJson())} equals this spec. */
    public String toJson()
    {
        return TableSpecJson.toJson(this);
    }

    /** The spec as a JSON tree in canonical form. */
    public JsonNode toJsonNode()
    {
        return TableSpecJson.toJsonNode(this);
    }

    /** Physical row layout: dimensions in declared order, then metrics in declared order. */
    public RowSchema rowSchema()
    {
        return new RowSchema(
            dimensions.stream().map(DimensionSpec::toColumnSpec).toList(),
            metrics.stream().map(MetricSpec::toColumnSpec).toList());
    }

    /**
     * Check a table or column name: a case-sensitive SQL identifier of at most {@link #MAX_NAME_LENGTH} characters
     * not starting with the reserved prefix {@code __}.
     *
     * @throws InvalidTableSpecException naming {@code path} if the name is not acceptable.
     */
    static void checkName(final String path, final String name)
    {
        if (name.isEmpty())
        {
            throw new InvalidTableSpecException(path, "name must not be empty");
        }
        if (name.length() > MAX_NAME_LENGTH)
        {
            throw new InvalidTableSpecException(path,
                "name is " + name.length() + " characters long (at most " + MAX_NAME_LENGTH + ")");
        }
        if (!SQL_IDENTIFIER.matcher(name).matches())
        {
            throw new InvalidTableSpecException(path,
                "name '" + name + "' is not a SQL identifier (letters, digits and _, not starting with a digit)");
        }
        if (name.equals(RowSchema.TIME_COLUMN))
        {
            throw new InvalidTableSpecException(path, "name '" + name + "' is reserved for the event time column");
        }
        if (name.startsWith(RESERVED_PREFIX))
        {
            throw new InvalidTableSpecException(path,
                "name '" + name + "' is reserved (names starting with " + RESERVED_PREFIX + " are reserved)");
        }
    }

    private static void checkColumn(final String path, final String name, final Map<String, String> pathByColumn)
    {
        checkName(path, name);
        final String previous = pathByColumn.putIfAbsent(name, path);
        if (previous != null)
        {
            throw new InvalidTableSpecException(path, "duplicate column name '" + name + "' (also " + previous + ")");
        }
    }
}
