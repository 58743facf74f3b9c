package dev.tally.server.pg;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The introspection statements of psql ({@code \dt}, {@code \d}), Grafana's PostgreSQL data source and Metabase's
 * sync, as their source writes them ({@code pg/introspection.sql}), answered over the PostgreSQL listener through
 * pgJDBC in both the simple and the extended query protocol.
 */
class PgIntrospectionTest extends LoadedPgServer
{
    private static final String STATEMENTS = "/pg/introspection.sql";

    /** One statement and what it must answer: the first rows and, when larger, the row count. */
    record Entry(String id, String source, String sql, List<String> expected, int count)
    {
        @Override
        public String toString()
        {
            return id + " (" + source + ")";
        }
    }

    @TestFactory
    Stream<DynamicTest> clientsIntrospectTally() throws IOException
    {
        final List<Entry> entries = load();
        assertThat(entries).hasSizeGreaterThanOrEqualTo(20);
        return entries.stream().flatMap(entry -> Stream.of("preferQueryMode=simple", "").map(mode ->
            DynamicTest.dynamicTest(entry.id() + (mode.isEmpty() ? " (extended)" : " (simple)"), () ->
            {
                try (Connection pg = PgTesting.connect(loaded, mode))
                {
                    final List<String> rows = rows(pg, entry.sql());
                    assertThat(rows).as("%s", entry).hasSize(entry.count());
                    assertThat(rows.subList(0, entry.expected().size())).as("%s", entry)
                        .isEqualTo(entry.expected());
                }
            })));
    }

    private static List<String> rows(final Connection connection, final String sql) throws SQLException
    {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql))
        {
            final List<String> rows = new ArrayList<>();
            while (rs.next())
            {
                final List<String> cells = new ArrayList<>();
                for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++)
                {
                    final String value = rs.getString(c);
                    cells.add(value == null ? "" : value);
                }
                rows.add(String.join("|", cells));
            }
            return rows;
        }
    }

    private static List<Entry> load() throws IOException
    {
        final String text;
        try (InputStream in = PgIntrospectionTest.class.getResourceAsStream(STATEMENTS))
        {
            assertThat(in).as(STATEMENTS + " on the test class path").isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        final List<Entry> entries = new ArrayList<>();
        for (final String block : text.split("(?m)^(?=-- @id )"))
        {
            if (!block.startsWith("-- @id "))
            {
                continue;
            }
            String id = null;
            String source = "";
            final List<String> expected = new ArrayList<>();
            int count = -1;
            final StringBuilder sql = new StringBuilder();
            for (final String line : block.split("\n"))
            {
                if (line.startsWith("-- @id "))
                {
                    id = line.substring(7).trim();
                }
                else if (line.startsWith("-- @source "))
                {
                    source = line.substring(11).trim();
                }
                else if (line.startsWith("-- @expect "))
                {
                    expected.add(line.substring(11));
                }
                else if (line.startsWith("-- @count "))
                {
                    count = Integer.parseInt(line.substring(10).trim());
                }
                else
                {
                    sql.append(line).append('\n');
                }
            }
            entries.add(new Entry(id, source, sql.toString().trim(), expected, count < 0 ? expected.size() : count));
        }
        return entries;
    }
}
