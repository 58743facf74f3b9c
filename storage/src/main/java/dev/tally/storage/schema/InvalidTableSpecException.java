package dev.tally.storage.schema;

/**
 * A table spec that cannot be accepted, naming the offending JSON path in {@link #field()}, e.g.
 * {@code metrics[1].type: unknown type 'sum' (expected one of count, longSum, ...)}. The path is empty when the
 * problem is the document as a whole (malformed JSON, not an object).
 */
public final class InvalidTableSpecException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public InvalidTableSpecException(final String field, final String reason)
    {
        super(field.isEmpty() ? reason : field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** JSON path of the offending value, e.g. {@code metrics[1].type}, {@code source.topic} or {@code name}. */
    public String field()
    {
        return field;
    }

    /** The message without the path. */
    public String reason()
    {
        return reason;
    }
}
