package dev.tally.ingest.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a main class in a child JVM with this JVM's class path and module flags, and reads its output lines. */
public final class ChildJvm
{
    private final Process process;
    private final BufferedReader out;

    private ChildJvm(final Process process)
    {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    public static ChildJvm start(final Class<?> main, final List<String> args, final Path stderr) throws Exception
    {
        return start(main, List.of(), args, stderr);
    }

    /**
     * As {@link #start(Class, List, Path)}, with {@code jvmOptions} after the defaults (a 256 MB heap, the serial
     * collector, C1 only), so they win where they repeat one: {@code -Xmx384m}, {@code -XX:TieredStopAtLevel=4}.
     */
    public static ChildJvm start(final Class<?> main, final List<String> jvmOptions, final List<String> args,
        final Path stderr) throws Exception
    {
        return new ChildJvm(new ProcessBuilder(javaCommand(main, jvmOptions, args)).redirectError(stderr.toFile())
            .start());
    }

    /**
     * Starts the child through {@code bash -c '<shell>; exec java ...'}, so {@code shell} can set limits the JVM then
     * runs under (e.g. {@code ulimit -S -f 512}: files it writes stop at 512 KiB); {@code exec} keeps the process id,
     * so {@link #pid()} names the JVM.
     */
    public static ChildJvm startUnderShell(final String shell, final Class<?> main, final List<String> args,
        final Path stderr) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of("bash", "-c", shell + "; exec \"$@\"", "bash"));
        command.addAll(javaCommand(main, List.of(), args));
        return new ChildJvm(new ProcessBuilder(command).redirectError(stderr.toFile()).start());
    }

    /** The child's process id. */
    public long pid()
    {
        return process.pid();
    }

    /** Whether the child is still running. */
    public boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * Waits until the child exits or {@code timeout} passes (crash tests pick a random moment to kill a child that
     * must still be alive then); returns whether it exited.
     */
    public boolean awaitExit(final Duration timeout) throws InterruptedException
    {
        return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static List<String> javaCommand(final Class<?> main, final List<String> jvmOptions,
        final List<String> args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-Dchronicle"))
            {
                command.add(argument);
            }
        }
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(main.getName());
        command.addAll(args);
        return command;
    }

    /** Waits (at most 30 s) until the child prints {@code line}. */
    public void awaitLine(final String line) throws Exception
    {
        awaitLineStartingWith(line, true);
    }

    /** Waits (at most 30 s) until the child prints a line starting with {@code prefix}, and returns it. */
    public String awaitLineStartingWith(final String prefix) throws Exception
    {
        return awaitLineStartingWith(prefix, false);
    }

    private String awaitLineStartingWith(final String prefix, final boolean isWhole) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() - deadline < 0)
        {
            if (out.ready())
            {
                final String line = out.readLine();
                if (line != null && (isWhole ? line.equals(prefix) : line.startsWith(prefix)))
                {
                    return line;
                }
                continue;
            }
            if (!process.isAlive())
            {
                throw new AssertionError("child exited with " + process.exitValue());
            }
            Thread.sleep(2);
        }
        throw new AssertionError("child did not print[" + prefix + "] in 30 s");
    }

    /** SIGTERM, then waits (at most 60 s) for the process to exit; returns its exit code. */
    public int terminate() throws Exception
    {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError("child still alive 60 s after SIGTERM");
        }
        return process.exitValue();
    }

    /** {@code kill -9}, then waits for the process to be gone. */
    public void kill() throws Exception
    {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS))
        {
            throw new AssertionError("child still alive 30 s after kill -9");
        }
    }
}
