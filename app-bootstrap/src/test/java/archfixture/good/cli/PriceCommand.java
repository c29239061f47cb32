package archfixture.good.cli;

import archfixture.good.port.Prices;

public class PriceCommand {
    public long run(Prices prices) {
        return prices.price("x").cents();
    }
}
