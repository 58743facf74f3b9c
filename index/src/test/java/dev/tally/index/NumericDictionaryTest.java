package dev.tally.index;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class NumericDictionaryTest
{
    @Property(tries = 300)
    void longLookupsAgreeWithBruteForce(@ForAll @Size(max = 50) final Set<Long> values, @ForAll final long probe)
    {
        final long[] sorted = new TreeSet<>(values).stream().mapToLong(Long::longValue).toArray();
        final NumericDictionary dictionary = dictionary(sorted, false);
        for (int i = 0; i < sorted.length; i++)
        {
            assertThat(dictionary.longValue(i)).isEqualTo(sorted[i]);
            assertThat(dictionary.find(sorted[i])).isEqualTo(i);
        }
        int below = 0;
        int atOrBelow = 0;
        for (final long value : sorted)
        {
            below += value < probe ? 1 : 0;
            atOrBelow += value <= probe ? 1 : 0;
        }
        assertThat(dictionary.lowerBound(probe, false)).isEqualTo(below);
        assertThat(dictionary.lowerBound(probe, true)).isEqualTo(atOrBelow);
    }

    @Property(tries = 300)
    void doublesSortLikeDoubleCompare(@ForAll @Size(max = 50) final Set<Double> values, @ForAll final double probe)
    {
        final TreeSet<Double> ordered = new TreeSet<>(Double::compare);
        ordered.addAll(values);
        ordered.add(-0.0);
        ordered.add(0.0);
        ordered.add(Double.NaN);
        final long[] bits = ordered.stream().mapToLong(Double::doubleToLongBits).toArray();
        final NumericDictionary dictionary = dictionary(bits, true);
        int i = 0;
        for (final double value : ordered)
        {
            assertThat(Double.compare(dictionary.doubleValue(i), value)).isZero();
            assertThat(dictionary.find(Double.doubleToLongBits(value))).isEqualTo(i);
            i++;
        }
        final int below = ordered.headSet(probe, false).size();
        assertThat(dictionary.lowerBound(Double.doubleToLongBits(probe), false)).isEqualTo(below);
    }

    private static NumericDictionary dictionary(final long[] sorted, final boolean isDouble)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = DictionaryWriter.writeNumeric(sorted, sorted.length, isDouble, buffer, 0);
        return new NumericDictionary(new UnsafeBuffer(buffer.byteArray(), 0, length), isDouble);
    }
}
