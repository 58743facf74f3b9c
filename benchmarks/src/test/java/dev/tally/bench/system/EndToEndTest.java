package dev.tally.bench.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The harness end to end on 20,000 events: it reports only when every answer matched, and fails loudly if not. */
class EndToEndTest
{
    private static final String JMH_SECTION = "## Query engine against DuckDB (JMH)\n\nkept as it is\n";

    @TempDir
    Path dir;

    @Test
    void tinyRunWritesItsSectionsAndKeepsTheOthers() throws Exception
    {
        final Path results = dir.resolve("RESULTS.md");
        Files.writeString(results, "# Benchmark results\n\nIntro.\n\n" + JMH_SECTION);

        assertThat(EndToEnd.execute(Settings.tiny(dir).withOut(results))).isZero();

        final String text = Files.readString(results);
        assertThat(text).startsWith("# Benchmark results\n\nIntro.\n\n" + ResultsFile.BEGIN).endsWith(JMH_SECTION)
            .contains("### Ingest", "Kafka → queryable, pre-loaded 3-partition topic", "### Freshness",
                "### Dashboard queries, `wide`", "### Dashboard queries, `narrow`", "### BI queries, `wide`",
                "### BI queries, `narrow`", "— (subquery first)", "### Concurrency",
                "### Storage and memory");
        // the second run only shows the block is replaced: it skips the Kafka stage's broker start (seconds)
        assertThat(EndToEnd.execute(Settings.tiny(dir).withOut(results).withoutKafka())).isZero();
        final String again = Files.readString(results);
        assertThat(again.indexOf(ResultsFile.BEGIN)).as("the block is replaced, not added")
            .isEqualTo(again.lastIndexOf(ResultsFile.BEGIN));
        assertThat(again).endsWith(JMH_SECTION);
    }

    @Test
    void aWrongAnswerFailsTheRunWithTheDifference() throws Exception
    {
        final Path results = dir.resolve("RESULTS.md");
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream stderr = System.err;
        final int status;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try
        {
            // DuckDB's reference for query 1 (COUNT(*), SUM(revenue)) now says one event more than was loaded
            status = EndToEnd.execute(Settings.tiny(dir).withOut(results).withReferenceHook(EndToEndTest::plusOne));
        }
        finally
        {
            System.setErr(stderr);
        }

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ANSWER MISMATCH",
            "query 1 on wide, Tally SQL over HTTP", "is not in DuckDB's answer");
        assertThat(results).doesNotExist();
    }

    private static List<List<Object>> plusOne(final List<List<Object>> rows)
    {
        final List<List<Object>> changed = new ArrayList<>();
        for (final List<Object> row : rows)
        {
            final List<Object> copy = new ArrayList<>(row);
            if (copy.get(0) instanceof Long count && copy.size() == 2 && copy.get(1) instanceof Double)
            {
                copy.set(0, count + 1);
            }
            changed.add(copy);
        }
        return changed;
    }
}
