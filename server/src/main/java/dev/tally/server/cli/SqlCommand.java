package dev.tally.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;
import sqlline.SqlLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code bin/tally sql}: an interactive SQL shell (sqlline) connected through the Tally JDBC driver. Arguments it
 * does not know go to sqlline as they are ({@code -e "SELECT 1"}, {@code -f script.sql}, {@code --outputFormat=csv}).
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Interactive SQL shell over JDBC (sqlline). Other arguments go to sqlline, e.g. -e, -f, " +
        "--outputFormat=csv; !tables, !columns TABLE and !help work inside.")
final class SqlCommand implements Callable<Integer>
{
    static final String URL_DEFAULT = "jdbc:tally://127.0.0.1:8080";
    private static final int PIPED_WIDTH = 1_000;

    @Option(names = "--url", defaultValue = URL_DEFAULT, description = "JDBC URL (default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--user", description = "User name, when the server has users.")
    String user;

    @Option(names = "--password", defaultValue = "${env:TALLY_PASSWORD}",
        description = "Password (default: the TALLY_PASSWORD environment variable; asked for when a user is given " +
            "without one).")
    String password;

    @Unmatched
    List<String> sqllineArgs = new ArrayList<>();

    @Override
    public Integer call() throws IOException
    {
        if (System.console() == null)
        {
            // input or output is not a terminal: sqlline would take the width of none and print empty tables
            sqllineArgs.add(0, "--maxWidth=" + PIPED_WIDTH);
            // and jline would warn that it falls back to a dumb terminal, which is what piped input wants
            System.setProperty("org.jline.terminal.dumb", "true");
        }
        // no input stream: sqlline then opens the system terminal, which reads piped input as well as typing
        return run(null, null, null, true) == SqlLine.Status.OK ? 0 : 1;
    }

    /**
     * Runs sqlline until {@code !quit}, the end of the input, or the end of a {@code -f} script.
     *
     * @param in what sqlline reads, or null for the system terminal.
     * @param out where sqlline writes results, or null for standard output; {@code err} likewise.
     */
    SqlLine.Status run(final InputStream in, final OutputStream out, final OutputStream err,
        final boolean saveHistory) throws IOException
    {
        final SqlLine sqlLine = new SqlLine();
        if (out != null)
        {
            sqlLine.setOutputStream(out);
        }
        if (err != null)
        {
            sqlLine.setErrorStream(err);
        }
        return sqlLine.begin(arguments().toArray(String[]::new), in, saveHistory);
    }

    List<String> arguments()
    {
        // Tally SQL is read-only: no transactions, so no isolation level to ask for (sqlline would warn)
        final List<String> args = new ArrayList<>(List.of("-u", url, "--isolation=TRANSACTION_NONE"));
        if (url.startsWith("jdbc:tally:"))
        {
            args.addAll(List.of("-d", "dev.tally.jdbc.Driver"));
        }
        if (user == null)
        {
            // auth off: connect at once instead of asking for a user name nobody needs
            args.add("--connectInteractionMode=notAskCredentials");
        }
        else
        {
            args.addAll(List.of("-n", user));
            if (password != null && !password.isEmpty())
            {
                args.addAll(List.of("-p", password));
            }
        }
        args.addAll(sqllineArgs);
        return args;
    }
}
