package archfixture.good.library;

import archfixture.good.domain.Money;
import archfixture.good.postgres.PostgresPrices;
import archfixture.good.usecase.Checkout;

/** The library wires the core with the adapters an embedding application needs: the composition root. */
public class Embedded {
    public Money price(String item) {
        return new PostgresPrices().price(item);
    }

    public Checkout checkout() {
        return new Checkout(new PostgresPrices());
    }
}
