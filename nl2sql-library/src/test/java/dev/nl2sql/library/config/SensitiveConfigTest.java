package dev.nl2sql.library.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.domain.sensitive.SensitiveData.MaskedColumn;
import dev.nl2sql.domain.sensitive.SensitiveData.Mode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SensitiveConfigTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private static final String POLICY = """
            databases:
              - name: hr
                sensitive:
                  hidden_tables: ["hr.*", public.audit_log]
                  hidden_columns: ["*.ssn", people.salary]
                  masked:
                    - {column: "*.email", mode: mask}
                    - {column: people.card_number, mode: hash}
                  hash_salt_env: NL2SQL_HR_SALT
            """;

    @Test
    void readsHiddenAndMaskedColumnsWithTheSaltFromTheEnvironment() throws IOException {
        env.put("NL2SQL_HR_SALT", "s3cret-salt");

        SensitiveData sensitive = new ConfigFile(dir, env).loaded(POLICY).databases().getFirst().sensitive();

        assertThat(sensitive.hiddenTables()).containsExactly("hr.*", "public.audit_log");
        assertThat(sensitive.hiddenColumns()).containsExactly("*.ssn", "people.salary");
        assertThat(sensitive.masked()).containsExactly(new MaskedColumn("*.email", Mode.MASK), new MaskedColumn("people.card_number", Mode.HASH));
        assertThat(sensitive.hashSalt()).contains("s3cret-salt");
        assertThat(sensitive.toString()).doesNotContain("s3cret-salt");
    }

    @Test
    void hashWithoutItsSaltIsAProblem() throws IOException {
        List<String> problems = new ConfigFile(dir, env).problems(POLICY);

        assertThat(problems).anyMatch(p -> p.contains("sensitive.hash_salt_env") && p.contains("NL2SQL_HR_SALT is not set"));
    }

    @Test
    void badPatternAndModeAreProblems() throws IOException {
        List<String> problems = new ConfigFile(dir, env).problems("""
                databases:
                  - name: hr
                    sensitive:
                      hidden_columns: [ssn]
                      masked: [{column: people.email, mode: scramble}]
                """);

        assertThat(problems).anyMatch(p -> p.contains("sensitive.masked[0].mode") && p.contains("mask or hash"));
        assertThat(problems).anyMatch(p -> p.contains("table.column or schema.table.column"));
    }

    @Test
    void noSensitiveSectionHidesNothing() throws IOException {
        assertThat(new ConfigFile(dir, env).loaded("databases: [{name: shop}]").databases().getFirst().sensitive())
                .isEqualTo(SensitiveData.NONE);
    }
}
