package archfixture.bad.usecase;

/** A use case: only the composition root may build it. */
public final class Checkout {
    public long total() {
        return 0;
    }
}
