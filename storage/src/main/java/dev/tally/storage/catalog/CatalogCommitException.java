package dev.tally.storage.catalog;

import java.io.IOException;

/**
 * A commit that did not happen: the catalog's snapshot is still the previous manifest. If the failure came after the
 * rename ({@link CommitStep#FORCE_DIR}) and restoring the previous file failed too (see the suppressed exceptions),
 * {@link #isInDoubt()} is true: the new manifest may survive a crash, so files it references must not be deleted.
 */
public final class CatalogCommitException extends IOException
{
    private static final long serialVersionUID = 1L;

    private final CommitStep step;
    private final long manifestVersion;
    private boolean isInDoubt;

    public CatalogCommitException(final String message, final CommitStep step, final long manifestVersion,
        final IOException cause)
    {
        super(message, cause);
        this.step = step;
        this.manifestVersion = manifestVersion;
    }

    /** The step that failed. */
    public CommitStep step()
    {
        return step;
    }

    /** The version the failed commit would have had. */
    public long manifestVersion()
    {
        return manifestVersion;
    }

    public boolean isInDoubt()
    {
        return isInDoubt;
    }

    void markInDoubt()
    {
        isInDoubt = true;
    }
}
