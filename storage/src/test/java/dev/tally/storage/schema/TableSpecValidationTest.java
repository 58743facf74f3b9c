package dev.tally.storage.schema;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One test per rejected spec: each checks the JSON path in {@code field()} and the full message. */
class TableSpecValidationTest
{
    private static final String METRIC_TYPES =
        "count, longSum, doubleSum, longMin, longMax, doubleMin, doubleMax, hllSketch, quantilesSketch";

    @Test
    void rejectsMalformedJson()
    {
        assertInvalid("{\"name\": \"t\",", "", "malformed JSON at line 1 column 14: Unexpected end-of-input");
    }

    @Test
    void rejectsTrailingContent()
    {
        assertInvalid(spec("") + " {}", "", "malformed JSON");
    }

    @Test
    void rejectsDuplicateKeys()
    {
        assertInvalid("{\"name\": \"a\", \"name\": \"b\"}", "",
            "malformed JSON at line 1 column 21: Duplicate field 'name'");
    }

    @Test
    void rejectsNonObject()
    {
        assertInvalid("[1, 2]", "", "not a JSON object (got array)");
        assertInvalid("", "", "not a JSON object (got nothing)");
        assertInvalid("\"events\"", "", "not a JSON object (got string \"events\")");
        assertThatThrownBy(() -> TableSpec.parse(JsonNodeFactory.instance.numberNode(3)))
            .isInstanceOf(InvalidTableSpecException.class)
            .hasMessage("not a JSON object (got number 3)");
    }

    @Test
    void rejectsUnknownTopLevelField()
    {
        assertInvalid(spec(", \"rollups\": \"PT1M\""), "rollups",
            "rollups: unknown field (expected one of name, timestamp, dimensions, metrics, rollup," +
            " segmentGranularity, retention, source)");
    }

    @Test
    void rejectsUnknownNestedField()
    {
        assertInvalid(spec(", \"metrics\": [{\"name\": \"r\", \"type\": \"longSum\", \"fieldName\": \"x\"}]"),
            "metrics[0].fieldName", "metrics[0].fieldName: unknown field (expected one of name, type, field)");
    }

    @Test
    void rejectsMissingName()
    {
        assertInvalid("{\"timestamp\": {\"column\": \"ts\"}}", "name", "name: missing (required)");
    }

    @Test
    void rejectsNameThatIsNotAString()
    {
        assertInvalid("{\"name\": 42, \"timestamp\": {\"column\": \"ts\"}}", "name",
            "name: expected a string, got number 42");
    }

    @Test
    void rejectsNameThatIsNotAnIdentifier()
    {
        assertInvalid("{\"name\": \"my-table\", \"timestamp\": {\"column\": \"ts\"}}", "name",
            "name: name 'my-table' is not a SQL identifier (letters, digits and _, not starting with a digit)");
        assertInvalid("{\"name\": \"1st\", \"timestamp\": {\"column\": \"ts\"}}", "name",
            "name: name '1st' is not a SQL identifier (letters, digits and _, not starting with a digit)");
        assertInvalid("{\"name\": \"\", \"timestamp\": {\"column\": \"ts\"}}", "name", "name: name must not be empty");
    }

    @Test
    void rejectsReservedName()
    {
        assertInvalid("{\"name\": \"__sys\", \"timestamp\": {\"column\": \"ts\"}}", "name",
            "name: name '__sys' is reserved (names starting with __ are reserved)");
    }

    @Test
    void rejectsNameLongerThan128()
    {
        final String name = "t".repeat(129);
        assertInvalid("{\"name\": \"" + name + "\", \"timestamp\": {\"column\": \"ts\"}}", "name",
            "name: name is 129 characters long (at most 128)");
    }

    @Test
    void rejectsMissingTimestamp()
    {
        assertInvalid("{\"name\": \"t\"}", "timestamp",
            "timestamp: missing (expected {\"column\": ..., \"format\": ...})");
    }

    @Test
    void rejectsTimestampThatIsNotAnObject()
    {
        assertInvalid("{\"name\": \"t\", \"timestamp\": \"ts\"}", "timestamp",
            "timestamp: expected an object, got string \"ts\"");
    }

    @Test
    void rejectsMissingTimestampColumn()
    {
        assertInvalid("{\"name\": \"t\", \"timestamp\": {\"format\": \"iso\"}}", "timestamp.column",
            "timestamp.column: missing (required)");
        assertInvalid("{\"name\": \"t\", \"timestamp\": {\"column\": \"\"}}", "timestamp.column",
            "timestamp.column: must not be empty");
    }

    @Test
    void rejectsUnknownTimestampFormat()
    {
        assertInvalid("{\"name\": \"t\", \"timestamp\": {\"column\": \"ts\", \"format\": \"posix\"}}",
            "timestamp.format",
            "timestamp.format: unknown format 'posix' (expected one of iso, millis, seconds, auto)");
    }

