package archfixture.bad.postgres;

public class JdbcThing {}
