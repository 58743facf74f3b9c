package dev.tally.storage.catalog;

import dev.tally.storage.segment.CorruptSegmentException;
import dev.tally.storage.segment.SegmentLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.tally.storage.catalog.CatalogFixtures.POSITION_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TableSegmentsTest
{
    @TempDir
    Path tableDir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception
    {
        for (int i = toClose.size() - 1; i >= 0; i--)
        {
            toClose.get(i).close();
        }
    }

    @Test
    void openServesEveryLiveSegment() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        final List<SegmentDescriptor> written = writeAndCommit(catalog, 3);

        final TableSegments segments = open(catalog);

        try (SegmentsSnapshot snapshot = segments.acquire())
        {
            assertThat(snapshot.manifestVersion()).isEqualTo(1);
            assertThat(snapshot.descriptors()).containsExactlyElementsOf(written);
            assertThat(snapshot.segments()).hasSize(3);
            for (int i = 0; i < snapshot.size(); i++)
            {
                assertThat(snapshot.segment(i).file()).isEqualTo(tableDir.resolve(written.get(i).fileName()));
                assertThat(SegmentFiles.readTimes(snapshot.segment(i))).isEqualTo(written.get(i).rowCount());
            }
        }
        assertThat(segments.quarantineEvents()).isEmpty();
    }

    @Test
    void corruptSegmentIsQuarantinedAtOpenAndTheRestServe() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        final List<SegmentDescriptor> written = writeAndCommit(catalog, 3);
        final Path damaged = tableDir.resolve(written.get(1).fileName());
        SegmentFiles.flipByte(damaged, Files.size(damaged) / 2);

        final TableSegments segments = open(catalog);

        try (SegmentsSnapshot snapshot = segments.acquire())
        {
            assertThat(snapshot.descriptors()).containsExactly(written.get(0), written.get(2));
            assertThat(snapshot.manifestVersion()).isEqualTo(catalog.snapshot().version());
        }
        assertThat(damaged).doesNotExist();
        assertThat(segments.quarantineDir().resolve(written.get(1).fileName())).exists();
        final Manifest reloaded = Catalog.open(tableDir).snapshot();
        assertThat(reloaded.segments()).containsExactly(written.get(0), written.get(2));
        assertThat(reloaded.quarantined()).singleElement().satisfies(entry ->
        {
            assertThat(entry.segment()).isEqualTo(written.get(1));
            assertThat(entry.reason()).contains(damaged.toString()).contains("column[country]");
        });
        assertThat(segments.quarantineEvents()).containsExactlyElementsOf(reloaded.quarantined());
    }

    @Test
    void missingFileIsQuarantined() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        final List<SegmentDescriptor> written = writeAndCommit(catalog, 2);
        final Path missing = tableDir.resolve(written.get(0).fileName());
        Files.delete(missing);

        final TableSegments segments = open(catalog);

        try (SegmentsSnapshot snapshot = segments.acquire())
        {
            assertThat(snapshot.descriptors()).containsExactly(written.get(1));
        }
        assertThat(catalog.snapshot().quarantined()).singleElement().satisfies(entry ->
        {
            assertThat(entry.segment()).isEqualTo(written.get(0));
            assertThat(entry.reason()).isEqualTo("missing segment file[" + missing + "]");
        });
        assertThat(segments.quarantineEvents()).hasSize(1);
    }

    @Test
    void reportedCorruptionQuarantinesOnceTheLastHolderCloses() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        final List<SegmentDescriptor> written = writeAndCommit(catalog, 3);
        final TableSegments segments = open(catalog);
        final Path damaged = tableDir.resolve(written.get(1).fileName());
        final SegmentsSnapshot holder = segments.acquire();
        // the first data block is the first time block; the mapping sees the change
        SegmentFiles.flipByte(damaged, SegmentLayout.HEADER_LENGTH + 4);

        final CorruptSegmentException problem = catchThrowableOfType(CorruptSegmentException.class,
            () -> SegmentFiles.readTimes(holder.segment(1)));
        assertThat(problem.column()).isEqualTo("__time");
        assertThat(problem.block()).isZero();
        assertThat(segments.reportCorrupt(written.get(1).id(), problem)).isTrue();

        try (SegmentsSnapshot snapshot = segments.acquire())
        {
            assertThat(snapshot.descriptors()).containsExactly(written.get(0), written.get(2));
        }
        assertThat(catalog.snapshot().quarantined()).singleElement().satisfies(entry ->
            assertThat(entry.reason()).contains(damaged.toString()).contains("column[__time]").contains("block[0]"));
        assertThat(damaged).exists();
        holder.close();
        assertThat(damaged).doesNotExist();
        assertThat(segments.quarantineDir().resolve(written.get(1).fileName())).exists();
        assertThat(segments.reportCorrupt(written.get(1).id(), problem)).isFalse();
        assertThat(segments.quarantineEvents()).hasSize(1);
    }

    @Test
    void refreshRetiresReplacedSegmentsAfterTheLastSnapshotHoldingThemCloses() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        final List<SegmentDescriptor> written = writeAndCommit(catalog, 2);
        final TableSegments segments = open(catalog);
        final Path replaced = tableDir.resolve(written.get(0).fileName());
        final SegmentsSnapshot first = segments.acquire();
        final SegmentsSnapshot second = segments.acquire();

        final SegmentDescriptor compacted = SegmentFiles.write(tableDir, 0, 2, 0, 30);
        catalog.replaceSegments(List.of(written.get(0).id()), List.of(compacted));
        segments.refresh();

        try (SegmentsSnapshot after = segments.acquire())
        {
            assertThat(after.manifestVersion()).isEqualTo(2);
            assertThat(after.descriptors()).containsExactly(written.get(1), compacted);
            assertThat(after.segment(0)).isSameAs(first.segment(1));
        }
        assertThat(replaced).exists();
        assertThat(SegmentFiles.readTimes(first.segment(0))).isEqualTo(written.get(0).rowCount());
        first.close();
        first.close();
        assertThat(replaced).exists();
        assertThat(SegmentFiles.readTimes(second.segment(0))).isEqualTo(written.get(0).rowCount());
        second.close();
        assertThat(replaced).doesNotExist();
        assertThat(tableDir.resolve(written.get(1).fileName())).exists();
        assertThatThrownBy(() -> first.segments()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refreshWithoutCommitChangesNothing() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        writeAndCommit(catalog, 2);
        final TableSegments segments = open(catalog);
        final SegmentsSnapshot before = segments.acquire();
        toClose.add(before);

        segments.refresh();

        try (SegmentsSnapshot after = segments.acquire())
        {
            assertThat(after.segments()).isEqualTo(before.segments());
            assertThat(after.manifestVersion()).isEqualTo(before.manifestVersion());
        }
    }

    @Test
    void openDeletesOrphanSegmentAndTempFiles() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        final List<SegmentDescriptor> written = writeAndCommit(catalog, 1);
        final Path orphan = tableDir.resolve(SegmentFiles.write(tableDir, 5, 1, 0, 10).fileName());
        final Path segmentTemp = Files.writeString(tableDir.resolve(orphan.getFileName() + ".tmp"), "partial");
        final Path otherTemp = Files.writeString(tableDir.resolve("leftover.tmp"), "partial");
        final Path unrelated = Files.writeString(tableDir.resolve("notes.txt"), "kept");

        final TableSegments segments = open(catalog);

        assertThat(orphan).doesNotExist();
        assertThat(segmentTemp).doesNotExist();
        assertThat(otherTemp).doesNotExist();
        assertThat(unrelated).exists();
        assertThat(tableDir.resolve(Catalog.MANIFEST_FILE_NAME)).exists();
        try (SegmentsSnapshot snapshot = segments.acquire())
        {
            assertThat(snapshot.descriptors()).containsExactlyElementsOf(written);
        }
    }

    @Test
    void openMovesFilesOfQuarantinedSegmentsLeftInTheTableDir() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        final List<SegmentDescriptor> written = writeAndCommit(catalog, 2);
        catalog.quarantine(written.get(0).id(), "bad block");
        final Path file = tableDir.resolve(written.get(0).fileName());

        final TableSegments segments = open(catalog);

        assertThat(file).doesNotExist();
        assertThat(segments.quarantineDir().resolve(file.getFileName())).exists();
        try (SegmentsSnapshot snapshot = segments.acquire())
        {
            assertThat(snapshot.descriptors()).containsExactly(written.get(1));
        }
    }

    @Test
    void closeKeepsHeldSegmentsMappedUntilTheirSnapshotsClose() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        final List<SegmentDescriptor> written = writeAndCommit(catalog, 2);
        final TableSegments segments = TableSegments.open(catalog);
        final SegmentsSnapshot held = segments.acquire();

        segments.close();
        segments.close();

        assertThatThrownBy(segments::acquire).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(tableDir.toString());
        assertThatThrownBy(segments::refresh).isInstanceOf(IllegalStateException.class);
        assertThat(SegmentFiles.readTimes(held.segment(1))).isEqualTo(written.get(1).rowCount());
        held.close();
        assertThat(tableDir.resolve(written.get(0).fileName())).exists();
        assertThat(tableDir.resolve(written.get(1).fileName())).exists();
    }

    @Test
    void segmentWithWrongRowCountIsQuarantined() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        final SegmentDescriptor actual = SegmentFiles.write(tableDir, 0, 1, 0, 12);
        final SegmentDescriptor claimed = new SegmentDescriptor(actual.id(), actual.intervalStart(),
            actual.intervalEnd(), actual.version(), actual.partition(), actual.fileName(), 13, 13, actual.sizeBytes());
        catalog.addSegments(List.of(claimed), Map.of());

        final TableSegments segments = open(catalog);

        assertThat(segments.quarantineEvents()).singleElement().satisfies(entry ->
            assertThat(entry.reason()).contains("rows[12]").contains("says[13]"));
        assertThat(catalog.snapshot().segments()).isEmpty();
    }

    private TableSegments open(final Catalog catalog) throws Exception
    {
        final TableSegments segments = TableSegments.open(catalog);
        toClose.add(segments);
        return segments;
    }

    /** Writes {@code count} hourly segments with 10, 11, ... rows and commits them in one commit. */
    private List<SegmentDescriptor> writeAndCommit(final Catalog catalog, final int count) throws Exception
    {
        final List<SegmentDescriptor> written = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            written.add(SegmentFiles.write(tableDir, i, 1, 0, 10 + i));
        }
        catalog.addSegments(written, Map.of(POSITION_KEY, 42L));
        return written;
    }
}
