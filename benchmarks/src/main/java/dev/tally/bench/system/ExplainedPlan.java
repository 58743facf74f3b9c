package dev.tally.bench.system;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.tally.query.model.NativeQuery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code EXPLAIN PLAN FOR} says the SQL layer runs for a statement, read from the plan's text: either one native
 * query — the whole plan is a single {@code TallyEnumerableRel}, whose {@code query=[{…}, outputs=[…]]} holds the
 * native query's JSON and the result columns the statement's columns are, in order — or something else, named for
 * the results table. The BI set takes its native queries from here rather than writing them by hand, so the native
 * figure times exactly what the SQL layer pushed, and a change in what it pushes shows in the figures.
 * <p>
 * Plans that are not one native query: a semi-join (the subquery is a {@code TallyEnumerableRel} input of the
 * table's, run first, its values bound into the second), Calcite operators above native rows, an output Calcite
 * computes from the native result ({@code floor(__time, …)}), or a limit bound only at execution.
 */
final class ExplainedPlan
{
    private static final JsonFactory JSON = new JsonFactory();
    private static final String NODE = "TallyEnumerableRel(";
    private static final String QUERY = "query=[";
    private static final Pattern OUTPUTS = Pattern.compile("^, outputs=\\[(.*)]]\\)$");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Pattern ZERO_IF_NULL = Pattern.compile("coalesce\\(([A-Za-z_$][A-Za-z0-9_$]*), 0\\)");

    /** One column of the statement's result: a column of the native result, 0 where it is NULL ($SUM0). */
    record Output(String column, boolean isZeroIfNull)
    {
    }

    private final String text;
    private final NativeQuery nativeQuery;
    private final List<Output> outputs;
    private final String notNative;

    private ExplainedPlan(final String text, final NativeQuery nativeQuery, final List<Output> outputs,
        final String notNative)
    {
        this.text = text;
        this.nativeQuery = nativeQuery;
        this.outputs = outputs;
        this.notNative = notNative;
    }

    /** Reads the text {@code EXPLAIN PLAN FOR} answered. */
    static ExplainedPlan parse(final String text)
    {
        final List<String> lines = text.strip().lines().filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty() || !lines.get(0).startsWith(NODE))
        {
            return other(text, "Calcite above native rows");
        }
        if (lines.size() > 1)
        {
            final boolean isSemiJoin = lines.stream().allMatch(line -> line.strip().startsWith(NODE));
            return other(text, isSemiJoin ? "subquery first" : "Calcite above native rows");
        }
        final String line = lines.get(0);
        final int start = line.indexOf(QUERY);
        if (start < 0)
        {
            throw new IllegalArgumentException("plan[" + text + "] has no " + QUERY);
        }
        final String tail = line.substring(start + QUERY.length());
        final int end;
        try (JsonParser parser = JSON.createParser(tail))
        {
            parser.nextToken();
            parser.skipChildren();
            end = (int)parser.currentLocation().getCharOffset();
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("plan[" + text + "] holds no native query JSON: " + ex.getMessage(), ex);
        }
        final String json = tail.substring(0, end);
        final String rest = tail.substring(end);
        final Matcher matcher = OUTPUTS.matcher(rest);
        if (!matcher.matches())
        {
            // ", limit=?0", ", countsEvents": bound or weighted by the executor, not the native query alone
            return other(text, "completed at execution");
        }
        final List<Output> outputs = new ArrayList<>();
        for (final String output : matcher.group(1).split(", (?![^(]*\\))"))
        {
            final Matcher zero = ZERO_IF_NULL.matcher(output);
            if (zero.matches())
            {
                outputs.add(new Output(zero.group(1), true));
            }
            else if (FIELD.matcher(output).matches())
            {
                outputs.add(new Output(output, false));
            }
            else
            {
                return other(text, "outputs computed above the engine");
            }
        }
        return new ExplainedPlan(text, NativeQuery.fromJson(json), List.copyOf(outputs), null);
    }

    private static ExplainedPlan other(final String text, final String why)
    {
        return new ExplainedPlan(text, null, null, why);
    }

    boolean isOneNativeQuery()
    {
        return nativeQuery != null;
    }

    /** The native query; only when {@link #isOneNativeQuery()}. */
    NativeQuery nativeQuery()
    {
        return nativeQuery;
    }

    /** The statement's columns as columns of the native result; only when {@link #isOneNativeQuery()}. */
    List<Output> outputs()
    {
        return outputs;
    }

    /** Why the plan is not one native query, in a few words for the results table; null when it is. */
    String notNative()
    {
        return notNative;
    }

    String text()
    {
        return text;
    }
}
