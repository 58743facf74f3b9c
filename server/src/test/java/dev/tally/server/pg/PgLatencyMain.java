package dev.tally.server.pg;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.server.testing.LoadedServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The latency of one prepared dashboard query (a parameterised top-5 of the last hours) asked the three ways a
 * client can ask: pgJDBC over the PostgreSQL listener (server-prepared, binary), {@code POST /v1/sql} with
 * parameters (JSON, keep-alive) and the {@code jdbc:tally:} Avatica driver. Every answer is checked against the
 * HTTP one before timing; the three are interleaved so that a noisy machine hurts them alike. Prints a Markdown
 * table for {@code benchmarks/RESULTS.md}. Args: events (default 200000), runs (default 2000).
 */
public final class PgLatencyMain
{
    private static final String SQL = "SELECT country, COUNT(*) AS n, SUM(revenue) AS revenue FROM web " +
        "WHERE __time >= ? AND device = ? GROUP BY country ORDER BY n DESC LIMIT 5";
    private static final String SINCE = "2026-01-01 03:00:00";
    private static final String DEVICE = "mobile";

    private PgLatencyMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        final int runs = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        final Path dir = Files.createTempDirectory("pg-latency");
        try (LoadedServer loaded = LoadedServer.start(dir, 42, events, config -> config.withPgPort(0));
            Connection pg = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + loaded.server().pgPort() +
                "/tally?user=tally&prepareThreshold=1&binaryTransfer=true");
            Connection tally = DriverManager.getConnection("jdbc:tally://127.0.0.1:" + loaded.port());
            PreparedStatement pgStatement = pg.prepareStatement(SQL);
            PreparedStatement tallyStatement = tally.prepareStatement(SQL))
        {
            final HttpClient http = HttpClient.newHttpClient();
            final HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + loaded.port() +
                "/v1/sql")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                new ObjectMapper().writeValueAsString(java.util.Map.of("query", SQL, "resultFormat", "array",
                "parameters", List.of(java.util.Map.of("type", "TIMESTAMP", "value", SINCE),
                java.util.Map.of("type", "VARCHAR", "value", DEVICE)))))).build();
            final Client overPg = () -> rows(pgStatement);
            final Client overJdbc = () -> rows(tallyStatement);
            final Client overHttp = () ->
            {
                final List<String> rows = new ArrayList<>();
                new ObjectMapper().readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body())
                    .forEach(row -> rows.add(row.get(0).asText() + "|" + row.get(1).asLong() + "|" +
                        Math.round(row.get(2).asDouble() * 100)));
                return rows;
            };
            final List<String> expected = overHttp.ask();
            if (expected.size() != 5 || !overPg.ask().equals(expected) || !overJdbc.ask().equals(expected))
            {
                throw new IllegalStateException("answers differ: HTTP " + expected + ", pgwire " + overPg.ask() +
                    ", JDBC " + overJdbc.ask());
            }
            final Client[] clients = {overPg, overHttp, overJdbc};
            final String[] names = {"pgwire (pgJDBC 42.7, server-prepared, binary)", "HTTP `POST /v1/sql` " +
                "(java.net.http, keep-alive, JSON array)", "JDBC `jdbc:tally:` (Avatica protobuf)"};
            final long[][] nanos = new long[3][runs];
            for (int run = -runs / 5; run < runs; run++)
            {
                for (int c = 0; c < 3; c++)
                {
                    final long start = System.nanoTime();
                    clients[c].ask();
                    if (run >= 0)
                    {
                        nanos[c][run] = System.nanoTime() - start;
                    }
                }
            }
            System.out.printf("%n%,d events, %,d runs each after %,d warm-ups, interleaved; load average %.1f%n%n",
                events, runs, runs / 5, java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
            System.out.println("| client | p50 (ms) | p90 (ms) | p99 (ms) | mean (ms) |");
            System.out.println("|---|---|---|---|---|");
            for (int c = 0; c < 3; c++)
            {
                final long[] sorted = nanos[c].clone();
                Arrays.sort(sorted);
                System.out.printf("| %s | %.2f | %.2f | %.2f | %.2f |%n", names[c], sorted[runs / 2] / 1e6,
                    sorted[runs * 9 / 10] / 1e6, sorted[runs * 99 / 100] / 1e6,
                    Arrays.stream(sorted).average().orElse(0) / 1e6);
            }
        }
    }

    @FunctionalInterface
    private interface Client
    {
        List<String> ask() throws Exception;
    }

    private static List<String> rows(final PreparedStatement statement) throws Exception
    {
        statement.setTimestamp(1, java.sql.Timestamp.valueOf(SINCE));
        statement.setString(2, DEVICE);
        final List<String> rows = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery())
        {
            while (rs.next())
            {
                rows.add(rs.getString(1) + "|" + rs.getLong(2) + "|" + Math.round(rs.getDouble(3) * 100));
            }
        }
        return rows;
    }
}
