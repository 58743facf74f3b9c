package dev.tally.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;
import dev.tally.server.ServerConfig;
import dev.tally.server.TallyServer;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.PushTable;
import dev.tally.server.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The web console in a real headless Chromium against a real server holding pushed events from the last twenty
 * minutes: each page works over the public API, and what Explore shows equals what {@code /v1/sql} answers. After
 * every test the page it left has a label on every control, and the browser's console holds no error beyond the ones
 * the test expects (a 400 it provoked on purpose).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleTest
{
    private static final int EVENTS = 3_000;
    private static final String TABLE = "web";
    private static final List<String> BAD_LINES = List.of("not json at all", "{\"ts\": \"yesterday\"}");

    @TempDir
    static Path dir;

    private HttpApi http;
    private ConsoleBrowser browser;
    private final List<String> expectedErrors = new ArrayList<>();

    @BeforeAll
    void start() throws Exception
    {
        // joins may grow without bound here, so a cross join runs long enough to be cancelled from the page
        final ServerConfig config = ServerConfig.parse(new ObjectMapper().createObjectNode().put("port", 0)
            .put("dataDir", dir.resolve("data").toString()).set("query", new ObjectMapper().createObjectNode()
                .put("maxJoinRows", Long.MAX_VALUE)));
        final TallyServer server = TestServers.start(config);
        browser = new ConsoleBrowser(server);
        http = new HttpApi(server.port());
        assertThat(http.post("/v1/tables", PushTable.spec(TABLE)).status()).isEqualTo(201);
        final List<String> lines = new ArrayList<>(recentEvents());
        lines.addAll(BAD_LINES);
        final HttpApi.Answer pushed = http.post("/v1/tables/" + TABLE + "/events", PushTable.ndjson(lines));
        assertThat(pushed.json().path("accepted").asLong()).as(pushed.body()).isEqualTo(EVENTS);
        assertThat(http.awaitCount(TABLE, EVENTS, Duration.ofSeconds(30))).isEqualTo(EVENTS);
    }

    /** Generated web events spread over the twenty minutes before now, so Explore's "last hour" holds them all. */
    private static List<String> recentEvents()
    {
        final long start = System.currentTimeMillis() - Duration.ofMinutes(20).toMillis();
        final WebEventGenerator generator = new WebEventGenerator(7, start, Duration.ofMinutes(18).toMillis(), EVENTS);
        final WebEvent event = new WebEvent();
        final List<String> events = new ArrayList<>(EVENTS);
        while (generator.hasNext())
        {
            generator.next(event);
            events.add(event.appendJson(new StringBuilder()).toString());
        }
        return events;
    }

    /** Whatever page a test left on screen: every control has a label and every button or link a name. */
    @AfterEach
    void everyControlIsLabelled()
    {
        @SuppressWarnings("unchecked")
        final List<String> unnamed = (List<String>)browser.script("""
            const unnamed = [];
            for (const c of document.querySelectorAll('input, select, textarea')) {
              if (!c.labels.length && !c.getAttribute('aria-label')) unnamed.push(c.outerHTML.slice(0, 80));
            }
            for (const b of document.querySelectorAll('button, a[href]')) {
              if (!b.textContent.trim() && !b.getAttribute('aria-label')) unnamed.push(b.outerHTML.slice(0, 80));
            }
            return unnamed;""");
        assertThat(unnamed).as("controls without a label on " + browser.driver().getCurrentUrl()).isEmpty();
    }

    @AfterEach
    void browserConsoleHasNoUnexpectedErrors()
    {
        final List<String> errors = new ArrayList<>(browser.errors());
        errors.removeIf(error -> expectedErrors.stream().anyMatch(error::contains));
        expectedErrors.clear();
        assertThat(errors).as("errors in the browser's console").isEmpty();
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
    void homeListsEachTableWithItsEventCountAndLinks()
    {
        browser.open("#/");
        final WebElement row = browser.await("#home-tables tr[data-table='web']");
        browser.await("events shown", driver -> !row.findElement(By.cssSelector(".events"))
            .getText().isEmpty());
        assertThat(row.getText()).contains("web").contains("3,000").contains("running").contains("push")
            .contains("Status").contains("Query").contains("Explore");
        browser.screenshot("home");
    }

    @Test
    void queryRunsWithCtrlEnterAndTheGridShowsRowsAndTypes()
    {
        browser.open("#/query");
        final WebElement editor = browser.await("#sql-editor");
        setEditor("SELECT country, COUNT(*) AS n\nFROM web\nGROUP BY 1\nORDER BY 2 DESC, 1\nLIMIT 5");
        editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        final WebElement grid = browser.await("#query-result");
        assertThat(grid.findElements(By.cssSelector("thead th")).stream()
            .map(WebElement::getText).toList()).containsExactly("country\nVARCHAR", "n\nBIGINT");
        final JsonNode expected = http.sql("SELECT country, COUNT(*) AS n FROM web GROUP BY 1 ORDER BY 2 DESC, 1 " +
            "LIMIT 5", "array").json();
        final List<String> rows = grid.findElements(By.cssSelector("tbody tr")).stream()
            .map(WebElement::getText).toList();
        final List<String> wanted = new ArrayList<>();
        expected.forEach(row -> wanted.add(row.get(0).asText() + " " + row.get(1).asLong()));
        assertThat(rows).containsExactlyElementsOf(wanted);
        assertThat(browser.find("#query-status").getText()).matches("5 rows in \\d+ ms");
        assertThat(browser.find("#query-history").getText()).contains("SELECT country, COUNT(*) AS n");
        browser.screenshot("query");
    }

    @Test
    void csvDownloadHoldsWhatTheServerAnswersAsCsv() throws Exception
    {
        final String sql = "SELECT country, COUNT(*) AS n FROM web GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 7";
        final Path file = ConsoleBrowser.DOWNLOADS.resolve("tally-result.csv");
        Files.deleteIfExists(file);
        browser.open("#/query");
        browser.await("#sql-editor");
        setEditor(sql);
        browser.find("#query-run").click();
        browser.await("#query-result");
        browser.find("#query-csv").click();
        browser.await("the CSV download", driver -> Files.exists(file));
        final String expected = http.post("/v1/sql", "{\"query\": \"" + sql + "\", \"resultFormat\": \"csv\", " +
            "\"header\": true}").body();
        assertThat(Files.readString(file).lines().toList())
            .isEqualTo(expected.lines().filter(line -> !line.isEmpty()).toList());
    }

    @Test
    void exploreSumsAMetricWhenThatMeasureIsChosen()
    {
        browser.open("#/explore?table=web&range=1h");
        awaitExploreSettled("", EVENTS);
        new Select(browser.find("#explore-agg")).selectByVisibleText("Sum of revenue");
        browser.await("the sum to show", driver -> browser.findAll("#explore-total .total-label").stream()
            .anyMatch(label -> label.getText().startsWith("Sum of revenue")));
        final Map<String, Object> shown = shownInterval();
        final double expected = http.sql("SELECT SUM(revenue) FROM web WHERE __time >= MILLIS_TO_TIMESTAMP(" +
            shown.get("from") + ") AND __time < MILLIS_TO_TIMESTAMP(" + shown.get("to") + ")", "array").json()
            .get(0).get(0).asDouble();
        assertThat(Double.parseDouble((String)shown.get("total"))).isCloseTo(expected, within(1e-6));
        assertThat(browser.driver().getCurrentUrl()).contains("agg=sum%3Arevenue");
    }

    @Test
    void cancelStopsARunningQuery()
    {
        expectedErrors.add("status of 400");
        expectedErrors.add("status of 404"); // a cancel sent before the query started is sent again
        browser.open("#/query");
        browser.await("#sql-editor");
        setEditor("SELECT COUNT(*) FROM web a, web b, web c");
        browser.find("#query-run").click();
        final WebElement cancel = browser.find("#query-cancel");
        browser.await("the query to run", driver -> cancel.isEnabled());
        cancel.click();
        assertThat(browser.await("#query-error").getText()).contains("Query cancelled");
        assertThat(cancel.isEnabled()).isFalse();
    }

    @Test
    void completionOffersColumnsOfTheTableNamed()
    {
        browser.open("#/query");
        setEditor("SELECT  FROM web");
        final WebElement editor = browser.find("#sql-editor");
        browser.script("arguments[0].focus(); arguments[0].setSelectionRange(7, 7)", editor);
        editor.sendKeys("coun");
        final WebElement list = browser.await("#completion");
        assertThat(list.getText()).contains("country").contains("COUNT");
        editor.sendKeys(Keys.TAB);
        assertThat(editor.getAttribute("value")).isEqualTo("SELECT country FROM web");
    }

    @Test
    void parseErrorIsMarkedWhereTheServerSaysItIs()
    {
        expectedErrors.add("status of 400");
        browser.open("#/query");
        browser.await("#sql-editor");
        setEditor("SELECT country,\n  COUNT(* AS n FROM web GROUP BY 1");
        browser.find("#query-run").click();
        final WebElement mark = browser.await(".error-mark");
        assertThat(mark.getAttribute("data-line")).isEqualTo("2");
        assertThat(mark.getAttribute("data-column")).isEqualTo("11");
        assertThat(mark.getText()).isEqualTo("AS");
        assertThat(browser.find("#query-error").getText()).contains("SQL parse failed").contains("line 2, column 11");
        assertThat(browser.find("#sql-editor").getAttribute("aria-invalid")).isEqualTo("true");
        browser.screenshot("query-error");
    }

    @Test
    void validationErrorMarksTheWholeNameItRefuses()
    {
        expectedErrors.add("status of 400");
        browser.open("#/query");
        browser.await("#sql-editor");
        setEditor("SELECT countryx, COUNT(*)\nFROM web GROUP BY 1");
        browser.find("#query-run").click();
        final WebElement mark = browser.await(".error-mark");
        assertThat(mark.getText()).isEqualTo("countryx");
        assertThat(browser.find("#query-error").getText()).contains("Column 'countryx' not found");
    }

    @Test
    void explainShowsTheNativeQuery()
    {
        browser.open("#/query");
        browser.await("#sql-editor");
        setEditor("SELECT device, COUNT(*) FROM web GROUP BY 1");
        browser.find("#query-explain-button").click();
        final WebElement native_ = browser.await("#query-explain pre.native");
        assertThat(native_.getText()).contains("\"type\": \"GROUP_BY\"").contains("\"column\": \"device\"");
    }

    @Test
    void tableStatusShowsIngestAndParseErrorsWithSamples()
    {
        browser.open("#/tables/web");
        final WebElement status = browser.await("#table-status dl.facts");
        assertThat(status.getText()).contains("running").contains("3,000").contains("Rollup ratio");
        final WebElement samples = browser.await("#parse-samples");
        assertThat(samples.getText()).contains("not json at all");
        assertThat(browser.find("#parse-errors").getText()).contains("malformed_json");
        browser.screenshot("table-status");
    }

    @Test
    void tableSpecErrorIsMarkedOnTheFieldItNames()
    {
        expectedErrors.add("status of 400");
        browser.open("#/tables");
        final WebElement spec = browser.await("#create-spec");
        browser.script("arguments[0].value = arguments[1]", spec, """
            {"name": "bad_one", "timestamp": {"column": "ts", "format": "iso"}, "dimensions": ["country"],
             "metrics": [{"name": "count", "type": "count"}, {"name": "n", "type": "sum", "field": "x"}],
             "source": {"type": "push"}}""");
        browser.find("#create-submit").click();
        final WebElement mark = browser.await(".error-mark");
        assertThat(mark.getAttribute("data-field")).isEqualTo("metrics[1].type");
        assertThat(mark.getText()).isEqualTo("\"sum\"");
        assertThat(browser.find("#create-error").getText()).contains("metrics[1].type").contains("unknown type");
        browser.screenshot("tables");
    }

    @Test
    void dropAsksForTheTablesNameFirst()
    {
        assertThat(http.post("/v1/tables", PushTable.spec("scratch")).status()).isEqualTo(201);
        browser.open("#/tables/scratch");
        browser.await("#drop-open").click();
        final WebElement confirm = browser.await("#drop-confirm");
        assertThat(confirm.isEnabled()).isFalse();
        browser.find("#drop-name").sendKeys("scratc");
        assertThat(confirm.isEnabled()).isFalse();
        browser.find("#drop-name").sendKeys("h");
        assertThat(confirm.isEnabled()).isTrue();
        confirm.click();
        browser.await("the table list", driver -> driver.getCurrentUrl().endsWith("#/tables"));
        assertThat(http.get("/v1/tables/scratch").status()).isEqualTo(404);
    }

    @Test
    void formShowsTheErrorUnderTheFieldItNamesThenCreates()
    {
        expectedErrors.add("status of 400");
        browser.open("#/tables");
        browser.await("#form-name").sendKeys("formed");
        browser.find("#form-dimensions").sendKeys("country, device");
        final WebElement rollup = browser.find("#form-rollup");
        rollup.clear();
        rollup.sendKeys("PT1X");
        browser.find("#form-submit").click();
        browser.await("the rollup marked", driver -> "true".equals(rollup.getAttribute("aria-invalid")));
        assertThat(browser.find("#form-rollup-error").getText()).startsWith("rollup: bad period[PT1X]");
        browser.screenshot("tables-form-error");
        rollup.clear();
        rollup.sendKeys("PT1M");
        browser.find("#form-submit").click();
        browser.await("the new table's page", driver -> driver.getCurrentUrl().endsWith("#/tables/formed"));
        assertThat(http.get("/v1/tables/formed").json().path("dimensions").toString())
            .isEqualTo("[\"country\",\"device\"]");
    }

    @Test
    void createdTableOpensItsStatus()
    {
        browser.open("#/tables");
        final WebElement spec = browser.await("#create-spec");
        browser.script("arguments[0].value = arguments[1]", spec, PushTable.spec("fresh_one"));
        browser.find("#create-submit").click();
        browser.await("the new table's page", driver -> driver.getCurrentUrl().endsWith("#/tables/fresh_one"));
        assertThat(browser.await("#table-status dl.facts").getText()).contains("running");
        assertThat(http.get("/v1/tables/fresh_one").status()).isEqualTo(200);
    }

    @Test
    void exploreCustomRangeCountsOnlyTheEventsInside()
    {
        final long now = System.currentTimeMillis();
        final String from = Instant.ofEpochMilli(now - Duration.ofMinutes(10).toMillis())
            .truncatedTo(ChronoUnit.MINUTES).toString();
        final String to = Instant.ofEpochMilli(now - Duration.ofMinutes(5).toMillis())
            .truncatedTo(ChronoUnit.MINUTES).toString();
        final long expected = http.sql("SELECT COUNT(*) FROM web WHERE __time >= TIME_PARSE('" + from + "') AND " +
            "__time < TIME_PARSE('" + to + "')", "array").json().get(0).get(0).asLong();
        assertThat(expected).isPositive().isLessThan(EVENTS);
        browser.open("#/explore?table=web&range=custom&from=" + from + "&to=" + to + "&grain=PT1M");
        awaitExploreSettled("", expected);
        assertThat(browser.find("#explore-from").getAttribute("value")).isEqualTo(from.substring(0, 16));
        assertThat(Long.parseLong(browser.find("#explore-chart").getAttribute("data-sum"))).isEqualTo(expected);
    }

    @Test
    void exploreWorksFromTheKeyboardAndALiveRefreshKeepsTheFocus()
    {
        browser.open("#/explore?table=web&range=1h");
        awaitExploreSettled("", EVENTS);
        final WebElement tablet = browser.find(".dim-panel[data-dimension='device'] button[data-value='tablet']");
        browser.script("arguments[0].focus()", tablet);
        tablet.sendKeys(Keys.ENTER);
        browser.await(".chip[data-dimension='device'][data-value='tablet']");
        final WebElement country = browser.await(".dim-panel[data-dimension='country'] button.value");
        final String key = country.getAttribute("data-focus-key");
        browser.script("arguments[0].focus()", country);
        final String drawnFrom = browser.find(".explore-layout").getAttribute("data-from");
        browser.await("a live refresh", driver -> !drawnFrom.equals(
            browser.find(".explore-layout").getAttribute("data-from")));
        assertThat(browser.script("return document.activeElement.dataset.focusKey")).isEqualTo(key);
    }

    @Test
    void exploreDrawsTheChartAndItsNumbersEqualSql()
    {
        browser.open("#/explore?table=web&range=1h");
        awaitExploreSettled("", EVENTS);
        final long painted = (Long)browser.script("""
            const canvas = document.querySelector('#explore-chart canvas');
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let painted = 0;
            for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) painted++; }
            return painted;""");
        assertThat(painted).as("painted pixels of the chart").isGreaterThan(1_000);
        assertThat(Long.parseLong(browser.find("#explore-chart").getAttribute("data-sum"))).isEqualTo(EVENTS);
        assertPanelsEqualSql("");
        browser.screenshot("explore");
    }

    @Test
    void clickingAValueFiltersEveryPanelAndTheUrlKeepsIt()
    {
        browser.open("#/explore?table=web&range=1h");
        awaitExploreSettled("", EVENTS);
        final WebElement first = browser.find(".dim-panel[data-dimension='device'] button.value");
        final String device = first.getAttribute("data-value");
        final String filter = " AND device = '" + device + "'";
        final long expected = count(filter);
        first.click();
        browser.await(".chip[data-dimension='device'][data-value='" + device + "']");
        awaitExploreSettled(filter, expected);
        assertPanelsEqualSql(filter);
        assertThat(Long.parseLong(browser.find("#explore-chart").getAttribute("data-sum"))).isEqualTo(expected);
        assertThat(browser.driver().getCurrentUrl()).contains("f=device%3A" + device);
        browser.screenshot("explore-filtered");
        // the URL alone brings the same view back
        browser.open("#/query");
        browser.await("#sql-editor");
        browser.open("#/explore?table=web&range=1h&f=device%3A" + device);
        awaitExploreSettled(filter, expected);
    }

    private void setEditor(final String sql)
    {
        browser.script("const e = document.getElementById('sql-editor'); e.value = arguments[0]; " +
            "e.dispatchEvent(new Event('input'));", sql);
    }

    /** Waits until Explore's total shows {@code expected} events (its panels are drawn in the same step). */
    private void awaitExploreSettled(final String filter, final long expected)
    {
        browser.await("explore's total to read " + expected + " for filter[" + filter + "]", driver ->
            browser.findAll("#explore-total .total-value").stream()
                .anyMatch(total -> String.valueOf(expected).equals(total.getAttribute("data-value"))) &&
                !browser.findAll(".dim-panel").isEmpty());
    }

    /** The interval Explore drew, its total (as its data value) and each panel's values, read in one script. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> shownInterval()
    {
        return (Map<String, Object>)browser.script("""
            const layout = document.querySelector('.explore-layout');
            const panels = {};
            for (const panel of document.querySelectorAll('.dim-panel')) {
              panels[panel.dataset.dimension] = [...panel.querySelectorAll('button.value')]
                .map(b => b.dataset.value + '=' + b.querySelector('.v').textContent.replace(/,/g, ''));
            }
            return {from: layout.dataset.from, to: layout.dataset.to, panels,
              total: document.querySelector('#explore-total .total-value').dataset.value,
              totalShown: document.querySelector('#explore-total .total-value').textContent};""");
    }

    private long count(final String filter)
    {
        return http.sql("SELECT COUNT(*) FROM web WHERE __time >= CURRENT_TIMESTAMP - INTERVAL '1' HOUR" + filter,
            "array").json().get(0).get(0).asLong();
    }

    /**
     * Reads every dimension panel and the interval they were drawn for in one script (a live refresh may redraw
     * between two reads), then asks {@code /v1/sql} the same questions.
     */
    @SuppressWarnings("unchecked")
    private void assertPanelsEqualSql(final String filter)
    {
        final Map<String, Object> shown = shownInterval();
        final String where = " WHERE __time >= MILLIS_TO_TIMESTAMP(" + shown.get("from") + ") AND __time < " +
            "MILLIS_TO_TIMESTAMP(" + shown.get("to") + ")" + filter;
        final String total = http.sql("SELECT COUNT(*) FROM web" + where, "array").json().get(0).get(0).asText();
        assertThat(shown.get("total")).isEqualTo(total);
        assertThat(((String)shown.get("totalShown")).replace(",", "")).isEqualTo(total);
        final Map<String, List<String>> panels = (Map<String, List<String>>)shown.get("panels");
        assertThat(panels.keySet()).containsExactlyInAnyOrder("country", "device", "os", "browser", "page",
            "referrer");
        for (final Map.Entry<String, List<String>> panel : panels.entrySet())
        {
            final JsonNode rows = http.sql("SELECT \"" + panel.getKey() + "\", COUNT(*) FROM web" + where +
                " GROUP BY 1 ORDER BY 2 DESC LIMIT 10", "array").json();
            final Map<String, Long> expected = new LinkedHashMap<>();
            rows.forEach(row -> expected.put(row.get(0).isNull() ? "(null)" : row.get(0).asText(),
                row.get(1).asLong()));
            final List<String> wanted = expected.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .toList();
            assertThat(panel.getValue()).as("top values of " + panel.getKey())
                .containsExactlyInAnyOrderElementsOf(wanted);
        }
    }
}
