package dev.tally.ingest.record;

/** Why an event was rejected. {@link EventParser} returns {@code -code()} for these; codes never change. */
public enum ParseError
{
    MALFORMED_JSON(1, "malformed JSON"),
    NOT_AN_OBJECT(2, "not a JSON object"),
    TRUNCATED(3, "truncated JSON"),
    TRAILING_DATA(4, "data after the JSON object"),
    MISSING_TIMESTAMP(5, "missing timestamp"),
    BAD_TIMESTAMP(6, "unparsable timestamp"),
    TIMESTAMP_OUT_OF_RANGE(7, "timestamp out of range"),
    WRONG_TYPE(8, "wrong type for a column"),
    OVERSIZE(9, "event too large"),
    VALUE_TOO_LONG(10, "string value too long"),
    TOO_DEEP(11, "nesting too deep"),
    EMPTY(12, "empty event"),
    /** The stored copy of the event (in the push journal) failed its checksum: the bytes are not what was pushed. */
    CORRUPT_JOURNAL_ENTRY(13, "journal entry damaged on disk");

    private static final ParseError[] BY_CODE = new ParseError[16];

    static
    {
        for (final ParseError error : values())
        {
            BY_CODE[error.code] = error;
        }
    }

    private final int code;
    private final String description;

    ParseError(final int code, final String description)
    {
        this.code = code;
        this.description = description;
    }

    public int code()
    {
        return code;
    }

    public String description()
    {
        return description;
    }

    /** The error of a code, or of a negative parse result. */
    public static ParseError ofCode(final int code)
    {
        return BY_CODE[Math.abs(code)];
    }
}
