package archfixture.bad.bootstrap;

import archfixture.bad.usecase.Checkout;

/** Breaks the wiring rule: the assembly builds a use case itself instead of taking it from the library's wiring. */
public class Shortcut {
    public long total() {
        return new Checkout().total();
    }
}
