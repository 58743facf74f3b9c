package dev.tally.server.pg;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The extended query protocol as drivers that describe before they bind use it (Go's pgx, which Grafana's
 * PostgreSQL data source runs on): Parse with no parameter types, Describe of the statement (parameter types inferred
 * by Tally's SQL), Bind with binary parameters and binary results, Execute with a row limit and PortalSuspended.
 */
class PgExtendedQueryTest extends LoadedPgServer
{
    private static final String SQL = "SELECT country, COUNT(*) AS n FROM web WHERE device = $1 AND " +
        "latency_max >= $2 GROUP BY country ORDER BY country";

    @Test
    void describeInfersParameterTypesAndBinaryBindAnswers() throws Exception
    {
        try (PgRawClient client = new PgRawClient(loaded.server().pgPort()))
        {
            client.start("tally");
            client.send(PgRawClient.typed('P', cstrings("dash", SQL, null)));
            client.send(PgRawClient.typed('D', concat(new byte[]{'S'}, cstrings("dash"))));
            client.send(PgRawClient.typed('S', new byte[0]));
            final List<PgRawClient.Message> described = client.readUntil('Z');
            assertThat(described.stream().map(PgRawClient.Message::type).toList())
                .containsExactly((int)'1', (int)'t', (int)'T', (int)'Z');
            final ByteBuffer parameters = ByteBuffer.wrap(described.get(1).body());
            assertThat(parameters.getShort()).isEqualTo((short)2);
            assertThat(parameters.getInt()).as("$1 is compared with a VARCHAR column").isEqualTo(PgType.VARCHAR.oid);
            assertThat(parameters.getInt()).as("$2 with a BIGINT one").isEqualTo(PgType.INT8.oid);

            // Bind: $1 text, $2 binary int8; results: all binary; then Execute two rows at a time
            final ByteArrayOutputStream bind = new ByteArrayOutputStream();
            bind.writeBytes(cstrings("", "dash"));
            bind.writeBytes(ByteBuffer.allocate(6).putShort((short)2).putShort((short)0).putShort((short)1).array());
            final byte[] device = "mobile".getBytes(StandardCharsets.UTF_8);
            bind.writeBytes(ByteBuffer.allocate(2 + 4 + device.length + 4 + 8).putShort((short)2)
                .putInt(device.length).put(device).putInt(8).putLong(100).array());
            bind.writeBytes(ByteBuffer.allocate(4).putShort((short)1).putShort((short)1).array());
            client.send(PgRawClient.typed('B', bind.toByteArray()));
            // two rows, then the rest (0: no limit)
            client.send(PgRawClient.typed('E', concat(cstrings(""), ByteBuffer.allocate(4).putInt(2).array())));
            client.send(PgRawClient.typed('E', concat(cstrings(""), ByteBuffer.allocate(4).putInt(0).array())));
            client.send(PgRawClient.typed('S', new byte[0]));
            final List<PgRawClient.Message> answer = client.readUntil('Z');
            final List<Integer> types = answer.stream().map(PgRawClient.Message::type).toList();
            assertThat(types).startsWith((int)'2', (int)'D', (int)'D', (int)'s').endsWith((int)'C', (int)'Z');
            final StringBuilder rows = new StringBuilder();
            for (final PgRawClient.Message message : answer)
            {
                if (message.type() == 'D')
                {
                    final ByteBuffer row = ByteBuffer.wrap(message.body());
                    row.getShort();
                    final byte[] country = new byte[row.getInt()];
                    row.get(country);
                    row.getInt();
                    rows.append(new String(country, StandardCharsets.UTF_8)).append('|').append(row.getLong())
                        .append('\n');
                }
            }
            final StringBuilder expected = new StringBuilder();
            for (final List<Object> row : loaded.duckDb().query("SELECT country, COUNT(*) FROM raw " +
                "WHERE device = 'mobile' AND latency_ms >= 100 GROUP BY 1 ORDER BY 1"))
            {
                expected.append(row.get(0)).append('|').append(row.get(1)).append('\n');
            }
            assertThat(rows.toString()).isEqualTo(expected.toString());
            assertThat(answer.get(answer.size() - 2).text()).startsWith("SELECT " + (types.size() - 6));
        }
    }

    /** NUL-terminated strings; a null stands for a parameter-type count of zero (int16 0). */
    private static byte[] cstrings(final String... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final String part : parts)
        {
            if (part == null)
            {
                out.writeBytes(new byte[]{0, 0});
                continue;
            }
            out.writeBytes(part.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    private static byte[] concat(final byte[] first, final byte[] second)
    {
        return ByteBuffer.allocate(first.length + second.length).put(first).put(second).array();
    }
}
