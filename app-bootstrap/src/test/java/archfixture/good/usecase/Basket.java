package archfixture.good.usecase;

/** A use case's request: a value any adapter may make. */
public record Basket(String item) {}
