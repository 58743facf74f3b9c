package dev.tally.storage.schema;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON form of a {@link TableSpec}: a strict reader over the Jackson tree that names the JSON path of every
 * problem (unknown fields are rejected so typos do not pass silently), and the canonical writer.
 */
final class TableSpecJson
{
    private static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final List<String> TABLE_FIELDS = List.of(
        "name", "timestamp", "dimensions", "metrics", "rollup", "segmentGranularity", "retention", "source");
    private static final List<String> TIMESTAMP_FIELDS = List.of("column", "format");
    private static final List<String> DIMENSION_FIELDS = List.of("name", "type");
    private static final List<String> METRIC_FIELDS = List.of("name", "type", "field");
    private static final List<String> KAFKA_FIELDS = List.of("type", "bootstrapServers", "topic", "properties");
    private static final Set<ValueType> DIMENSION_TYPES = Set.of(ValueType.STRING, ValueType.LONG, ValueType.DOUBLE);
    private static final String DIMENSION_TYPE_NAMES = "string, long, double";

    private TableSpecJson()
    {
    }

    static TableSpec parse(final String json)
    {
        if (json == null)
        {
            throw new InvalidTableSpecException("", "not a JSON object (got nothing)");
        }
        final JsonNode root;
        try
        {
            root = MAPPER.readTree(json);
        }
        catch (final JsonProcessingException ex)
        {
            final JsonLocation location = ex.getLocation();
            final String where = location == null ? "" :
                " at line " + location.getLineNr() + " column " + location.getColumnNr();
            throw new InvalidTableSpecException("", "malformed JSON" + where + ": " + ex.getOriginalMessage());
        }
        return parse(root);
    }

    static TableSpec parse(final JsonNode root)
    {
        if (root == null || !root.isObject())
        {
            throw new InvalidTableSpecException("", "not a JSON object (got " + typeName(root) + ")");
        }
        checkFields(root, "", TABLE_FIELDS);

        final String name = requiredText(root, "", "name");
        final TimestampSpec timestamp = readTimestamp(root);
        final List<DimensionSpec> dimensions = readDimensions(root);
        final List<MetricSpec> metrics = readMetrics(root);
        final Granularity rollup = readPeriod(root, "rollup", true).orElse(TableSpec.ROLLUP_DEFAULT);
        final Granularity segmentGranularity =
            readPeriod(root, "segmentGranularity", false).orElse(TableSpec.SEGMENT_GRANULARITY_DEFAULT);
        final Optional<Granularity> retention = readPeriod(root, "retention", false);
        final SourceSpec source = readSource(root);

        return new TableSpec(name, timestamp, dimensions, metrics, rollup, segmentGranularity, retention, source);
    }

    private static TimestampSpec readTimestamp(final JsonNode root)
    {
        final JsonNode node = root.get("timestamp");
        if (isAbsent(node))
        {
            throw new InvalidTableSpecException("timestamp", "missing (expected {\"column\": ..., \"format\": ...})");
        }
        requireObject(node, "timestamp");
        checkFields(node, "timestamp", TIMESTAMP_FIELDS);

        final String column = requiredText(node, "timestamp", "column");
        if (column.isEmpty())
        {
            throw new InvalidTableSpecException("timestamp.column", "must not be empty");
        }
        final String formatName = optionalText(node, "timestamp", "format");
        final TimestampFormat format = formatName == null ? TimestampFormat.AUTO : TimestampFormat
            .fromJsonName(formatName)
            .orElseThrow(() -> new InvalidTableSpecException("timestamp.format",
                "unknown format '" + formatName + "' (expected one of " + TimestampFormat.jsonNames() + ")"));
        return new TimestampSpec(column, format);
    }

    private static List<DimensionSpec> readDimensions(final JsonNode root)
    {
        final List<DimensionSpec> dimensions = new ArrayList<>();
        final JsonNode array = root.get("dimensions");
        if (isAbsent(array))
        {
            return dimensions;
        }
        requireArray(array, "dimensions");
        for (int i = 0; i < array.size(); i++)
        {
            final JsonNode node = array.get(i);
            final String path = "dimensions[" + i + "]";
            if (node.isTextual())
            {
                TableSpec.checkName(path, node.textValue());
                dimensions.add(DimensionSpec.string(node.textValue()));
            }
            else if (node.isObject())
            {
                checkFields(node, path, DIMENSION_FIELDS);
                final String name = requiredText(node, path, "name");
                TableSpec.checkName(path + ".name", name);
                final String typeName = optionalText(node, path, "type");
                final ValueType type = typeName == null ? ValueType.STRING : dimensionType(path + ".type", typeName);
                dimensions.add(new DimensionSpec(name, type));
            }
            else
            {
                throw new InvalidTableSpecException(path,
                    "expected a name or an object {\"name\": ..., \"type\": ...}, got " + typeName(node));
            }
        }
        return dimensions;
    }

