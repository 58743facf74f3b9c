package dev.tally.ingest.journal;

import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The push journal's document format: format 2 round-trips and every flipped bit is caught by its length or its
 * CRC32C; format 1 documents (journals written before checksums) are still read.
 */
class JournalDocumentTest
{
    private static final byte[] EVENT = "{\"ts\": 1767225600000, \"k\": \"a\", \"v\": 12}"
        .getBytes(StandardCharsets.UTF_8);

    @Test
    void formatTwoRoundTrips()
    {
        final Bytes<?> bytes = Bytes.allocateElasticOnHeap();
        JournalDocument.write(bytes, EVENT);
        final JournalDocument document = new JournalDocument();
        assertThat(document.read(bytes)).isTrue();
        assertThat(new String(document.raw(), 0, document.length(), StandardCharsets.UTF_8))
            .isEqualTo(new String(EVENT, StandardCharsets.UTF_8));
    }

    @Test
    void everyFlippedBitOfAFormatTwoDocumentIsCaught()
    {
        final Bytes<?> written = Bytes.allocateElasticOnHeap();
        JournalDocument.write(written, EVENT);
        final byte[] good = written.toByteArray();
        final JournalDocument document = new JournalDocument();
        int caught = 0;
        for (int position = 0; position < good.length; position++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                final byte[] damaged = good.clone();
                damaged[position] ^= (byte)(1 << bit);
                // a flip in the magic makes it read as format 1, whose length then cannot match the size
                assertThat(document.read(Bytes.wrapForRead(damaged))).as("flip at byte %d bit %d", position, bit)
                    .isFalse();
                assertThat(document.problem()).isNotNull();
                caught++;
            }
        }
        assertThat(caught).isEqualTo(good.length * 8);
    }

    @Test
    void formatOneDocumentsAreStillRead()
    {
        final Bytes<?> bytes = Bytes.allocateElasticOnHeap();
        bytes.writeInt(EVENT.length).write(EVENT);
        final JournalDocument document = new JournalDocument();
        assertThat(document.read(bytes)).isTrue();
        assertThat(document.length()).isEqualTo(EVENT.length);
        final Bytes<?> tooShort = Bytes.allocateElasticOnHeap();
        tooShort.writeInt(EVENT.length + 1).write(EVENT);
        assertThat(document.read(tooShort)).isFalse();
        assertThat(document.problem()).contains("does not match document size");
    }
}
