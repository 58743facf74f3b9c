package dev.tally.storage.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.tally.storage.catalog.CatalogFixtures.POSITION_KEY;
import static dev.tally.storage.catalog.CatalogFixtures.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogFaultInjectionTest
{
    @TempDir
    Path tableDir;

    @ParameterizedTest(name = "fail at step {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void failedCommitLeavesOldManifestAndCatalogUsable(final int step) throws Exception
    {
        final FaultyCatalogFiles files = new FaultyCatalogFiles();
        final Catalog catalog = Catalog.open(tableDir, files);
        final Manifest old = catalog.addSegments(List.of(segment(0)), Map.of(POSITION_KEY, 1L));

        files.failAtOperations(step);
        final CommitStep expectedStep = CommitStep.values()[step - 1];
        assertThatThrownBy(() -> catalog.addSegments(List.of(segment(1)), Map.of(POSITION_KEY, 2L)))
            .isInstanceOfSatisfying(CatalogCommitException.class, ex ->
            {
                assertThat(ex.step()).isEqualTo(expectedStep);
                assertThat(ex.manifestVersion()).isEqualTo(2);
                assertThat(ex.isInDoubt()).isFalse();
                assertThat(ex.getSuppressed()).isEmpty();
            })
            .hasMessageContaining("step[" + expectedStep + "]")
            .hasMessageContaining("version[2]")
            .hasMessageContaining(tableDir.toString());

        assertThat(files.isArmed()).isFalse();
        assertThat(catalog.snapshot()).isEqualTo(old);
        assertThat(Catalog.open(tableDir).snapshot()).isEqualTo(old);
        assertThat(tableDir.resolve(Catalog.TEMP_FILE_NAME)).doesNotExist();

        final Manifest next = catalog.addSegments(List.of(segment(1)), Map.of(POSITION_KEY, 2L));
        assertThat(next.version()).isEqualTo(2);
        assertThat(next.segments()).containsExactly(segment(0), segment(1));
        assertThat(Catalog.open(tableDir).snapshot()).isEqualTo(next);
    }

    @Test
    void failedRestoreAfterRenameIsInDoubtButNextCommitWins() throws Exception
    {
        final FaultyCatalogFiles files = new FaultyCatalogFiles();
        final Catalog catalog = Catalog.open(tableDir, files);
        final Manifest old = catalog.addSegments(List.of(segment(0)), Map.of(POSITION_KEY, 1L));

        // Operation 4 is the commit's forceDir, operation 5 the restore's write of the old manifest.
        files.failAtOperations(4, 5);
        assertThatThrownBy(() -> catalog.addSegments(List.of(segment(1)), Map.of(POSITION_KEY, 2L)))
            .isInstanceOfSatisfying(CatalogCommitException.class, ex ->
            {
                assertThat(ex.step()).isEqualTo(CommitStep.FORCE_DIR);
                assertThat(ex.isInDoubt()).isTrue();
                assertThat(ex.getSuppressed()).hasSize(1);
            });
        assertThat(catalog.snapshot()).isEqualTo(old);
        assertThat(tableDir.resolve(Catalog.TEMP_FILE_NAME)).doesNotExist();

        final Manifest next = catalog.addSegments(List.of(segment(2)), Map.of(POSITION_KEY, 3L));
        assertThat(next.version()).isEqualTo(2);
        assertThat(next.segments()).containsExactly(segment(0), segment(2));
        assertThat(Catalog.open(tableDir).snapshot()).isEqualTo(next);
    }
}
