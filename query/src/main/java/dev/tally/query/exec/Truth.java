package dev.tally.query.exec;

/** SQL's three truth values as bytes, and Kleene logic over them. */
final class Truth
{
    static final byte FALSE = 0;
    static final byte TRUE = 1;
    static final byte UNKNOWN = 2;

    private Truth()
    {
    }

    static byte not(final byte value)
    {
        return value == UNKNOWN ? UNKNOWN : (byte)(1 - value);
    }

    static byte and(final byte a, final byte b)
    {
        if (a == FALSE || b == FALSE)
        {
            return FALSE;
        }
        return a == TRUE && b == TRUE ? TRUE : UNKNOWN;
    }

    static byte or(final byte a, final byte b)
    {
        if (a == TRUE || b == TRUE)
        {
            return TRUE;
        }
        return a == FALSE && b == FALSE ? FALSE : UNKNOWN;
    }

    static byte of(final boolean value)
    {
        return value ? TRUE : FALSE;
    }
}
