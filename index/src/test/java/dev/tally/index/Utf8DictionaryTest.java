package dev.tally.index;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Utf8DictionaryTest
{
    @Property(tries = 300)
    void lookupsAgreeWithBruteForce(
        @ForAll @Size(max = 60) final Set<@StringLength(max = 6) String> values,
        @ForAll @StringLength(max = 4) final String probe)
    {
        final byte[][] sorted = sortedUtf8(values);
        final Utf8Dictionary dictionary = Utf8Dictionary.wrap(serialize(sorted));
        assertThat(dictionary.size()).isEqualTo(sorted.length);
        for (int i = 0; i < sorted.length; i++)
        {
            assertThat(dictionary.valueBytes(i)).isEqualTo(sorted[i]);
            assertThat(dictionary.find(sorted[i])).isEqualTo(i);
        }
        final byte[] key = probe.getBytes(StandardCharsets.UTF_8);
        final int expectedLower = countWhere(sorted, s -> Arrays.compareUnsigned(s, key) < 0);
        final int expectedUpper = countWhere(sorted, s -> Arrays.compareUnsigned(s, key) <= 0);
        assertThat(dictionary.lowerBound(key, false)).isEqualTo(expectedLower);
        assertThat(dictionary.lowerBound(key, true)).isEqualTo(expectedUpper);
        final int found = dictionary.find(key);
        if (expectedUpper > expectedLower)
        {
            assertThat(found).isEqualTo(expectedLower);
        }
        else
        {
            assertThat(found).isEqualTo(-(expectedLower + 1));
        }
        final long range = dictionary.prefixRange(key);
        final int from = Utf8Dictionary.rangeFrom(range);
        final int to = Utf8Dictionary.rangeTo(range);
        for (int i = 0; i < sorted.length; i++)
        {
            assertThat(i >= from && i < to).as("entry %d in prefix range", i).isEqualTo(startsWith(sorted[i], key));
        }
    }

    @Test
    void valuesDecodeAsStrings()
    {
        final byte[][] sorted = sortedUtf8(Set.of("", "a", "é", "日本", "\uD83D\uDE00"));
        final Utf8Dictionary dictionary = Utf8Dictionary.wrap(serialize(sorted));
        assertThat(List.of(dictionary.value(0), dictionary.value(1), dictionary.value(2), dictionary.value(3),
            dictionary.value(4))).containsExactly("", "a", "é", "日本", "\uD83D\uDE00");
        assertThatThrownBy(() -> dictionary.value(5)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void unsortedEntriesAreRefused()
    {
        final byte[][] entries = {"b".getBytes(StandardCharsets.UTF_8), "a".getBytes(StandardCharsets.UTF_8)};
        assertThatThrownBy(() -> DictionaryWriter.writeUtf8(entries, 2, new ExpandableArrayBuffer(), 0))
            .hasMessageContaining("not strictly sorted");
    }

    @Test
    void inconsistentOffsetsAreRefused()
    {
        final byte[] bytes = serialize(sortedUtf8(Set.of("a", "bb")));
        bytes[Utf8Dictionary.OFFSETS_OFFSET + 4] = 100;
        assertThatThrownBy(() -> new Utf8Dictionary(new UnsafeBuffer(bytes))).isInstanceOf(IllegalStateException.class);
    }

    static byte[][] sortedUtf8(final Set<String> values)
    {
        final TreeSet<byte[]> sorted = new TreeSet<>(Arrays::compareUnsigned);
        for (final String value : values)
        {
            sorted.add(value.getBytes(StandardCharsets.UTF_8));
        }
        return sorted.toArray(new byte[0][]);
    }

    static byte[] serialize(final byte[][] sorted)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = DictionaryWriter.writeUtf8(sorted, sorted.length, buffer, 0);
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    private static int countWhere(final byte[][] values, final java.util.function.Predicate<byte[]> predicate)
    {
        int count = 0;
        for (final byte[] value : values)
        {
            count += predicate.test(value) ? 1 : 0;
        }
        return count;
    }

    private static boolean startsWith(final byte[] value, final byte[] prefix)
    {
        return value.length >= prefix.length && Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length);
    }
}
