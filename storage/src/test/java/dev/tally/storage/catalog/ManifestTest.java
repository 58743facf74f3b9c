package dev.tally.storage.catalog;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.tally.storage.catalog.CatalogFixtures.HOUR;
import static dev.tally.storage.catalog.CatalogFixtures.T0;
import static dev.tally.storage.catalog.CatalogFixtures.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestTest
{
    @Test
    void canonicalIdNamesTableIntervalVersionAndPartition()
    {
        final SegmentDescriptor segment = SegmentDescriptor.of("events", T0, T0 + HOUR, 3, 0, 10, 20, 30);

        assertThat(segment.id()).isEqualTo("events_2026-01-01T00:00Z_2026-01-01T01:00Z_v3_p0");
        assertThat(segment.fileName()).isEqualTo(segment.id() + ".seg");
        assertThat(SegmentDescriptor.of("t", T0 + 1_500, T0 + 61_000, 0, 2, 0, 0, 0).id())
            .isEqualTo("t_2026-01-01T00:00:01.500Z_2026-01-01T00:01:01Z_v0_p2");
    }

    @Test
    void descriptorRejectsEmptyIntervalAndPathEscapes()
    {
        assertThatThrownBy(() -> SegmentDescriptor.of("events", T0, T0, 1, 0, 0, 0, 0))
            .hasMessageContaining("is empty");
        assertThatThrownBy(() -> new SegmentDescriptor("s", T0, T0 + 1, 1, 0, "../manifest", 0, 0, 0))
            .hasMessageContaining("fileName[../manifest]");
    }

    @Test
    void overlappingUsesHalfOpenIntervals()
    {
        final Manifest manifest = Manifest.empty().withSegmentsAdded(List.of(segment(0), segment(1), segment(2)));

        assertThat(manifest.segmentsOverlapping(T0 + HOUR, T0 + 2 * HOUR)).containsExactly(segment(1));
        assertThat(manifest.segmentsOverlapping(T0 + HOUR - 1, T0 + HOUR + 1)).containsExactly(segment(0), segment(1));
        assertThat(manifest.segmentsOverlapping(T0 - HOUR, T0)).isEmpty();
        assertThat(manifest.segmentsOverlapping(T0 + 3 * HOUR, T0 + 4 * HOUR)).isEmpty();
    }

    @Test
    void totalsSumLiveSegmentsOnly()
    {
        final Manifest manifest = Manifest.empty().withSegmentsAdded(List.of(segment(0), segment(1), segment(2)))
            .withQuarantined(segment(2).id(), "bad crc", T0);

        assertThat(manifest.totalRows()).isEqualTo(10 + 11);
        assertThat(manifest.totalEvents()).isEqualTo(100 + 101);
    }

    @Test
    void positionsMergeAndOverwrite()
    {
        final Manifest manifest = Manifest.empty().withSourcePositions(Map.of("a", 1L, "b", 2L))
            .withSourcePositions(Map.of("b", 5L));

        assertThat(manifest.sourcePositions()).containsExactly(Map.entry("a", 1L), Map.entry("b", 5L));
        assertThat(manifest.sourcePosition("c")).isEmpty();
    }

    @Test
    void removingSegmentThatIsNotLiveFails()
    {
        final Manifest manifest = Manifest.empty().withSegmentsAdded(List.of(segment(0)));

        assertThatThrownBy(() -> manifest.withSegmentsRemoved(List.of(segment(0).id(), "gone")))
            .hasMessage("segments[gone] are not live in manifest version[0]");
    }

    @Test
    void segmentCannotBeLiveAndQuarantined()
    {
        final Manifest manifest = Manifest.empty().withSegmentsAdded(List.of(segment(0)))
            .withQuarantined(segment(0).id(), "bad", T0);

        assertThatThrownBy(() -> manifest.withSegmentsAdded(List.of(segment(0))))
            .hasMessageContaining("duplicate segment[" + segment(0).id() + "]");
    }
}
