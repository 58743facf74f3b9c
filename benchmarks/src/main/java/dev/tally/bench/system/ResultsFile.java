package dev.tally.bench.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Refreshes the harness's own block of {@code benchmarks/RESULTS.md}, between two marker comments, and leaves every
 * other section (the JMH figures) as it is. The first run puts the block before the first {@code ## } section.
 */
final class ResultsFile
{
    static final String BEGIN = "<!-- end-to-end harness: begin (written by dev.tally.bench.system.EndToEnd; " +
        "edits between the markers are overwritten) -->";
    static final String END = "<!-- end-to-end harness: end -->";

    private ResultsFile()
    {
    }

    static void write(final Path file, final String block) throws IOException
    {
        final String old = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) :
            "# Benchmark results\n\n";
        final String fresh = BEGIN + "\n\n" + block.strip() + "\n\n" + END;
        final String text;
        final int begin = old.indexOf(BEGIN);
        final int end = old.indexOf(END);
        if (begin >= 0 && end > begin)
        {
            text = old.substring(0, begin) + fresh + old.substring(end + END.length());
        }
        else
        {
            final int firstSection = old.indexOf("\n## ");
            text = firstSection < 0 ? old.stripTrailing() + "\n\n" + fresh + "\n" :
                old.substring(0, firstSection + 1) + fresh + "\n\n" + old.substring(firstSection + 1);
        }
        final Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
