package dev.tally.query.exec;

import dev.tally.query.model.Aggregation;
import dev.tally.query.model.Expr;
import dev.tally.query.model.Filter;
import dev.tally.query.model.Grouping;
import dev.tally.query.model.Interval;
import dev.tally.query.model.NativeQuery;
import dev.tally.query.model.OrderBy;
import dev.tally.query.model.VirtualColumn;
import dev.tally.storage.read.RowBuffer;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;
import dev.tally.storage.segment.Segment;
import dev.tally.storage.segment.SegmentWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hand-computed answers over a tiny rolled-up table, run against in-memory rows and against mapped segments (the
 * same rows split over two sources), as every query test should be.
 */
class QueryEngineTest
{
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z
    private static final long MINUTE = 60_000;
    private static final RowSchema SCHEMA = new RowSchema(
        List.of(ColumnSpec.dimension("country", ValueType.STRING), ColumnSpec.dimension("device", ValueType.STRING)),
        List.of(ColumnSpec.metric("count", MetricType.COUNT), ColumnSpec.metric("revenue", MetricType.DOUBLE_SUM),
            ColumnSpec.metric("latency_max", MetricType.LONG_MAX)));

    @TempDir
    Path dir;

    private final QueryEngine engine = new QueryEngine(2);
    private final List<Segment> segments = new ArrayList<>();

    @AfterEach
    void close()
    {
        engine.close();
        segments.forEach(Segment::close);
    }

    /** Rows: (minute, country, device, count, revenue, latency_max). */
    private static final Object[][] ROWS = {
        {0, "US", "mobile", 3L, 10.0, 120L},
        {0, "US", "desktop", 2L, 0.0, 80L},
        {0, "DE", "mobile", 1L, 5.5, 300L},
        {1, "US", "mobile", 4L, 2.5, 90L},
        {1, null, "tablet", 2L, null, 40L},
        {2, "DE", "desktop", 5L, 1.0, null},
        {61, "FR", "mobile", 1L, 7.0, 70L},
    };

    private List<RowSource> sources(final String kind) throws IOException
    {
        if (kind.equals("memory"))
        {
            return List.of(buffer(0, ROWS.length).view(2));
        }
        final List<RowSource> result = new ArrayList<>();
        for (final int[] range : new int[][] {{0, 3}, {3, ROWS.length}})
        {
            final Path file = dir.resolve("s" + range[0] + ".seg");
            new SegmentWriter(buffer(range[0], range[1]), new SegmentWriter.Options(2, 0.5)).write(file);
            final Segment segment = Segment.open(file);
            segments.add(segment);
            result.add(segment);
        }
        return result;
    }

    private static RowBuffer buffer(final int from, final int to)
    {
        final RowBuffer rows = new RowBuffer(SCHEMA);
        for (int i = from; i < to; i++)
        {
            final Object[] row = ROWS[i];
            rows.row(T0 + (int)row[0] * MINUTE).dimension(0, (String)row[1]).dimension(1, (String)row[2])
                .metric(0, (long)row[3]);
            if (row[4] != null)
            {
                rows.metric(1, (double)row[4]);
            }
            if (row[5] != null)
            {
                rows.metric(2, (long)row[5]);
            }
            rows.endRow();
        }
        return rows;
    }

