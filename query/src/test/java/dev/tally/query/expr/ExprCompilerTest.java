package dev.tally.query.expr;

import dev.tally.query.model.Expr;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The expression language's semantics, row by row over a small batch: SQL NULLs and three-valued logic, integer and
 * floating-point arithmetic, casts, and the string, time and math functions. Columns: {@code s} STRING, {@code n}
 * LONG, {@code d} DOUBLE, {@code t} TIMESTAMP, {@code b} BOOLEAN, one row per test value.
 */
class ExprCompilerTest
{
    private static final long T = 1_767_312_000_000L + 13 * 3_600_000L + 5 * 60_000L; // 2026-01-02T13:05Z, a Friday
    private static final Map<String, Expr.Type> TYPES = Map.of("s", Expr.Type.STRING, "n", Expr.Type.LONG,
        "d", Expr.Type.DOUBLE, "t", Expr.Type.TIMESTAMP, "b", Expr.Type.BOOLEAN);

    /** Rows: s, n, d, t, b. */
    private static final Object[][] ROWS = {
        {"Hello", 7L, 2.5, T, true},
        {null, null, null, null, null},
        {"a😀b", -7L, -0.5, 0L, false},
        {"", 0L, 0.0, T + 86_400_000L * 2, true},
    };

    private static List<Object> eval(final Expr expr)
    {
        final ExprCompiler.Compiled compiled = ExprCompiler.compile(expr, TYPES::get);
        final Vec[] columns = new Vec[compiled.columns().size()];
        for (int c = 0; c < columns.length; c++)
        {
            final String name = compiled.columns().get(c);
            final int index = List.of("s", "n", "d", "t", "b").indexOf(name);
            columns[c] = new Vec(TYPES.get(name)).reset(ROWS.length);
            for (int r = 0; r < ROWS.length; r++)
            {
                ExprNode.set(columns[c], r, ROWS[r][index]);
            }
        }
        final Vec out = compiled.root().eval(new ExprNode.Batch()
        {
            @Override
            public int size()
            {
                return ROWS.length;
            }

            @Override
            public Vec column(final int slot)
            {
                return columns[slot];
            }
        });
        final List<Object> values = new ArrayList<>();
        for (int r = 0; r < ROWS.length; r++)
        {
            values.add(out.get(r));
        }
        return values;
    }

    private static Expr c(final String name)
    {
        return Expr.column(name);
    }

    private static Expr lit(final Object value)
    {
        return Expr.literal(value);
    }

    private static Expr call(final String function, final Expr... args)
    {
        return Expr.call(function, args);
    }

    @Test
    void arithmeticKeepsIntegersAndNullsAndDivisionByZeroIsNull()
    {
        assertThat(eval(call("/", c("n"), lit(2L)))).containsExactly(3L, null, -3L, 0L);
        assertThat(eval(call("/", lit(7L), c("n")))).containsExactly(1L, null, -1L, null);
        assertThat(eval(call("%", c("n"), lit(3L)))).containsExactly(1L, null, -1L, 0L);
        assertThat(eval(call("+", c("n"), c("d")))).containsExactly(9.5, null, -7.5, 0.0);
        assertThat(eval(call("neg", c("n")))).containsExactly(-7L, null, 7L, 0L);
        assertThat(eval(call("-", c("t"), lit(T)))).containsExactly(0L, null, -T, 2 * 86_400_000L);
    }

    @Test
    void logicIsThreeValued()
    {
        final Expr p = call(">", c("n"), lit(0L));
        assertThat(eval(call("and", p, c("b")))).containsExactly(true, null, false, false);
        assertThat(eval(call("or", p, c("b")))).containsExactly(true, null, false, true);
        assertThat(eval(call("and", call("is_null", c("n")), lit(false)))).containsExactly(false, false, false, false);
        assertThat(eval(call("or", call("is_null", c("n")), p))).containsExactly(true, true, false, false);
        assertThat(eval(call("not", p))).containsExactly(false, null, true, true);
        assertThat(eval(call("is_not_true", p))).containsExactly(false, true, true, true);
        assertThat(eval(call("is_false", p))).containsExactly(false, false, true, true);
    }

    @Test
    void caseCoalesceNullifAndIn()
    {
        assertThat(eval(call("case", call(">", c("n"), lit(0L)), lit("pos"), call("<", c("n"), lit(0L)), lit("neg"))))
            .containsExactly("pos", null, "neg", null);
        assertThat(eval(call("case", call(">", c("d"), lit(0L)), c("n"), c("d"))))
            .containsExactly(7.0, null, -0.5, 0.0);
        assertThat(eval(call("coalesce", c("s"), lit("none")))).containsExactly("Hello", "none", "a😀b", "");
        assertThat(eval(call("nullif", c("n"), lit(0L)))).containsExactly(7L, null, -7L, null);
        assertThat(eval(call("in", c("n"), lit(7L), lit(0.0)))).containsExactly(true, null, false, true);
        assertThat(eval(call("greatest", c("n"), lit(1L)))).containsExactly(7L, 1L, 1L, 1L);
        assertThat(eval(call("least", c("n"), c("n")))).containsExactly(7L, null, -7L, 0L);
    }

