package dev.tally.server.druid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cube's Druid driver ({@code @cubejs-backend/druid-driver} from npm) run by node: {@code cube-druid.js} in
 * {@code server/src/test/node/druid-client} reads requests as JSON on stdin and prints one answer a line. Each
 * {@link #run} starts one node process, waits for it at most {@link #DEADLINE} and kills it if it is still running.
 */
final class NodeDruidClient
{
    static final String CLIENT_DIR = "server/src/test/node/druid-client";
    static final String INSTALL_COMMAND = "npm ci --prefix " + CLIENT_DIR + " --ignore-scripts";
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path clientDir;
    private final Path workDir;

    /** One request's answer: the statements the driver posted, and its result or the driver's error message. */
    record Answer(String name, List<String> sent, JsonNode result, String error)
    {
        boolean isOk()
        {
            return error == null;
        }

        @Override
        public String toString()
        {
            return name + (isOk() ? " -> " + result : " failed: " + error) + "; the driver sent " + sent;
        }
    }

    private NodeDruidClient(final Path clientDir, final Path workDir)
    {
        this.clientDir = clientDir;
        this.workDir = workDir;
    }

    /**
     * The installed client, found from the working directory up (Maven runs the module's tests in {@code server/},
     * an IDE may run them at the repository root), or an AssertionError saying how to install it. Its output goes to
     * temporary files in {@code workDir}.
     */
    static NodeDruidClient installed(final Path workDir)
    {
        final Path clientDir = clientDir();
        final Path driver = clientDir.resolve("node_modules/@cubejs-backend/druid-driver/package.json");
        if (!Files.isRegularFile(driver))
        {
            throw new AssertionError("Cube's Druid driver is not installed in " + clientDir + ": run `" +
                INSTALL_COMMAND + "` at the repository root (needs node 20+ and npm; .ci/run does it)");
        }
        return new NodeDruidClient(clientDir, workDir);
    }

    private static Path clientDir()
    {
        final Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent())
        {
            final Path candidate = dir.resolve(CLIENT_DIR);
            if (Files.isRegularFile(candidate.resolve("package.json")))
            {
                return candidate;
            }
        }
        throw new AssertionError("no " + CLIENT_DIR + "/package.json in " + start + " or any directory above it");
    }

    /**
     * Runs the requests (objects with {@code name}, {@code call} and the call's arguments) in one node process
     * against the server at {@code serverUrl}.
     */
    List<Answer> run(final String serverUrl, final ArrayNode requests) throws IOException, InterruptedException
    {
        final Path out = Files.createTempFile(workDir, "cube-druid-", ".out");
        final Path err = Files.createTempFile(workDir, "cube-druid-", ".err");
        final List<String> command = List.of("node", clientDir.resolve("cube-druid.js").toString(), serverUrl);
        final Process process;
        try
        {
            process = new ProcessBuilder(command).directory(clientDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        }
        catch (final IOException ex)
        {
            throw new AssertionError("cannot start node (needs node 20+ on the PATH; .ci/run installs it): " +
                ex.getMessage(), ex);
        }
        try
        {
            try (OutputStream stdin = process.getOutputStream())
            {
                stdin.write(JSON.writeValueAsBytes(requests));
            }
            if (!process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
            {
                throw new AssertionError(command + " still running after " + DEADLINE + "; stderr: " +
                    Files.readString(err, StandardCharsets.UTF_8));
            }
            final String stdout = Files.readString(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0)
            {
                throw new AssertionError(command + " exited with " + process.exitValue() + "; stderr: " +
                    Files.readString(err, StandardCharsets.UTF_8) + "; stdout: " + stdout);
            }
            return answers(stdout, requests.size());
        }
        finally
        {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static List<Answer> answers(final String stdout, final int expected) throws IOException
    {
        final List<Answer> answers = new ArrayList<>();
        for (final String line : stdout.split("\n"))
        {
            if (line.isBlank())
            {
                continue;
            }
            final JsonNode answer = JSON.readTree(line);
            final List<String> sent = new ArrayList<>();
            answer.path("sent").forEach(sql -> sent.add(sql.asText()));
            answers.add(new Answer(answer.path("name").asText(), sent, answer.get("result"),
                answer.has("error") ? answer.get("error").asText() : null));
        }
        if (answers.size() != expected)
        {
            throw new AssertionError("expected " + expected + " answers from the node client, got " + stdout);
        }
        return answers;
    }

    static ObjectMapper json()
    {
        return JSON;
    }
}
