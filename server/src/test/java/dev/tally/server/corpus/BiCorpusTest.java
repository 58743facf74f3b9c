package dev.tally.server.corpus;

import dev.tally.server.testing.TwinTables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16's BI corpus: statements in the shapes Superset, Metabase, Tableau, Grafana and Looker generate (time series
 * by DATE_TRUNC and TIME_FLOOR, CASE buckets, filters on expressions, top-N plus Other, conditional aggregates,
 * COUNT(DISTINCT), percent of total, day-of-week by hour heat maps, daily CAST(__time AS DATE), quoted identifiers,
 * SELECT * FROM (...) LIMIT wrappers), each run over HTTP and JDBC on a million events in a table rolled up per minute
 * and in its {@code rollup: NONE} copy ({@link TwinTables}); every answer must equal DuckDB's over the raw events, and
 * every shape the engine can take whole must run as one native query. The corpus lives in {@code bi-corpus/*.sql}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BiCorpusTest
{
    private static final String[] CORPUS = {"/bi-corpus/time-series.sql", "/bi-corpus/buckets.sql",
        "/bi-corpus/filters.sql", "/bi-corpus/aggregates.sql", "/bi-corpus/heat-maps.sql", "/bi-corpus/strings.sql",
        "/bi-corpus/wrappers.sql"};
    private static final List<String> TABLES = List.of(TwinTables.ROLLED, TwinTables.RAW);
    private static final long EVENTS = 1_000_000;
    private static final long SEED = 16;

    @TempDir
    static Path dir;

    private TwinTables tables;
    private Connection jdbc;
    private CorpusRunner runner;

    @BeforeAll
    void startAndLoad() throws Exception
    {
        tables = TwinTables.start(dir, SEED, EVENTS);
        jdbc = DriverManager.getConnection("jdbc:tally://127.0.0.1:" + tables.port());
        runner = new CorpusRunner(tables.http(), jdbc, tables.duckDb());
    }

    @AfterAll
    void stop() throws Exception
    {
        try
        {
            if (runner != null)
            {
                runner.close();
            }
            if (jdbc != null)
            {
                jdbc.close();
            }
        }
        finally
        {
            if (tables != null)
            {
                tables.close();
            }
        }
    }

    @Test
    void corpusHoldsAtLeast300StatementsFromEveryTool()
    {
        final List<SqlCorpus.Entry> entries = SqlCorpus.load(TABLES, CORPUS);
        assertThat(entries).hasSizeGreaterThanOrEqualTo(300);
        final Set<String> sources = entries.stream().map(e -> e.source().split(" ")[0]).collect(Collectors.toSet());
        assertThat(sources).as("sources").contains("apache/superset", "metabase/metabase", "tableau",
            "grafadruid/druid-grafana", "looker");
        assertThat(entries.stream().filter(e -> e.tables().equals(TABLES)).count()).as("entries on both tables")
            .isGreaterThanOrEqualTo(250);
    }

    /** The rolled table must in fact hold rows of several events, or it would test nothing the raw one does not. */
    @Test
    void rolledTableHoldsFewerRowsThanEventsAndRawTableOneRowAnEvent()
    {
        assertThat(tables.http().get("/v1/tables/" + TwinTables.ROLLED + "/status").json().path("rows").asLong())
            .as("rows of the rolled table").isLessThan(EVENTS / 2);
        assertThat(tables.http().get("/v1/tables/" + TwinTables.RAW + "/status").json().path("rows").asLong())
            .as("rows of the raw table").isEqualTo(EVENTS);
    }

    @TestFactory
    Stream<DynamicNode> corpusAnswersEqualDuckDbsAndPushableShapesRunAsOneNativeQuery()
    {
        return runner.tests(SqlCorpus.load(TABLES, CORPUS));
    }
}
