package dev.tally.query.expr;

import dev.tally.query.model.Expr;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The string functions of {@link ExprCompiler}: strict (NULL in, NULL out) but for {@code concat}'s Druid form. */
final class StringCalls
{
    private StringCalls()
    {
    }

    /** The node for {@code function}, or {@code null} when it is not a string function. */
    static ExprNode call(final ExprCompiler compiler, final String function, final List<Expr> args)
    {
        switch (function)
        {
            case "lower", "upper", "reverse", "char_length", "character_length", "length", "strlen" ->
            {
                ExprCompiler.arity(function, args, 1, 1);
                final ExprNode input = string(compiler, args.get(0), function);
                return switch (function)
                {
                    case "lower" -> strings(input, v -> ((String)v[0]).toLowerCase(Locale.ROOT));
                    case "upper" -> strings(input, v -> ((String)v[0]).toUpperCase(Locale.ROOT));
                    case "reverse" -> strings(input, v -> StringFunctions.reverse((String)v[0]));
                    default -> ExprCompiler.objects(Expr.Type.LONG, new ExprNode[] {input}, true,
                        v -> (long)((String)v[0]).codePointCount(0, ((String)v[0]).length()));
                };
            }
            case "trim", "ltrim", "rtrim", "btrim" ->
            {
                ExprCompiler.arity(function, args, 1, 2);
                final ExprNode input = string(compiler, args.get(0), function);
                final String chars = args.size() > 1 ? ExprCompiler.text(args, 1) : " ";
                final boolean leading = !"rtrim".equals(function);
                final boolean trailing = !"ltrim".equals(function);
                return strings(input, v -> StringFunctions.trim((String)v[0], chars, leading, trailing));
            }
            case "substring", "substr" ->
            {
                ExprCompiler.arity(function, args, 2, 3);
                final ExprNode input = string(compiler, args.get(0), function);
                final ExprNode start = compiler.nodeOf(args.get(1));
                final ExprNode length = args.size() > 2 ? compiler.nodeOf(args.get(2)) : null;
                final ExprNode[] inputs = length == null ? new ExprNode[] {input, start} :
                    new ExprNode[] {input, start, length};
                return ExprCompiler.objects(Expr.Type.STRING, inputs, true, v -> substring((String)v[0],
                    ((Number)v[1]).longValue(), v.length > 2 ? ((Number)v[2]).longValue() : Long.MAX_VALUE));
            }
            case "concat", "||" ->
            {
                final ExprNode[] inputs = new ExprNode[args.size()];
                for (int i = 0; i < inputs.length; i++)
                {
                    inputs[i] = ExprCompiler.cast(compiler.nodeOf(args.get(i)), Expr.Type.STRING);
                }
                return ExprCompiler.objects(Expr.Type.STRING, inputs, true, v ->
                {
                    final StringBuilder text = new StringBuilder();
                    for (final Object part : v)
                    {
                        text.append((String)part);
                    }
                    return text.toString();
                });
            }
            case "replace" ->
            {
                ExprCompiler.arity(function, args, 3, 3);
                return ExprCompiler.objects(Expr.Type.STRING, new ExprNode[] {string(compiler, args.get(0), function),
                    string(compiler, args.get(1), function), string(compiler, args.get(2), function)}, true,
                    v -> ((String)v[0]).replace((String)v[1], (String)v[2]));
            }
            case "position", "strpos" ->
            {
                ExprCompiler.arity(function, args, 2, 2);
                // POSITION(needle IN s) is position(needle, s); Druid's STRPOS(s, needle) the other way round
                final boolean needleFirst = "position".equals(function);
                final ExprNode a = string(compiler, args.get(0), function);
                final ExprNode b = string(compiler, args.get(1), function);
                return ExprCompiler.objects(Expr.Type.LONG, new ExprNode[] {a, b}, true, v ->
                {
                    final String haystack = (String)(needleFirst ? v[1] : v[0]);
                    final String needle = (String)(needleFirst ? v[0] : v[1]);
                    final int at = haystack.indexOf(needle);
                    return at < 0 ? 0L : (long)haystack.codePointCount(0, at) + 1;
                });
            }
            case "left", "right" ->
            {
                ExprCompiler.arity(function, args, 2, 2);
                final ExprNode input = string(compiler, args.get(0), function);
                final ExprNode count = compiler.nodeOf(args.get(1));
                final boolean isLeft = "left".equals(function);
                return ExprCompiler.objects(Expr.Type.STRING, new ExprNode[] {input, count}, true, v -> isLeft ?
                    StringFunctions.left((String)v[0], ((Number)v[1]).intValue()) :
                    StringFunctions.right((String)v[0], ((Number)v[1]).intValue()));
            }
            case "contains_string", "icontains_string" ->
            {
                ExprCompiler.arity(function, args, 2, 2);
                final ExprNode input = string(compiler, args.get(0), function);
                final String search = ExprCompiler.text(args, 1);
                final boolean ignoreCase = function.startsWith("i");
                return ExprCompiler.objects(Expr.Type.BOOLEAN, new ExprNode[] {input}, true, v -> ignoreCase ?
                    StringFunctions.containsIgnoreCase((String)v[0], search) :
                    StringFunctions.contains((String)v[0], search));
            }
            case "like" ->
            {
                ExprCompiler.arity(function, args, 2, 3);
                final ExprNode input = string(compiler, args.get(0), function);
                final Pattern pattern = ExprCompiler.like(ExprCompiler.text(args, 1), ExprCompiler.text(args, 2));
                return ExprCompiler.objects(Expr.Type.BOOLEAN, new ExprNode[] {input}, true,
                    v -> pattern.matcher((String)v[0]).matches());
            }
            case "regexp_like" ->
            {
                ExprCompiler.arity(function, args, 2, 2);
                final ExprNode input = string(compiler, args.get(0), function);
                final String pattern = ExprCompiler.text(args, 1);
                StringFunctions.regexpLike("", pattern);
                return ExprCompiler.objects(Expr.Type.BOOLEAN, new ExprNode[] {input}, true,
                    v -> StringFunctions.regexpLike((String)v[0], pattern));
            }
            case "regexp_extract" ->
            {
                ExprCompiler.arity(function, args, 2, 3);
                final ExprNode input = string(compiler, args.get(0), function);
                final String pattern = ExprCompiler.text(args, 1);
                final int group = args.size() > 2 ? Integer.parseInt(ExprCompiler.text(args, 2)) : 0;
                StringFunctions.regexpLike("", pattern);
                return strings(input, v -> StringFunctions.regexpExtract((String)v[0], pattern, group));
            }
            case "regexp_replace" ->
            {
                ExprCompiler.arity(function, args, 3, 3);
                final ExprNode input = string(compiler, args.get(0), function);
                final String pattern = ExprCompiler.text(args, 1);
                final String replacement = ExprCompiler.text(args, 2);
                StringFunctions.regexpLike("", pattern);
                return strings(input, v -> StringFunctions.regexpReplace((String)v[0], pattern, replacement));
            }
            default -> {
                return null;
            }
        }
    }

