package archfixture.bad.domain;

import archfixture.bad.postgres.JdbcThing;

/** Breaks the domain rule and the core rule: the domain reaches into an adapter. */
public class Leaky {
    public Object thing() {
        return new JdbcThing();
    }
}
