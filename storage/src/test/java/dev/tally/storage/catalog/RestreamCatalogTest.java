package dev.tally.storage.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import static dev.tally.storage.catalog.CatalogFixtures.HOUR;
import static dev.tally.storage.catalog.CatalogFixtures.POSITION_KEY;
import static dev.tally.storage.catalog.CatalogFixtures.T0;
import static dev.tally.storage.catalog.CatalogFixtures.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestreamCatalogTest
{
    private static final String KEY_1 = "kafka:events:1";

    @TempDir
    Path tableDir;

    @Test
    void manifestWrittenBeforeRestreamsExistedStillLoads() throws Exception
    {
        final String body = "{\"version\":3,\"segments\":[],\"sourcePositions\":{\"" + POSITION_KEY + "\":9}," +
            "\"quarantined\":[]}";
        final byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        final CRC32C crc = new CRC32C();
        crc.update(bodyBytes);
        Files.write(tableDir.resolve(Catalog.MANIFEST_FILE_NAME), (String.format("TALLY-MANIFEST 1 %08x %d\n",
            crc.getValue(), bodyBytes.length) + body).getBytes(StandardCharsets.UTF_8));

        final Manifest manifest = Catalog.open(tableDir).snapshot();

        assertThat(manifest.version()).isEqualTo(3);
        assertThat(manifest.sourcePosition(POSITION_KEY)).hasValue(9);
        assertThat(manifest.restream()).isNull();
    }

    @Test
    void manifestWithoutRestreamIsWrittenWithoutTheField()
    {
        final String text = new String(ManifestFile.encode(Manifest.empty()), StandardCharsets.UTF_8);

        assertThat(text).doesNotContain("restream");
    }

    @Test
    void restreamMarkerSurvivesReopen() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        catalog.addSegments(List.of(segment(0), segment(1)), Map.of(POSITION_KEY, 99L));
        final RestreamMarker marker = marker(T0 + HOUR, Map.of(POSITION_KEY, 99L), Map.of(POSITION_KEY, 40L));
        catalog.restream(marker);

        assertThat(Catalog.open(tableDir).snapshot().restream()).isEqualTo(marker);
    }

    @Test
    void restreamDropsEveryChunkFromItsStartAndMovesPositionsBack() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        catalog.addSegments(List.of(segment(0), segment(1), segment(2)), Map.of(POSITION_KEY, 99L, KEY_1, 50L));

        final List<SegmentDescriptor> dropped = catalog.restream(
            marker(T0 + HOUR, Map.of(POSITION_KEY, 99L, KEY_1, 50L), Map.of(POSITION_KEY, 40L, KEY_1, 51L)));

        final Manifest manifest = catalog.snapshot();
        assertThat(dropped).containsExactly(segment(1), segment(2));
        assertThat(manifest.segments()).containsExactly(segment(0));
        assertThat(manifest.sourcePositions()).isEqualTo(Map.of(POSITION_KEY, 39L, KEY_1, 50L));
        assertThat(manifest.restream().inProgress()).isTrue();
    }

    @Test
    void commitThatReachesEveryStoredPositionFinishesTheRestream() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        catalog.addSegments(List.of(segment(0)), Map.of(POSITION_KEY, 99L, KEY_1, 50L));
        catalog.restream(marker(T0, Map.of(POSITION_KEY, 99L, KEY_1, 50L), Map.of(POSITION_KEY, 0L, KEY_1, 0L)));

        catalog.addSegments(List.of(segment(0)), Map.of(POSITION_KEY, 99L, KEY_1, 49L));
        assertThat(catalog.snapshot().restream().inProgress()).isTrue();
        catalog.addSegments(List.of(segment(1)), Map.of(KEY_1, 50L));

        assertThat(catalog.snapshot().restream().inProgress()).isFalse();
        assertThat(catalog.snapshot().restream().finishedAtMillis()).isPositive();
    }

    @Test
    void restreamWithNothingToReadAgainIsFinishedAtOnce() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        catalog.addSegments(List.of(segment(0)), Map.of(POSITION_KEY, 9L));

        catalog.restream(marker(T0 + 5 * HOUR, Map.of(POSITION_KEY, 9L), Map.of(POSITION_KEY, 10L)));

        assertThat(catalog.snapshot().restream().inProgress()).isFalse();
        assertThat(catalog.snapshot().segments()).containsExactly(segment(0));
    }

    @Test
    void segmentStraddlingTheStartCommitsNothing() throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        catalog.addSegments(List.of(segment(0)), Map.of(POSITION_KEY, 9L));

        assertThatThrownBy(() -> catalog.restream(
            marker(T0 + HOUR / 2, Map.of(POSITION_KEY, 9L), Map.of(POSITION_KEY, 0L))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("straddles");
        assertThat(catalog.snapshot().version()).isEqualTo(1);
    }

    private static RestreamMarker marker(final long start, final Map<String, Long> stored,
        final Map<String, Long> reset)
    {
        return new RestreamMarker(start, stored, reset, 1_767_300_000_000L, 0);
    }
}
