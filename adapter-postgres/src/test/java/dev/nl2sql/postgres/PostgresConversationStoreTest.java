package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.conversation.ConversationId;
import dev.nl2sql.domain.conversation.ResultSummary;
import dev.nl2sql.domain.conversation.Turn;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.port.ConversationStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Conversations in a shared table, two stores standing for two replicas, against a real PostgreSQL. */
class PostgresConversationStoreTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final DatabaseName SHOP = new DatabaseName("shop");

    private static PostgresConversationStore store(String table, int maxTurns) {
        return new PostgresConversationStore(new PostgresConversationStore.Settings(db.server().host(), db.server().port(), db.name(),
                db.server().user(), db.server().password().isEmpty() ? Optional.empty() : Optional.of(db.server().password()), table,
                Duration.ofMinutes(30), maxTurns));
    }

    private static Turn answered(String question) {
        return new Turn(question, Optional.of("SELECT count(*) AS n FROM customers"),
                Optional.of(new ResultSummary("ok", List.of("n", "country"), 2, false, List.of(List.of("5", "Germany"), List.of("7", "France")))));
    }

    @Test
    void aConversationStartedOnOneReplicaIsContinuedOnAnother() {
        try (PostgresConversationStore one = store("turns_shared", 50); PostgresConversationStore other = store("turns_shared", 50)) {
            ConversationId id = ConversationId.random();
            one.start("", id, SHOP);
            one.append("", id, answered("how many customers are there"));
            other.append("", id, new Turn("delete them", Optional.empty(), Optional.empty()));

            ConversationStore.Stored stored = other.find("", id).orElseThrow();

            assertThat(stored.database()).isEqualTo(SHOP);
            assertThat(stored.turns()).containsExactly(answered("how many customers are there"),
                    new Turn("delete them", Optional.empty(), Optional.empty()));
        }
    }

    @Test
    void concurrentFollowUpsFromTwoReplicasEachKeepTheirTurn() throws Exception {
        try (PostgresConversationStore one = store("turns_concurrent", 1_000); PostgresConversationStore other = store("turns_concurrent", 1_000)) {
            ConversationId id = ConversationId.random();
            one.start("", id, SHOP);
            int perReplica = 40;
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> appends = new ArrayList<>();
            try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < perReplica * 2; i++) {
                    PostgresConversationStore replica = i % 2 == 0 ? one : other;
                    String question = "follow-up " + i;
                    appends.add(threads.submit(() -> {
                        go.await();
                        replica.append("", id, answered(question));
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> append : appends) {
                    append.get();
                }
            }

            assertThat(one.find("", id).orElseThrow().turns()).extracting(Turn::question).hasSize(perReplica * 2)
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void onlyTheNewestTurnsAreKept() {
        try (PostgresConversationStore store = store("turns_trimmed", 3)) {
            ConversationId id = ConversationId.random();
            store.start("", id, SHOP);
            for (int i = 1; i <= 5; i++) {
                store.append("", id, answered("question " + i));
            }

            assertThat(store.find("", id).orElseThrow().turns()).extracting(Turn::question)
                    .containsExactly("question 3", "question 4", "question 5");
        }
    }

    @Test
    void aConversationUnusedForItsTimeToLiveIsGoneAndStaysGone() throws Exception {
        try (PostgresConversationStore store = store("turns_expired", 50)) {
            ConversationId id = ConversationId.random();
            store.start("", id, SHOP);
            store.append("", id, answered("how many customers are there"));
            db.execute("UPDATE turns_expired SET at = now() - interval '31 minutes'");

            store.append("", id, answered("only in Germany"));

            assertThat(store.find("", id)).isEmpty();
            assertThat(store.size()).isZero();
        }
    }

    @Test
    void aConversationBelongsToItsScope() {
        try (PostgresConversationStore store = store("turns_scoped", 50)) {
            ConversationId id = ConversationId.random();
            store.start("session-a", id, SHOP);

            assertThat(store.find("session-b", id)).isEmpty();
            store.close("session-a");
            assertThat(store.find("session-a", id)).isEmpty();
        }
    }
}
