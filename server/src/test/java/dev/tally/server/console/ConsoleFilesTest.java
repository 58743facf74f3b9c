package dev.tally.server.console;

import dev.tally.server.TallyServer;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's files as HTTP serves them: content types, revalidation, nothing outside the console's directory. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleFilesTest
{
    @TempDir
    static Path dir;

    private TallyServer server;
    private HttpApi http;

    @BeforeAll
    void start()
    {
        server = TestServers.start(TestServers.config(dir.resolve("data")));
        http = new HttpApi(server.port());
    }

    @AfterAll
    void stop()
    {
        if (server != null)
        {
            server.close();
        }
    }

    @Test
    void rootAnswersThePageWithAContentSecurityPolicy()
    {
        final HttpApi.Answer page = http.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'")
            .contains("frame-ancestors 'none'");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/console/app.js\">");
    }

    @Test
    void scriptsStylesAndTheChartLibraryHaveTheirContentTypes()
    {
        assertThat(http.get("/console/app.js").header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(http.get("/console/pages/explore.js").header("Content-Type"))
            .isEqualTo("text/javascript; charset=utf-8");
        assertThat(http.get("/console/console.css").header("Content-Type")).isEqualTo("text/css; charset=utf-8");
        final HttpApi.Answer uplot = http.get("/console/vendor/uPlot.iife.min.js");
        assertThat(uplot.status()).isEqualTo(200);
        assertThat(uplot.body()).contains("uPlot");
        assertThat(http.get("/console/vendor/uPlot.min.css").header("Content-Type")).startsWith("text/css");
    }

    @Test
    void aKnownETagIsAnsweredWithNotModified()
    {
        final HttpApi.Answer first = http.get("/console/app.js");
        final String etag = first.header("ETag");
        assertThat(etag).matches("\"[0-9a-f]{24}\"");
        assertThat(first.header("Cache-Control")).isEqualTo("no-cache");
        final HttpApi.Answer again = http.send(http.request("/console/app.js").header("If-None-Match", etag).GET());
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void pathTricksFindNothingOutsideTheConsole()
    {
        for (final String path : List.of("/console/..%2Fsimplelogger.properties", "/console/%2E%2E/index.html",
            "/console/..%5C..%5Csimplelogger.properties", "/console/.hidden", "/console/pages/..%2F..%2Fapp.js",
            "/console/vendor/..%2F..%2F..%2Fpom.properties", "/console/vendor/package.json", "/console/nothing.js",
            "/console/dev/tally/server/TallyServer.class", "/console/pages", "/console/vendor/LICENSE"))
        {
            final HttpApi.Answer answer = http.get(path);
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.header("Content-Type")).as(path).startsWith("application/json");
            assertThat(answer.json().path("error").asText()).as(path).isEqualTo("Not found");
        }
    }

    @Test
    void unknownApiPathsStayJsonNotFound()
    {
        final HttpApi.Answer answer = http.get("/v1/nothing");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().path("errorMessage").asText()).isEqualTo("no endpoint at /v1/nothing");
    }
}
