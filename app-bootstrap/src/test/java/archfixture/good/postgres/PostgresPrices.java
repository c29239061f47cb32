package archfixture.good.postgres;

import archfixture.good.domain.Money;
import archfixture.good.port.Prices;

/** The adapter's entry point; its inner parts stay package-private. */
public class PostgresPrices implements Prices {
    @Override
    public Money price(String item) {
        return new Money(PriceQuery.cents(item));
    }
}
