package dev.tally.query.expr;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Druid's string functions, their edge cases and their errors. */
class StringFunctionsTest
{
    @Test
    void regularExpressions()
    {
        assertThat(StringFunctions.regexpExtract("/products/42", "/([a-z]+)/(\\d+)", 2)).isEqualTo("42");
        assertThat(StringFunctions.regexpExtract("/products/42", "/([a-z]+)", 0)).isEqualTo("/products");
        assertThat(StringFunctions.regexpExtract("/", "/([a-z]+)", 1)).isNull();
        assertThatThrownBy(() -> StringFunctions.regexpExtract("/a", "/([a-z]+)", 2))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("REGEXP_EXTRACT group[2]");
        assertThatThrownBy(() -> StringFunctions.regexpLike("x", "(unclosed"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("REGEXP_LIKE pattern[(unclosed]");
        assertThat(StringFunctions.regexpReplace("a1b22", "\\d+", "#")).isEqualTo("a#b#");
        assertThat(StringFunctions.regexpLike("caf\u00e9 \uD83D\uDE00", "\uD83D\uDE00$")).isTrue();
    }

    @Test
    void paddingTrimmingAndSlicing()
    {
        assertThat(StringFunctions.lpad("7", 3, "0")).isEqualTo("007");
        assertThat(StringFunctions.lpad("abcdef", 3, "0")).isEqualTo("abc");
        assertThat(StringFunctions.rpad("ab", 7, "xy")).isEqualTo("abxyxyx");
        assertThat(StringFunctions.rpad("ab", 5, "")).isEqualTo("ab");
        assertThat(StringFunctions.trim("xxhixyx", "xy", true, true)).isEqualTo("hi");
        assertThat(StringFunctions.trim("xxhixyx", "x", true, false)).isEqualTo("hixyx");
        assertThat(StringFunctions.trim("xxx", "x", true, true)).isEmpty();
        assertThat(StringFunctions.left("hello", 2)).isEqualTo("he");
        assertThat(StringFunctions.right("hello", 9)).isEqualTo("hello");
        assertThat(StringFunctions.strpos("hello", "l")).isEqualTo(3);
        assertThat(StringFunctions.strpos("hello", "z")).isZero();
        assertThat(StringFunctions.containsIgnoreCase("Hello", "hELL")).isTrue();
        assertThat(StringFunctions.reverse("ab\uD83D\uDE00")).isEqualTo("\uD83D\uDE00ba");
        assertThat(StringFunctions.repeat("ab", 3)).isEqualTo("ababab");
        assertThat(StringFunctions.repeat("ab", -1)).isEmpty();
        assertThatThrownBy(() -> StringFunctions.repeat("ab", 100_000_000))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10,000,000");
        assertThatThrownBy(() -> StringFunctions.left("ab", -1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LEFT length[-1]");
    }

    @Test
    void formatAndParse()
    {
        assertThat(StringFunctions.format("%s-%s", "a", "b")).isEqualTo("a-b");
        assertThat(StringFunctions.format("%s:%d %.1f", "US", "42", "2.25")).isEqualTo("US:42 2.3");
        assertThat(StringFunctions.format("%s", (String)null)).isEqualTo("null");
        assertThatThrownBy(() -> StringFunctions.format("%d", "many"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("STRING_FORMAT pattern[%d]");
        assertThat(StringFunctions.parseLong(" 42 ", 10)).isEqualTo(42L);
        assertThat(StringFunctions.parseLong("ff", 16)).isEqualTo(255L);
        assertThat(StringFunctions.parseLong("4x2", 10)).isNull();
    }
}
