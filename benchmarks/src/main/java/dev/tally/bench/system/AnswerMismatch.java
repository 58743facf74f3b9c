package dev.tally.bench.system;

/** A Tally answer differs from DuckDB's: the run stops and reports nothing as a result. */
final class AnswerMismatch extends RuntimeException
{
    AnswerMismatch(final String message)
    {
        super(message);
    }
}
