package dev.tally.server.druid;

import dev.tally.server.corpus.CorpusRunner;
import dev.tally.server.corpus.SqlCorpus;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.LoadedServer;
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
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15's compatibility corpus: statements in the shapes Superset (with pydruid), Metabase's druid-jdbc driver,
 * Cube's Druid driver, Grafana's Druid data source and Druid's SQL documentation emit, each run verbatim over
 * {@code POST /druid/v2/sql} (array results with the names and SQL types header) and over JDBC
 * ({@code jdbc:tally://}); both answers must equal the entry's expectation, DuckDB's over the same raw events or a
 * hand-checked one. The corpus and its format live in {@code druid-compat/corpus.sql}; {@link CorpusRunner} runs it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DruidSqlCompatibilityTest
{
    private static final String CORPUS = "/druid-compat/corpus.sql";
    private static final List<String> TABLES = List.of("web");
    private static final int EVENTS = 30_000;
    private static final long SEED = 11;
    private static final String HEADER_INCLUDED = "X-Druid-SQL-Header-Included";

    @TempDir
    static Path dir;

    private LoadedServer loaded;
    private Connection jdbc;
    private CorpusRunner runner;

    @BeforeAll
    void startAndLoad() throws Exception
    {
        loaded = LoadedServer.start(dir, SEED, EVENTS);
        loaded.duckDb().execute("CREATE VIEW ev AS SELECT date_trunc('minute', ts) AS t, * FROM raw");
        jdbc = DriverManager.getConnection("jdbc:tally://127.0.0.1:" + loaded.port());
        runner = new CorpusRunner(loaded.http(), jdbc, loaded.duckDb());
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
            if (loaded != null)
            {
                loaded.close();
            }
        }
    }

    @Test
    void corpusHoldsAtLeast150Statements()
    {
        final List<SqlCorpus.Entry> entries = SqlCorpus.load(TABLES, CORPUS);
        assertThat(entries).hasSizeGreaterThanOrEqualTo(150);
        assertThat(entries.stream().map(e -> e.source().split(" ")[0]).collect(Collectors.toSet()))
            .as("sources").contains("apache/superset", "druid-io/pydruid", "metabase/metabase", "cube-js/cube",
                "grafadruid/druid-grafana", "apache/druid");
    }

    @Test
    void druidSqlAnswerSaysTheHeaderIsIncluded()
    {
        final HttpApi.Answer answer = loaded.http().post("/druid/v2/sql", "{\"query\": " +
            "\"SELECT COUNT(*) AS \\\"count\\\" FROM web\", \"resultFormat\": \"array\", \"header\": true, " +
            "\"sqlTypesHeader\": true}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header(HEADER_INCLUDED)).as(HEADER_INCLUDED).isEqualTo("yes");
    }

    @TestFactory
    Stream<DynamicNode> corpusAnswersEqualTheExpectations()
    {
        return runner.tests(SqlCorpus.load(TABLES, CORPUS));
    }
}
