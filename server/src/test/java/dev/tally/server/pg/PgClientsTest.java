package dev.tally.server.pg;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real command-line and Python clients against the PostgreSQL listener: {@code psql} (Debian's
 * {@code postgresql-client}) running a script with {@code \dt}, {@code \d}, a query and an error, psycopg2
 * (Debian's {@code python3-psycopg2}) with parameters, and SQLAlchemy's inspector (Debian's
 * {@code python3-sqlalchemy}, what Superset introspects with). They must be installed ({@code .ci/run} installs
 * them when missing); without them this class fails, saying what is missing.
 */
class PgClientsTest extends LoadedPgServer
{
    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void psqlListsDescribesQueriesAndReportsAnError() throws Exception
    {
        final Path script = dir.resolve("script.sql");
        Files.writeString(script, """
            \\l
            \\dn
            \\dt
            \\d web
            SELECT country, COUNT(*) AS n FROM web GROUP BY country ORDER BY country;
            SELECT * FROM nope;
            SELECT 'still here' AS after_error;
            """);
        final Run run = run(List.of("psql", "-X", "-h", "127.0.0.1", "-p", Integer.toString(loaded.server().pgPort()),
            "-U", "tally", "-d", "tally", "-v", "VERBOSITY=verbose", "-f", script.toString()));
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).as(run.toString())
            .contains(" tally | tally | UTF8     |")
            .contains(" druid  | web  | table |")
            .contains("Table \"druid.web\"")
            .contains(" __time      | timestamp without time zone |")
            .contains(" revenue     | double precision            |")
            .contains("still here");
        for (final List<Object> row : loaded.duckDb().query("SELECT country, COUNT(*) FROM raw GROUP BY 1 ORDER BY 1"))
        {
            assertThat(run.out()).containsPattern(" " + row.get(0) + " +\\| +" + row.get(1) + "\n");
        }
        assertThat(run.err()).as(run.toString()).contains("ERROR:  42P01: Plan validation failed")
            .contains("Object 'nope' not found").contains("LINE 1: SELECT * FROM nope");
    }

    @Test
    void psycopg2BindsParameters() throws Exception
    {
        final Path script = dir.resolve("client.py");
        Files.writeString(script, """
            import sys, psycopg2
            connection = psycopg2.connect(host="127.0.0.1", port=int(sys.argv[1]), user="tally", dbname="tally")
            cursor = connection.cursor()
            cursor.execute("SELECT country, COUNT(*) AS n FROM web WHERE device = %s AND latency_max >= %s "
                           "GROUP BY country ORDER BY country", ("mobile", 100))
            for country, n in cursor.fetchall():
                print(f"{country}|{n}")
            try:
                cursor.execute("SELECT * FROM web WHERE nope = %s", ("x",))
            except psycopg2.Error as error:
                print("error", error.pgcode)
            connection.rollback()
            cursor.execute("SELECT %s AS greeting", ("it's fine",))
            print(cursor.fetchone()[0])
            connection.close()
            """);
        final Run run = run(List.of(PYTHON, script.toString(), Integer.toString(loaded.server().pgPort())));
        assertThat(run.exit()).as(run.toString()).isZero();
        final List<String> expected = new ArrayList<>();
        for (final List<Object> row : loaded.duckDb().query("SELECT country, COUNT(*) FROM raw " +
            "WHERE device = 'mobile' AND latency_ms >= 100 GROUP BY 1 ORDER BY 1"))
        {
            expected.add(row.get(0) + "|" + row.get(1));
        }
        expected.add("error 42703");
        expected.add("it's fine");
        assertThat(run.out().lines().toList()).as(run.toString()).isEqualTo(expected);
    }

    @Test
    void sqlAlchemyInspectorSeesTablesAndColumns() throws Exception
    {
        final Path script = dir.resolve("sqlalchemy_inspector.py");
        Files.writeString(script, """
            import sys, sqlalchemy
            engine = sqlalchemy.create_engine("postgresql+psycopg2://tally@127.0.0.1:%s/tally" % sys.argv[1])
            inspector = sqlalchemy.inspect(engine)
            print("schemas", inspector.get_schema_names(), inspector.default_schema_name)
            print("tables", inspector.get_table_names(), inspector.get_view_names())
            print("columns", [(c["name"], str(c["type"])) for c in inspector.get_columns("web")][:3])
            print("keys", inspector.get_pk_constraint("web")["constrained_columns"],
                  inspector.get_foreign_keys("web"), inspector.get_indexes("web"))
            with engine.connect() as connection:
                print("rows", connection.execute(sqlalchemy.text("SELECT COUNT(*) FROM web WHERE device = :d"),
                                                 {"d": "mobile"}).scalar() > 0)
            """);
        final Run run = run(List.of(PYTHON, script.toString(), Integer.toString(loaded.server().pgPort())));
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out().lines().toList()).as(run.toString()).containsExactly(
            "schemas ['druid'] druid",
            "tables ['web'] []",
            "columns [('__time', 'TIMESTAMP'), ('country', 'VARCHAR'), ('device', 'VARCHAR')]",
            "keys [] [] []",
            "rows True");
    }

    /** A finished client process: exit code and its output. */
    record Run(int exit, String out, String err)
    {
    }

    private static Run run(final List<String> command) throws IOException, InterruptedException
    {
        final Path executable = command.get(0).startsWith("/") ? Path.of(command.get(0)) : Path.of("/usr/bin",
            command.get(0));
        assertThat(Files.isExecutable(executable)).as("%s is needed by this test: apt-get install " +
            "postgresql-client python3-psycopg2 (.ci/run does)", executable).isTrue();
        final Path out = Files.createTempFile(dir, "out", ".txt");
        final Path err = Files.createTempFile(dir, "err", ".txt");
        final ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
            .redirectError(err.toFile());
        builder.environment().put("PGCONNECT_TIMEOUT", "10");
        builder.environment().put("PGSSLMODE", "prefer");
        final Process process = builder.start();
        try
        {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        }
        finally
        {
            process.destroyForcibly();
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    }
}
