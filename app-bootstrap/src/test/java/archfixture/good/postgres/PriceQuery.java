package archfixture.good.postgres;

/** An inner part of the adapter: package-private. */
final class PriceQuery {
    private PriceQuery() {}

    static long cents(String item) {
        return item.length();
    }
}
