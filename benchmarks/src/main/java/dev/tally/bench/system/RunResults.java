package dev.tally.bench.system;

import dev.tally.server.testing.DashboardLoad;

import java.util.List;

/**
 * Everything one end-to-end run measured, for {@link ResultsMarkdown}. Memory figures are of this process (server
 * and harness together) after the push load and before DuckDB loads.
 */
record RunResults(Settings settings, String machine, String commit, String date, double loadBefore,
    double loadAfter, double seconds, double pushLoadRate, double duckDbLoadRate, List<IngestStage.Figures> ingest,
    KafkaStage.Figures kafka, FreshnessStage.Figures freshness, List<QueryStage.Figures> queries,
    DashboardLoad.Figures concurrency, double concurrencyPushRate, List<Stored> stored, Memory memory)
{
    /** Rows each engine stores for a shape: Tally's rolled rows, DuckDB's perfect minute rollup. */
    record Stored(TableShape shape, long events, long tallyRows, long duckDbRolledRows)
    {
        double tallyRatio()
        {
            return (double)events / tallyRows;
        }

        double duckDbRatio()
        {
            return (double)events / duckDbRolledRows;
        }
    }

    /** Bytes: heap peak during the push load, live heap after it, resident set now and at its peak. */
    record Memory(long heapPeak, long liveHeap, long rss, long peakRss)
    {
    }

    long storedRows()
    {
        long rows = 0;
        for (final Stored s : stored)
        {
            rows += s.tallyRows();
        }
        return rows;
    }
}
