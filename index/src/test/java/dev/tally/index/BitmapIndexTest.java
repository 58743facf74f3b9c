package dev.tally.index;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BitmapIndexTest
{
    @Property(tries = 100)
    void bitmapsReadBackInPlace(@ForAll @Size(min = 1, max = 30) final List<@IntRange(max = 100_000) Integer> sizes,
        @ForAll final long seed)
    {
        final Random random = new Random(seed);
        final List<int[]> expected = new ArrayList<>();
        final BitmapIndexWriter writer = new BitmapIndexWriter();
        writer.begin(sizes.size());
        for (final int size : sizes)
        {
            // ascending rows, dense or sparse, so array, bitmap and run containers all occur
            final int[] rows = new int[size];
            final int step = 1 + random.nextInt(random.nextBoolean() ? 2 : 50);
            int row = random.nextInt(1000);
            for (int i = 0; i < size; i++)
            {
                rows[i] = row;
                row += step;
            }
            expected.add(rows);
            writer.add(rows, 0, size);
        }
        final int length = writer.finish();
        // a direct buffer at an odd offset, as a slice of a mapped file would be
        final ByteBuffer direct = ByteBuffer.allocateDirect(length + 3);
        direct.position(3);
        direct.put(writer.buffer().byteArray(), 0, length);
        direct.position(3);
        final BitmapIndex index = new BitmapIndex(direct.slice());
        assertThat(index.count()).isEqualTo(sizes.size());
        for (int i = 0; i < sizes.size(); i++)
        {
            final ImmutableRoaringBitmap bitmap = index.bitmap(i);
            assertThat(bitmap.toArray()).isEqualTo(expected.get(i));
        }
    }
}
