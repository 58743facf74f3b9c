package dev.tally.server;

/** The server config cannot be used; the message names the field and the problem. */
public final class InvalidConfigException extends IllegalArgumentException
{
    public InvalidConfigException(final String message)
    {
        super(message);
    }
}
