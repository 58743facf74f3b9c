package dev.tally.query.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.tally.storage.schema.Granularity;

import java.time.ZoneId;
import java.util.Objects;

/** One GROUP BY key: a dimension's value, or {@code __time} floored to a period (the bucket start, epoch millis). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Grouping.Dimension.class, name = "dimension"),
    @JsonSubTypes.Type(value = Grouping.TimeBucket.class, name = "timeBucket"),
})
public sealed interface Grouping
{
    /** The output column's name. */
    String name();

    record Dimension(String column, String name) implements Grouping
    {
        public Dimension
        {
            Objects.requireNonNull(column, "column");
            name = name == null ? column : name;
        }
    }

    /**
     * {@code __time} floored to {@code period} (an ISO period from PT1M... to P1Y, e.g. PT5M, P1D, P1M) in
     * {@code timeZone} (an IANA name; UTC when null).
     */
    record TimeBucket(String period, String timeZone, String name) implements Grouping
    {
        public TimeBucket
        {
            Objects.requireNonNull(period, "period");
            Objects.requireNonNull(name, "name");
            Granularity.parse(period);
            if (timeZone != null)
            {
                ZoneId.of(timeZone);
            }
        }

        public Granularity granularity()
        {
            return Granularity.parse(period);
        }

        public ZoneId zone()
        {
            return timeZone == null ? java.time.ZoneOffset.UTC : ZoneId.of(timeZone);
        }
    }
}
