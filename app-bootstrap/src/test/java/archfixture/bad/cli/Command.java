package archfixture.bad.cli;

import archfixture.bad.postgres.JdbcThing;

/** Breaks the adapter rule: one adapter uses another. */
public class Command {
    public Object run() {
        return new JdbcThing();
    }
}
