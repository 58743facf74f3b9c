package dev.tally.ingest.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for a condition with a deadline (tests never sleep without one). */
public final class Await
{
    public static void until(final Duration timeout, final BooleanSupplier condition, final Supplier<String> what)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
            }
            Thread.sleep(5);
        }
    }

    /**
     * Polls {@code poll} until {@code done} accepts its value or {@code timeout} passes, and returns the last value,
     * so the caller's assertion can say what was seen (the one place tests pause between polls).
     */
    public static <T> T latest(final Duration timeout, final Supplier<T> poll, final Predicate<T> done)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        T value = poll.get();
        while (!done.test(value) && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(5);
            value = poll.get();
        }
        return value;
    }

    private Await()
    {
    }
}
