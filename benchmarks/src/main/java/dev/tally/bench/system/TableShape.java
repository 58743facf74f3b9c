package dev.tally.bench.system;

import java.util.List;

/**
 * The two table specs of shared BENCHMARKS.md over the generated web events: {@code wide} (six dimensions, page in
 * the key, so a minute rollup barely shrinks the data) and {@code narrow} (four, where rollup pays). Both carry
 * count, revenue (doubleSum), latency_max (longMax) and users (hllSketch of user_id), rollup PT1M.
 */
public record TableShape(String name, List<String> dimensions)
{
    public static final TableShape WIDE = new TableShape("wide",
        List.of("country", "device", "os", "browser", "page", "referrer"));
    public static final TableShape NARROW = new TableShape("narrow", List.of("country", "device", "os", "browser"));
    static final String PUSH_SOURCE = "{\"type\": \"push\"}";

    /** The push table spec Tally is given. */
    public String spec()
    {
        return spec(PUSH_SOURCE);
    }

    /** The table spec Tally is given, with {@code sourceJson} as its source (push, kafka). */
    String spec(final String sourceJson)
    {
        return """
            {"name": "%s", "timestamp": {"column": "ts", "format": "iso"},
             "dimensions": [%s],
             "metrics": [
               {"name": "count", "type": "count"},
               {"name": "revenue", "type": "doubleSum", "field": "revenue"},
               {"name": "latency_max", "type": "longMax", "field": "latency_ms"},
               {"name": "users", "type": "hllSketch", "field": "user_id"}],
             "rollup": "PT1M", "segmentGranularity": "PT1H", "source": %s}
            """.formatted(name, String.join(", ", dimensions.stream().map(d -> '"' + d + '"').toList()), sourceJson);
    }

    /** DuckDB's own rollup of the raw events to one minute over this shape's dimensions. */
    String duckDbRollup(final String rawTable)
    {
        final String dims = String.join(", ", dimensions);
        return "CREATE TABLE " + rolledTable() + " AS SELECT date_trunc('minute', ts) AS ts, " + dims +
            ", COUNT(*) AS count, SUM(revenue) AS revenue, MAX(latency_ms) AS latency_max FROM " + rawTable +
            " GROUP BY ALL ORDER BY ts";
    }

    String rolledTable()
    {
        return name + "_rolled";
    }

    boolean has(final List<String> columns)
    {
        return dimensions.containsAll(columns);
    }
}
