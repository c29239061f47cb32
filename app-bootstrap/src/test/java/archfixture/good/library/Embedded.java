package archfixture.good.library;

import archfixture.good.domain.Money;
import archfixture.good.postgres.PostgresPrices;

/** The library wires the core with the adapters an embedding application needs. */
public class Embedded {
    public Money price(String item) {
        return new PostgresPrices().price(item);
    }
}
