package io.techopt.compress;

import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.PointerTarget;
import net.sf.extjwnl.data.PointerType;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * English WordNet 3.1 (extJWNL, read from its jar): a word's base forms ("arrives" is "arrive"), and the words a
 * question word can be answered by, its synonyms and the more general words of its first senses ("land" is a kind
 * of "arrive", a "cost" is a "price"). Sentence embeddings miss exactly these: all-MiniLM-L6-v2 puts "When does my
 * flight land?" nearer "it departs at 21:05" than "it arrives at 08:20".
 */
final class Lexicon {
    /** Senses looked at per part of speech: the common ones; deeper senses bring more noise than answers. */
    private static final int SENSES = 2;
    private static final int CACHE_MAX = 50_000;
    private static volatile Lexicon instance;
    private static volatile boolean unavailable;

    private final Dictionary dict;
    private final Map<String, Set<String>> lemmas = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> related = new ConcurrentHashMap<>();

    private Lexicon(Dictionary dict) {
        this.dict = dict;
    }

    /** The shared lexicon, loaded on first use; null if WordNet cannot be read (matching then falls back to words). */
    static Lexicon get() {
        Lexicon l = instance;
        if (l == null && !unavailable) {
            synchronized (Lexicon.class) {
                if (instance == null && !unavailable) {
                    try {
                        instance = new Lexicon(Dictionary.getDefaultResourceInstance());
                    } catch (Exception | LinkageError e) {
                        unavailable = true;
                    }
                }
                l = instance;
            }
        }
        return l;
    }

    /** The word (lower case) and its base forms in every part of speech. */
    Set<String> lemmas(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        Set<String> found = lemmas.get(w);
        if (found == null) {
            Set<String> s = new HashSet<>();
            s.add(w);
            if (w.length() > 1 && w.chars().allMatch(Character::isLetter)) {
                synchronized (dict) {
                    for (POS p : POS.getAllPOS()) {
                        try {
                            dict.getMorphologicalProcessor().lookupAllBaseForms(p, w).forEach(b -> lemmasAdd(s, b));
                        } catch (Exception ignored) {
                            // a word WordNet cannot read is matched as it is
                        }
                    }
                }
            }
            bound(lemmas);
            lemmas.put(w, s);
            found = s;
        }
        return found;
    }

    private static void lemmasAdd(Set<String> s, String b) {
        s.add(b.toLowerCase(Locale.ROOT));
    }

    /** Words that answer for this one: synonyms in its first senses, and the more general words of its first sense. */
    Set<String> related(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        Set<String> s = related.get(w);
        if (s == null) {
            s = new HashSet<>();
            Set<String> bases = lemmas(w);
            synchronized (dict) {
                for (POS p : POS.getAllPOS()) {
                    for (String base : bases) {
                        try {
                            IndexWord iw = dict.getIndexWord(p, base);
                            if (iw == null) {
                                continue;
                            }
                            int k = 0;
                            for (Synset syn : iw.getSenses()) {
                                if (k++ >= SENSES) {
                                    break;
                                }
                                addWords(s, syn);
                                if (k == 1) {
                                    for (PointerTarget t : syn.getTargets(PointerType.HYPERNYM)) {
                                        addWords(s, t.getSynset());
                                    }
                                }
                            }
                        } catch (Exception ignored) {
                            // as above
                        }
                    }
                }
            }
            s.removeAll(bases);
            bound(related);
            related.put(w, s);
        }
        return s;
    }

    private static void addWords(Set<String> s, Synset syn) {
        for (Word x : syn.getWords()) {
            String l = x.getLemma().toLowerCase(Locale.ROOT);
            if (l.indexOf(' ') < 0) { // sentences are matched word by word
                s.add(l);
            }
        }
    }

    private static void bound(Map<String, Set<String>> m) {
        if (m.size() > CACHE_MAX) {
            m.clear(); // bounded memory over a long log
        }
    }
}
