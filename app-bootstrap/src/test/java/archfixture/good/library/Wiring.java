package archfixture.good.library;

import archfixture.good.domain.Money;
import archfixture.good.postgres.PostgresPrices;
import archfixture.good.usecase.Checkout;

/** The library's wiring of the core with the adapters an embedding application needs: the composition root. */
public class Wiring {
    public Money price(String item) {
        return new PostgresPrices().price(item);
    }

    public Checkout checkout() {
        return new Checkout(new PostgresPrices());
    }
}
