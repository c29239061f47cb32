package archfixture.bad.port;

/** Breaks the port rule: a port signature carries a JDBC type. */
public interface JdbcPort {
    java.sql.Connection connection();
}
