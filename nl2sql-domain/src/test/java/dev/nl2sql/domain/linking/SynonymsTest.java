package dev.nl2sql.domain.linking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SynonymsTest {

    @Test
    void keepsAWordsTargetsInTheOrderWritten() {
        List<String> targets = List.of("kappa", "alpha", "zeta", "omega", "beta", "sigma", "gamma", "theta", "iota", "lambda");

        Synonyms taught = Synonyms.DEFAULT.with(Map.of("gizmo", targets));

        assertThat(taught.of("gizmo")).containsExactlyElementsOf(targets.stream().map(Words::stem).toList());
    }
}
