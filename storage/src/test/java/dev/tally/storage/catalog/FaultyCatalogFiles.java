package dev.tally.storage.catalog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Wraps {@link CatalogFiles#local()} and fails chosen write/force/move/forceDir operations, counted from the moment
 * it is armed; can also skip fsyncs where a test needs speed, not durability. Used from one thread at a time.
 */
final class FaultyCatalogFiles implements CatalogFiles
{
    private final CatalogFiles delegate = CatalogFiles.local();
    private int[] failingOperations = new int[0];
    private int operationCount;
    private volatile boolean isSkippingForce;

    /** The {@code k}-th (1-based) write, force, move or forceDir from now throws an {@link IOException}, for each k. */
    FaultyCatalogFiles failAtOperations(final int... k)
    {
        failingOperations = k.clone();
        operationCount = 0;
        return this;
    }

    FaultyCatalogFiles skipForce()
    {
        isSkippingForce = true;
        return this;
    }

    /** Whether some failure is still to come. */
    boolean isArmed()
    {
        return Arrays.stream(failingOperations).anyMatch(k -> k > operationCount);
    }

    private void step(final String operation, final Path path) throws IOException
    {
        operationCount++;
        for (final int k : failingOperations)
        {
            if (k == operationCount)
            {
                throw new IOException("injected failure of " + operation + "[" + path + "]");
            }
        }
    }

    public void createDirectories(final Path dir) throws IOException
    {
        delegate.createDirectories(dir);
    }

    public boolean exists(final Path file)
    {
        return delegate.exists(file);
    }

    public byte[] readAll(final Path file) throws IOException
    {
        return delegate.readAll(file);
    }

    public void write(final Path file, final byte[] bytes) throws IOException
    {
        step("write", file);
        delegate.write(file, bytes);
    }

    public void force(final Path file) throws IOException
    {
        step("force", file);
        if (!isSkippingForce)
        {
            delegate.force(file);
        }
    }

    public void move(final Path source, final Path target) throws IOException
    {
        step("move", source);
        delegate.move(source, target);
    }

    public void forceDir(final Path dir) throws IOException
    {
        step("forceDir", dir);
        if (!isSkippingForce)
        {
            delegate.forceDir(dir);
        }
    }

    public void deleteIfExists(final Path file) throws IOException
    {
        delegate.deleteIfExists(file);
    }
}
