package archfixture.good.postgres;

import archfixture.good.domain.Money;
import archfixture.good.port.Prices;

public class PostgresPrices implements Prices {
    @Override
    public Money price(String item) {
        return new Money(1);
    }
}
