package dev.tally.storage.schema;

/** Role of a stored column. */
public enum ColumnKind
{
    DIMENSION,
    METRIC
}
