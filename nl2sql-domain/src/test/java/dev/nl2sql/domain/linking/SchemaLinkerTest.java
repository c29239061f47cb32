package dev.nl2sql.domain.linking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemaLinkerTest {

    private final SchemaSnapshot shop = ShopSchema.shop();
    private final SchemaLinker linker = new SchemaLinker();

    @Test
    void findsARelationThroughABuiltInSynonym() {
        LinkedSchema linked = linker.link("How many songs are there?", shop);

        assertThat(linked.relationNames().getFirst()).isEqualTo("public.track");
    }

    @Test
    void findsARelationThroughAUserSuppliedSynonym() {
        SchemaLinker withPatrons = new SchemaLinker(Synonyms.DEFAULT.with(Map.of("patron", List.of("customer"))), 2_000);

        LinkedSchema linked = withPatrons.link("List all patrons", shop);

        assertThat(linked.relationNames().getFirst()).isEqualTo("public.customer");
        assertThat(linked.unmatchedTerms()).isEmpty();
    }

    @Test
    void matchesPluralsToSingularNames() {
        assertThat(linker.link("all employees", shop).relationNames()).first().isEqualTo("public.employee");
    }

    @Test
    void bridgesTwoMatchedRelationsThroughTheRelationBetweenThem() {
        LinkedSchema linked = linker.link("Which customers bought tracks by Queen?", shop);

        assertThat(linked.relationNames()).contains("public.customer", "public.track", "public.invoice");
        assertThat(linked.relations()).anySatisfy(r -> {
            assertThat(r.relation().name()).isEqualTo(QualifiedName.of("public", "invoice"));
        });
    }

    @ParameterizedTest
    @CsvSource({"How many employes are there?, public.employee", "list the artsts, public.artist", "custmers in Brazil, public.customer"})
    void findsARelationWhoseOnlyWordIsMisspelt(String question, String relation) {
        LinkedSchema linked = linker.link(question, shop);

        assertThat(linked.relationNames()).first().isEqualTo(relation);
    }

    @Test
    void aMisspeltWordLinksWhatItsRightSpellingLinksAndNothingMore() {
        assertThat(linker.link("How many custmers?", shop).relationNames())
                .isEqualTo(linker.link("How many customers?", shop).relationNames());
    }

    @Test
    void reachesTheTablesOfAQuestionThatNamesOnlyAValue() {
        ValueIndex values = ValueIndex.of(shop, Map.of(new ColumnRef(QualifiedName.of("public", "artist"), "name"), List.of("Queen")));

        LinkedSchema linked = linker.link("songs by Queen", shop, values);

        assertThat(linked.relationNames()).contains("public.artist", "public.album", "public.track");
    }

    @Test
    void findsTheColumnHoldingAMisspeltValue() {
        ValueIndex values = ValueIndex.of(shop, Map.of(new ColumnRef(QualifiedName.of("public", "artist"), "name"), List.of("Led Zeppelin")));

        LinkedSchema linked = linker.link("albums by Led Zepelin", shop, values);

        assertThat(linked.relations()).anySatisfy(r -> {
            assertThat(r.relation().name()).isEqualTo(QualifiedName.of("public", "artist"));
            assertThat(r.columns()).contains("name");
        });
        assertThat(linked.unmatchedTerms()).isEmpty();
    }

    @Test
    void addsTheTableBetweenTwoLinkedTablesAsABridge() {
        ValueIndex values = ValueIndex.of(shop, Map.of(new ColumnRef(QualifiedName.of("public", "artist"), "name"), List.of("Queen")));

        LinkedSchema linked = linker.link("songs by Queen", shop, values);

        assertThat(linked.relations()).anySatisfy(r -> {
            assertThat(r.relation().name()).isEqualTo(QualifiedName.of("public", "album"));
            assertThat(r.bridge()).isTrue();
        });
    }

    @Test
    void addsBothTablesOfAJoinThatNeedsTwoBetween() {
        SchemaSnapshot records = SchemaSnapshot.of(DatabaseName.of("records"), List.of(
                ShopSchema.relation("customer", List.of("customer_id"), List.of(), Optional.empty(),
                        Column.of("customer_id", "integer"), Column.of("country", "text")),
                ShopSchema.relation("purchase", List.of("purchase_id"), List.of(ShopSchema.fk("customer_id", "customer")), Optional.empty(),
                        Column.of("purchase_id", "integer"), Column.of("customer_id", "integer")),
                ShopSchema.relation("purchase_item", List.of("purchase_item_id"),
                        List.of(ShopSchema.fk("purchase_id", "purchase"), ShopSchema.fk("record_id", "record")), Optional.empty(),
                        Column.of("purchase_item_id", "integer"), Column.of("purchase_id", "integer"), Column.of("record_id", "integer")),
                ShopSchema.relation("record", List.of("record_id"), List.of(), Optional.empty(),
                        Column.of("record_id", "integer"), Column.of("band", "text"))), List.of(), Instant.EPOCH);
        ValueIndex values = ValueIndex.of(records, Map.of(
                new ColumnRef(QualifiedName.of("public", "customer"), "country"), List.of("Brazil"),
                new ColumnRef(QualifiedName.of("public", "record"), "band"), List.of("Queen")));

        LinkedSchema linked = linker.link("people in Brazil who like Queen", records, values);

        assertThat(linked.relationNames()).containsExactlyInAnyOrder("public.customer", "public.record", "public.purchase",
                "public.purchase_item");
    }

    @Test
    void findsTheColumnHoldingAQuotedValue() {
        ValueIndex values = ValueIndex.of(shop, Map.of(new ColumnRef(QualifiedName.of("public", "customer"), "country"), List.of("Brazil")));

        LinkedSchema linked = linker.link("people in Brazil", shop, values);

        assertThat(linked.relations().getFirst().relation().name().name()).isEqualTo("customer");
        assertThat(linked.relations().getFirst().columns()).contains("country");
        assertThat(linked.unmatchedTerms()).isEmpty();
    }

    @Test
    void findsEnumColumnsThroughTheirLabels() {
        LinkedSchema linked = linker.link("everything that is void", shop);

        assertThat(linked.relationNames()).first().isEqualTo("public.invoice");
    }

    @Test
    void reportsWordsThatMatchNothing() {
        LinkedSchema linked = linker.link("customers who churned", shop);

        assertThat(linked.unmatchedTerms()).containsExactly("churned");
    }

    @Test
    void staysWithinTheTokenBudgetOnAWideSchema() {
        SchemaSnapshot wide = ShopSchema.wide(1_000, 20);
        SchemaLinker tight = new SchemaLinker(Synonyms.DEFAULT, 300);

        LinkedSchema linked = tight.link("amount and status by country and city", wide);

        assertThat(linked.estimatedTokens()).isLessThanOrEqualTo(300);
        assertThat(linked.rendered().length()).isLessThanOrEqualTo(300 * 4);
        assertThat(linked.relations()).isNotEmpty();
    }

    @Test
    void keepsKeysWhenItDropsColumns() {
        SchemaSnapshot wide = ShopSchema.wide(1_000, 20);

        LinkedSchema linked = new SchemaLinker(Synonyms.DEFAULT, 400).link("price_7 of wide_t0002", wide);

        LinkedRelation reduced = linked.relations().stream().filter(r -> r.columns().size() < 20).findFirst().orElseThrow();
        assertThat(reduced.columns()).contains("id");
        assertThat(reduced.columns()).containsAll(reduced.relation().foreignKeys().stream().flatMap(fk -> fk.columns().stream()).toList());
    }

    @Test
    void buildsTheIndexOncePerSnapshot() {
        assertThat(SchemaIndex.of(shop)).isSameAs(SchemaIndex.of(shop));
    }
}
