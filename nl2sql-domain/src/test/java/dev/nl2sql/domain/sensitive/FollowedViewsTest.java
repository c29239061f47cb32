package dev.nl2sql.domain.sensitive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.linking.ColumnRef;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.sensitive.FollowedViews.Exposure;
import dev.nl2sql.domain.sensitive.FollowedViews.Treatment;
import dev.nl2sql.domain.sensitive.SensitiveData.MaskedColumn;
import dev.nl2sql.domain.sensitive.SensitiveData.Mode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FollowedViewsTest {

    static final SensitiveData POLICY = new SensitiveData(List.of(), List.of("customers.passport"),
            List.of(new MaskedColumn("customers.email", Mode.MASK), new MaskedColumn("customers.last_name", Mode.HASH)), Optional.of("salt"));

    static ColumnRef column(String relation, String column) {
        return new ColumnRef(QualifiedName.of("public", relation), column);
    }

    static ViewColumnSource copied(String view, String column, ColumnRef from) {
        return new ViewColumnSource(column(view, column), Optional.of(from), List.of());
    }

    static ViewColumnSource computed(String view, String column, ColumnRef... reads) {
        return new ViewColumnSource(column(view, column), Optional.empty(), List.of(reads));
    }

    static final List<ViewColumnSource> SOURCES = List.of(
            copied("v1", "id", column("customers", "id")),
            copied("v1", "email", column("customers", "email")),
            copied("v1", "ln", column("customers", "last_name")),
            copied("v1", "p", column("customers", "passport")),
            computed("v1", "shout", column("customers", "email"), column("customers", "id")),
            copied("v2", "x", column("v1", "p")),
            computed("v2", "y", column("v1", "ln")),
            computed("v3", "z", column("customers", "email"), column("customers", "passport")),
            computed("v4", "n", column("customers", "id")));

    @Test
    void copiedColumnsAreTreatedAsTheirSourceAndComputedOnesAsStrictlyAsTheStrictestRead() {
        assertThat(FollowedViews.uncovered(POLICY, SOURCES)).extracting(e -> e.column().toString() + " " + e.treatment())
                .containsExactlyInAnyOrder("public.v1.email MASK", "public.v1.ln HASH", "public.v1.p HIDE", "public.v1.shout MASK",
                        "public.v2.x HIDE", "public.v2.y MASK", "public.v3.z HIDE");
    }

    @Test
    void aViewColumnAPatternAlreadyCoversIsNotSuggestedAgain() {
        SensitiveData covered = POLICY.with(List.of(), List.of(new MaskedColumn("v1.email", Mode.MASK)));

        assertThat(FollowedViews.uncovered(covered, SOURCES)).extracting(Exposure::column).doesNotContain(column("v1", "email"));
    }

    @Test
    void exposuresNameTheirSourceAndTheLineThatCoversThem() {
        Exposure p = FollowedViews.uncovered(POLICY, SOURCES).stream().filter(e -> e.column().equals(column("v2", "x"))).findFirst()
                .orElseThrow();

        assertThat(p.source()).isEqualTo(column("v1", "p"));
        assertThat(p.copied()).isTrue();
        assertThat(p.configLine()).isEqualTo("hidden_columns: [public.v2.x]");
        assertThat(new Exposure(column("v", "a.b"), Treatment.MASK, column("t", "c"), true).configLine())
                .isEqualTo("- {column: public.v.a*b, mode: mask}");
    }

    @Test
    void aPolicyThatFollowsViewsHidesAndMasksThemAndOneThatDoesNotIsUnchanged() {
        assertThat(FollowedViews.apply(POLICY, SOURCES)).isSameAs(POLICY);

        SensitiveData followed = FollowedViews.apply(POLICY.followingViews(), SOURCES);

        assertThat(followed.hidesColumn("public", "v2", "x")).isTrue();
        assertThat(followed.masking("public", "v1", "ln")).contains(Mode.HASH);
        assertThat(followed.masking("public", "v2", "y")).contains(Mode.MASK);
        assertThat(followed.masking("public", "v1", "id")).isEmpty();
        assertThat(followed.hidesColumn("public", "v4", "n")).isFalse();
    }

    @Test
    void aViewThatReadsAHiddenTableIsHiddenWholeEvenItsCopiedAndCountedColumns() {
        SensitiveData policy = new SensitiveData(List.of("vault.*"), List.of(), List.of(), Optional.empty());
        ColumnRef keys = new ColumnRef(QualifiedName.of("vault", "keys"), "*");
        List<ViewColumnSource> sources = List.of(
                new ViewColumnSource(column("keyed", "name"), Optional.of(column("customers", "name")),
                        List.of(column("customers", "name"), new ColumnRef(QualifiedName.of("vault", "keys"), "customer_id"))),
                computed("key_count", "n", keys));

        assertThat(FollowedViews.uncovered(policy, sources)).extracting(e -> e.column().toString() + " " + e.treatment())
                .containsExactlyInAnyOrder("public.keyed.name HIDE", "public.key_count.n HIDE");
    }
}
