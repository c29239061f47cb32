package dev.nl2sql.domain.sensitive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.EnumType;
import dev.nl2sql.domain.schema.ForeignKey;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.RelationKind;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.sensitive.SensitiveData.MaskedColumn;
import dev.nl2sql.domain.sensitive.SensitiveData.Mode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SensitiveDataTest {

    static final SensitiveData POLICY = new SensitiveData(List.of("hr.*", "public.audit_log"), List.of("*.ssn", "people.salary"),
            List.of(new MaskedColumn("*.email", Mode.MASK), new MaskedColumn("people.card_number", Mode.HASH)), Optional.of("pepper"));

    static final Relation PEOPLE = new Relation(QualifiedName.of("public", "people"), RelationKind.TABLE,
            List.of(Column.of("id", "integer"), Column.of("email", "text"), Column.of("ssn", "text"), Column.of("salary", "numeric"),
                    Column.of("card_number", "text")),
            List.of("id"), List.of(new ForeignKey("people_salary_fk", List.of("id"), QualifiedName.of("hr", "salaries"), List.of("person_id"))),
            List.of(), Optional.empty(), Optional.empty());

    static final SchemaSnapshot SCHEMA = SchemaSnapshot.of(DatabaseName.of("crm"), List.of(PEOPLE,
            Relation.of(QualifiedName.of("hr", "salaries"), RelationKind.TABLE, List.of(Column.of("person_id", "integer"))),
            Relation.of(QualifiedName.of("public", "audit_log"), RelationKind.TABLE, List.of(Column.of("entry", "text")))),
            List.of(), Instant.EPOCH);

    @Test
    void viewDropsHiddenRelationsColumnsAndKeysToThem() {
        SchemaSnapshot view = POLICY.view(SCHEMA);

        assertThat(view.relations()).extracting(r -> r.name().toString()).containsExactly("public.people");
        Relation people = view.relations().getFirst();
        assertThat(people.columns()).extracting(Column::name).containsExactly("id", "email", "card_number");
        assertThat(people.foreignKeys()).isEmpty();
        assertThat(people.primaryKey()).containsExactly("id");
        assertThat(people.hiddenPositions()).containsExactly(2, 3);
        assertThat(people.columnSlots()).containsExactly(Optional.of("id"), Optional.of("email"), Optional.empty(), Optional.empty(),
                Optional.of("card_number"));
    }

    @Test
    void aRelationWhoseEveryColumnIsHiddenIsLeftOutWhole() {
        SchemaSnapshot schema = SchemaSnapshot.of(DatabaseName.of("crm"), List.of(PEOPLE,
                Relation.of(QualifiedName.of("public", "badges"), RelationKind.VIEW, List.of(Column.of("ssn", "text")))), List.of(), Instant.EPOCH);

        assertThat(POLICY.view(schema).relations()).extracting(r -> r.name().toString()).containsExactly("public.people");
    }

    @Test
    void anEnumOnlyHiddenColumnsUseIsLeftOutAndOneAVisibleColumnUsesStays() {
        QualifiedName secret = QualifiedName.of("public", "clearance");
        QualifiedName tier = QualifiedName.of("public", "tier");
        Relation people = Relation.of(QualifiedName.of("public", "people"), RelationKind.TABLE, List.of(Column.of("id", "integer"),
                new Column("ssn", "clearance", true, Optional.empty(), Optional.empty(), Optional.of(secret)),
                new Column("tier", "tier", true, Optional.empty(), Optional.empty(), Optional.of(tier))));
        SchemaSnapshot schema = SchemaSnapshot.of(DatabaseName.of("crm"), List.of(people),
                List.of(new EnumType(secret, List.of("cobalt")), new EnumType(tier, List.of("gold"))), Instant.EPOCH);

        assertThat(POLICY.view(schema).enums()).extracting(EnumType::name).containsExactly(tier);
    }

    @Test
    void patternsMatchPerPartCaseInsensitively() {
        assertThat(POLICY.hidesTable("HR", "anything")).isTrue();
        assertThat(POLICY.hidesTable("public", "people")).isFalse();
        assertThat(POLICY.hidesColumn("sales", "customers", "SSN")).isTrue();
        assertThat(POLICY.hidesColumn("other", "people", "salary")).isTrue();
        assertThat(POLICY.masking("crm", "customers", "email")).contains(Mode.MASK);
        assertThat(POLICY.masking("public", "people", "card_number")).contains(Mode.HASH);
        assertThat(POLICY.masking("public", "people", "emails")).isEmpty();
    }

    @Test
    void maskKeepsNullAndHashKeepsEquality() {
        assertThat(POLICY.mask("a@b.c", Mode.MASK)).isEqualTo("***");
        assertThat(POLICY.mask(null, Mode.MASK)).isNull();
        Object hashed = POLICY.mask("4111111111111111", Mode.HASH);
        assertThat(hashed).isEqualTo(POLICY.mask("4111111111111111", Mode.HASH)).asString().hasSize(16).doesNotContain("4111");
        assertThat(hashed).isNotEqualTo(POLICY.mask("4111111111111112", Mode.HASH));
    }

    @Test
    void hashIsTheStandardHmacSha256() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("pepper".getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = java.util.HexFormat.of().formatHex(mac.doFinal("4111111111111111".getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        SensitiveData.Masker masker = POLICY.masker();
        assertThat(masker.mask("4111111111111111", Mode.HASH)).isEqualTo(expected.substring(0, 16));
        assertThat(masker.mask("4111111111111111", Mode.HASH)).isEqualTo(expected.substring(0, 16));
    }

    @Test
    void hashWithoutSaltIsRefused() {
        assertThatThrownBy(() -> new SensitiveData(List.of(), List.of(), List.of(new MaskedColumn("t.c", Mode.HASH)), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("salt");
    }

    @Test
    void malformedPatternIsRefused() {
        assertThatThrownBy(() -> new SensitiveData(List.of("a.b.c"), List.of(), List.of(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MaskedColumn("email", Mode.MASK)).isInstanceOf(IllegalArgumentException.class);
    }
}
