package dev.tally.storage.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import static dev.tally.storage.catalog.CatalogFixtures.POSITION_KEY;
import static dev.tally.storage.catalog.CatalogFixtures.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class ManifestFileTest
{
    private static final Path FILE = Path.of("events", Catalog.MANIFEST_FILE_NAME);

    @TempDir
    Path tableDir;

    private static Manifest smallManifest()
    {
        return new Manifest(
            5,
            List.of(segment(0), segment(1)),
            Map.of(POSITION_KEY, 42L, "kafka:events:1", 7L),
            List.of(new QuarantinedSegment(segment(2), "bad magic", 1_767_229_200_000L)), null);
    }

    @Test
    void decodeReturnsWhatEncodeWrote() throws Exception
    {
        final Manifest manifest = smallManifest();

        assertThat(ManifestFile.decode(FILE, ManifestFile.encode(manifest))).isEqualTo(manifest);
    }

    @Test
    void headerHasMagicFormatVersionCrcAndLength()
    {
        final byte[] bytes = ManifestFile.encode(smallManifest());
        final String text = new String(bytes, StandardCharsets.UTF_8);
        final String header = text.substring(0, text.indexOf('\n'));
        final int bodyLength = bytes.length - header.length() - 1;

        assertThat(header).matches("TALLY-MANIFEST 1 [0-9a-f]{8} " + bodyLength);
        assertThat(text.substring(header.length() + 1)).startsWith("{\"version\":5,");
    }

    @Test
    void everyFlippedByteIsDetectedOnOpen() throws Exception
    {
        final byte[] good = ManifestFile.encode(smallManifest());
        for (int i = 0; i < good.length; i++)
        {
            final byte[] bad = good.clone();
            bad[i] ^= (byte)0xFF;
            assertOpenFailsAsCorrupt(bad, "byte[" + i + "] inverted");
        }
    }

    @Test
    void everyFlippedBitIsDetected()
    {
        final byte[] good = ManifestFile.encode(smallManifest());
        for (int i = 0; i < good.length; i++)
        {
            for (int bit = 0; bit < Byte.SIZE; bit++)
            {
                final byte[] bad = good.clone();
                bad[i] ^= (byte)(1 << bit);
                assertThatThrownBy(() -> ManifestFile.decode(FILE, bad))
                    .as("byte[%d] bit[%d] flipped", i, bit)
                    .isInstanceOf(CorruptManifestException.class);
            }
        }
    }

    @Test
    void truncationAtEveryLengthIsDetectedOnOpen() throws Exception
    {
        final byte[] good = ManifestFile.encode(smallManifest());
        for (int length = 0; length < good.length; length++)
        {
            assertOpenFailsAsCorrupt(Arrays.copyOf(good, length), "truncated to length[" + length + "]");
        }
    }

    @Test
    void trailingBytesAreDetected()
    {
        final byte[] good = ManifestFile.encode(smallManifest());
        final byte[] longer = Arrays.copyOf(good, good.length + 1);
        longer[good.length] = ' ';

        assertThatThrownBy(() -> ManifestFile.decode(FILE, longer))
            .isInstanceOf(CorruptManifestException.class)
            .hasMessageContaining("differs from header length");
    }

    @Test
    void errorNamesFileAndProblem()
    {
        final byte[] bytes = "TALLY-MANIFEST 2 00000000 2\n{}".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> ManifestFile.decode(FILE, bytes))
            .isInstanceOfSatisfying(CorruptManifestException.class, ex -> assertThat(ex.file()).isEqualTo(FILE))
            .hasMessage("corrupt manifest file[" + FILE + "]: format version[2] is not supported");
    }

    @Test
    void validChecksumOverInvalidManifestIsCorrupt()
    {
        final String body = "{\"version\":1,\"segments\":[],\"sourcePositions\":{}}";
        final byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        final CRC32C crc = new CRC32C();
        crc.update(bodyBytes);
        final String header = String.format("TALLY-MANIFEST 1 %08x %d", crc.getValue(), bodyBytes.length);
        final byte[] bytes = (header + '\n' + body).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ManifestFile.decode(FILE, bytes))
            .isInstanceOf(CorruptManifestException.class)
            .hasMessageContaining("body is not a valid manifest");
    }

    private void assertOpenFailsAsCorrupt(final byte[] bytes, final String damage) throws Exception
    {
        Files.write(tableDir.resolve(Catalog.MANIFEST_FILE_NAME), bytes);
        try
        {
            final Manifest loaded = Catalog.open(tableDir).snapshot();
            fail("manifest with " + damage + " loaded as " + loaded);
        }
        catch (final CorruptManifestException expected)
        {
            assertThat(expected.file()).isEqualTo(tableDir.resolve(Catalog.MANIFEST_FILE_NAME));
        }
    }
}
