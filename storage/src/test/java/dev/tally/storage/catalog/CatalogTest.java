package dev.tally.storage.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static dev.tally.storage.catalog.CatalogFixtures.POSITION_KEY;
import static dev.tally.storage.catalog.CatalogFixtures.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogTest
{
    @TempDir
    Path tableDir;

    @Test
    void openCreatesEmptyManifestVersionZero() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir.resolve("events"));

        assertThat(catalog.snapshot()).isEqualTo(Manifest.empty());
        assertThat(tableDir.resolve("events").resolve(Catalog.MANIFEST_FILE_NAME)).exists();
        assertThat(Catalog.open(tableDir.resolve("events")).snapshot()).isEqualTo(Manifest.empty());
    }

    @Test
    void commitsSurviveReload() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        catalog.addSegments(List.of(segment(0), segment(1), segment(2)), Map.of(POSITION_KEY, 41L, "push:0", 7L));
        catalog.quarantine(segment(1).id(), "block[3] crc32c mismatch");
        final Manifest committed = catalog.replaceSegments(List.of(segment(0).id()), List.of(segment(3)));

        final Manifest reloaded = Catalog.open(tableDir).snapshot();

        assertThat(reloaded).isEqualTo(committed).isEqualTo(catalog.snapshot());
        assertThat(reloaded.version()).isEqualTo(3);
        assertThat(reloaded.segments()).containsExactly(segment(2), segment(3));
        assertThat(reloaded.sourcePositions()).containsExactly(Map.entry(POSITION_KEY, 41L), Map.entry("push:0", 7L));
        assertThat(reloaded.quarantined()).singleElement().satisfies(entry ->
        {
            assertThat(entry.segment()).isEqualTo(segment(1));
            assertThat(entry.reason()).isEqualTo("block[3] crc32c mismatch");
            assertThat(entry.quarantinedAtMillis()).isPositive();
        });
    }

    @Test
    void openDeletesLeftoverTempFileAndKeepsManifest() throws Exception
    {
        final Manifest committed = Catalog.open(tableDir).addSegments(List.of(segment(0)), Map.of(POSITION_KEY, 1L));
        final Path temp = tableDir.resolve(Catalog.TEMP_FILE_NAME);
        Files.write(temp, "TALLY-MANIFEST 1 half-writ".getBytes(StandardCharsets.US_ASCII));

        final Catalog reopened = Catalog.open(tableDir);

        assertThat(temp).doesNotExist();
        assertThat(reopened.snapshot()).isEqualTo(committed);
    }

    @Test
    void quarantineOfUnknownSegmentCommitsNothing() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        final Manifest before = catalog.addSegments(List.of(segment(0)), Map.of());

        assertThatThrownBy(() -> catalog.quarantine("nope", "bad"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("segment[nope] is not live");
        assertThat(catalog.snapshot()).isEqualTo(before);
        assertThat(Catalog.open(tableDir).snapshot()).isEqualTo(before);
    }

    @Test
    void duplicateSegmentIdIsRejectedBeforeWriting() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        final Manifest before = catalog.addSegments(List.of(segment(0)), Map.of());

        assertThatThrownBy(() -> catalog.addSegments(List.of(segment(0)), Map.of()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("duplicate segment[" + segment(0).id() + "]");
        assertThat(Catalog.open(tableDir).snapshot()).isEqualTo(before);
    }

    @Test
    void concurrentReadersSeeOnlyConsistentManifests() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir, new FaultyCatalogFiles().skipForce());
        final int commits = 300;
        final AtomicBoolean isWriting = new AtomicBoolean(true);
        final AtomicReference<Manifest> inconsistent = new AtomicReference<>();
        final AtomicLong reads = new AtomicLong();
        final List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 2; i++)
        {
            final Thread reader = new Thread(() ->
            {
                long lastVersion = 0;
                while (isWriting.get())
                {
                    final Manifest manifest = catalog.snapshot();
                    if (!CatalogFixtures.isConsistent(manifest) || manifest.version() < lastVersion)
                    {
                        inconsistent.compareAndSet(null, manifest);
                    }
                    lastVersion = manifest.version();
                    reads.incrementAndGet();
                    Thread.yield();
                }
            }, "catalog-reader-" + i);
            reader.start();
            readers.add(reader);
        }
        try
        {
            for (int i = 0; i < commits; i++)
            {
                catalog.commit(CatalogFixtures::addOneSegment);
            }
        }
        finally
        {
            isWriting.set(false);
            for (final Thread reader : readers)
            {
                reader.join(TimeUnit.SECONDS.toMillis(10));
            }
        }

        assertThat(inconsistent.get()).isNull();
        assertThat(reads.get()).isPositive();
        assertThat(catalog.snapshot().version()).isEqualTo(commits);
        assertThat(CatalogFixtures.isConsistent(Catalog.open(tableDir).snapshot())).isTrue();
    }
}
