package dev.tally.jdbc;

import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.avatica.InternalProperty;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * JDBC driver for {@code jdbc:tally://HOST[:PORT][?user=U&password=P]}: the Avatica remote driver pointed at the
 * server's {@code /avatica} endpoint with protobuf serialization (see {@link TallyUrl} for the rewriting). User and
 * password are sent as connection properties, checked by the server when the connection opens. Registered with
 * {@link java.sql.DriverManager} through {@code META-INF/services/java.sql.Driver}.
 */
public final class Driver extends org.apache.calcite.avatica.remote.Driver
{
    /**
     * How the server's SQL treats identifiers (Calcite's {@code lex=JAVA}: case-sensitive, kept as written, quoted
     * with back-ticks). The remote protocol does not carry them, and Avatica's defaults (upper-casing, double quotes)
     * would make DatabaseMetaData tell tools such as sqlline to upper-case {@code web} into {@code WEB}.
     */
    private static final Map<InternalProperty, Object> LEXICAL_CONVENTIONS = Map.of(
        InternalProperty.CASE_SENSITIVE, true,
        InternalProperty.QUOTING, Quoting.BACK_TICK,
        InternalProperty.QUOTED_CASING, Casing.UNCHANGED,
        InternalProperty.UNQUOTED_CASING, Casing.UNCHANGED);

    static
    {
        new Driver().register();
    }

    @Override
    protected String getConnectStringPrefix()
    {
        return TallyUrl.PREFIX;
    }

    @Override
    protected DriverVersion createDriverVersion()
    {
        return DriverVersion.load(Driver.class, "dev-tally-jdbc.properties", "Tally JDBC Driver", "unknown version",
            "Tally", "unknown version");
    }

    @Override
    public Connection connect(final String url, final Properties info) throws SQLException
    {
        if (!acceptsURL(url))
        {
            return null;
        }
        final TallyUrl parsed = TallyUrl.parse(url, info);
        try
        {
            final Connection connection = super.connect(parsed.avaticaUrl(), parsed.properties());
            ((AvaticaConnection)connection).properties.putAll(LEXICAL_CONVENTIONS);
            return connection;
        }
        catch (final AvaticaClientRuntimeException ex)
        {
            // the server's own message (wrong password, unknown user), as the SQLException DriverManager expects
            throw new SQLException(ex.getMessage(), ex.getSqlState(), ex.getErrorCode(), ex);
        }
        catch (final RuntimeException ex)
        {
            throw new SQLException("cannot connect to " + parsed.httpUrl() + ": " + ex.getMessage(), "08001", ex);
        }
    }
}
