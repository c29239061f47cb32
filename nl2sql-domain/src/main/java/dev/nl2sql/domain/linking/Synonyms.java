package dev.nl2sql.domain.linking;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Words people use for what schemas name differently: a question's "client" is a {@code customer} row. Keys and
 * values are compared after {@link Words#stem}. The built-in list is a constant; callers add their own with
 * {@link #with}.
 */
public final class Synonyms {

    private static final Map<String, List<String>> BUILT_IN = Map.ofEntries(
            Map.entry("client", List.of("customer")),
            Map.entry("buyer", List.of("customer")),
            Map.entry("shopper", List.of("customer")),
            Map.entry("purchaser", List.of("customer")),
            Map.entry("song", List.of("track")),
            Map.entry("tune", List.of("track")),
            Map.entry("singer", List.of("artist")),
            Map.entry("band", List.of("artist")),
            Map.entry("record", List.of("album")),
            Map.entry("staff", List.of("employee")),
            Map.entry("worker", List.of("employee")),
            Map.entry("colleague", List.of("employee")),
            Map.entry("rep", List.of("employee")),
            Map.entry("representative", List.of("employee", "rep")),
            Map.entry("item", List.of("product")),
            Map.entry("article", List.of("product")),
            Map.entry("good", List.of("product")),
            Map.entry("vendor", List.of("supplier")),
            Map.entry("cost", List.of("price")),
            Map.entry("price", List.of("cost")),
            Map.entry("expensive", List.of("price")),
            Map.entry("cheap", List.of("price")),
            Map.entry("cheaper", List.of("price")),
            Map.entry("cheapest", List.of("price")),
            Map.entry("revenue", List.of("total", "amount")),
            Map.entry("sale", List.of("total", "amount", "order")),
            Map.entry("spend", List.of("total", "amount")),
            Map.entry("spent", List.of("total", "amount")),
            Map.entry("amount", List.of("total")),
            Map.entry("nation", List.of("country")),
            Map.entry("town", List.of("city")),
            Map.entry("bill", List.of("invoice")),
            Map.entry("purchase", List.of("order", "invoice")),
            Map.entry("salary", List.of("salary", "pay")),
            Map.entry("wage", List.of("salary")),
            Map.entry("pay", List.of("salary")),
            Map.entry("department", List.of("department")),
            Map.entry("dept", List.of("department")),
            Map.entry("hashtag", List.of("tag")),
            Map.entry("member", List.of("member", "user")),
            Map.entry("account", List.of("user", "customer")),
            Map.entry("person", List.of("user", "customer", "employee")),
            Map.entry("people", List.of("user", "customer", "employee")),
            Map.entry("follower", List.of("follow")),
            Map.entry("like", List.of("like")),
            Map.entry("stock", List.of("stock", "inventory", "quantity")),
            Map.entry("length", List.of("millisecond", "duration")),
            Map.entry("long", List.of("millisecond", "duration")),
            Map.entry("longest", List.of("millisecond", "duration")),
            Map.entry("shipper", List.of("shipper", "ship")),
            Map.entry("unread", List.of("read")),
            Map.entry("category", List.of("category", "genre")),
            Map.entry("kind", List.of("type", "category")),
            Map.entry("genre", List.of("genre")),
            Map.entry("warehouse", List.of("warehouse")),
            Map.entry("date", List.of("date", "at", "on")),
            Map.entry("year", List.of("date", "at", "on")),
            Map.entry("month", List.of("date", "at", "on")),
            Map.entry("sold", List.of("sale", "order", "line", "item")),
            Map.entry("sell", List.of("sale", "order", "line", "item")));

    /** The built-in list and nothing else. */
    public static final Synonyms DEFAULT = new Synonyms(Map.of());

    private final Map<String, Set<String>> expansions;

    private Synonyms(Map<String, List<String>> extra) {
        Map<String, Set<String>> all = new HashMap<>();
        BUILT_IN.forEach((word, targets) -> add(all, word, targets));
        extra.forEach((word, targets) -> add(all, word, targets));
        all.replaceAll((word, targets) -> Set.copyOf(targets));
        this.expansions = Map.copyOf(all);
    }

    private static void add(Map<String, Set<String>> all, String word, List<String> targets) {
        Set<String> set = all.computeIfAbsent(Words.stem(word), k -> new LinkedHashSet<>());
        for (String target : targets) {
            set.addAll(Words.ofName(target));
        }
    }

    /** {@return these synonyms plus {@code extra}: each word maps to schema words it may stand for} */
    public Synonyms with(Map<String, List<String>> extra) {
        Map<String, List<String>> merged = new HashMap<>();
        expansions.forEach((word, targets) -> merged.put(word, List.copyOf(targets)));
        extra.forEach((word, targets) -> merged.merge(Words.stem(word), List.copyOf(targets),
                (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
        return new Synonyms(merged); // built-ins are added again, harmlessly: targets are sets
    }

    /** {@return the stemmed schema terms {@code stem} may stand for, not including itself} */
    public Set<String> of(String stem) {
        return expansions.getOrDefault(stem, Set.of());
    }
}
