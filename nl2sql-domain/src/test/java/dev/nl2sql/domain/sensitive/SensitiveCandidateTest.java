package dev.nl2sql.domain.sensitive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.sensitive.SensitiveCandidate.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SensitiveCandidateTest {

    static final QualifiedName PEOPLE = QualifiedName.of("public", "people");

    @Test
    void columnNamesSuggestTheirKind() {
        assertThat(SensitiveCandidate.of(PEOPLE, "contact_email", List.of())).map(SensitiveCandidate::kind).contains(Kind.EMAIL);
        assertThat(SensitiveCandidate.of(PEOPLE, "ssn", List.of())).map(SensitiveCandidate::kind).contains(Kind.NATIONAL_ID);
        assertThat(SensitiveCandidate.of(PEOPLE, "mobile_phone", List.of())).map(SensitiveCandidate::kind).contains(Kind.PHONE);
    }

    @Test
    void shortWordsCountOnlyAsWholeParts() {
        assertThat(SensitiveCandidate.of(PEOPLE, "card_pan", List.of())).map(SensitiveCandidate::kind).contains(Kind.CARD_NUMBER);
        assertThat(SensitiveCandidate.of(PEOPLE, "customerSSN", List.of())).map(SensitiveCandidate::kind).contains(Kind.NATIONAL_ID);
        for (String innocent : List.of("company", "company_name", "companyName", "span", "expand", "fairfax_county", "automobile")) {
            assertThat(SensitiveCandidate.of(PEOPLE, innocent, List.of())).as(innocent).isEmpty();
        }
    }

    @Test
    void valuesSuggestTheKindOfAnInnocentlyNamedColumn() {
        assertThat(SensitiveCandidate.of(PEOPLE, "contact", List.of("ann@example.com", "bob@example.org", "cy@example.net")))
                .hasValueSatisfying(c -> {
                    assertThat(c.kind()).isEqualTo(Kind.EMAIL);
                    assertThat(c.evidence()).isEqualTo("3 of 3 sampled values");
                    assertThat(c.configLine()).isEqualTo("- {column: public.people.contact, mode: mask}");
                });
        assertThat(SensitiveCandidate.of(PEOPLE, "ref", List.of("4111 1111 1111 1111", "5500-0000-0000-0004")))
                .map(SensitiveCandidate::kind).contains(Kind.CARD_NUMBER);
        assertThat(SensitiveCandidate.of(PEOPLE, "code", List.of("123-45-6789", "987-65-4321"))).map(SensitiveCandidate::kind)
                .contains(Kind.NATIONAL_ID);
    }

    @Test
    void numbersFailingLuhnAreNotCardsAndOrdinaryTextIsNothing() {
        assertThat(SensitiveCandidate.of(PEOPLE, "ref", List.of("4111 1111 1111 1112", "4111 1111 1111 1113"))).map(SensitiveCandidate::kind)
                .isNotEqualTo(java.util.Optional.of(Kind.CARD_NUMBER));
        assertThat(SensitiveCandidate.of(PEOPLE, "title", List.of("Rock", "Jazz", "Blues"))).isEmpty();
        assertThat(SensitiveCandidate.of(PEOPLE, "note", List.of("ann@example.com", "x", "y", "z"))).isEmpty();
    }
}
