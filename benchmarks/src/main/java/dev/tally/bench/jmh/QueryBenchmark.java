package dev.tally.bench.jmh;

import dev.tally.query.exec.QueryContext;
import dev.tally.query.exec.QueryEngine;
import dev.tally.query.exec.QueryResult;
import dev.tally.query.model.Aggregation;
import dev.tally.query.model.Expr;
import dev.tally.query.model.Filter;
import dev.tally.query.model.Grouping;
import dev.tally.query.model.NativeQuery;
import dev.tally.query.model.OrderBy;
import dev.tally.query.model.VirtualColumn;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The native engine against DuckDB on the same rows, in the same JVM and run: 10M generated wide events (one row
 * per event; the wide schema's minute rollup barely shrinks them), 24 hourly segments, both engines on 2 threads.
 * Every query's answer is compared with DuckDB's before anything is timed. Score: queries/s; rows/s = score ×
 * rows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.ADD_EXPORTS_MISC, JvmFlags.ADD_OPENS_NIO, JvmFlags.ADD_EXPORTS_NIO_CH,
    JvmFlags.NO_BOUNDS_CHECKS,
    "-Xmx6g"})
public class QueryBenchmark
{
    @Param({"10000000"})
    int rows;

    @Param({"selectiveCount", "groupByDevice", "topCountryDevice", "timeSeries5m", "caseGroupBy", "hourOfDay",
        "sumRevenue", "sumCase", "metricProduct"})
    String query;

