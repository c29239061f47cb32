package archfixture.good.port;

import archfixture.good.domain.Money;

public interface Prices {
    Money price(String item);
}
