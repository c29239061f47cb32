package archfixture.bad.library;

import archfixture.bad.cli.Command;

/** Breaks the library rule: an embedded library must not drag in the command line. */
public class Embedded {
    public Object command() {
        return new Command();
    }
}
