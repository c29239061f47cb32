package dev.nl2sql.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The snapshot's key holds no secret's value, not even digested: only whether it is set. */
class StdioFingerprintTest {

    @Test
    void aPasswordCountsOnlyAsSetOrNot() {
        assertThat(StdioFingerprint.withoutSecrets("PGPASSWORD", "hunter2")).isEqualTo(StdioFingerprint.withoutSecrets("PGPASSWORD", "other"))
                .isNotEqualTo(StdioFingerprint.withoutSecrets("PGPASSWORD", "")).doesNotContain("hunter2");
    }

    @Test
    void keysTokensAndSaltsByTheirNamesToo() {
        for (String name : new String[] {"OPENAI_API_KEY", "NL2SQL_AUTH_TOKEN", "NL2SQL_HASH_SALT", "MY_SECRET", "AWS_CREDENTIALS"}) {
            assertThat(StdioFingerprint.withoutSecrets(name, "s3cr3t")).as(name).isEqualTo("set");
        }
    }

    @Test
    void aVariableTheFileNamesIsASecret() {
        assertThat(StdioFingerprint.withoutSecrets("SHOP_DB", "s3cr3t")).isEqualTo("set"); // e.g. password_env: SHOP_DB
    }

    @Test
    void aUrlKeepsItsAddressButNotItsPassword() {
        String url = StdioFingerprint.withoutSecrets("DATABASE_URL", "postgres://app:s3cr3t@db.example:5432/shop");

        assertThat(url).doesNotContain("s3cr3t").contains("app", "db.example:5432/shop");
        assertThat(StdioFingerprint.withoutSecrets("DATABASE_URL", "postgres://app:other@db.example:5432/shop")).isEqualTo(url);
    }

    @Test
    void settingsThatShapeTheAnswersCountByValue() {
        assertThat(StdioFingerprint.withoutSecrets("NL2SQL_SERVER_TOOLS", "run_sql")).isEqualTo("run_sql");
        assertThat(StdioFingerprint.withoutSecrets("PGHOST", "db.example")).isEqualTo("db.example");
    }
}
