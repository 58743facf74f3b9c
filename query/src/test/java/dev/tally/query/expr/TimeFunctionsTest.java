package dev.tally.query.expr;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Druid's time functions: buckets with origins and zones, shifts, fields, formats and parses, and bad arguments. */
class TimeFunctionsTest
{
    private static long at(final String iso)
    {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void floorWithAnOriginAnchorsTheBuckets()
    {
        assertThat(TimeFunctions.floor(at("2026-01-01T10:17:00Z"), "PT15M", at("2026-01-01T00:05:00Z"), null))
            .isEqualTo(at("2026-01-01T10:05:00Z"));
        // an origin after the time: buckets run backwards from it
        assertThat(TimeFunctions.floor(at("2026-01-01T10:17:00Z"), "PT1H", at("2026-01-02T00:30:00Z"), null))
            .isEqualTo(at("2026-01-01T09:30:00Z"));
        assertThat(TimeFunctions.floor(at("2026-03-18T10:00:00Z"), "P1M", at("2026-01-15T00:00:00Z"), null))
            .isEqualTo(at("2026-03-15T00:00:00Z"));
        assertThat(TimeFunctions.floor(at("2026-03-14T10:00:00Z"), "P1M", at("2026-01-15T00:00:00Z"), null))
            .isEqualTo(at("2026-02-15T00:00:00Z"));
        assertThat(TimeFunctions.floor(at("2026-01-09T10:00:00Z"), "P2D", at("2026-01-02T12:00:00Z"), null))
            .isEqualTo(at("2026-01-08T12:00:00Z"));
    }

    @Test
    void dayBucketsFollowLocalMidnightAcrossDaylightSaving()
    {
        // New York springs forward on 2026-03-08: that local day is 23 hours long
        assertThat(TimeFunctions.floor(at("2026-03-08T20:00:00Z"), "P1D", null, "America/New_York"))
            .isEqualTo(at("2026-03-08T05:00:00Z"));
        assertThat(TimeFunctions.floor(at("2026-03-09T20:00:00Z"), "P1D", null, "America/New_York"))
            .isEqualTo(at("2026-03-09T04:00:00Z"));
        assertThat(TimeFunctions.ceil(at("2026-03-08T20:00:00Z"), "P1D", null, "America/New_York"))
            .isEqualTo(at("2026-03-09T04:00:00Z"));
        assertThat(TimeFunctions.floor(at("2026-01-01T10:00:00Z"), "P1D", null, "+05:30"))
            .isEqualTo(at("2025-12-31T18:30:00Z"));
    }

    @Test
    void ceilKeepsABoundaryAndShiftIsCalendarAware()
    {
        assertThat(TimeFunctions.ceil(at("2026-01-01T10:00:00Z"), "PT1H", null, null))
            .isEqualTo(at("2026-01-01T10:00:00Z"));
        assertThat(TimeFunctions.ceil(at("2026-01-01T10:00:00.001Z"), "PT1H", null, null))
            .isEqualTo(at("2026-01-01T11:00:00Z"));
        assertThat(TimeFunctions.shift(at("2026-01-31T10:00:00Z"), "P1M", 1, null))
            .isEqualTo(at("2026-02-28T10:00:00Z"));
        assertThat(TimeFunctions.shift(at("2026-03-09T12:00:00Z"), "P1D", -1, "America/New_York"))
            .isEqualTo(at("2026-03-08T12:00:00Z"));
        assertThat(TimeFunctions.shift(at("2026-01-01T00:00:00Z"), "PT90M", -2, null))
            .isEqualTo(at("2025-12-31T21:00:00Z"));
    }

    @Test
    void extractReadsEveryUnitInAnyCase()
    {
        final long time = at("2026-03-08T23:30:15.250Z"); // a Sunday
        assertThat(TimeFunctions.extract(time, "epoch", null)).isEqualTo(time / 1000);
        assertThat(TimeFunctions.extract(time, "MILLISECOND", null)).isEqualTo(250);
        assertThat(TimeFunctions.extract(time, "second", null)).isEqualTo(15);
        assertThat(TimeFunctions.extract(time, "minute", null)).isEqualTo(30);
        assertThat(TimeFunctions.extract(time, "hour", null)).isEqualTo(23);
        assertThat(TimeFunctions.extract(time, "hour", "Asia/Tokyo")).isEqualTo(8);
        assertThat(TimeFunctions.extract(time, "day", "Asia/Tokyo")).isEqualTo(9);
        assertThat(TimeFunctions.extract(time, "dow", null)).isEqualTo(7);
        assertThat(TimeFunctions.extract(time, "ISODOW", "Asia/Tokyo")).isEqualTo(1);
        assertThat(TimeFunctions.extract(time, "DOY", null)).isEqualTo(67);
        assertThat(TimeFunctions.extract(time, "WEEK", null)).isEqualTo(10);
        assertThat(TimeFunctions.extract(at("2027-01-01T00:00:00Z"), "WEEK", null)).isEqualTo(53);
        assertThat(TimeFunctions.extract(at("2027-01-01T00:00:00Z"), "ISOYEAR", null)).isEqualTo(2026);
        assertThat(TimeFunctions.extract(time, "QUARTER", null)).isEqualTo(1);
        assertThat(TimeFunctions.extract(time, "DECADE", null)).isEqualTo(202);
        assertThat(TimeFunctions.extract(time, "CENTURY", null)).isEqualTo(21);
        assertThat(TimeFunctions.extract(at("2000-06-01T00:00:00Z"), "CENTURY", null)).isEqualTo(20);
        assertThat(TimeFunctions.extract(time, "MILLENNIUM", null)).isEqualTo(3);
        assertThatThrownBy(() -> TimeFunctions.extract(time, "fortnight", null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TIME_EXTRACT unit[fortnight]");
    }

    @Test
    void formatReadsJodaPatterns()
    {
        final long time = at("2026-03-04T05:06:07.089Z");
        assertThat(TimeFunctions.format(time, null, null)).isEqualTo("2026-03-04T05:06:07.089Z");
        assertThat(TimeFunctions.format(time, null, "Asia/Kolkata")).isEqualTo("2026-03-04T10:36:07.089+05:30");
        assertThat(TimeFunctions.format(time, "YYYY-MM-dd HH:mm Z", null)).isEqualTo("2026-03-04 05:06 +0000");
        assertThat(TimeFunctions.format(time, "yyyy-MM-dd'T'HH ZZ", "America/Los_Angeles"))
            .isEqualTo("2026-03-03T21 -08:00");
        assertThat(TimeFunctions.format(time, "EEEE, MMM d ''yy", null)).isEqualTo("Wednesday, Mar 4 '26");
        assertThat(TimeFunctions.format(at("2027-01-01T00:00:00Z"), "xxxx-'W'ww", null)).isEqualTo("2026-W53");
        assertThatThrownBy(() -> TimeFunctions.format(time, "yyyy-{", null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time pattern[yyyy-{]");
    }

    @Test
    void parseReadsIsoAndPatternsAndAnswersNullForOtherText()
    {
        assertThat(TimeFunctions.parse("2026-03-04", null, null)).isEqualTo(at("2026-03-04T00:00:00Z"));
        assertThat(TimeFunctions.parse("2026-03-04T05:06", null, null)).isEqualTo(at("2026-03-04T05:06:00Z"));
        assertThat(TimeFunctions.parse("2026-03-04 05:06:07.5", null, null))
            .isEqualTo(at("2026-03-04T05:06:07.500Z"));
        assertThat(TimeFunctions.parse("2026-03-04T05:06:07-02:00", null, null))
            .isEqualTo(at("2026-03-04T07:06:07Z"));
        assertThat(TimeFunctions.parse(" 2026-03-04T05:06:07Z ", null, "Asia/Tokyo"))
            .isEqualTo(at("2026-03-04T05:06:07Z"));
        assertThat(TimeFunctions.parse("2026-03-04T05:06:07", null, "Asia/Tokyo"))
            .isEqualTo(at("2026-03-03T20:06:07Z"));
        assertThat(TimeFunctions.parse("04/03/2026 17", "dd/MM/yyyy HH", null)).isEqualTo(at("2026-03-04T17:00:00Z"));
        assertThat(TimeFunctions.parse("04.03.2026", "dd.MM.yyyy", "+01:00")).isEqualTo(at("2026-03-03T23:00:00Z"));
        for (final String bad : new String[] {"", "yesterday", "2026-13-01", "2026-02-30T00:00:00", "2026-03-04T25:00"})
        {
            assertThat(TimeFunctions.parse(bad, null, null)).as(bad).isNull();
        }
        assertThat(TimeFunctions.parse("2026-03-04", "dd/MM/yyyy", null)).isNull();
        assertThat(TimeFunctions.parse(null, null, null)).isNull();
    }

    @Test
    void truncateKnowsEveryUnit()
    {
        final long time = at("2026-03-08T23:30:15.250Z");
        assertThat(TimeFunctions.truncate("millisecond", time, null)).isEqualTo(time);
        assertThat(TimeFunctions.truncate("SECOND", time, null)).isEqualTo(at("2026-03-08T23:30:15Z"));
        assertThat(TimeFunctions.truncate("week", time, null)).isEqualTo(at("2026-03-02T00:00:00Z"));
        assertThat(TimeFunctions.truncate("quarter", time, null)).isEqualTo(at("2026-01-01T00:00:00Z"));
        assertThat(TimeFunctions.truncate("day", time, "Asia/Tokyo")).isEqualTo(at("2026-03-08T15:00:00Z"));
        assertThat(TimeFunctions.truncate("decade", time, null)).isEqualTo(at("2020-01-01T00:00:00Z"));
        assertThat(TimeFunctions.truncate("century", time, null)).isEqualTo(at("2001-01-01T00:00:00Z"));
        assertThat(TimeFunctions.truncate("millennium", time, null)).isEqualTo(at("2001-01-01T00:00:00Z"));
        assertThatThrownBy(() -> TimeFunctions.truncate("eon", time, null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DATE_TRUNC unit[eon]");
    }

    @Test
    void badArgumentsNameTheFunctionAndTheValue()
    {
        assertThatThrownBy(() -> TimeFunctions.floor(0, "PT1X")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("TIME_FLOOR period[PT1X]");
        assertThatThrownBy(() -> TimeFunctions.shift(0, "P1Y1D", 1, null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TIME_SHIFT period[P1Y1D]");
        assertThatThrownBy(() -> TimeFunctions.floor(0, "P1D", null, "Mars/Olympus"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time zone[Mars/Olympus]");
        assertThatThrownBy(() -> TimeFunctions.period(null, "TIME_CEIL"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TIME_CEIL period must not be NULL");
    }
}