    @Test
    void stringsCountCodePointsAndCompareByThem()
    {
        assertThat(eval(call("char_length", c("s")))).containsExactly(5L, null, 3L, 0L);
        assertThat(eval(call("substring", c("s"), lit(2L), lit(2L)))).containsExactly("el", null, "😀b", "");
        assertThat(eval(call("substring", c("s"), lit(0L), lit(2L)))).containsExactly("H", null, "a", "");
        assertThat(eval(call("upper", c("s")))).containsExactly("HELLO", null, "A😀B", "");
        assertThat(eval(call("concat", c("s"), lit("!"), c("n")))).containsExactly("Hello!7", null, "a😀b!-7", "!0");
        assertThat(eval(call("like", c("s"), lit("a_b")))).containsExactly(false, null, true, false);
        assertThat(eval(call("position", lit("b"), c("s")))).containsExactly(0L, null, 3L, 0L);
        assertThat(eval(call("replace", c("s"), lit("l"), lit("L")))).containsExactly("HeLLo", null, "a😀b", "");
        assertThat(eval(call("btrim", call("concat", lit("  "), c("s")), lit(" ")))).containsExactly("Hello", null,
            "a😀b", "");
        // U+1F600 sorts after U+FFFD by code point, before it by UTF-16 unit
        assertThat(eval(call(">", c("s"), lit("a\uFFFD")))).containsExactly(false, null, true, false);
        assertThat(eval(call("regexp_extract", c("s"), lit("l+"), lit(0L)))).containsExactly("ll", null, null, null);
    }

    @Test
    void timeFunctions()
    {
        assertThat(eval(call("extract", lit("HOUR"), c("t")))).containsExactly(13L, null, 0L, 13L);
        // SQL's day of week: Friday is 6 (Sunday 1); Druid's TIME_EXTRACT DOW: Friday is 5 (Monday 1)
        assertThat(eval(call("extract", lit("DOW"), c("t")))).containsExactly(6L, null, 5L, 1L);
        assertThat(eval(call("time_extract", c("t"), lit("DOW")))).containsExactly(5L, null, 4L, 7L);
        assertThat(eval(call("date_trunc", lit("week"), c("t")))).containsExactly(1_766_966_400_000L, null,
            -259_200_000L, 1_766_966_400_000L);
        assertThat(eval(call("time_floor", c("t"), lit("PT1H"), new Expr.Literal(null, Expr.Type.TIMESTAMP),
            lit("Asia/Kolkata")))).containsExactly(T - 35 * 60_000L, null, -30 * 60_000L, T + 2 * 86_400_000L -
            35 * 60_000L);
        assertThat(eval(call("time_format", c("t"), lit("yyyy-MM-dd HH:mm")))).containsExactly("2026-01-02 13:05",
            null, "1970-01-01 00:00", "2026-01-04 13:05");
        assertThat(eval(call("timestampdiff", lit("DAY"), lit(0L), c("t")))).containsExactly(20455L, null, 0L,
            20457L);
        assertThat(eval(call("cast", c("t"), lit("STRING")))).containsExactly("2026-01-02 13:05:00", null,
            "1970-01-01 00:00:00", "2026-01-04 13:05:00");
    }

    @Test
    void castsConvertOrFailNamingTheValue()
    {
        assertThat(eval(call("cast", c("d"), lit("LONG")))).containsExactly(2L, null, 0L, 0L);
        assertThat(eval(call("cast", c("n"), lit("STRING")))).containsExactly("7", null, "-7", "0");
        assertThat(eval(call("cast", lit(" 42 "), lit("LONG")))).containsExactly(42L, 42L, 42L, 42L);
        assertThatThrownBy(() -> eval(call("cast", c("s"), lit("LONG")))).isInstanceOf(NumberFormatException.class)
            .hasMessage("Invalid LONG value 'Hello' for CAST");
    }

    @Test
    void mathFunctions()
    {
        assertThat(eval(call("round", c("d")))).containsExactly(3.0, null, -1.0, 0.0);
        assertThat(eval(call("abs", c("n")))).containsExactly(7L, null, 7L, 0L);
        assertThat(eval(call("sqrt", c("d")))).containsExactly(Math.sqrt(2.5), null, null, 0.0);
        assertThat(eval(call("power", c("n"), lit(2L)))).containsExactly(49.0, null, 49.0, 0.0);
        assertThat(eval(call("floor", c("d")))).containsExactly(2.0, null, -1.0, 0.0);
    }

    @Test
    void typeErrorsNameTheFunction()
    {
        assertThatThrownBy(() -> eval(call("lower", c("n")))).hasMessageContaining("lower needs STRING, not LONG");
        assertThatThrownBy(() -> eval(call("and", c("n"), c("b")))).hasMessageContaining("and needs BOOLEAN");
        assertThatThrownBy(() -> eval(call("coalesce", c("s"), c("n")))).hasMessageContaining("mixes STRING and LONG");
        assertThatThrownBy(() -> eval(call("time_floor", c("t"), lit("PT7X")))).hasMessageContaining("time_floor");
        assertThat(Arrays.asList(ROWS[1])).containsOnlyNulls();
    }
}