    private QueryData data;
    private QueryEngine engine;
    private NativeQuery nativeQuery;
    private String sql;
    private Statement statement;

    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        data = new QueryData(rows);
        engine = new QueryEngine(2);
        statement = data.duckdb.createStatement();
        statement.execute("SET threads = 2");
        switch (query)
        {
            case "selectiveCount" ->
            {
                nativeQuery = NativeQuery.groupBy("events")
                    .filter(Filter.and(Filter.equals("country", "DE"), Filter.equals("browser", "Chrome")))
                    .aggregations(Aggregation.count("n"), Aggregation.of(Aggregation.Kind.SUM, "revenue", "r"))
                    .build();
                sql = "SELECT SUM(count), SUM(revenue) FROM events WHERE country = 'DE' AND browser = 'Chrome'";
            }
            case "groupByDevice" ->
            {
                nativeQuery = NativeQuery.groupBy("events")
                    .groupings(new Grouping.Dimension("device", null))
                    .aggregations(Aggregation.count("n"), Aggregation.of(Aggregation.Kind.SUM, "revenue", "r"))
                    .orderBy(OrderBy.asc("device"))
                    .build();
                sql = "SELECT device, SUM(count), SUM(revenue) FROM events GROUP BY device ORDER BY device";
            }
            case "topCountryDevice" ->
            {
                nativeQuery = NativeQuery.groupBy("events")
                    .filter(new Filter.In("os", List.of("iOS", "Android")))
                    .groupings(new Grouping.Dimension("country", null), new Grouping.Dimension("device", null))
                    .aggregations(Aggregation.count("n"))
                    .orderBy(OrderBy.desc("n"), OrderBy.asc("country"), OrderBy.asc("device"))
                    .limit(10)
                    .build();
                sql = "SELECT country, device, SUM(count) AS n FROM events WHERE os IN ('iOS', 'Android') " +
                    "GROUP BY 1, 2 ORDER BY n DESC, country, device LIMIT 10";
            }
            case "timeSeries5m" ->
            {
                nativeQuery = NativeQuery.groupBy("events")
                    .groupings(new Grouping.TimeBucket("PT5M", null, "t"))
                    .aggregations(Aggregation.count("n"))
                    .orderBy(OrderBy.asc("t"))
                    .build();
                sql = "SELECT epoch_ms(time_bucket(INTERVAL '5 minutes', __time)), SUM(count) FROM events " +
                    "GROUP BY 1 ORDER BY 1";
            }
            case "caseGroupBy" ->
            {
                // groupByDevice's shape over an expression of a dimension (evaluated once per dictionary id)
                nativeQuery = NativeQuery.groupBy("events")
                    .virtualColumns(new VirtualColumn("bucket", Expr.call("case", Expr.call("in",
                        Expr.column("country"), Expr.literal("US"), Expr.literal("DE"), Expr.literal("GB"),
                        Expr.literal("FR")), Expr.column("country"), Expr.literal("Other"))))
                    .groupings(new Grouping.Dimension("bucket", null))
                    .aggregations(Aggregation.count("n"), Aggregation.of(Aggregation.Kind.SUM, "revenue", "r"))
                    .orderBy(OrderBy.asc("bucket"))
                    .build();
                sql = "SELECT CASE WHEN country IN ('US', 'DE', 'GB', 'FR') THEN country ELSE 'Other' END AS b, " +
                    "SUM(count), SUM(revenue) FROM events GROUP BY 1 ORDER BY 1";
            }
            case "hourOfDay" ->
            {
                // timeSeries5m's shape over EXTRACT(HOUR FROM __time): a value per row, not a bucket
                nativeQuery = NativeQuery.groupBy("events")
                    .virtualColumns(new VirtualColumn("hour", Expr.call("extract", Expr.literal("HOUR"),
                        Expr.column("__time"))))
                    .groupings(new Grouping.Dimension("hour", null))
                    .aggregations(Aggregation.count("n"))
                    .orderBy(OrderBy.asc("hour"))
                    .build();
                sql = "SELECT hour(__time) AS h, SUM(count) FROM events GROUP BY 1 ORDER BY 1";
            }
            case "sumRevenue" ->
            {
                nativeQuery = NativeQuery.groupBy("events")
                    .aggregations(Aggregation.count("n"), Aggregation.of(Aggregation.Kind.SUM, "revenue", "r"))
                    .build();
                sql = "SELECT SUM(count), SUM(revenue) FROM events";
            }
            case "sumCase" ->
            {
                // sumRevenue's shape with SUM(CASE WHEN ...) and COUNT(*) FILTER (WHERE ...)
                nativeQuery = NativeQuery.groupBy("events")
                    .virtualColumns(new VirtualColumn("mobileRevenue", Expr.call("case", Expr.call("=",
                        Expr.column("device"), Expr.literal("mobile")), Expr.column("revenue"), Expr.literal(0.0))))
                    .aggregations(Aggregation.count("n").filtered(new Filter.Expression(Expr.call("=",
                        Expr.column("os"), Expr.literal("iOS")))),
                        Aggregation.of(Aggregation.Kind.SUM, "mobileRevenue", "r"))
                    .build();
                sql = "SELECT SUM(count) FILTER (WHERE os = 'iOS'), SUM(CASE WHEN device = 'mobile' THEN revenue " +
                    "ELSE 0 END) FROM events";
            }
            case "metricProduct" ->
            {
                // arithmetic over two metrics: every row here is one event (rollup NONE's case)
                nativeQuery = NativeQuery.groupBy("events")
                    .virtualColumns(new VirtualColumn("product", Expr.call("*", Expr.column("revenue"),
                        Expr.column("latency_max"))))
                    .aggregations(Aggregation.of(Aggregation.Kind.SUM, "product", "p"))
                    .build();
                sql = "SELECT SUM(revenue * latency_max) FROM events";
            }
            default -> throw new IllegalArgumentException("unknown query " + query);
        }
        final List<String> tally = render(tally());
        final List<String> duck = render(duckdb());
        if (!tally.equals(duck))
        {
            throw new IllegalStateException("query[" + query + "] answers differ:\n tally  " + tally + "\n duckdb " +
                duck);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception
    {
        statement.close();
        engine.close();
        data.close();
    }

    @Benchmark
    public QueryResult tally()
    {
        return engine.run(nativeQuery, data.segments, QueryContext.defaults());
    }

    @Benchmark
    public List<Object[]> duckdb() throws SQLException
    {
        final List<Object[]> result = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery(sql))
        {
            final int columns = rs.getMetaData().getColumnCount();
            while (rs.next())
            {
                final Object[] row = new Object[columns];
                for (int c = 0; c < columns; c++)
                {
                    row[c] = rs.getObject(c + 1);
                }
                result.add(row);
            }
        }
        return result;
    }

    private static List<String> render(final QueryResult result)
    {
        return render(result.rows());
    }

    /** Rows as text with numbers normalized (DuckDB sums are HUGEINT/BigDecimal), doubles to 9 significant digits. */
    private static List<String> render(final List<Object[]> rows)
    {
        final List<String> text = new ArrayList<>();
        for (final Object[] row : rows)
        {
            final StringBuilder line = new StringBuilder();
            for (final Object value : row)
            {
                if (value instanceof Double || value instanceof Float || value instanceof java.math.BigDecimal)
                {
                    line.append(String.format(Locale.ROOT, "%.9g", ((Number)value).doubleValue())).append('|');
                }
                else if (value instanceof Number number)
                {
                    line.append(number.longValue()).append('|');
                }
                else
                {
                    line.append(value).append('|');
                }
            }
            text.add(line.toString());
        }
        return text;
    }
}
