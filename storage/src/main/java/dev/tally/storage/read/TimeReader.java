package dev.tally.storage.read;

import dev.tally.storage.segment.BlockScratch;

/** Block-at-a-time access to {@code __time} (epoch millis). */
public interface TimeReader
{
    /** Smallest time in the block, for pruning. */
    long blockMin(int block);

    /** Largest time in the block, for pruning. */
    long blockMax(int block);

    /** Decodes the block into {@code out[0, rows)}; returns the row count. */
    int read(int block, long[] out, BlockScratch scratch);
}
