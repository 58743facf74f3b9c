package dev.tally.storage.catalog;

/**
 * The file operations of one catalog commit, in order. A failure before {@link #FORCE_DIR} leaves the old manifest
 * file in place; a failure at {@link #FORCE_DIR} happens after the rename, so the catalog writes the old manifest back.
 */
public enum CommitStep
{
    WRITE_TEMP,
    FORCE_TEMP,
    RENAME,
    FORCE_DIR
}