    private static ValueType dimensionType(final String path, final String typeName)
    {
        for (final ValueType type : DIMENSION_TYPES)
        {
            if (DimensionSpec.typeJsonName(type).equals(typeName))
            {
                return type;
            }
        }
        throw new InvalidTableSpecException(path,
            "unknown type '" + typeName + "' (expected one of " + DIMENSION_TYPE_NAMES + ")");
    }

    private static List<MetricSpec> readMetrics(final JsonNode root)
    {
        final List<MetricSpec> metrics = new ArrayList<>();
        final JsonNode array = root.get("metrics");
        if (isAbsent(array))
        {
            return metrics;
        }
        requireArray(array, "metrics");
        for (int i = 0; i < array.size(); i++)
        {
            final JsonNode node = array.get(i);
            final String path = "metrics[" + i + "]";
            requireObject(node, path);
            checkFields(node, path, METRIC_FIELDS);

            final String name = requiredText(node, path, "name");
            final String typeName = requiredText(node, path, "type");
            final MetricType type = MetricType.fromJsonName(typeName)
                .orElseThrow(() -> new InvalidTableSpecException(path + ".type",
                    "unknown type '" + typeName + "' (expected one of " + MetricType.jsonNames() + ")"));
            final String field = optionalText(node, path, "field");
            if (type.needsField() && field == null)
            {
                throw new InvalidTableSpecException(path + ".field",
                    "missing (required for type '" + type.jsonName() + "': the input field to aggregate)");
            }
            if (!type.needsField() && field != null)
            {
                throw new InvalidTableSpecException(path + ".field",
                    "not allowed for type '" + type.jsonName() + "' (it counts events)");
            }
            if (field != null && field.isEmpty())
            {
                throw new InvalidTableSpecException(path + ".field", "must not be empty");
            }
            metrics.add(new MetricSpec(name, type, field));
        }
        return metrics;
    }

    private static Optional<Granularity> readPeriod(final JsonNode root, final String key, final boolean allowNone)
    {
        final String text = optionalText(root, "", key);
        if (text == null)
        {
            return Optional.empty();
        }
        try
        {
            return Optional.of(Granularity.parse(text, allowNone));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InvalidTableSpecException(key, ex.getMessage());
        }
    }

    private static SourceSpec readSource(final JsonNode root)
    {
        final JsonNode node = root.get("source");
        if (isAbsent(node))
        {
            return SourceSpec.push();
        }
        requireObject(node, "source");
        final String typeName = requiredText(node, "source", "type");
        final SourceType type = SourceType.fromJsonName(typeName)
            .orElseThrow(() -> new InvalidTableSpecException("source.type",
                "unknown type '" + typeName + "' (expected one of " + SourceType.jsonNames() + ")"));

        if (type == SourceType.PUSH)
        {
            final Iterator<String> names = node.fieldNames();
            while (names.hasNext())
            {
                final String fieldName = names.next();
                if (!fieldName.equals("type"))
                {
                    throw new InvalidTableSpecException("source." + fieldName,
                        KAFKA_FIELDS.contains(fieldName) ? "not allowed for source type 'push'" :
                        "unknown field (expected only type for source type 'push')");
                }
            }
            return SourceSpec.push();
        }

        checkFields(node, "source", KAFKA_FIELDS);
        final String bootstrapServers = requiredText(node, "source", "bootstrapServers");
        final String topic = requiredText(node, "source", "topic");
        if (bootstrapServers.isBlank())
        {
            throw new InvalidTableSpecException("source.bootstrapServers", "must not be empty");
        }
        if (topic.isBlank())
        {
            throw new InvalidTableSpecException("source.topic", "must not be empty");
        }
        return SourceSpec.kafka(bootstrapServers, topic, readProperties(node.get("properties")));
    }

