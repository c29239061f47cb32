package dev.nl2sql.bootstrap.sensitive;

import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.fixtures.SensitiveCustomers;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.Nl2Sql;
import dev.nl2sql.library.config.Nl2SqlConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@link SensitiveCustomers} in a fresh test database, with what a test class adds, and nl2sql's library over it as the
 * database "vault" under {@link LeakFuzzTest#POLICY}, for one test class; all closed after it. Register it as a static
 * field: {@code static final VaultLibrary vault = new VaultLibrary("CREATE VIEW ...", "ANALYZE ...");}
 */
final class VaultLibrary implements BeforeAllCallback, AfterAllCallback {

    private final TestDatabase db = new TestDatabase();
    private final List<String> setup;
    private Path audit;
    private Nl2Sql nl2sql;

    /** @param setup SQL run after the fixture's, each string on its own (so {@code VACUUM} may be one) */
    VaultLibrary(String... setup) {
        this.setup = List.of(setup);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        db.beforeAll(context);
        db.execute(SensitiveCustomers.SQL);
        for (String sql : setup) {
            db.execute(sql);
        }
        audit = Files.createTempDirectory("vault-audit");
        nl2sql = open(LeakFuzzTest.POLICY);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (nl2sql != null) {
                nl2sql.close();
            }
        } finally {
            db.afterAll(context);
            delete(audit);
        }
    }

    /** {@return the library under {@link LeakFuzzTest#POLICY}} */
    Nl2Sql nl2sql() {
        return nl2sql;
    }

    /** {@return another library over the same database, under {@code policy}; the caller closes it} */
    Nl2Sql open(SensitiveData policy) {
        return Nl2Sql.builder().config(Nl2SqlConfig.of(List.of(LeakFuzzTest.vault(db, policy)), audit)).build();
    }

    private static void delete(Path tree) throws IOException {
        if (tree == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
