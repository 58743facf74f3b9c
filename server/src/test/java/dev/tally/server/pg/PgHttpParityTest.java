package dev.tally.server.pg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.server.corpus.SqlCorpus;
import dev.tally.server.testing.HttpApi;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same statements over the PostgreSQL listener (pgJDBC, extended protocol, text and binary) and over
 * {@code POST /v1/sql} give the same answers: the first 60 entries of the Druid compatibility corpus that HTTP answers,
 * values compared after each side's encoding is read back (times as instants, numbers as decimals).
 */
class PgHttpParityTest extends LoadedPgServer
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int STATEMENTS = 60;

    @Test
    void pgwireAnswersAsHttpDoes() throws Exception
    {
        final List<SqlCorpus.Entry> entries = SqlCorpus.load(List.of("web"), "/druid-compat/corpus.sql");
        int compared = 0;
        final List<String> differences = new ArrayList<>();
        try (Connection text = PgTesting.connect(loaded, "");
            Connection binary = PgTesting.connect(loaded, "prepareThreshold=-1&binaryTransfer=true"))
        {
            for (final SqlCorpus.Entry entry : entries)
            {
                if (compared == STATEMENTS)
                {
                    break;
                }
                final String sql = entry.sqlOn("web");
                final HttpApi.Answer http = loaded.http().post("/v1/sql", request(sql, entry.parameters()));
                if (http.status() != 200)
                {
                    continue;
                }
                final List<List<String>> expected = httpRows(http.json());
                for (final Connection pg : List.of(text, binary))
                {
                    final List<List<String>> actual;
                    try
                    {
                        actual = pgRows(pg, sql, entry.parameters());
                    }
                    catch (final SQLException ex)
                    {
                        differences.add(entry.id() + ": pgwire failed: " + ex.getMessage());
                        continue;
                    }
                    if (!actual.equals(expected))
                    {
                        differences.add(entry.id() + (pg == text ? " (text)" : " (binary)") + ": pgwire " +
                            abbreviate(actual) + " but HTTP " + abbreviate(expected));
                    }
                }
                compared++;
            }
        }
        assertThat(differences).isEmpty();
        assertThat(compared).isEqualTo(STATEMENTS);
    }

    private static String abbreviate(final List<List<String>> rows)
    {
        final String text = rows.toString();
        return text.length() <= 300 ? text : text.substring(0, 300) + "... (" + rows.size() + " rows)";
    }

    private static String request(final String sql, final List<SqlCorpus.Parameter> parameters)
    {
        final ObjectNode request = MAPPER.createObjectNode().put("query", sql).put("resultFormat", "array")
            .put("header", true).put("sqlTypesHeader", true);
        final ArrayNode array = request.putArray("parameters");
        for (final SqlCorpus.Parameter parameter : parameters)
        {
            array.addObject().put("type", parameter.type()).put("value", parameter.value());
        }
        return request.toString();
    }

    /** HTTP's rows (after the header rows: the column names, then their SQL types) as comparable text. */
    private static List<List<String>> httpRows(final JsonNode body)
    {
        final List<String> types = new ArrayList<>();
        body.get(1).forEach(type -> types.add(type.asText()));
        final List<List<String>> rows = new ArrayList<>();
        for (int r = 2; r < body.size(); r++)
        {
            final List<String> row = new ArrayList<>();
            for (int c = 0; c < types.size(); c++)
            {
                final JsonNode value = body.get(r).get(c);
                row.add(value.isNull() ? null : types.get(c).startsWith("TIMESTAMP") || types.get(c).equals("DATE") ?
                    Instant.parse(value.asText()).toString() : value.isNumber() ? number(value.decimalValue()) :
                    value.asText());
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<List<String>> pgRows(final Connection pg, final String sql,
        final List<SqlCorpus.Parameter> parameters) throws SQLException
    {
        try (PreparedStatement statement = pg.prepareStatement(sql))
        {
            for (int p = 0; p < parameters.size(); p++)
            {
                statement.setString(p + 1, parameters.get(p).value());
            }
            try (ResultSet rs = statement.executeQuery())
            {
                final List<List<String>> rows = new ArrayList<>();
                final int columns = rs.getMetaData().getColumnCount();
                while (rs.next())
                {
                    final List<String> row = new ArrayList<>();
                    for (int c = 1; c <= columns; c++)
                    {
                        row.add(pgValue(rs, c));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    private static String pgValue(final ResultSet rs, final int c) throws SQLException
    {
        final int type = rs.getMetaData().getColumnType(c);
        if (rs.getObject(c) == null)
        {
            return null;
        }
        return switch (type)
        {
            case Types.TIMESTAMP -> rs.getObject(c, LocalDateTime.class).toInstant(ZoneOffset.UTC).toString();
            case Types.DATE -> rs.getObject(c, LocalDate.class).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.DOUBLE, Types.REAL, Types.NUMERIC,
                Types.DECIMAL -> number(new BigDecimal(rs.getObject(c).toString()));
            case Types.BIT, Types.BOOLEAN -> Boolean.toString(rs.getBoolean(c));
            default -> rs.getString(c);
        };
    }

    private static String number(final BigDecimal value)
    {
        return value.stripTrailingZeros().toPlainString();
    }
}
