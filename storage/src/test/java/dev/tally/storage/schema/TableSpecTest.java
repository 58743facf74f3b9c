package dev.tally.storage.schema;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TableSpecTest
{
    /** The example of DESIGN.md §2. */
    static final String DESIGN_EXAMPLE = """
        {
          "name": "events",
          "timestamp": {"column": "ts", "format": "auto"},
          "dimensions": ["country", "device", "os", "browser", "page"],
          "metrics": [
            {"name": "count",       "type": "count"},
            {"name": "revenue",     "type": "doubleSum", "field": "revenue"},
            {"name": "latency_max", "type": "longMax",   "field": "latency_ms"},
            {"name": "users",       "type": "hllSketch", "field": "user_id"}
          ],
          "rollup": "PT1M",
          "segmentGranularity": "PT1H",
          "retention": "P30D",
          "source": {"type": "kafka", "bootstrapServers": "127.0.0.1:9092",
                     "topic": "events", "properties": {}}
        }
        """;

    @Test
    void designExampleParsesToExpectedValues()
    {
        final TableSpec spec = TableSpec.parse(DESIGN_EXAMPLE);

        assertThat(spec).isEqualTo(new TableSpec(
            "events",
            new TimestampSpec("ts", TimestampFormat.AUTO),
            List.of(
                DimensionSpec.string("country"),
                DimensionSpec.string("device"),
                DimensionSpec.string("os"),
                DimensionSpec.string("browser"),
                DimensionSpec.string("page")),
            List.of(
                MetricSpec.count("count"),
                new MetricSpec("revenue", MetricType.DOUBLE_SUM, "revenue"),
                new MetricSpec("latency_max", MetricType.LONG_MAX, "latency_ms"),
                new MetricSpec("users", MetricType.HLL_SKETCH, "user_id")),
            Granularity.MINUTE,
            Granularity.HOUR,
            Optional.of(Granularity.parse("P30D")),
            SourceSpec.kafka("127.0.0.1:9092", "events", Map.of())));
    }

    @Test
    void designExampleRoundTrips()
    {
        final TableSpec spec = TableSpec.parse(DESIGN_EXAMPLE);

        assertThat(TableSpec.parse(spec.toJson())).isEqualTo(spec);
        assertThat(TableSpec.parse(spec.toJsonNode())).isEqualTo(spec);
    }

    @Test
    void toJsonIsCanonical()
    {
        final TableSpec spec = TableSpec.parse("""
            {"name": "clicks", "timestamp": {"column": "t"},
             "dimensions": ["page", {"name": "quantity", "type": "long"}, {"name": "region", "type": "string"}],
             "metrics": [{"name": "n", "type": "count"}], "rollup": "none", "segmentGranularity": "P1W"}
            """);

        assertThat(spec.toJson()).isEqualTo(
            "{\"name\":\"clicks\",\"timestamp\":{\"column\":\"t\",\"format\":\"auto\"}," +
            "\"dimensions\":[\"page\",{\"name\":\"quantity\",\"type\":\"long\"},\"region\"]," +
            "\"metrics\":[{\"name\":\"n\",\"type\":\"count\"}],\"rollup\":\"NONE\",\"segmentGranularity\":\"P7D\"," +
            "\"source\":{\"type\":\"push\"}}");
        assertThat(TableSpec.parse(spec.toJson())).isEqualTo(spec);
    }

    @Test
    void omittedFieldsTakeDefaults()
    {
        final TableSpec spec = TableSpec.parse("{\"name\": \"t\", \"timestamp\": {\"column\": \"ts\"}}");

        assertThat(spec.timestamp().format()).isEqualTo(TimestampFormat.AUTO);
        assertThat(spec.dimensions()).isEmpty();
        assertThat(spec.metrics()).isEmpty();
        assertThat(spec.rollup()).isEqualTo(TableSpec.ROLLUP_DEFAULT).hasToString("PT1M");
        assertThat(spec.segmentGranularity()).isEqualTo(TableSpec.SEGMENT_GRANULARITY_DEFAULT).hasToString("PT1H");
        assertThat(spec.retention()).isEmpty();
        assertThat(spec.source()).isEqualTo(SourceSpec.push());
    }

    @Test
    void nullOptionalFieldsMeanAbsent()
    {
        final TableSpec spec = TableSpec.parse(
            "{\"name\": \"t\", \"timestamp\": {\"column\": \"ts\", \"format\": null}, \"retention\": null}");

        assertThat(spec.timestamp().format()).isEqualTo(TimestampFormat.AUTO);
        assertThat(spec.retention()).isEmpty();
    }

    @Test
    void kafkaPropertiesKeepOrderAndBecomeText()
    {
        final TableSpec spec = TableSpec.parse("""
            {"name": "t", "timestamp": {"column": "ts", "format": "millis"},
             "source": {"type": "kafka", "bootstrapServers": "b:9092", "topic": "t",
                        "properties": {"max.poll.records": 500, "enable.auto.commit": false, "group.id": "g"}}}
            """);

        assertThat(spec.source().properties())
            .containsExactly(Map.entry("max.poll.records", "500"), Map.entry("enable.auto.commit", "false"),
                Map.entry("group.id", "g"));
        assertThat(TableSpec.parse(spec.toJson())).isEqualTo(spec);
    }

    @Test
    void rowSchemaKeepsDeclaredOrder()
    {
        final TableSpec spec = TableSpec.parse("""
            {"name": "t", "timestamp": {"column": "ts"},
             "dimensions": ["country", {"name": "quantity", "type": "long"}, {"name": "price", "type": "double"}],
             "metrics": [{"name": "n", "type": "count"}, {"name": "total", "type": "doubleSum", "field": "price"},
                         {"name": "p", "type": "quantilesSketch", "field": "latency"}]}
            """);

        final RowSchema schema = spec.rowSchema();

        assertThat(schema.dimensions()).containsExactly(
            ColumnSpec.dimension("country", ValueType.STRING),
            ColumnSpec.dimension("quantity", ValueType.LONG),
            ColumnSpec.dimension("price", ValueType.DOUBLE));
        assertThat(schema.metrics()).containsExactly(
            ColumnSpec.metric("n", MetricType.COUNT),
            ColumnSpec.metric("total", MetricType.DOUBLE_SUM),
            ColumnSpec.metric("p", MetricType.QUANTILES_SKETCH));
        assertThat(schema.dimensionIndex("price")).isEqualTo(2);
        assertThat(schema.metricIndex("total")).isEqualTo(1);
    }

    @Test
    void calendarSegmentsAcceptRollupsThatDivideADay()
    {
        final TableSpec spec = TableSpec.parse("{\"name\": \"t\", \"timestamp\": {\"column\": \"ts\"}," +
            " \"rollup\": \"PT15M\", \"segmentGranularity\": \"P1M\"}");

        assertThat(spec.segmentGranularity().isFixed()).isFalse();
        assertThat(spec.rollup().durationMillis()).isEqualTo(15 * 60_000L);
    }

    @Test
    void everyTimestampFormatParses()
    {
        for (final TimestampFormat format : TimestampFormat.values())
        {
            final TableSpec spec = TableSpec.parse(
                "{\"name\": \"t\", \"timestamp\": {\"column\": \"ts\", \"format\": \"" + format.jsonName() + "\"}}");

            assertThat(spec.timestamp().format()).isEqualTo(format);
        }
    }

    @Test
    void namesMayUseUnderscoresAndDigitsAndReach128Characters()
    {
        final String name = "_a" + "1".repeat(TableSpec.MAX_NAME_LENGTH - 2);

        final TableSpec spec = TableSpec.parse("{\"name\": \"" + name + "\", \"timestamp\": {\"column\": \"ts\"}," +
            " \"dimensions\": [\"Country\", \"country\"]}");

        assertThat(spec.name()).hasSize(128);
        assertThat(spec.dimensions()).extracting(DimensionSpec::name).containsExactly("Country", "country");
    }
}
