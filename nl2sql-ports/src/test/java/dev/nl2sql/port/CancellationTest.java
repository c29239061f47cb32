package dev.nl2sql.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a cancellation stops, and when. */
class CancellationTest {

    private final Cancellation cancellation = new Cancellation();
    private final List<String> stopped = new ArrayList<>();

    @Test
    void cancelRunsWhatIsRegistered() {
        cancellation.onCancel(() -> stopped.add("statement"));

        cancellation.cancel();

        assertThat(stopped).containsExactly("statement");
        assertThat(cancellation.isCancelled()).isTrue();
    }

    @Test
    void aClosedRegistrationIsNotRun() {
        cancellation.onCancel(() -> stopped.add("finished statement")).close();

        cancellation.cancel();

        assertThat(stopped).isEmpty();
    }

    @Test
    void registeringAfterTheCancelRunsAtOnce() {
        cancellation.cancel();

        cancellation.onCancel(() -> stopped.add("late statement"));

        assertThat(stopped).containsExactly("late statement");
    }

    @Test
    void theCancellationIsCurrentOnlyWithinItsWork() {
        assertThat(cancellation.within(Cancellation::current)).contains(cancellation);
        assertThat(Cancellation.current()).isEmpty();
    }
}
