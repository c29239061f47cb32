package archfixture.good.domain;

public record Money(long cents) {}
