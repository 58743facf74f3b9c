package dev.tally.server.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of another JVM on this machine, measured the way an operator would: {@code jcmd PID GC.run} (a full
 * collection) then {@code GC.heap_info}, in one jcmd run, summing the generations' (or G1's heap's) used bytes. What
 * is left after a full collection is what the process holds, so a series of these shows growth or a leak, where
 * plain heap usage mostly shows when the collector last ran. Each call starts one small jcmd JVM.
 */
final class ChildHeap
{
    /** " tenured generation   total 262144K, used 45678K [...]" or " garbage-first heap   total ..., used ...". */
    private static final Pattern USED =
        Pattern.compile("(?m)^\\s*\\S.*(?:generation|heap)\\s+total \\d+K, used (\\d+)K");

    private final long pid;
    private final Path commands;

    /** @param scratch a directory for jcmd's command file. */
    ChildHeap(final long pid, final Path scratch) throws IOException
    {
        this.pid = pid;
        this.commands = Files.writeString(scratch.resolve("jcmd-heap-after-gc.txt"), "GC.run\nGC.heap_info\n");
    }

    /** Bytes used right after a full collection; throws when jcmd fails or prints no heap figures. */
    long afterFullGc() throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xmx32m",
            Long.toString(pid), "-f", commands.toString()));
        final Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0)
        {
            jcmd.destroyForcibly();
            throw new IllegalStateException("jcmd " + pid + " failed: " + out);
        }
        final Matcher used = USED.matcher(out);
        long bytes = 0;
        boolean isFound = false;
        while (used.find())
        {
            bytes += Long.parseLong(used.group(1)) * 1024;
            isFound = true;
        }
        if (!isFound)
        {
            throw new IllegalStateException("no heap figures in jcmd's answer: " + out);
        }
        return bytes;
    }
}
