package dev.tally.storage.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.tally.storage.catalog.CatalogFixtures.HOUR;
import static dev.tally.storage.catalog.CatalogFixtures.T0;
import static dev.tally.storage.catalog.CatalogFixtures.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalog commits of compaction, retention and batch replace. */
class CatalogLifecycleTest
{
    @TempDir
    Path tableDir;

    @Test
    void replaceOfASegmentAnotherCommitRemovedIsStaleAndCommitsNothing() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        catalog.addSegments(List.of(segment(0), segment(1)), Map.of());
        catalog.replaceSegments(List.of(segment(0).id()), List.of());
        final long version = catalog.snapshot().version();

        assertThatThrownBy(() -> catalog.replaceSegments(List.of(segment(0).id(), segment(1).id()),
            List.of(segment(5))))
            .isInstanceOf(StaleSegmentsException.class).hasMessageContaining(segment(0).id());
        assertThat(catalog.snapshot().version()).isEqualTo(version);
        assertThat(catalog.snapshot().segments()).containsExactly(segment(1));
    }

    @Test
    void replaceIntervalRemovesEverySegmentLiveAtCommitTimeInsideIt() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        catalog.addSegments(List.of(segment(0), segment(1), segment(2), segment(3)), Map.of());
        final SegmentDescriptor batch = SegmentDescriptor.of("events", T0 + HOUR, T0 + 2 * HOUR, 9, 0, 1, 1, 1);

        final Manifest replaced = catalog.replaceInterval(T0 + HOUR, T0 + 3 * HOUR, List.of(batch));

        assertThat(replaced.segments()).containsExactly(segment(0), segment(3), batch);
        assertThatThrownBy(() -> catalog.replaceInterval(T0 + HOUR / 2, T0 + HOUR, List.of()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reaches outside");
        assertThat(catalog.snapshot()).isEqualTo(replaced);
    }

    @Test
    void dropSegmentsEndingByRemovesOnlyWholeChunksBeforeTheCutoff() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        catalog.addSegments(List.of(segment(0), segment(1), segment(2)), Map.of());
        final long version = catalog.snapshot().version();

        assertThat(catalog.dropSegmentsEndingBy(T0)).isEmpty();
        assertThat(catalog.snapshot().version()).as("nothing to drop, no commit").isEqualTo(version);
        assertThat(catalog.dropSegmentsEndingBy(T0 + 2 * HOUR + 1)).containsExactly(segment(0), segment(1));
        assertThat(catalog.snapshot().segments()).containsExactly(segment(2));
    }

    @Test
    void segmentVersionsAreAboveEveryCommittedOneAndNeverRepeat() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        catalog.addSegments(List.of(SegmentDescriptor.of("events", T0, T0 + HOUR, 41, 0, 1, 1, 1)), Map.of());
        final Catalog reopened = Catalog.open(tableDir);

        final long first = reopened.nextSegmentVersion();
        assertThat(first).isEqualTo(42);
        assertThat(reopened.nextSegmentVersion()).isEqualTo(43);
    }
}
