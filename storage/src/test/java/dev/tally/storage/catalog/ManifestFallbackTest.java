package dev.tally.storage.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A damaged {@code manifest} is not the end of a table: each commit keeps the manifest it replaced as
 * {@code manifest.prev}, and open falls back to it, keeps the damaged file aside and says so.
 */
class ManifestFallbackTest
{
    @TempDir
    Path dir;

    @Test
    void everyFlippedByteOfTheManifestFallsBackToThePreviousVersion() throws Exception
    {
        final Path tableDir = dir.resolve("events");
        final Catalog catalog = Catalog.open(tableDir);
        for (int i = 0; i < 3; i++)
        {
            catalog.commit(CatalogFixtures::addOneSegment);
        }
        final Path manifest = tableDir.resolve(Catalog.MANIFEST_FILE_NAME);
        final byte[] good = Files.readAllBytes(manifest);
        final byte[] previous = Files.readAllBytes(tableDir.resolve(Catalog.PREVIOUS_FILE_NAME));
        final Random random = new Random(11);
        for (int position = 0; position < good.length; position++)
        {
            final byte[] damaged = good.clone();
            damaged[position] ^= (byte)(1 << random.nextInt(8));
            Files.write(manifest, damaged);
            Files.write(tableDir.resolve(Catalog.PREVIOUS_FILE_NAME), previous);
            final Catalog reopened = Catalog.open(tableDir);
            assertThat(reopened.snapshot().version()).as("flip at byte %d", position).isEqualTo(2);
            assertThat(reopened.recovery()).isNotNull();
            assertThat(reopened.recovery().restoredVersion()).isEqualTo(2);
            assertThat(reopened.recovery().problem()).contains("corrupt manifest file");
            assertThat(Files.readAllBytes(reopened.recovery().damagedFile())).isEqualTo(damaged);
            Files.delete(reopened.recovery().damagedFile());
            assertThat(CatalogFixtures.isConsistent(reopened.snapshot())).isTrue();
        }
        // and the table goes on committing from the restored version
        final Catalog reopened = Catalog.open(tableDir);
        assertThat(reopened.recovery()).isNull();
        assertThat(reopened.commit(CatalogFixtures::addOneSegment).version()).isEqualTo(3);
        assertThat(ManifestFile.decode(tableDir.resolve(Catalog.PREVIOUS_FILE_NAME),
            Files.readAllBytes(tableDir.resolve(Catalog.PREVIOUS_FILE_NAME))).version()).isEqualTo(2);
    }

    @Test
    void aMissingManifestFallsBackToThePreviousVersion() throws Exception
    {
        final Path tableDir = dir.resolve("events");
        final Catalog catalog = Catalog.open(tableDir);
        catalog.commit(CatalogFixtures::addOneSegment);
        catalog.commit(CatalogFixtures::addOneSegment);
        Files.delete(tableDir.resolve(Catalog.MANIFEST_FILE_NAME));
        final Catalog reopened = Catalog.open(tableDir);
        assertThat(reopened.snapshot().version()).isEqualTo(1);
        assertThat(reopened.recovery().problem()).contains("is missing");
    }

    @Test
    void damagedManifestAndDamagedPreviousFailOpenNamingBoth() throws Exception
    {
        final Path tableDir = dir.resolve("events");
        final Catalog catalog = Catalog.open(tableDir);
        catalog.commit(CatalogFixtures::addOneSegment);
        catalog.commit(CatalogFixtures::addOneSegment);
        for (final String name : new String[] {Catalog.MANIFEST_FILE_NAME, Catalog.PREVIOUS_FILE_NAME})
        {
            final Path file = tableDir.resolve(name);
            final byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length - 2] ^= 0x20;
            Files.write(file, bytes);
        }
        assertThatThrownBy(() -> Catalog.open(tableDir))
            .isInstanceOf(CorruptManifestException.class)
            .hasMessageContaining(Catalog.MANIFEST_FILE_NAME)
            .satisfies(ex -> assertThat(ex.getSuppressed()[0].getMessage()).contains(Catalog.PREVIOUS_FILE_NAME));
        // nothing was changed: both files are still there for inspection
        assertThat(tableDir.resolve(Catalog.MANIFEST_FILE_NAME)).exists();
        assertThat(tableDir.resolve(Catalog.PREVIOUS_FILE_NAME)).exists();
    }
}
