package dev.tally.server.reliability;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every WARN or ERROR line (and Netty's LEAK reports) logged while it is open: stderr, where slf4j-simple writes
 * (it looks {@code System.err} up at each line), is teed through it. A test that must not make the server complain
 * opens one first and asserts {@link #lines()} is empty; {@link #close()} puts the original stderr back.
 */
final class LoggedWarnings implements AutoCloseable
{
    private final PrintStream original;
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

    private LoggedWarnings(final PrintStream original)
    {
        this.original = original;
    }

    static LoggedWarnings capture()
    {
        final LoggedWarnings warnings = new LoggedWarnings(System.err);
        System.setErr(new PrintStream(warnings.tee(), true, StandardCharsets.UTF_8));
        return warnings;
    }

    List<String> lines()
    {
        return List.copyOf(lines);
    }

    @Override
    public void close()
    {
        System.setErr(original);
    }

    private OutputStream tee()
    {
        return new OutputStream()
        {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(final int b)
            {
                original.write(b);
                if (b != '\n')
                {
                    line.write(b);
                    return;
                }
                final String text = line.toString(StandardCharsets.UTF_8);
                if (text.contains(" WARN ") || text.contains(" ERROR ") || text.contains("LEAK"))
                {
                    lines.add(text);
                }
                line.reset();
            }
        };
    }
}
