package dev.tally.jdbc;

import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.DriverVersion;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * JDBC driver for {@code jdbc:tally://HOST[:PORT][?user=U&password=P]}: the Avatica remote driver pointed at the
 * server's {@code /avatica} endpoint with protobuf serialization (see {@link TallyUrl} for the rewriting). User and
 * password are sent as connection properties, checked by the server when the connection opens. Registered with
 * {@link java.sql.DriverManager} through {@code META-INF/services/java.sql.Driver}.
 */
public class Driver extends org.apache.calcite.avatica.remote.Driver
{
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
            return super.connect(parsed.avaticaUrl(), parsed.properties());
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
