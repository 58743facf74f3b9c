package dev.tally.server.cli;

import dev.tally.server.auth.Secrets;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code bin/tally hash}: what to put in the server config's {@code users}, so that no password or token is stored
 * in clear. {@code --password} reads the password interactively (or from stdin) and prints its PBKDF2 hash;
 * {@code --token} makes a new random bearer token and prints it with the hash to store.
 */
@Command(name = "hash", mixinStandardHelpOptions = true,
    description = "Print a password hash or a new bearer token and its hash for the server config.")
final class HashCommand implements Callable<Integer>
{
    @ArgGroup(exclusive = true, multiplicity = "1")
    Kind kind;

    static final class Kind
    {
        @Option(names = "--password", interactive = true, arity = "0..1",
            description = "The password to hash (prompted for when no value is given).")
        char[] password;

        @Option(names = "--token", description = "Make a new random bearer token.")
        boolean token;
    }

    @Override
    public Integer call()
    {
        if (kind.token)
        {
            final String token = Secrets.newToken();
            System.out.println("token (give to the client): " + token);
            System.out.println("hash (put in users[].tokens): " + Secrets.hashToken(token));
            return 0;
        }
        if (kind.password == null || kind.password.length == 0)
        {
            System.err.println("tally hash: empty password");
            return 2;
        }
        System.out.println(Secrets.hashPassword(new String(kind.password)));
        return 0;
    }
}
