package dev.tally.server.tables;

import dev.tally.storage.schema.InvalidTableSpecException;
import dev.tally.storage.schema.TableSpec;

import java.util.Objects;

/**
 * Which changes {@code PUT /v1/tables/{t}} may make to a table: its retention and its Kafka source's brokers and
 * consumer properties. Everything that decides how stored rows are laid out (timestamp, dimensions, metrics, rollup,
 * segment granularity) or where committed source positions point (source type, topic) must stay as it is.
 */
final class TableChanges
{
    private TableChanges()
    {
    }

    /** @throws InvalidTableSpecException naming the first field that may not change. */
    static void check(final TableSpec from, final TableSpec to)
    {
        same("timestamp", from.timestamp(), to.timestamp());
        // adding columns needs segments without them read as NULL, which the engine does not do yet
        same("dimensions", from.dimensions(), to.dimensions());
        same("metrics", from.metrics(), to.metrics());
        same("rollup", from.rollup(), to.rollup());
        same("segmentGranularity", from.segmentGranularity(), to.segmentGranularity());
        same("source.type", from.source().type(), to.source().type());
        same("source.topic", from.source().topic(), to.source().topic());
    }

    private static void same(final String field, final Object from, final Object to)
    {
        if (!Objects.equals(from, to))
        {
            throw new InvalidTableSpecException(field, "cannot be changed on an existing table (was " + from +
                ", requested " + to + "); create a new table instead");
        }
    }
}
