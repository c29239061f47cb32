package dev.nl2sql.domain.generation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlReplyTest {

    @Test
    void readsTheJsonObjectAskedFor() {
        SqlReply reply = SqlReply.read("{\"sql\": \"SELECT name FROM artist\", \"explanation\": \"All artists\", \"confidence\": 0.9, \"tables\": [\"artist\"]}");

        assertThat(reply).isEqualTo(new SqlReply.Sql("SELECT name FROM artist", "All artists", 0.9, java.util.List.of("artist")));
    }

    @Test
    void readsTheObjectInsideProseAndAFence() {
        SqlReply reply = SqlReply.read("Sure! Here it is:\n```json\n{\"sql\": \"SELECT 1\", \"explanation\": \"one\"}\n```\nHope it helps.");

        assertThat(reply).isInstanceOfSatisfying(SqlReply.Sql.class, sql -> {
            assertThat(sql.sql()).isEqualTo("SELECT 1");
            assertThat(sql.confidence()).isEqualTo(0.5);
        });
    }

    @Test
    void fallsBackToAFencedSqlBlock() {
        SqlReply reply = SqlReply.read("The query:\n```sql\nSELECT count(*) FROM track;\n```");

        assertThat(reply).isInstanceOfSatisfying(SqlReply.Sql.class, sql -> assertThat(sql.sql()).isEqualTo("SELECT count(*) FROM track;"));
    }

    @Test
    void emptySqlWithAnExplanationIsAReasonedRefusal() {
        assertThat(SqlReply.read("{\"sql\": \"\", \"explanation\": \"The schema has no weather data.\"}"))
                .isEqualTo(new SqlReply.CannotAnswer("The schema has no weather data."));
    }

    @Test
    void proseWithoutSqlIsUnreadable() {
        assertThat(SqlReply.read("I think you should ask your DBA.")).isInstanceOf(SqlReply.Unreadable.class);
        assertThat(SqlReply.read("{\"answer\": 42}")).isInstanceOf(SqlReply.Unreadable.class);
    }
}
