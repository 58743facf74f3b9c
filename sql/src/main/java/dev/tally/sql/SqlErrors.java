package dev.tally.sql;

import dev.tally.query.exec.QueryException;
import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.RowSchema;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.validate.SqlValidatorException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns whatever a statement threw into a {@link SqlQueryException} with a category and a message that says what and
 * where: the parser's and validator's positions, the closest known name for an unknown table or column, the engine's
 * timeout, cancellation and limit errors. Anything else is a bug and says so ("Unknown exception").
 */
final class SqlErrors
{
    private static final Pattern UNKNOWN_OBJECT = Pattern.compile("(?:Object|Table) '([^']+)' not found");
    private static final Pattern UNKNOWN_COLUMN = Pattern.compile("Column '([^']+)' not found");
    /** Druid's schemas that Tally does not have. */
    private static final java.util.Set<String> DRUID_SCHEMAS = java.util.Set.of("sys", "lookup", "view");

    private SqlErrors()
    {
    }

    static SqlQueryException translate(final Throwable thrown, final TableProvider provider)
    {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause())
        {
            if (cause instanceof SqlQueryException sql)
            {
                return sql;
            }
            if (cause instanceof dev.tally.sql.rel.StalePlanException stale)
            {
                return new SqlQueryException(SqlQueryException.VALIDATION, stale.getMessage(), stale);
            }
            if (cause instanceof QueryException query)
            {
                return new SqlQueryException(switch (query.kind())
                {
                    case INVALID -> SqlQueryException.VALIDATION;
                    case TIMEOUT -> SqlQueryException.TIMEOUT;
                    case CANCELLED -> SqlQueryException.CANCELLED;
                    case RESOURCE_LIMIT -> SqlQueryException.RESOURCE_LIMIT;
                }, query.getMessage(), query);
            }
            if (cause instanceof SqlParseException parse)
            {
                return new SqlQueryException(SqlQueryException.PARSE, parseMessage(parse), parse);
            }
            if (cause instanceof CalciteContextException context)
            {
                return new SqlQueryException(SqlQueryException.VALIDATION, validationState(context.getMessage()),
                    withSuggestion(context.getMessage(), provider), context);
            }
            if (cause instanceof SqlValidatorException validator)
            {
                return new SqlQueryException(SqlQueryException.VALIDATION, validationState(validator.getMessage()),
                    withSuggestion(validator.getMessage(), provider), validator);
            }
            if (cause instanceof AssertionError && raisedInCalcite(cause))
            {
                // found by SqlFuzzTest: type coercion of a boolean comparison asserted on a shape it parsed
                return new SqlQueryException(SqlQueryException.VALIDATION, "cannot validate or plan this statement" +
                    (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
            }
            if (cause instanceof StackOverflowError)
            {
                return new SqlQueryException(SqlQueryException.VALIDATION,
                    "statement is nested too deeply to plan", cause);
            }
            if (cause instanceof RelOptPlanner.CannotPlanException plan)
            {
                return new SqlQueryException(SqlQueryException.VALIDATION,
                    "unsupported construct: no plan can run this statement", plan);
            }
            if (cause instanceof UnsupportedOperationException && isCalcite(cause))
            {
                // Calcite's validator gives up on some shapes it parsed, e.g. arithmetic on an IN list
                final String message = String.valueOf(cause.getMessage());
                final int list = message.indexOf("SqlNodeList: ");
                return new SqlQueryException(SqlQueryException.VALIDATION, list < 0 ?
                    "unsupported expression: " + message : "a parenthesized list cannot be used as a value: (" +
                    message.substring(list + "SqlNodeList: ".length()) + ")", cause);
            }
            if (cause instanceof org.apache.calcite.runtime.CalciteException calcite && calcite.getMessage() != null &&
                calcite.getMessage().startsWith("Invalid character for cast"))
            {
                return new SqlQueryException(SqlQueryException.VALIDATION, SqlState.DATA_EXCEPTION,
                    "invalid value while executing: " + cause.getMessage(), cause);
            }
            if (cause instanceof ArithmeticException || cause instanceof NumberFormatException)
            {
                return new SqlQueryException(SqlQueryException.VALIDATION, SqlState.DATA_EXCEPTION,
                    "invalid value while executing: " + cause.getMessage(), cause);
            }
            if (cause instanceof IllegalArgumentException && isOurs(cause))
            {
                return new SqlQueryException(SqlQueryException.VALIDATION, cause.getMessage(), cause);
            }
        }
        Throwable root = thrown;
        while (root.getCause() != null)
        {
            root = root.getCause();
        }
        if (thrown instanceof java.sql.SQLException && String.valueOf(thrown.getMessage())
            .startsWith("Error while preparing statement") && (raisedInCalcite(root) || isGeneratedCode(root)))
        {
            // Calcite's validator or planner refused a shape it parsed, or generated code Janino cannot compile for it
            // (found by SqlFuzzTest: a ROW in WHERE, an INTERVAL IN a list of strings): the statement's problem
            return new SqlQueryException(SqlQueryException.VALIDATION, "cannot validate or plan this statement: " +
                (root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage()), root);
        }
        final String message = thrown.getMessage() == null ? thrown.toString() : thrown.getMessage();
        return new SqlQueryException(SqlQueryException.UNKNOWN, message, thrown);
    }

    /** An unknown table or column has its own SQLSTATE; any other validation error is the class's generic one. */
    private static String validationState(final String message)
    {
        if (message != null && UNKNOWN_OBJECT.matcher(message).find())
        {
            return SqlState.UNDEFINED_TABLE;
        }
        if (message != null && UNKNOWN_COLUMN.matcher(message).find())
        {
            return SqlState.UNDEFINED_COLUMN;
        }
        return SqlState.SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION;
    }

    private static boolean isCalcite(final Throwable cause)
    {
        final StackTraceElement[] stack = cause.getStackTrace();
        return stack.length > 0 && stack[0].getClassName().startsWith("org.apache.calcite.");
    }

    /** Whether Calcite's code, not ours, is the nearest caller that threw (JDK and Guava frames skipped). */
    private static boolean raisedInCalcite(final Throwable cause)
    {
        for (final StackTraceElement frame : cause.getStackTrace())
        {
            if (frame.getClassName().startsWith("dev.tally."))
            {
                return false;
            }
            if (frame.getClassName().startsWith("org.apache.calcite."))
            {
                return true;
            }
        }
        return false;
    }

    /** Janino refusing the code Calcite generated for a statement (a type mix the validator let through). */
    private static boolean isGeneratedCode(final Throwable cause)
    {
        return cause.getClass().getName().startsWith("org.codehaus.commons.compiler.");
    }

    /** Thrown by our functions or Calcite's runtime conversions (a string cast to a date): the user's input. */
    private static boolean isOurs(final Throwable cause)
    {
        final StackTraceElement[] stack = cause.getStackTrace();
        for (int i = 0; i < Math.min(3, stack.length); i++)
        {
            final String name = stack[i].getClassName();
            if (name.startsWith("dev.tally") || name.startsWith("org.apache.calcite.runtime.SqlFunctions") ||
                name.startsWith("org.apache.calcite.avatica.util.DateTimeUtils"))
            {
                return true;
            }
        }
        return false;
    }

    private static String parseMessage(final SqlParseException parse)
    {
        // Calcite leaves the message empty for some inputs (found by SqlFuzzTest: "BETWEEN 76 AND NOT 105")
        String message = parse.getMessage();
        for (Throwable cause = parse.getCause(); message == null && cause != null; cause = cause.getCause())
        {
            message = cause.getMessage() == null ? null : "syntax error: " + cause.getMessage();
        }
        message = message == null ? "syntax error" : message;
        final int expecting = message.indexOf("Was expecting");
        if (expecting > 0)
        {
            message = message.substring(0, expecting).trim();
        }
        message = message.replace('\n', ' ');
        if (parse.getPos() != null && !message.contains("line "))
        {
            message += " at line " + parse.getPos().getLineNum() + ", column " + parse.getPos().getColumnNum();
        }
        return message;
    }

    /** Appends "did you mean ..." to an unknown table or column message when a known name is close. */
    static String withSuggestion(final String message, final TableProvider provider)
    {
        final Matcher object = UNKNOWN_OBJECT.matcher(message);
        if (object.find() && DRUID_SCHEMAS.contains(object.group(1)))
        {
            return message.substring(0, object.start()) + "schema '" + object.group(1) + "' (Druid's " +
                object.group(1) + " tables) is not supported by Tally: tables are in schema 'druid' (or 'tally'); " +
                "segments, ingest and tasks are at GET /v1/tables/{table}/status";
        }
        if (object.find(0))
        {
            return suggest(message, object.group(1), new ArrayList<>(provider.tableNames()));
        }
        final Matcher column = UNKNOWN_COLUMN.matcher(message);
        if (column.find())
        {
            final List<String> names = new ArrayList<>();
            names.add(RowSchema.TIME_COLUMN);
            for (final String table : provider.tableNames())
            {
                final RowSchema schema = provider.schema(table);
                if (schema != null)
                {
                    schema.columns().stream().map(ColumnSpec::name).forEach(names::add);
                }
            }
            return suggest(message, column.group(1), names);
        }
        return message;
    }

    private static String suggest(final String message, final String unknown, final List<String> candidates)
    {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String candidate : candidates)
        {
            final int distance = candidate.equalsIgnoreCase(unknown) ? 0 :
                distance(unknown.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT)) + 1;
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best == null || bestDistance > Math.max(3, unknown.length() / 2))
        {
            return message;
        }
        return message + "; did you mean '" + best + "'?" +
            (bestDistance == 0 ? " (names are case-sensitive)" : "");
    }

    static int distance(final String a, final String b)
    {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
