import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.PointerType;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;

/**
 * Writes nl2sql-domain's English lexicon (src/main/resources/dev/nl2sql/domain/linking/lexicon.tsv) from WordNet 3.1
 * through extJWNL. Run from this folder (see README.md). One line per word:
 *
 *   word TAB synonyms TAB broader
 *
 * synonyms: single-word lemmas sharing a synset with the word, within the first two senses of both (so "bill" meets
 * "invoice" but not "beak"); broader: single-word lemmas of the direct hypernyms of the word's first noun sense
 * ("medication" -> "drug"). Every single-word lemma of WordNet is listed, even without synonyms, so that the lexicon
 * also says which words are English (a word that is not may be a typo). Irregular plurals and verb forms come from
 * WordNet's exception lists as lines "form TAB =base".
 */
public final class GenerateLexicon {

    private static final int SENSES = 2;

    public static void main(String[] args) throws Exception {
        Dictionary dictionary = Dictionary.getDefaultResourceInstance();
        Map<String, Set<String>> synonyms = new TreeMap<>();
        Map<String, Set<String>> broader = new TreeMap<>();
        Map<String, String> irregular = new TreeMap<>();
        for (POS pos : List.of(POS.NOUN, POS.ADJECTIVE, POS.VERB, POS.ADVERB)) {
            Iterator<IndexWord> words = dictionary.getIndexWordIterator(pos);
            while (words.hasNext()) {
                IndexWord index = words.next();
                String lemma = index.getLemma();
                if (!simple(lemma)) {
                    continue;
                }
                synonyms.computeIfAbsent(lemma, k -> new TreeSet<>());
                if (pos == POS.VERB || pos == POS.ADVERB) {
                    continue;
                }
                List<Synset> senses = index.getSenses();
                for (int s = 0; s < Math.min(SENSES, senses.size()); s++) {
                    for (Word other : senses.get(s).getWords()) {
                        String o = other.getLemma();
                        if (simple(o) && !o.equals(lemma) && withinFirstSenses(dictionary, pos, o, senses.get(s))) {
                            synonyms.get(lemma).add(o);
                        }
                    }
                }
                if (pos == POS.NOUN && !senses.isEmpty()) {
                    for (var pointer : senses.getFirst().getPointers(PointerType.HYPERNYM)) {
                        for (Word word : pointer.getTargetSynset().getWords()) {
                            if (simple(word.getLemma())) {
                                broader.computeIfAbsent(lemma, k -> new TreeSet<>()).add(word.getLemma());
                            }
                        }
                    }
                }
            }
            var exceptions = dictionary.getExceptionIterator(pos);
            while (exceptions.hasNext()) {
                var exception = exceptions.next();
                String form = exception.getLemma();
                String base = exception.getExceptions().getFirst();
                if (simple(form) && simple(base) && !form.equals(base) && (pos == POS.NOUN || pos == POS.VERB)) {
                    irregular.putIfAbsent(form, base);
                }
            }
        }
        Path out = Path.of(args.length > 0 ? args[0] : "lexicon.tsv");
        try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            writer.println("# English lexicon for nl2sql's offline generator, generated from WordNet 3.1 by tools/lexicon; do not edit.");
            writer.println("# word TAB synonyms TAB broader words; or form TAB =base for irregular inflections. WordNet licence: tools/lexicon/README.md");
            for (var entry : synonyms.entrySet()) {
                Set<String> up = broader.getOrDefault(entry.getKey(), Set.of());
                writer.println(entry.getKey() + (entry.getValue().isEmpty() && up.isEmpty() ? ""
                        : "\t" + String.join(" ", entry.getValue()) + (up.isEmpty() ? "" : "\t" + String.join(" ", up))));
            }
            irregular.forEach((form, base) -> writer.println(form + "\t=" + base));
        }
    }

    private static boolean withinFirstSenses(Dictionary dictionary, POS pos, String lemma, Synset synset) throws Exception {
        IndexWord index = dictionary.getIndexWord(pos, lemma);
        if (index == null) {
            return false;
        }
        List<Synset> senses = index.getSenses();
        return senses.subList(0, Math.min(SENSES, senses.size())).contains(synset);
    }

    private static boolean simple(String lemma) {
        return lemma.length() >= 2 && lemma.length() <= 20 && lemma.chars().allMatch(c -> c >= 'a' && c <= 'z');
    }
}
