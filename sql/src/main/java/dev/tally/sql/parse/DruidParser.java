package dev.tally.sql.parse;

import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.parser.impl.SqlParserImpl;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;

/**
 * Calcite's parser reading Druid's dialect. The factory reads the statement text first and, before the real parser
 * sees it, turns backtick-quoted identifiers into double-quoted ones and quotes reserved words that the statement
 * uses as names ({@code COUNT(*) AS count}, a column called {@code value}, {@code AS time}): where the standard parser
 * stops at such a word, the word is quoted and the text parsed again, up to {@link #MAX_REPAIRS} times; a statement
 * that still fails reports the error of the text as written. The parser then rewrites Druid's function spellings
 * ({@link DruidRewrites}). Installed through the {@code parserFactory} connection property, so every path that
 * prepares SQL (HTTP, Avatica, metadata) reads the same dialect.
 */
public final class DruidParser extends SqlParserImpl
{
    public static final SqlParserImplFactory FACTORY = DruidParser::create;
    static final int MAX_REPAIRS = 16;
    /** Words that hold a statement together: never taken for names, so a broken statement is not "repaired". */
    private static final Set<String> STRUCTURE = Set.of("SELECT", "FROM", "WHERE", "GROUP", "ORDER", "BY", "HAVING",
        "LIMIT", "OFFSET", "FETCH", "UNION", "INTERSECT", "EXCEPT", "MINUS", "JOIN", "INNER", "LEFT", "RIGHT", "FULL",
        "OUTER", "CROSS", "NATURAL", "ON", "USING", "AND", "OR", "NOT", "AS", "CASE", "WHEN", "THEN", "ELSE", "END",
        "WITH", "IN", "IS", "NULL", "BETWEEN", "LIKE", "DISTINCT", "ALL", "VALUES", "OVER", "PARTITION", "FILTER",
        "WINDOW", "SET", "INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "DROP", "ALTER", "EXPLAIN", "PLAN", "FOR",
        "ESCAPE", "EXISTS", "ANY", "SOME", "LATERAL", "UNNEST", "TABLE", "TRUE", "FALSE", "UNKNOWN", "ASC", "DESC",
        "NULLS", "FIRST", "LAST", "ROWS", "ROW", "ONLY", "INTERVAL", "CAST", "TO", "SIMILAR", "SYMMETRIC");

    /** The statement the repair's trial parse produced for this text, handed out once instead of parsing again. */
    private SqlNode parsed;

    private DruidParser(final Reader reader, final SqlNode parsed)
    {
        super(reader);
        this.parsed = parsed;
    }

    /** The parser settings of Druid's dialect: double quotes, case-sensitive names kept as written, lenient. */
    public static SqlParser.Config config()
    {
        return SqlParser.config()
            .withQuoting(Quoting.DOUBLE_QUOTE)
            .withUnquotedCasing(Casing.UNCHANGED)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(true)
            .withConformance(SqlConformanceEnum.LENIENT)
            .withParserFactory(FACTORY);
    }

    private static SqlAbstractParserImpl create(final Reader reader)
    {
        final Prepared prepared = prepare(read(reader));
        return new DruidParser(new StringReader(prepared.text()), prepared.statement());
    }

    /** The text the parser reads, and the statement it holds when the trial parse succeeded (else {@code null}). */
    record Prepared(String text, SqlNode statement)
    {
    }

    /** The text the parser reads for {@code sql}: backticks as double quotes, reserved words used as names quoted. */
    static Prepared prepare(final String sql)
    {
        final String text = SqlText.backticksToDoubleQuotes(sql);
        String repaired = text;
        int lastOffset = -1;
        for (int attempt = 0; attempt < MAX_REPAIRS; attempt++)
        {
            final SqlParseException error;
            try
            {
                return new Prepared(repaired, trial(repaired));
            }
            catch (final SqlParseException ex)
            {
                error = ex;
            }
            final int offset = nameOffset(repaired, error);
            if (offset < 0 || offset == lastOffset)
            {
                break;
            }
            final int length = SqlText.wordLength(repaired, offset);
            repaired = repaired.substring(0, offset) + '"' + repaired.substring(offset, offset + length) + '"' +
                repaired.substring(offset + length);
            lastOffset = offset;
        }
        return new Prepared(text, null);
    }

    /** Parses with Calcite's own parser and the dialect's settings. */
    private static SqlNode trial(final String sql) throws SqlParseException
    {
        return SqlParser.create(sql, config().withParserFactory(SqlParserImpl.FACTORY)).parseStmt();
    }

    /**
     * Where a reserved word used as a name starts, when the parser stopped at one: the word at the error's position
     * (or just after a {@code .} there, as in {@code t.user}); -1 when the error is of another kind.
     */
    private static int nameOffset(final String sql, final SqlParseException error)
    {
        if (error.getPos() == null || error.getMessage() == null || !error.getMessage().startsWith("Encountered"))
        {
            return -1;
        }
        int offset = SqlText.offset(sql, error.getPos().getLineNum(), error.getPos().getColumnNum());
        if (offset >= 0 && sql.charAt(offset) == '.')
        {
            offset++;
            while (offset < sql.length() && Character.isWhitespace(sql.charAt(offset)))
            {
                offset++;
            }
        }
        final int length = SqlText.wordLength(sql, offset);
        if (length == 0)
        {
            return -1;
        }
        final String word = sql.substring(offset, offset + length).toUpperCase(Locale.ROOT);
        if (STRUCTURE.contains(word))
        {
            return -1;
        }
        // a function call keeps its keyword: COUNT(...) is the aggregate, not a column named count
        int next = offset + length;
        while (next < sql.length() && Character.isWhitespace(sql.charAt(next)))
        {
            next++;
        }
        return next < sql.length() && sql.charAt(next) == '(' ? -1 : offset;
    }

    private static String read(final Reader reader)
    {
        try
        {
            final StringBuilder text = new StringBuilder();
            final char[] buffer = new char[4096];
            for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer))
            {
                text.append(buffer, 0, n);
            }
            return text.toString();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public SqlNode parseSqlStmtEof() throws Exception
    {
        final SqlNode statement = parsed;
        parsed = null;
        return DruidRewrites.apply(statement != null ? statement : super.parseSqlStmtEof());
    }

    @Override
    public void ReInit(final Reader reader)
    {
        parsed = null;
        super.ReInit(reader);
    }

    @Override
    public SqlNodeList parseSqlStmtList() throws Exception
    {
        return (SqlNodeList)DruidRewrites.apply(super.parseSqlStmtList());
    }

    @Override
    public SqlNode parseSqlExpressionEof() throws Exception
    {
        return DruidRewrites.apply(super.parseSqlExpressionEof());
    }
}
