package dev.nl2sql.postgres;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads one cell as a JSON-friendly Java value, chosen by the column's PostgreSQL type name.
 *
 * <ul>
 *   <li>{@code int2}, {@code int4}, {@code int8}, {@code oid}: {@code Long}</li>
 *   <li>{@code float4}, {@code float8}: {@code Double}; {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} as
 *       strings, since JSON has no such numbers</li>
 *   <li>{@code numeric}: {@code BigDecimal}; {@code NaN} and the infinities as strings</li>
 *   <li>{@code bool}: {@code Boolean}</li>
 *   <li>{@code date}, {@code time}, {@code timetz}, {@code timestamp}: ISO-8601 strings, seconds always printed</li>
 *   <li>{@code timestamptz}: ISO-8601 in UTC, e.g. {@code 2024-05-01T12:00:00Z}</li>
 *   <li>{@code interval}: an ISO-8601 duration as PostgreSQL prints it under {@code IntervalStyle iso_8601}, e.g.
 *       {@code P1Y2M3DT4H5M6S}; the runner sets that style for its transaction</li>
 *   <li>{@code infinity} and {@code -infinity} dates and timestamps: those strings</li>
 *   <li>{@code bytea}: base64 string</li>
 *   <li>arrays: {@code List} of the mapped elements, nested for more dimensions</li>
 *   <li>everything else (text, varchar, char, name, uuid, enums, json, jsonb, inet, cidr, macaddr, money, xml, bit,
 *       geometric and range types, ...): the server's text form, so json and jsonb arrive as their JSON text</li>
 * </ul>
 */
final class CellReader {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final int DATE = "2024-02-29".length();
    private static final int TIMESTAMP = "2024-02-29 13:45:00".length();

    private CellReader() {}

    /** {@return the value of column {@code index} of the current row; {@code null} for SQL NULL} */
    static Object read(ResultSet row, int index, String type) throws SQLException {
        if (type.startsWith("_")) {
            Array array = row.getArray(index);
            return array == null ? null : elements(array, type.substring(1));
        }
        return switch (type) {
            case "int2", "int4", "int8", "oid" -> orNull(row, row.getLong(index));
            case "float4", "float8" -> floating(row, index);
            case "numeric" -> numeric(row.getString(index));
            case "bool" -> orNull(row, row.getBoolean(index));
            case "date" -> temporal(row, index, LocalDate.class);
            case "time" -> temporal(row, index, LocalTime.class);
            case "timetz" -> temporal(row, index, OffsetTime.class);
            case "timestamp" -> temporal(row, index, LocalDateTime.class);
            case "timestamptz" -> temporal(row, index, OffsetDateTime.class);
            case "bytea" -> {
                byte[] bytes = row.getBytes(index);
                yield bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
            }
            default -> row.getString(index);
        };
    }

    private static Object orNull(ResultSet row, Object value) throws SQLException {
        return row.wasNull() ? null : value;
    }

    private static Object floating(ResultSet row, int index) throws SQLException {
        double value = row.getDouble(index);
        if (row.wasNull()) {
            return null;
        }
        return Double.isNaN(value) || Double.isInfinite(value) ? Double.toString(value) : (Object) value;
    }

    private static Object numeric(String text) {
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "NaN", "Infinity", "-Infinity" -> text;
            default -> new BigDecimal(text);
        };
    }

    private static Object temporal(ResultSet row, int index, Class<?> javaType) throws SQLException {
        String text = row.getString(index);
        if (text == null || text.equals("infinity") || text.equals("-infinity")) {
            return text;
        }
        // The server's ISO text of an ordinary date or timestamp is already the JDK's ISO form, but for a 'T': parsing
        // and formatting it again was a tenth of the CPU of a thousand-row answer (TypeMappingTest compares the two).
        if (javaType == LocalDate.class && isoDate(text) && text.length() == DATE) {
            return text;
        }
        if (javaType == LocalDateTime.class && isoTimestamp(text)) {
            return text.replace(' ', 'T');
        }
        return viaJavaTime(row, index, javaType);
    }

    /** {@return whether {@code text} starts as {@code YYYY-MM-DD}, a year of four digits, no era} */
    private static boolean isoDate(String text) {
        return text.length() >= DATE && digits(text, 0, 4) && text.charAt(4) == '-' && digits(text, 5, 7) && text.charAt(7) == '-'
                && digits(text, 8, 10);
    }

    /** {@return whether {@code text} is {@code YYYY-MM-DD hh:mm:ss}, then nothing or a fraction of one to six digits} */
    private static boolean isoTimestamp(String text) {
        int n = text.length();
        boolean fraction = n == TIMESTAMP || (n >= TIMESTAMP + 2 && n <= TIMESTAMP + 7 && text.charAt(TIMESTAMP) == '.'
                && digits(text, TIMESTAMP + 1, n));
        return fraction && isoDate(text) && text.charAt(10) == ' ' && digits(text, 11, 13) && text.charAt(13) == ':' && digits(text, 14, 16)
                && text.charAt(16) == ':' && digits(text, 17, 19);
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@return a date or time read through java.time and printed in its ISO form} Every value takes this way but the plain ones above. */
    static Object viaJavaTime(ResultSet row, int index, Class<?> javaType) throws SQLException {
        Object value = row.getObject(index, javaType);
        return switch (value) {
            case OffsetDateTime at -> UTC.format(at.withOffsetSameInstant(ZoneOffset.UTC));
            case LocalDateTime at -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(at);
            case LocalTime at -> DateTimeFormatter.ISO_LOCAL_TIME.format(at);
            case OffsetTime at -> DateTimeFormatter.ISO_OFFSET_TIME.format(at);
            default -> value.toString();
        };
    }

    /**
     * Reads an array through its own result set, one (index, value) row per element, so each element goes through
     * the same mapping as a top-level cell. A multi-dimensional array yields one sub-array per row.
     */
    private static List<Object> elements(Array array, String elementType) throws SQLException {
        List<Object> values = new ArrayList<>();
        try (ResultSet elements = array.getResultSet()) {
            String valueType = elements.getMetaData().getColumnTypeName(2);
            String type = valueType.startsWith("_") ? valueType : elementType;
            while (elements.next()) {
                values.add(read(elements, 2, type));
            }
        } finally {
            array.free();
        }
        return values;
    }
}
