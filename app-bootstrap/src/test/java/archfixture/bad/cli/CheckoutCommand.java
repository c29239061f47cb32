package archfixture.bad.cli;

import archfixture.bad.usecase.Checkout;

/** Breaks the construction rule: an adapter builds a use case instead of being handed one. */
public class CheckoutCommand {
    public long run() {
        return new Checkout().total();
    }
}
