package dev.nl2sql.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.bootstrap.Application;
import dev.nl2sql.cli.ExitCodes;
import dev.nl2sql.cli.Nl2SqlCommand;
import dev.nl2sql.fixtures.PersonalData;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.config.ConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Views over protected columns: PostgreSQL reports a view's columns as the view's own, so the tables' patterns miss
 * them. {@code doctor} names each such view column from the database's own definitions, and
 * {@code sensitive.follow_views: true} protects them as their sources are.
 */
class SensitiveViewsCliTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    private static final String PASSWORD_ENV = "SENSITIVE_VIEWS_DB_PASSWORD";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void loadPeopleAndViews() throws Exception {
        db.execute(PersonalData.SQL);
        db.execute("CREATE VIEW people_contacts AS SELECT id, email AS contact, ssn AS tax_ref, upper(phone) AS loud_phone FROM people;"
                + "CREATE VIEW people_names AS SELECT id, name FROM people WHERE salary > 0");
        for (boolean follow : new boolean[] {false, true}) {
            String config = PersonalData.configuredAsCrm(db.server().host(), db.server().port(), db.name(), db.server().user(), PASSWORD_ENV)
                    + (follow ? "      follow_views: true\n" : "") + "audit:\n  path: " + dir.resolve("audit-" + follow) + "\n";
            Files.writeString(dir.resolve("nl2sql-" + follow + ".yaml"), config);
        }
    }

    private int run(boolean followViews, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = dir.resolve("nl2sql-" + followViews + ".yaml").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        Map<String, String> env = Map.of(PASSWORD_ENV, db.server().password(), "CRM_SALT", "salt-for-tests");
        return Nl2SqlCommand.commandLine(new Application(new ConfigLoader(env, dir, dir)))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(all);
    }

    @Test
    void doctorNamesEveryViewColumnThatCarriesAProtectedColumnWithTheLinesThatCoverIt() {
        run(false, "doctor");

        assertThat(out.toString()).contains(
                "VIEW     public.people_contacts.contact copies public.people.email",
                "VIEW     public.people_contacts.tax_ref copies public.people.ssn",
                // computed: the view as a whole reads a hidden column, and which column feeds which is not recorded
                "VIEW     public.people_contacts.loud_phone is computed by a view that reads public.people.ssn",
                "set 'follow_views: true'",
                "- {column: public.people_contacts.contact, mode: mask}",
                "hidden_columns: [public.people_contacts.tax_ref]")
                .doesNotContain("people_names.name", "people_contacts.id ");
    }

    @Test
    void withoutFollowingViewsAViewShowsWhatItsTableMasks() {
        assertThat(run(false, "--format", "csv", "sql", "SELECT contact FROM people_contacts ORDER BY id LIMIT 1")).isEqualTo(ExitCodes.OK);

        assertThat(out.toString()).contains("user1@example.com");
    }

    @Test
    void followingViewsMasksCopiedAndComputedColumnsAndHidesCopiesOfHiddenOnes() {
        assertThat(run(true, "--format", "csv", "sql", "SELECT * FROM people_contacts ORDER BY id LIMIT 2")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).startsWith("id,contact\r\n").contains("***").doesNotContain("example.com", "555-01", "tax_ref", "loud");

        out.getBuffer().setLength(0);
        assertThat(run(true, "sql", "SELECT tax_ref FROM people_contacts")).isNotEqualTo(ExitCodes.OK);
        assertThat(out + err.toString()).contains("tax_ref").doesNotContain("123-45-");

        out.getBuffer().setLength(0);
        run(true, "doctor");
        assertThat(out.toString()).contains("VIEW     public.people_contacts.contact copies public.people.email (masked: the policy follows views)")
                .doesNotContain("set 'follow_views: true'");
    }
}