    private static Map<String, String> readProperties(final JsonNode node)
    {
        final Map<String, String> properties = new LinkedHashMap<>();
        if (isAbsent(node))
        {
            return properties;
        }
        requireObject(node, "source.properties");
        for (final Map.Entry<String, JsonNode> field : node.properties())
        {
            final JsonNode value = field.getValue();
            if (!value.isValueNode() || value.isNull())
            {
                throw new InvalidTableSpecException("source.properties." + field.getKey(),
                    "expected a string, number or boolean, got " + typeName(value));
            }
            properties.put(field.getKey(), value.asText());
        }
        return properties;
    }

    static String toJson(final TableSpec spec)
    {
        return toJsonNode(spec).toString();
    }

    static ObjectNode toJsonNode(final TableSpec spec)
    {
        final ObjectNode root = MAPPER.createObjectNode();
        root.put("name", spec.name());

        final ObjectNode timestamp = root.putObject("timestamp");
        timestamp.put("column", spec.timestamp().column());
        timestamp.put("format", spec.timestamp().format().jsonName());

        final ArrayNode dimensions = root.putArray("dimensions");
        for (final DimensionSpec dimension : spec.dimensions())
        {
            if (dimension.type() == ValueType.STRING)
            {
                dimensions.add(dimension.name());
            }
            else
            {
                dimensions.addObject()
                    .put("name", dimension.name())
                    .put("type", DimensionSpec.typeJsonName(dimension.type()));
            }
        }

        final ArrayNode metrics = root.putArray("metrics");
        for (final MetricSpec metric : spec.metrics())
        {
            final ObjectNode node = metrics.addObject()
                .put("name", metric.name())
                .put("type", metric.type().jsonName());
            if (metric.field() != null)
            {
                node.put("field", metric.field());
            }
        }

        root.put("rollup", spec.rollup().toString());
        root.put("segmentGranularity", spec.segmentGranularity().toString());
        spec.retention().ifPresent((retention) -> root.put("retention", retention.toString()));

        final SourceSpec source = spec.source();
        final ObjectNode sourceNode = root.putObject("source");
        sourceNode.put("type", source.type().jsonName());
        if (source.type() == SourceType.KAFKA)
        {
            sourceNode.put("bootstrapServers", source.bootstrapServers());
            sourceNode.put("topic", source.topic());
            final ObjectNode properties = sourceNode.putObject("properties");
            source.properties().forEach(properties::put);
        }
        return root;
    }

    private static void checkFields(final JsonNode node, final String path, final List<String> allowed)
    {
        final Iterator<String> names = node.fieldNames();
        while (names.hasNext())
        {
            final String name = names.next();
            if (!allowed.contains(name))
            {
                throw new InvalidTableSpecException(child(path, name),
                    "unknown field (expected one of " + String.join(", ", allowed) + ")");
            }
        }
    }

    private static String requiredText(final JsonNode node, final String path, final String key)
    {
        final String text = optionalText(node, path, key);
        if (text == null)
        {
            throw new InvalidTableSpecException(child(path, key), "missing (required)");
        }
        return text;
    }

    /** The string value of {@code key}, or null when absent or JSON null. */
    private static String optionalText(final JsonNode node, final String path, final String key)
    {
        final JsonNode value = node.get(key);
        if (isAbsent(value))
        {
            return null;
        }
        if (!value.isTextual())
        {
            throw new InvalidTableSpecException(child(path, key), "expected a string, got " + typeName(value));
        }
        return value.textValue();
    }

    private static void requireObject(final JsonNode node, final String path)
    {
        if (!node.isObject())
        {
            throw new InvalidTableSpecException(path, "expected an object, got " + typeName(node));
        }
    }

    private static void requireArray(final JsonNode node, final String path)
    {
        if (!node.isArray())
        {
            throw new InvalidTableSpecException(path, "expected an array, got " + typeName(node));
        }
    }

    private static boolean isAbsent(final JsonNode node)
    {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static String child(final String path, final String key)
    {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String typeName(final JsonNode node)
    {
        if (node == null || node.isMissingNode())
        {
            return "nothing";
        }
        final String value = node.isContainerNode() ? "" : " " + abbreviate(node.toString());
        return node.getNodeType().name().toLowerCase(Locale.ROOT) + value;
    }

    private static String abbreviate(final String text)
    {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