    @Test
    void rejectsDimensionsThatAreNotAnArray()
    {
        assertInvalid(spec(", \"dimensions\": \"country\""), "dimensions",
            "dimensions: expected an array, got string \"country\"");
    }

    @Test
    void rejectsDimensionThatIsNeitherNameNorObject()
    {
        assertInvalid(spec(", \"dimensions\": [\"country\", 7]"), "dimensions[1]",
            "dimensions[1]: expected a name or an object {\"name\": ..., \"type\": ...}, got number 7");
    }

    @Test
    void rejectsUnknownDimensionType()
    {
        assertInvalid(spec(", \"dimensions\": [{\"name\": \"q\", \"type\": \"float\"}]"), "dimensions[0].type",
            "dimensions[0].type: unknown type 'float' (expected one of string, long, double)");
    }

    @Test
    void rejectsDimensionWithoutName()
    {
        assertInvalid(spec(", \"dimensions\": [{\"type\": \"long\"}]"), "dimensions[0].name",
            "dimensions[0].name: missing (required)");
    }

    @Test
    void rejectsReservedDimensionName()
    {
        assertInvalid(spec(", \"dimensions\": [\"country\", \"__source\"]"), "dimensions[1]",
            "dimensions[1]: name '__source' is reserved (names starting with __ are reserved)");
    }

    @Test
    void rejectsColumnNamedTime()
    {
        assertInvalid(spec(", \"metrics\": [{\"name\": \"__time\", \"type\": \"count\"}]"), "metrics[0].name",
            "metrics[0].name: name '__time' is reserved for the event time column");
        assertInvalid(spec(", \"dimensions\": [{\"name\": \"__time\", \"type\": \"long\"}]"), "dimensions[0].name",
            "dimensions[0].name: name '__time' is reserved for the event time column");
    }

    @Test
    void rejectsDuplicateDimensions()
    {
        assertInvalid(spec(", \"dimensions\": [\"country\", \"os\", \"country\"]"), "dimensions[2]",
            "dimensions[2]: duplicate column name 'country' (also dimensions[0])");
    }

    @Test
    void rejectsMetricNamedLikeADimension()
    {
        assertInvalid(
            spec(", \"dimensions\": [\"country\"], \"metrics\": [{\"name\": \"country\", \"type\": \"count\"}]"),
            "metrics[0].name", "metrics[0].name: duplicate column name 'country' (also dimensions[0])");
    }

    @Test
    void rejectsMetricsThatAreNotAnArray()
    {
        assertInvalid(spec(", \"metrics\": {\"name\": \"n\", \"type\": \"count\"}"), "metrics",
            "metrics: expected an array, got object");
    }

    @Test
    void rejectsMetricThatIsNotAnObject()
    {
        assertInvalid(spec(", \"metrics\": [\"count\"]"), "metrics[0]",
            "metrics[0]: expected an object, got string \"count\"");
    }

    @Test
    void rejectsUnknownMetricType()
    {
        assertInvalid(spec(", \"metrics\": [{\"name\": \"n\", \"type\": \"count\"}," +
            " {\"name\": \"s\", \"type\": \"sum\", \"field\": \"x\"}]"), "metrics[1].type",
            "metrics[1].type: unknown type 'sum' (expected one of " + METRIC_TYPES + ")");
    }

    @Test
    void rejectsMetricWithoutType()
    {
        assertInvalid(spec(", \"metrics\": [{\"name\": \"n\"}]"), "metrics[0].type",
            "metrics[0].type: missing (required)");
    }

    @Test
    void rejectsMetricWithoutRequiredField()
    {
        assertInvalid(spec(", \"metrics\": [{\"name\": \"revenue\", \"type\": \"doubleSum\"}]"), "metrics[0].field",
            "metrics[0].field: missing (required for type 'doubleSum': the input field to aggregate)");
    }

    @Test
    void rejectsFieldOnCount()
    {
        assertInvalid(spec(", \"metrics\": [{\"name\": \"n\", \"type\": \"count\", \"field\": \"x\"}]"),
            "metrics[0].field",
            "metrics[0].field: not allowed for type 'count' (it counts events)");
    }

    @Test
    void rejectsBadRollupPeriod()
    {
        assertInvalid(spec(", \"rollup\": \"PT0M\""), "rollup", "rollup: bad period[PT0M]: must be longer than zero");
        assertInvalid(spec(", \"rollup\": \"1 minute\""), "rollup",
            "rollup: bad period[1 minute]: expected an ISO-8601 period such as PT1M, PT1H, P1D, P1W, P1M or P1Y");
        assertInvalid(spec(", \"rollup\": 60000"), "rollup", "rollup: expected a string, got number 60000");
    }

