package dev.tally.storage.schema;

/**
 * Physical type of a column's values as stored in a segment and seen by the query engine.
 */
public enum ValueType
{
    /** UTF-8 strings, dictionary-encoded; SQL {@code VARCHAR}. */
    STRING,
    /** 64-bit signed integers; SQL {@code BIGINT}. */
    LONG,
    /** 64-bit IEEE floating point; SQL {@code DOUBLE}. */
    DOUBLE,
    /** Opaque serialized sketch bytes (HLL, quantiles), one value per row. */
    SKETCH;

    public boolean isNumeric()
    {
        return this == LONG || this == DOUBLE;
    }
}
