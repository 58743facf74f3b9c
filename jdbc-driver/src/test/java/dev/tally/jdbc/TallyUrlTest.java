package dev.tally.jdbc;

import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TallyUrlTest
{
    @Test
    void portDefaultsTo8080AndSerializationToProtobuf() throws SQLException
    {
        final TallyUrl url = TallyUrl.parse("jdbc:tally://db.example", new Properties());
        assertThat(url.avaticaUrl()).isEqualTo("jdbc:tally:url=http://db.example:8080/avatica;serialization=protobuf;" +
            "transparent_reconnection=true");
        assertThat(url.properties()).isEmpty();
    }

    @Test
    void userAndPasswordBecomeConnectionPropertiesOthersAvaticaOnes() throws SQLException
    {
        final TallyUrl url = TallyUrl.parse("jdbc:tally://127.0.0.1:9090/?user=al%40ice&password=p%26w&" +
            "serialization=json&transparent_reconnection=false", null);
        assertThat(url.avaticaUrl()).isEqualTo("jdbc:tally:url=http://127.0.0.1:9090/avatica;serialization=json;" +
            "transparent_reconnection=false");
        assertThat(url.properties()).containsEntry("user", "al@ice").containsEntry("password", "p&w");
    }

    @Test
    void givenPropertiesWinOverTheUrls() throws SQLException
    {
        final Properties given = new Properties();
        given.setProperty("password", "right");
        final TallyUrl url = TallyUrl.parse("jdbc:tally://h:1?user=u&password=wrong", given);
        assertThat(url.properties()).containsEntry("user", "u").containsEntry("password", "right");
    }

    @Test
    void ipv6HostKeepsItsBrackets() throws SQLException
    {
        assertThat(TallyUrl.parse("jdbc:tally://[::1]:8081", null).httpUrl()).isEqualTo("http://[::1]:8081/avatica");
    }

    @Test
    void malformedUrlsNameTheExpectedForm()
    {
        assertThatThrownBy(() -> TallyUrl.parse("jdbc:tally://:8080", null))
            .isInstanceOf(SQLException.class).hasMessageContaining("jdbc:tally://HOST[:PORT]");
        assertThatThrownBy(() -> TallyUrl.parse("jdbc:tally://h/db", null))
            .isInstanceOf(SQLException.class).hasMessageContaining("path[/db]");
    }

    @Test
    void driverManagerFindsTheDriverForTallyUrlsOnly() throws SQLException
    {
        assertThat(DriverManager.getDriver("jdbc:tally://localhost")).isInstanceOf(Driver.class);
        assertThat(new Driver().acceptsURL("jdbc:postgresql://localhost/x")).isFalse();
    }

    @Test
    void unreachableServerIsAnSqlExceptionThatNamesIt()
    {
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:tally://127.0.0.1:1"))
            .isInstanceOf(SQLException.class).hasMessageContaining("http://127.0.0.1:1/avatica");
    }
}
