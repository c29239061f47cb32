package archfixture.good.cli;

import archfixture.good.port.Prices;
import archfixture.good.usecase.Basket;
import archfixture.good.usecase.Checkout;

/** An adapter's entry point: handed its use case, it makes only the request values. */
public class PriceCommand {
    public long run(Prices prices) {
        return prices.price("x").cents();
    }

    public long checkout(Checkout checkout) {
        return checkout.total(new Basket("x")).cents();
    }
}
