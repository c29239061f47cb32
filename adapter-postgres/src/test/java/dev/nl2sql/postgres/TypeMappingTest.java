package dev.nl2sql.postgres;

import static dev.nl2sql.postgres.RunnerCalls.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TypeMappingTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private Connection connection;

    @BeforeAll
    static void createEnum() throws SQLException {
        db.execute("CREATE TYPE mood AS ENUM ('sad', 'happy')");
    }

    @BeforeEach
    void connect() throws SQLException {
        connection = db.connect();
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    private List<Object> row(String sql) {
        QueryResult result = rows(connection, sql, Limits.DEFAULT);
        assertThat(result.rowCount()).isEqualTo(1);
        return result.rows().getFirst();
    }

    @Test
    void integersBecomeLongs() {
        assertThat(row("SELECT 1::int2, 2::int4, 9000000000::int8, 'pg_class'::regclass::oid"))
                .containsExactly(1L, 2L, 9_000_000_000L, 1259L);
    }

    @Test
    void floatsBecomeDoublesAndTheirSpecialValuesStrings() {
        assertThat(row("SELECT 1.5::float4, 2.25::float8, 'NaN'::float8, 'Infinity'::float8, '-Infinity'::float4"))
                .containsExactly(1.5, 2.25, "NaN", "Infinity", "-Infinity");
    }

    @Test
    void numericsBecomeBigDecimalsKeepingTheirScale() {
        assertThat(row("SELECT 12.50::numeric(10,2), 123456789012345678901234567890.1::numeric, 'NaN'::numeric"))
                .containsExactly(new BigDecimal("12.50"), new BigDecimal("123456789012345678901234567890.1"), "NaN");
    }

    @Test
    void booleansBecomeBooleans() {
        assertThat(row("SELECT true, false")).containsExactly(true, false);
    }

    @Test
    void textLikeTypesBecomeStrings() {
        assertThat(row("SELECT 'a'::text, 'b'::varchar(5), 'c'::char(3), 'd'::name, "
                + "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, 'happy'::mood"))
                .containsExactly("a", "b", "c  ", "d", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "happy");
    }

    @Test
    void datesAndTimesBecomeIsoStrings() {
        assertThat(row("SELECT '2024-02-29'::date, '13:45'::time, '13:45:00+02'::timetz, "
                + "'2024-02-29 13:45:00.123'::timestamp, '2024-02-29 13:45:00+02'::timestamptz, "
                + "'infinity'::timestamptz, '-infinity'::date"))
                .containsExactly("2024-02-29", "13:45:00", "13:45:00+02:00", "2024-02-29T13:45:00.123",
                        "2024-02-29T11:45:00Z", "infinity", "-infinity");
    }

    @Test
    void plainDatesAndTimestampsReadAsTheyArePrintedAsJavaTimeWouldPrintThem() throws SQLException {
        // random days from year 1 to 9999 with random microseconds, some with trailing zeros, BC days, five-digit years
        String sql = """
                SELECT d::date, d, d::timestamp(0), d::timestamp(3) FROM (
                  SELECT timestamp '0001-01-01' + random() * (timestamp '9999-12-31' - timestamp '0001-01-01') AS d
                  FROM generate_series(1, 3000)
                  UNION ALL VALUES (timestamp '2024-02-29 13:45:00.1'), (timestamp '2024-02-29 13:45:00.100001'),
                    (timestamp '2024-02-29 00:00:00'), (timestamp '0044-03-15 12:00:00 BC'), (timestamp '12345-06-07 08:09:10.5')) t
                """;
        int rows = 0;
        try (var statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            while (row.next()) {
                rows++;
                assertThat(CellReader.read(row, 1, "date")).isEqualTo(CellReader.viaJavaTime(row, 1, LocalDate.class));
                for (int column = 2; column <= 4; column++) {
                    assertThat(CellReader.read(row, column, "timestamp")).as(row.getString(column))
                            .isEqualTo(CellReader.viaJavaTime(row, column, LocalDateTime.class));
                }
            }
        }
        assertThat(rows).isEqualTo(3005);
    }

    @Test
    void timestampsWithZoneAreUtcWhateverTheSessionZone() throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("SET TIME ZONE 'Asia/Kolkata'");
        }

        assertThat(row("SELECT '2024-02-29 13:45:00+02'::timestamptz")).containsExactly("2024-02-29T11:45:00Z");
    }

    @Test
    void intervalsBecomeIsoDurations() {
        assertThat(row("SELECT '1 year 2 mons 3 days 04:05:06.5'::interval, '-90 minutes'::interval"))
                .containsExactly("P1Y2M3DT4H5M6.5S", "PT-1H-30M");
    }

    @Test
    void jsonKeepsItsText() {
        assertThat(row("SELECT '{\"a\":  1}'::json, '{\"a\":  [1, 2]}'::jsonb"))
                .containsExactly("{\"a\":  1}", "{\"a\": [1, 2]}");
    }

    @Test
    void byteaBecomesBase64() {
        assertThat(row("SELECT '\\xdeadbeef'::bytea")).containsExactly("3q2+7w==");
    }

    @Test
    void arraysBecomeListsOfMappedElements() {
        assertThat(row("SELECT ARRAY[1, 2, NULL]::int4[], ARRAY['a', 'b'], '{{1,2},{3,4}}'::int8[], "
                + "ARRAY['2024-01-01 00:00+01'::timestamptz], ARRAY[1.5]::numeric[], '{}'::text[], ARRAY['happy'::mood]"))
                .containsExactly(
                        Arrays.asList(1L, 2L, null),
                        List.of("a", "b"),
                        List.of(List.of(1L, 2L), List.of(3L, 4L)),
                        List.of("2023-12-31T23:00:00Z"),
                        List.of(new BigDecimal("1.5")),
                        List.of(),
                        List.of("happy"));
    }

    @Test
    void otherTypesBecomeTheirTextForm() {
        assertThat(row("SELECT '10.0.0.1/8'::inet, '10.0.0.0/8'::cidr, '08:00:2b:01:02:03'::macaddr, "
                + "'<a>1</a>'::xml, B'101'::bit(3), point(1, 2), int4range(1, 5)"))
                .containsExactly("10.0.0.1/8", "10.0.0.0/8", "08:00:2b:01:02:03", "<a>1</a>", "101", "(1,2)", "[1,5)");
    }

    @Test
    void moneyBecomesItsText() {
        assertThat(row("SELECT 12.5::money").getFirst()).asString().contains("12.50");
    }

    @Test
    void nullsStayNullInEveryType() {
        assertThat(row("SELECT NULL::int4, NULL::float8, NULL::numeric, NULL::bool, NULL::text, NULL::date, "
                + "NULL::timestamptz, NULL::interval, NULL::jsonb, NULL::bytea, NULL::int4[]"))
                .hasSize(11).containsOnlyNulls();
    }

    @Test
    void columnsCarryTheirLabelAndPostgresTypeName() {
        QueryResult result = rows(connection, "SELECT 1::int8 AS id, 'x'::text, ARRAY[1] AS list", Limits.DEFAULT);

        assertThat(result.columns()).containsExactly(
                new ResultColumn("id", "int8"), new ResultColumn("text", "text"), new ResultColumn("list", "_int4"));
    }
}
