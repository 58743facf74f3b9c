package dev.tally.ingest.rollup;

import dev.tally.storage.schema.ValueType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LiveDictionaryTest
{
    private static final long SEED = 0xD1C7L;

    @Test
    void stringIdsAreInsertionOrderedAndStableForValuesDifferingInAnyByte()
    {
        System.out.println("LiveDictionaryTest seed " + SEED);
        final Random random = new Random(SEED);
        final LiveDictionary dictionary = new LiveDictionary(ValueType.STRING);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final Map<String, Integer> model = new HashMap<>();
        // values that differ in one byte at every position of 8-byte words and tails, plus the empty string
        final String base = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 60_000; i++)
        {
            final String value;
            if (i % 3 == 0)
            {
                final int length = random.nextInt(base.length() + 1);
                final char[] chars = base.substring(0, length).toCharArray();
                if (length > 0)
                {
                    chars[random.nextInt(length)] = (char)('A' + random.nextInt(26));
                }
                value = new String(chars);
            }
            else
            {
                value = "v" + random.nextInt(20_000) + (random.nextBoolean() ? "-\u00e9" : "");
            }
            final byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            final int offset = random.nextInt(64);
            buffer.putBytes(offset, utf8);
            final int id = dictionary.idOf(buffer, offset, utf8.length);
            final Integer known = model.putIfAbsent(value, model.size() + 1);
            assertThat(id).as("value[%s]", value).isEqualTo(known == null ? model.size() : known);
            assertThat(dictionary.strings()[id]).isEqualTo(value);
        }
        assertThat(dictionary.size()).isEqualTo(model.size());
    }
}
