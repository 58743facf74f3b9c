package dev.tally.ingest.sample;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WebEventGeneratorTest
{
    private static final long START = 1_767_225_600_000L;

    @Test
    void sameSeedGivesSameEvents()
    {
        final WebEventGenerator a = new WebEventGenerator(7, START, 3_600_000, 10_000);
        final WebEventGenerator b = new WebEventGenerator(7, START, 3_600_000, 10_000);
        final WebEvent x = new WebEvent();
        final WebEvent y = new WebEvent();
        while (a.hasNext())
        {
            final String left = a.next(x).appendJson(new StringBuilder()).toString();
            final String right = b.next(y).appendJson(new StringBuilder()).toString();
            assertThat(left).isEqualTo(right);
        }
        assertThat(b.hasNext()).isFalse();
    }

    @Test
    void distributionsFollowTheBenchmarkSpec()
    {
        final int count = 200_000;
        final WebEventGenerator generator = new WebEventGenerator(1, START, 86_400_000, count);
        final WebEvent event = new WebEvent();
        final Map<String, Integer> devices = new HashMap<>();
        final Map<String, Integer> countries = new HashMap<>();
        int nullReferrers = 0;
        int paying = 0;
        long previousNominal = START;
        long maxDisorder = 0;
        long latencyBelow80 = 0;
        while (generator.hasNext())
        {
            generator.next(event);
            devices.merge(event.device, 1, Integer::sum);
            countries.merge(event.country, 1, Integer::sum);
            nullReferrers += event.referrer == null ? 1 : 0;
            paying += event.revenue > 0 ? 1 : 0;
            latencyBelow80 += event.latencyMs < 80 ? 1 : 0;
            assertThat(event.timestamp).isBetween(START, START + 86_400_000L);
            maxDisorder = Math.max(maxDisorder, previousNominal - event.timestamp);
            previousNominal = Math.max(previousNominal, event.timestamp);
        }
        assertThat(devices.get("desktop") / (double)count).isBetween(0.53, 0.57);
        assertThat(devices.get("mobile") / (double)count).isBetween(0.38, 0.42);
        assertThat(devices.get("tablet") / (double)count).isBetween(0.04, 0.06);
        assertThat(nullReferrers / (double)count).isBetween(0.28, 0.32);
        assertThat(paying / (double)count).isBetween(0.02, 0.04);
        assertThat(latencyBelow80 / (double)count).isBetween(0.45, 0.55);
        assertThat(countries.size()).isGreaterThan(150);
        assertThat(countries.get("US")).isGreaterThan(countries.get("DE"));
        assertThat(maxDisorder).isPositive().isLessThanOrEqualTo(WebEventGenerator.MAX_DISORDER_MILLIS + 1);
    }

    @Test
    void jsonIsOneObjectWithTheBenchmarkFields()
    {
        final WebEvent event = new WebEventGenerator(3, START, 1000, 1).next(new WebEvent());
        final String json = event.appendJson(new StringBuilder()).toString();
        assertThat(json).startsWith("{\"ts\":\"2026-01-01T00:00").endsWith("}")
            .contains("\"country\":", "\"device\":", "\"page\":", "\"user_id\":", "\"revenue\":", "\"latency_ms\":");
    }
}
