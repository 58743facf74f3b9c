package dev.tally.query.exec;

import java.util.Arrays;

/** A group's key values (String, Long, Double or null per grouping), compared by value for merging sources. */
final class GroupKey
{
    final Object[] values;
    private final int hash;

    GroupKey(final Object[] values)
    {
        this.values = values;
        this.hash = Arrays.hashCode(values);
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof GroupKey key && hash == key.hash && Arrays.equals(values, key.values);
    }

    @Override
    public int hashCode()
    {
        return hash;
    }
}