    @Test
    void rejectsBadSegmentGranularity()
    {
        assertInvalid(spec(", \"segmentGranularity\": \"P1H\""), "segmentGranularity",
            "segmentGranularity: bad period[P1H]: expected an ISO-8601 period such as PT1M, PT1H, P1D, P1W," +
            " P1M or P1Y");
        assertInvalid(spec(", \"segmentGranularity\": \"NONE\""), "segmentGranularity",
            "segmentGranularity: bad period[NONE]: NONE is not allowed here");
    }

    @Test
    void rejectsBadRetention()
    {
        assertInvalid(spec(", \"retention\": \"30 days\""), "retention",
            "retention: bad period[30 days]: expected an ISO-8601 period such as PT1M, PT1H, P1D, P1W, P1M or P1Y");
        assertInvalid(spec(", \"retention\": \"none\""), "retention",
            "retention: bad period[none]: NONE is not allowed here");
    }

    @Test
    void rejectsRollupThatDoesNotDivideSegments()
    {
        assertInvalid(spec(", \"rollup\": \"PT7M\", \"segmentGranularity\": \"PT1H\""), "rollup",
            "rollup: period[PT7M] does not divide segmentGranularity[PT1H] evenly");
        assertInvalid(spec(", \"rollup\": \"P1D\", \"segmentGranularity\": \"PT1H\""), "rollup",
            "rollup: period[P1D] does not divide segmentGranularity[PT1H] evenly");
    }

    @Test
    void rejectsRollupThatDoesNotDivideCalendarSegments()
    {
        assertInvalid(spec(", \"rollup\": \"P7D\", \"segmentGranularity\": \"P1M\""), "rollup",
            "rollup: period[P7D] does not divide segmentGranularity[P1M] evenly" +
            " (calendar segments need a rollup that divides a day, or whole months)");
    }

    @Test
    void rejectsUnknownSourceType()
    {
        assertInvalid(spec(", \"source\": {\"type\": \"kinesis\"}"), "source.type",
            "source.type: unknown type 'kinesis' (expected one of kafka, push)");
    }

    @Test
    void rejectsSourceWithoutType()
    {
        assertInvalid(spec(", \"source\": {\"topic\": \"events\"}"), "source.type", "source.type: missing (required)");
    }

    @Test
    void rejectsKafkaSourceWithoutTopic()
    {
        assertInvalid(spec(", \"source\": {\"type\": \"kafka\", \"bootstrapServers\": \"b:9092\"}"), "source.topic",
            "source.topic: missing (required)");
    }

    @Test
    void rejectsKafkaSourceWithoutBootstrapServers()
    {
        assertInvalid(spec(", \"source\": {\"type\": \"kafka\", \"topic\": \"events\"}"), "source.bootstrapServers",
            "source.bootstrapServers: missing (required)");
        assertInvalid(spec(", \"source\": {\"type\": \"kafka\", \"bootstrapServers\": \" \", \"topic\": \"e\"}"),
            "source.bootstrapServers", "source.bootstrapServers: must not be empty");
    }

    @Test
    void rejectsKafkaPropertyThatIsNotAScalar()
    {
        assertInvalid(spec(", \"source\": {\"type\": \"kafka\", \"bootstrapServers\": \"b:9092\", \"topic\": \"e\"," +
            " \"properties\": {\"acks\": [1]}}"), "source.properties.acks",
            "source.properties.acks: expected a string, number or boolean, got array");
    }

    @Test
    void rejectsKafkaFieldsOnPushSource()
    {
        assertInvalid(spec(", \"source\": {\"type\": \"push\", \"topic\": \"events\"}"), "source.topic",
            "source.topic: not allowed for source type 'push'");
    }

    @Test
    void constructorValidatesProgrammaticSpecs()
    {
        assertThatThrownBy(() -> new TableSpec("t", TimestampSpec.auto("ts"), List.of(DimensionSpec.string("a")),
            List.of(MetricSpec.count("a")), Granularity.MINUTE, Granularity.HOUR, Optional.empty(), SourceSpec.push()))
            .isInstanceOf(InvalidTableSpecException.class)
            .hasMessage("metrics[0].name: duplicate column name 'a' (also dimensions[0])");
        assertThatThrownBy(() -> SourceSpec.kafka("b:9092", null, Map.of()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("kafka source needs bootstrapServers[b:9092] and topic[null]");
    }

    /** A valid minimal spec with {@code extra} appended to its top-level fields. */
    private static String spec(final String extra)
    {
        return "{\"name\": \"t\", \"timestamp\": {\"column\": \"ts\"}" + extra + "}";
    }

    private static void assertInvalid(final String json, final String field, final String messageStart)
    {
        assertThatThrownBy(() -> TableSpec.parse(json))
            .isInstanceOfSatisfying(InvalidTableSpecException.class, (ex) ->
            {
                assertThat(ex.field()).isEqualTo(field);
                assertThat(ex.getMessage()).startsWith(messageStart);
            });
    }
}
