package dev.tally.server.console;

import dev.tally.server.ServerConfig;
import dev.tally.server.TallyServer;
import dev.tally.server.auth.Access;
import dev.tally.server.auth.Secrets;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.PushTable;
import dev.tally.server.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With auth on, the console's page loads without credentials and asks for a login before it shows anything; the
 * credentials stay in the page's memory (never in web storage), and a script's 401 carries no challenge, so the
 * browser's own login box never opens over the console's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleLoginTest
{
    @TempDir
    static Path dir;

    private ConsoleBrowser browser;

    @BeforeAll
    void start()
    {
        final ServerConfig.User admin = new ServerConfig.User("admin", Secrets.hashPassword("admin-pw", 1_000),
            List.of(), Map.of("*", Set.of(Access.READ, Access.WRITE)));
        final TallyServer server = TestServers.start(TestServers.config(dir.resolve("data"))
            .withUsers(List.of(admin)));
        browser = new ConsoleBrowser(server);
        assertThat(new HttpApi(server.port()).withBasic("admin", "admin-pw").post("/v1/tables",
            PushTable.spec("secret_web")).status()).isEqualTo(201);
    }

    @AfterAll
    void stop()
    {
        if (browser != null)
        {
            browser.close();
        }
    }

    @Test
    void consoleAsksForALoginAndKeepsItInMemoryOnly()
    {
        browser.open("#/");
        final WebElement user = browser.await("#login-user");
        assertThat(browser.find("#main").getText()).doesNotContain("secret_web");
        browser.screenshot("login");
        user.sendKeys("admin");
        browser.find("#login-password").sendKeys("wrong");
        browser.find("#login-submit").click();
        browser.await("the refusal to show", driver -> browser.find("#login-error").getText().contains("refused") ||
            browser.find("#login-error").getText().contains("Unauthorized") ||
            !browser.find("#login-error").getText().isEmpty());
        browser.find("#login-user").clear();
        browser.find("#login-user").sendKeys("admin");
        browser.find("#login-password").sendKeys("admin-pw");
        browser.find("#login-submit").click();
        final WebElement row = browser.await("#home-tables tr[data-table='secret_web']");
        assertThat(row.getText()).contains("secret_web");
        assertThat(browser.find("#who").getText()).isEqualTo("Logged in as admin");
        assertThat(browser.script("return localStorage.length + sessionStorage.length + document.cookie.length"))
            .isEqualTo(0L);
        final List<String> errors = browser.errors();
        assertThat(errors).as("only the refused requests").allMatch(error -> error.contains("status of 401"));
    }

    @Test
    void aScriptsUnauthorizedAnswerCarriesNoChallenge()
    {
        final HttpApi http = new HttpApi(browser.server().port());
        final HttpApi.Answer plain = http.get("/v1/tables");
        assertThat(plain.status()).isEqualTo(401);
        assertThat(plain.header("WWW-Authenticate")).startsWith("Basic");
        final HttpApi.Answer script = http.send(http.request("/v1/tables").header("X-Requested-With",
            "XMLHttpRequest").GET());
        assertThat(script.status()).isEqualTo(401);
        assertThat(script.header("WWW-Authenticate")).isNull();
        assertThat(script.json().path("error").asText()).isEqualTo("Unauthorized");
    }
}
