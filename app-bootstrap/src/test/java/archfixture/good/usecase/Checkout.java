package archfixture.good.usecase;

import archfixture.good.domain.Money;
import archfixture.good.port.Prices;

/** A use case, built by the composition root only. */
public final class Checkout {
    private final Prices prices;

    public Checkout(Prices prices) {
        this.prices = prices;
    }

    public Money total(Basket basket) {
        return prices.price(basket.item());
    }
}