    private static ExprNode string(final ExprCompiler compiler, final Expr arg, final String function)
    {
        final ExprNode node = compiler.nodeOf(arg);
        ExprCompiler.expect(node, Expr.Type.STRING, function);
        return node.type == Expr.Type.STRING ? node : new ExprNode.Constant(Expr.Type.STRING, null);
    }

    private static ExprNode strings(final ExprNode input, final ExprNode.ObjectFunction.Body body)
    {
        return ExprCompiler.objects(Expr.Type.STRING, new ExprNode[] {input}, true, body);
    }

    /** SQL's SUBSTRING by code point: from 1-based {@code start} (before 1 shortens the length), for {@code length}. */
    static String substring(final String value, final long start, final long length)
    {
        if (length < 0)
        {
            throw new IllegalArgumentException("SUBSTRING length[" + length + "] is negative");
        }
        final int points = value.codePointCount(0, value.length());
        final long from = Math.max(start, 1);
        final long end = length == Long.MAX_VALUE ? Long.MAX_VALUE : start + length;
        if (from > points || end <= from)
        {
            return "";
        }
        final int begin = value.offsetByCodePoints(0, (int)(from - 1));
        final int stop = end - 1 >= points ? value.length() : value.offsetByCodePoints(0, (int)(end - 1));
        return value.substring(begin, stop);
    }
}
