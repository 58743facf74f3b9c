package dev.tally.storage.catalog;

import java.nio.file.Path;

/**
 * Child process of {@link CatalogKillTest}: opens the catalog of the table directory given as the only argument and
 * commits {@link CatalogFixtures#addOneSegment} in a loop until killed, printing {@code committed <version>} after
 * each commit returns.
 */
public final class CatalogCommitLoop
{
    private CatalogCommitLoop()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Catalog catalog = Catalog.open(Path.of(args[0]));
        if (!CatalogFixtures.isConsistent(catalog.snapshot()))
        {
            throw new IllegalStateException("inconsistent manifest at start: " + catalog.snapshot());
        }
        System.out.println("opened " + catalog.snapshot().version());
        System.out.flush();
        while (true)
        {
            final Manifest committed = catalog.commit(CatalogFixtures::addOneSegment);
            System.out.println("committed " + committed.version());
            System.out.flush();
        }
    }
}
