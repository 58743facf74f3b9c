package dev.tally.bench.system;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What a run ran on (cores, memory, CPU, JDK, load, commit) and this process's memory use. */
final class Machine
{
    private Machine()
    {
    }

    static String describe()
    {
        return Runtime.getRuntime().availableProcessors() + " vCPU " + cpuModel() + ", " +
            procValue("/proc/meminfo", "MemTotal:") / (1L << 30) + " GiB, " + System.getProperty("os.name") +
            ", JDK " + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version") +
            ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB";
    }

    static double loadAverage()
    {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** The short commit of the working tree, with {@code +dirty} when it has changes; "unknown" outside git. */
    static String commit()
    {
        final String head = git("rev-parse", "--short", "HEAD");
        if (head.isEmpty())
        {
            return "unknown";
        }
        return git("status", "--porcelain", "--untracked-files=no").isEmpty() ? head : head + "+dirty";
    }

    private static String git(final String... args)
    {
        try
        {
            final Process process = new ProcessBuilder(concat("git", args)).redirectErrorStream(true).start();
            final String out = new String(process.getInputStream().readAllBytes()).trim();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? out : "";
        }
        catch (final IOException ex)
        {
            return "";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String[] concat(final String first, final String[] rest)
    {
        final String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static String cpuModel()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
            {
                if (line.startsWith("model name"))
                {
                    return "(" + line.substring(line.indexOf(':') + 1).trim() + ")";
                }
            }
        }
        catch (final IOException ex)
        {
            // not Linux: the model is simply not named
        }
        return "";
    }

    /** Resident set size now, bytes. */
    static long rss()
    {
        return procValue("/proc/self/status", "VmRSS:");
    }

    /** Peak resident set size of the process so far, bytes. */
    static long peakRss()
    {
        return procValue("/proc/self/status", "VmHWM:");
    }

    /** A "kB" line of a /proc file, in bytes (0 when absent). */
    private static long procValue(final String file, final String key)
    {
        try
        {
            final List<String> lines = Files.readAllLines(Path.of(file));
            for (final String line : lines)
            {
                if (line.startsWith(key))
                {
                    return Long.parseLong(line.substring(key.length()).replace("kB", "").trim()) * 1024;
                }
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            // not Linux: reported as 0
        }
        return 0;
    }

    /** Starts a new peak for every heap pool. */
    static void resetHeapPeak()
    {
        for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
        {
            if (pool.getType() == MemoryType.HEAP)
            {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks since {@link #resetHeapPeak()}, bytes (an upper bound of the peak heap). */
    static long heapPeak()
    {
        long bytes = 0;
        for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
        {
            if (pool.getType() == MemoryType.HEAP)
            {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes;
    }

    /** Heap in use after a full collection (the live set), bytes. */
    static long liveHeap()
    {
        System.gc();
        final Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