    private List<List<Object>> run(final String kind, final NativeQuery query) throws IOException
    {
        final QueryResult result = engine.run(query, sources(kind), QueryContext.defaults());
        final List<List<Object>> rows = new ArrayList<>();
        for (final Object[] row : result.rows())
        {
            rows.add(Arrays.asList(row));
        }
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "segments"})
    void countAndSumSeeEventsNotRows(final String kind) throws IOException
    {
        final NativeQuery query = NativeQuery.groupBy("events")
            .aggregations(Aggregation.count("n"), Aggregation.of(Aggregation.Kind.SUM, "revenue", "revenue"),
                Aggregation.of(Aggregation.Kind.AVG, "revenue", "avg"),
                Aggregation.of(Aggregation.Kind.MAX, "latency_max", "lat"))
            .build();
        // 18 events; revenue 26.0 over the 16 events whose rows carried revenue
        assertThat(run(kind, query)).containsExactly(List.of(18L, 26.0, 26.0 / 16, 300L));
    }

    /**
     * Rolled rows that mix events with and without the field: AVG and COUNT of the metric count the events that
     * carried it (stored as carried counts), not the row's events. The second segment mixes nothing, so it stores no
     * carried column and its non-NULL rows count all their events.
     */
    @ParameterizedTest
    @ValueSource(strings = {"memory", "segments"})
    void averageAndCountOfAMetricCountTheEventsThatCarriedIt(final String kind) throws IOException
    {
        // (count, revenue or null, events that carried revenue or -1 for all)
        final long[][] first = {{4, 10, 2}, {3, 6, -1}, {2, -1, -1}};
        final long[][] second = {{5, 20, -1}, {1, -1, -1}};
        final List<RowSource> sources = new ArrayList<>();
        int n = 0;
        for (final long[][] rows : new long[][][] {first, second})
        {
            final RowBuffer buffer = new RowBuffer(SCHEMA);
            for (final long[] row : rows)
            {
                buffer.row(T0 + n++ * MINUTE).dimension(0, "US").dimension(1, "mobile").metric(0, row[0]);
                if (row[1] >= 0)
                {
                    buffer.metric(1, (double)row[1]);
                }
                if (row[2] >= 0)
                {
                    buffer.carried(1, row[2]);
                }
                buffer.endRow();
            }
            if (kind.equals("memory"))
            {
                sources.add(buffer.view(2));
                continue;
            }
            final Path file = dir.resolve("carried" + n + ".seg");
            new SegmentWriter(buffer, new SegmentWriter.Options(2, 0.5)).write(file);
            final Segment segment = Segment.open(file);
            segments.add(segment);
            sources.add(segment);
            assertThat(segment.metric(1).hasCarried()).isEqualTo(rows == first);
        }
        final NativeQuery query = NativeQuery.groupBy("events")
            .aggregations(Aggregation.count("n"), Aggregation.of(Aggregation.Kind.COUNT, "revenue", "with"),
                Aggregation.of(Aggregation.Kind.SUM, "revenue", "sum"),
                Aggregation.of(Aggregation.Kind.AVG, "revenue", "avg"))
            .build();
        final List<Object> expected = List.of(15L, 10L, 36.0, 3.6);
        assertThat(engine.run(query, sources, QueryContext.defaults()).rows())
            .containsExactly(expected.toArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "segments"})
    void topCountriesByEvents(final String kind) throws IOException
    {
        final NativeQuery query = NativeQuery.groupBy("events")
            .groupings(new Grouping.Dimension("country", null))
            .aggregations(Aggregation.count("n"))
            .orderBy(OrderBy.desc("n"))
            .limit(2)
            .build();
        assertThat(run(kind, query)).containsExactly(List.of("US", 9L), List.of("DE", 6L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "segments"})
    void nullIsItsOwnGroupAndNotEqualsExcludesIt(final String kind) throws IOException
    {
        final NativeQuery query = NativeQuery.groupBy("events")
            .filter(Filter.not(Filter.equals("country", "US")))
            .groupings(new Grouping.Dimension("country", null))
            .aggregations(Aggregation.count("n"))
            .orderBy(OrderBy.asc("country"))
            .build();
        assertThat(run(kind, query)).containsExactly(List.of("DE", 6L), List.of("FR", 1L));
        final NativeQuery nulls = NativeQuery.groupBy("events")
            .filter(new Filter.IsNull("country"))
            .groupings(new Grouping.Dimension("country", null), new Grouping.Dimension("device", null))
            .aggregations(Aggregation.count("n"))
            .build();
        assertThat(run(kind, nulls)).containsExactly(Arrays.asList(null, "tablet", 2L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "segments"})
    void fiveMinuteBucketsWithTimeFilter(final String kind) throws IOException
    {
        final NativeQuery query = NativeQuery.groupBy("events")
            .filter(Filter.and(new Filter.Range("__time", T0 + MINUTE, true, null, false),
                new Filter.In("device", List.of("mobile", "desktop"))))
            .groupings(new Grouping.TimeBucket("PT5M", null, "t"))
            .aggregations(Aggregation.count("n"), Aggregation.of(Aggregation.Kind.SUM, "revenue", "revenue"))
            .orderBy(OrderBy.asc("t"))
            .build();
        assertThat(run(kind, query)).containsExactly(List.of(T0, 9L, 3.5), List.of(T0 + 60 * MINUTE, 1L, 7.0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "segments"})
    void likeHavingAndDistinct(final String kind) throws IOException
    {
        final NativeQuery query = NativeQuery.groupBy("events")
            .filter(new Filter.Like("device", "%top", null))
            .groupings(new Grouping.Dimension("device", null))
            .aggregations(Aggregation.of(Aggregation.Kind.COUNT_DISTINCT, "country", "countries"),
                Aggregation.count("n"))
            .having(new Filter.Range("n", 3, true, null, false))
            .build();
        assertThat(run(kind, query)).containsExactly(List.of("desktop", 2L, 7L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "segments"})
    void minAndMaxOfTimeAreTheFirstAndLastRowTimes(final String kind) throws IOException
    {
        final NativeQuery query = NativeQuery.groupBy("events")
            .groupings(new Grouping.Dimension("country", "c"))
            .aggregations(Aggregation.of(Aggregation.Kind.MIN, "__time", "first"),
                Aggregation.of(Aggregation.Kind.MAX, "__time", "last"))
            .build();
        assertThat(run(kind, query)).containsExactlyInAnyOrder(
            Arrays.asList(null, T0 + MINUTE, T0 + MINUTE),
            List.of("DE", T0, T0 + 2 * MINUTE),
            List.of("FR", T0 + 61 * MINUTE, T0 + 61 * MINUTE),
            List.of("US", T0, T0 + MINUTE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "segments"})
    void emptySelectionStillAnswersGlobalAggregates(final String kind) throws IOException
    {
        final NativeQuery query = NativeQuery.groupBy("events")
            .intervals(new Interval(T0 + 1000 * MINUTE, T0 + 2000 * MINUTE))
            .aggregations(Aggregation.count("n"), Aggregation.of(Aggregation.Kind.SUM, "revenue", "revenue"))
            .build();
        assertThat(run(kind, query)).containsExactly(Arrays.asList(0L, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "segments"})
    void scanProjectsFilteredRowsInTimeOrder(final String kind) throws IOException
    {
        final NativeQuery query = NativeQuery.scan("events")
            .columns("__time", "country", "revenue")
            .filter(new Filter.Range("latency_max", 100, false, null, false))
            .orderBy(new OrderBy("__time", true, false), OrderBy.asc("country"))
            .build();
        assertThat(run(kind, query)).containsExactly(List.of(T0, "DE", 5.5), List.of(T0, "US", 10.0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "segments"})
    void groupsOverMaxGroupsFailNamingTheSettingWhetherOneSourceOrTheMergeHoldsThem(final String kind)
        throws IOException
    {
        // six (country, device) groups: one source holds them all, or two sources hold 3 and 4 that merge into 6
        final List<RowSource> sources = sources(kind);
        final NativeQuery query = NativeQuery.groupBy("events")
            .groupings(new Grouping.Dimension("country", null), new Grouping.Dimension("device", null))
            .aggregations(Aggregation.count("n"))
            .orderBy(OrderBy.desc("n"))
            .limit(1)
            .build();
        assertThatThrownBy(() -> engine.run(query, sources, new QueryContext("q", 10_000, 100, 4)))
            .isInstanceOfSatisfying(QueryException.class,
                ex -> assertThat(ex.kind()).isEqualTo(QueryException.Kind.RESOURCE_LIMIT))
            .hasMessageContaining("query.maxGroups[4]");
        assertThat(engine.run(query, sources, new QueryContext("q", 10_000, 100, 6)).rows()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "segments"})
    void badQueriesNameTheProblem(final String kind) throws IOException
    {
        final List<RowSource> sources = sources(kind);
        assertThatThrownBy(() -> engine.run(NativeQuery.groupBy("events")
            .groupings(new Grouping.Dimension("contry", null)).build(), sources, QueryContext.defaults()))
            .isInstanceOf(QueryException.class).hasMessageContaining("unknown column[contry]");
        assertThatThrownBy(() -> engine.run(NativeQuery.groupBy("events")
            .aggregations(Aggregation.of(Aggregation.Kind.SUM, "country", "s")).build(), sources,
            QueryContext.defaults()))
            .isInstanceOf(QueryException.class).hasMessageContaining("not numeric");
        assertThatThrownBy(() -> engine.run(NativeQuery.scan("events").build(), sources,
            new QueryContext("q", 10_000, 3, 1000)))
            .isInstanceOf(QueryException.class).hasMessageContaining("maxRows[3]");
        final QueryContext cancelled = QueryContext.defaults();
        cancelled.cancel();
        assertThatThrownBy(() -> engine.run(NativeQuery.groupBy("events").build(), sources, cancelled))
            .isInstanceOfSatisfying(QueryException.class,
                ex -> assertThat(ex.kind()).isEqualTo(QueryException.Kind.CANCELLED));
    }

    // ------------------------------------------------------------------ expressions

    private static Expr column(final String name)
    {
        return Expr.column(name);
    }

    private static Expr text(final String value)
    {
        return Expr.literal(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "segments"})
    void caseBucketOverADimensionGroupsLikeAPlainDimension(final String kind) throws IOException
    {
        // CASE WHEN country IN ('US', 'DE') THEN country ELSE 'Other' END: a NULL country is 'Other'
        final NativeQuery query = NativeQuery.groupBy("events")
            .virtualColumns(new VirtualColumn("bucket", Expr.call("case",
                Expr.call("in", column("country"), text("US"), text("DE")), column("country"), text("Other"))))
            .groupings(new Grouping.Dimension("bucket", null))
            .aggregations(Aggregation.count("n"), Aggregation.of(Aggregation.Kind.SUM, "revenue", "revenue"))
            .orderBy(OrderBy.asc("bucket"))
            .build();
        assertThat(run(kind, query)).containsExactly(List.of("DE", 6L, 6.5), List.of("Other", 3L, 7.0),
            List.of("US", 9L, 12.5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "segments"})
    void expressionOverTwoDimensionsAndAnExpressionFilter(final String kind) throws IOException
    {
        final NativeQuery query = NativeQuery.groupBy("events")
            .virtualColumns(new VirtualColumn("key", Expr.call("concat", column("country"), text("/"),
                column("device"))))
            .filter(new Filter.Expression(Expr.call("like", Expr.call("lower", column("device")), text("%O%"))))
            .groupings(new Grouping.Dimension("key", null))
            .aggregations(Aggregation.count("n"))
            .orderBy(OrderBy.asc("key"))
            .build();
        // LIKE is case-sensitive: nothing lower-cased holds an upper-case O
        assertThat(run(kind, query)).isEmpty();
        final NativeQuery matching = NativeQuery.groupBy("events")
            .virtualColumns(query.virtualColumns().toArray(new VirtualColumn[0]))
            .filter(Filter.or(new Filter.Expression(Expr.call("like", Expr.call("lower", column("device")),
                text("%o%"))), new Filter.Like("key", "FR/%", null)))
            .groupings(new Grouping.Dimension("key", null))
            .aggregations(Aggregation.count("n"))
            .orderBy(OrderBy.asc("key"))
            .build();
        assertThat(run(kind, matching)).containsExactly(List.of("DE/desktop", 5L), List.of("DE/mobile", 1L),
            List.of("FR/mobile", 1L), List.of("US/desktop", 2L), List.of("US/mobile", 7L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "segments"})
    void expressionsOfTimeGroupByTheirValues(final String kind) throws IOException
    {
        final NativeQuery hours = NativeQuery.groupBy("events")
            .virtualColumns(new VirtualColumn("hour", Expr.call("extract", text("HOUR"), column("__time"))),
                new VirtualColumn("clock", Expr.call("time_format", column("__time"), text("HH:mm"))))
            .groupings(new Grouping.Dimension("hour", null))
            .aggregations(Aggregation.count("n"), Aggregation.of(Aggregation.Kind.MAX, "clock", "last"))
            .orderBy(OrderBy.asc("hour"))
            .build();
        assertThat(run(kind, hours)).containsExactly(List.of(0L, 17L, "00:02"), List.of(1L, 1L, "01:01"));
        final NativeQuery clock = NativeQuery.groupBy("events")
            .virtualColumns(new VirtualColumn("clock", Expr.call("time_format", column("__time"), text("HH:mm"))))
            .groupings(new Grouping.Dimension("device", null))
            .aggregations(Aggregation.of(Aggregation.Kind.MAX, "clock", "last"),
                Aggregation.of(Aggregation.Kind.COUNT_DISTINCT, "clock", "minutes"))
            .orderBy(OrderBy.asc("device"))
            .build();
        assertThat(run(kind, clock)).containsExactly(List.of("desktop", "00:02", 2L),
            List.of("mobile", "01:01", 3L), List.of("tablet", "00:01", 1L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "segments"})
    void manyKeysNumberedAsTheyOccurAreChainedNotPacked(final String kind) throws IOException
    {
        // five keys each given room for the group limit: wider than a long, so chained (Tableau's date hierarchy)
        final String[] units = {"HOUR", "MINUTE", "DOW", "DOY", "YEAR"};
        final VirtualColumn[] columns = new VirtualColumn[units.length];
        final Grouping[] groupings = new Grouping[units.length];
        final OrderBy[] order = new OrderBy[units.length];
        for (int u = 0; u < units.length; u++)
        {
            columns[u] = new VirtualColumn(units[u], Expr.call("extract", text(units[u]), column("__time")));
            groupings[u] = new Grouping.Dimension(units[u], null);
            order[u] = OrderBy.asc(units[u]);
        }
        final NativeQuery query = NativeQuery.groupBy("events").virtualColumns(columns).groupings(groupings)
            .aggregations(Aggregation.count("n")).orderBy(order).build();
        assertThat(run(kind, query)).containsExactly(List.of(0L, 0L, 5L, 1L, 2026L, 6L),
            List.of(0L, 1L, 5L, 1L, 2026L, 6L), List.of(0L, 2L, 5L, 1L, 2026L, 5L), List.of(1L, 1L, 5L, 1L, 2026L, 1L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "segments"})
    void conditionalAggregatesCountEvents(final String kind) throws IOException
    {
        final NativeQuery query = NativeQuery.groupBy("events")
            .virtualColumns(
                new VirtualColumn("isMobile", Expr.call("case", Expr.call("=", column("device"), text("mobile")),
                    Expr.literal(1L), Expr.literal(0L))),
                new VirtualColumn("mobileCountry", Expr.call("case", Expr.call("=", column("device"),
                    text("mobile")), column("country"))),
                new VirtualColumn("revenue2", Expr.call("*", column("revenue"), Expr.literal(2L))))
            .aggregations(Aggregation.of(Aggregation.Kind.SUM, "isMobile", "mobile"),
                Aggregation.count("desktop").filtered(new Filter.Expression(Expr.call("=", column("device"),
                    text("desktop")))),
                Aggregation.of(Aggregation.Kind.COUNT_DISTINCT, "mobileCountry", "countries"),
                Aggregation.of(Aggregation.Kind.SUM, "revenue2", "twice"),
                Aggregation.of(Aggregation.Kind.AVG, "isMobile", "share"))
            .build();
        // SUM of a per-event value counts it once per event; SUM(revenue * 2) is twice the rolled sums
        assertThat(run(kind, query)).containsExactly(List.of(9L, 7L, 3L, 52.0, 9.0 / 18));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "segments"})
    void expressionFilterOverAMetricPartitionsTheEvents(final String kind) throws IOException
    {
        final Expr p = Expr.call(">", Expr.call("*", column("revenue"), Expr.literal(2L)), Expr.literal(10L));
        final long[] counts = new long[3];
        final Filter[] parts = {new Filter.Expression(p), new Filter.Expression(Expr.call("not", p)),
            new Filter.Expression(Expr.call("is_null", p))};
        for (int i = 0; i < parts.length; i++)
        {
            counts[i] = (Long)run(kind, NativeQuery.groupBy("events").filter(parts[i])
                .aggregations(Aggregation.count("n")).build()).get(0).get(0);
        }
        // revenue * 2 > 10 for rows of 3 + 1 + 1 events, not for 2 + 4 + 5, unknown for the 2 without revenue
        assertThat(counts).containsExactly(5L, 11L, 2L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "segments"})
    void metricsCombinedPerEventAreRefusedOverRolledRows(final String kind)
    {
        final NativeQuery query = NativeQuery.groupBy("events")
            .virtualColumns(new VirtualColumn("product", Expr.call("*", column("revenue"), column("latency_max"))))
            .aggregations(Aggregation.of(Aggregation.Kind.SUM, "product", "p"))
            .build();
        assertThatThrownBy(() -> run(kind, query)).isInstanceOf(QueryException.class)
            .hasMessageContaining("combines metrics [revenue, latency_max] per event")
            .hasMessageContaining("rollup NONE");
    }

    @org.junit.jupiter.api.Test
    void badExpressionsAreClearErrors()
    {
        assertThatThrownBy(() -> engine.run(NativeQuery.groupBy("events")
            .virtualColumns(new VirtualColumn("x", Expr.call("upper", column("revenue"))))
            .groupings(new Grouping.Dimension("x", null)).build(), SCHEMA, List.of(), QueryContext.defaults()))
            .isInstanceOf(QueryException.class).hasMessageContaining("upper needs STRING, not DOUBLE");
        assertThatThrownBy(() -> engine.run(NativeQuery.groupBy("events")
            .virtualColumns(new VirtualColumn("x", Expr.call("nope", column("country"))))
            .groupings(new Grouping.Dimension("x", null)).build(), SCHEMA, List.of(), QueryContext.defaults()))
            .isInstanceOf(QueryException.class).hasMessageContaining("unknown function[nope]");
        assertThatThrownBy(() -> engine.run(NativeQuery.groupBy("events")
            .virtualColumns(new VirtualColumn("x", Expr.call("lower", column("y"))),
                new VirtualColumn("y", Expr.call("upper", column("x"))))
            .groupings(new Grouping.Dimension("x", null)).build(), SCHEMA, List.of(), QueryContext.defaults()))
            .isInstanceOf(QueryException.class).hasMessageContaining("refers to itself");
        assertThatThrownBy(() -> engine.run(NativeQuery.groupBy("events")
            .virtualColumns(new VirtualColumn("country", Expr.literal(1L))).build(), SCHEMA, List.of(),
            QueryContext.defaults()))
            .isInstanceOf(QueryException.class).hasMessageContaining("has the name of a table column");
    }

    @org.junit.jupiter.api.Test
    void expressionQueriesRoundTripThroughJson()
    {
        final NativeQuery query = NativeQuery.groupBy("events")
            .virtualColumns(new VirtualColumn("v", Expr.call("case", Expr.call("is_null", column("country")),
                new Expr.Literal(null, Expr.Type.STRING), Expr.call("substring", column("country"), Expr.literal(1L),
                Expr.literal(2L)))))
            .filter(new Filter.Expression(Expr.call(">=", column("revenue"), Expr.literal(1.5))))
            .groupings(new Grouping.Dimension("v", null))
            .aggregations(Aggregation.count("n").filtered(Filter.equals("device", "mobile")))
            .build();
        assertThat(NativeQuery.fromJson(query.toJson())).isEqualTo(query);
    }
}
