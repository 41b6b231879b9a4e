/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.summary;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Picks the samples of a cluster that an LLM is shown: the ones nearest the cluster's centre, skipping near-duplicates
 * (a cluster of news often holds the same story several times, and ten copies of it tell the model less than ten
 * different stories). The choice depends only on the candidates: ordered by distance, ties broken by id.
 */
public final class RepresentativeSamples {

    /** Two texts whose word sets overlap this much (Jaccard index) count as one. */
    public static final double NEAR_DUPLICATE_JACCARD = 0.8;

    private static final String ELLIPSIS = "\u2026";

    private RepresentativeSamples() {}

    /**
     * @param id       the document id (not sent to the LLM; it makes the order total)
     * @param text     the sample's text
     * @param distance distance to the cluster's centre (smaller is nearer; NaN sorts last)
     */
    public record Candidate(String id, String text, double distance) {}

    /** A chosen sample: its document id and its text, whitespace collapsed and truncated. */
    public record Sample(String id, String text) {}

    private static final Comparator<Candidate> NEAREST_FIRST = Comparator.comparingDouble(
        (Candidate c) -> Double.isNaN(c.distance()) ? Double.POSITIVE_INFINITY : c.distance()
    ).thenComparing(Candidate::id, Comparator.nullsLast(Comparator.naturalOrder()));

    /**
     * The at most {@code n} candidates nearest the centre that are not near-duplicates of a nearer chosen one, texts
     * truncated to {@code maxChars}. Candidates without text are skipped.
     */
    public static List<Sample> select(Collection<Candidate> candidates, int n, int maxChars) {
        if (n < 0 || maxChars < 2) {
            throw new IllegalArgumentException("n must be at least 0 and maxChars at least 2, got " + n + " and " + maxChars);
        }
        List<Candidate> ordered = new ArrayList<>(candidates);
        ordered.sort(NEAREST_FIRST);
        List<Sample> chosen = new ArrayList<>(n);
        List<Set<String>> chosenWords = new ArrayList<>(n);
        List<String> chosenNormalized = new ArrayList<>(n);
        for (Candidate c : ordered) {
            if (chosen.size() >= n) {
                break;
            }
            String text = collapseWhitespace(c.text());
            if (text.isEmpty()) {
                continue;
            }
            Set<String> words = words(text);
            String normalized = text.toLowerCase(Locale.ROOT);
            boolean duplicate = false;
            for (int i = 0; i < chosen.size() && duplicate == false; i++) {
                duplicate = nearDuplicate(words, normalized, chosenWords.get(i), chosenNormalized.get(i));
            }
            if (duplicate == false) {
                chosen.add(new Sample(c.id(), truncate(text, maxChars)));
                chosenWords.add(words);
                chosenNormalized.add(normalized);
            }
        }
        return chosen;
    }

    /** Near-duplicates: word sets with a Jaccard index of at least 0.8, or, for texts without words, the same text. */
    static boolean nearDuplicate(Set<String> a, String normalizedA, Set<String> b, String normalizedB) {
        if (a.isEmpty() || b.isEmpty()) {
            return normalizedA.equals(normalizedB);
        }
        int common = 0;
        for (String w : a) {
            if (b.contains(w)) {
                common++;
            }
        }
        int union = a.size() + b.size() - common;
        return common >= NEAR_DUPLICATE_JACCARD * union;
    }

    /** Lower-cased runs of letters and digits (any script). */
    public static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean wordChar = i < text.length() && Character.isLetterOrDigit(text.charAt(i));
            if (wordChar && start < 0) {
                start = i;
            } else if (wordChar == false && start >= 0) {
                words.add(text.substring(start, i).toLowerCase(Locale.ROOT));
                start = -1;
            }
        }
        return words;
    }

    /** Runs of whitespace (newlines included) become one space; leading and trailing whitespace goes. */
    public static String collapseWhitespace(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (Character.isWhitespace(ch) || Character.isSpaceChar(ch)) {
                space = sb.length() > 0;
            } else {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    /**
     * At most {@code maxChars} characters: a longer text is cut at the last space that keeps at least half of the room
     * (else mid-word), never inside a surrogate pair, and ends with an ellipsis, which counts.
     */
    public static String truncate(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int room = maxChars - ELLIPSIS.length();
        int cut = room;
        int space = text.lastIndexOf(' ', room);
        if (space >= room / 2) {
            cut = space;
        } else if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut).stripTrailing() + ELLIPSIS;
    }
}
