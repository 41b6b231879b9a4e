/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.summary;

import io.textinsights.math.summary.RepresentativeSamples.Candidate;
import io.textinsights.math.summary.RepresentativeSamples.Sample;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepresentativeSamplesTests {

    private static List<String> ids(List<Sample> samples) {
        return samples.stream().map(Sample::id).toList();
    }

    @Test
    void nearest_first_and_ties_broken_by_id() {
        List<Candidate> candidates = List.of(
            new Candidate("d", "delta news about rockets", 0.3),
            new Candidate("b", "bravo story on football", 0.1),
            new Candidate("a", "alpha report on oil", 0.1),
            new Candidate("c", "charlie item on elections", 0.2)
        );
        assertEquals(List.of("a", "b", "c"), ids(RepresentativeSamples.select(candidates, 3, 100)));
    }

    @Test
    void the_choice_does_not_depend_on_the_input_order() {
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            candidates.add(new Candidate("doc-" + i, "text number " + i + " about topic " + (i * 7 % 13) + " and more " + i, (i % 5) * 0.1));
        }
        List<String> expected = ids(RepresentativeSamples.select(candidates, 10, 200));
        Random random = new Random(42);
        for (int round = 0; round < 5; round++) {
            Collections.shuffle(candidates, random);
            assertEquals(expected, ids(RepresentativeSamples.select(candidates, 10, 200)));
        }
        assertEquals(List.of("doc-0", "doc-10", "doc-15", "doc-20", "doc-25", "doc-30", "doc-35", "doc-5", "doc-1", "doc-11"), expected);
    }

    @Test
    void near_duplicates_of_a_nearer_sample_are_skipped() {
        List<Candidate> candidates = List.of(
            new Candidate("1", "Oil prices rise as OPEC cuts output", 0.1),
            new Candidate("2", "  oil PRICES rise as opec cuts output!\n", 0.2), // same words
            new Candidate("3", "Oil prices rise as OPEC cuts output again", 0.3), // 7 of 8 words: Jaccard 0.875
            new Candidate("4", "Oil prices fall as traders expect more supply", 0.4),
            new Candidate("5", "", 0.05), // no text
            new Candidate("6", null, 0.06)
        );
        List<Sample> chosen = RepresentativeSamples.select(candidates, 5, 100);
        assertEquals(List.of("1", "4"), ids(chosen));
        assertEquals("Oil prices rise as OPEC cuts output", chosen.get(0).text());
    }

    @Test
    void jaccard_of_exactly_0_8_is_a_duplicate_and_just_below_is_not() {
        // 8 shared words, one own word each: 8 / 10 = 0.8
        var a = RepresentativeSamples.words("w1 w2 w3 w4 w5 w6 w7 w8 xa");
        var b = RepresentativeSamples.words("w1 w2 w3 w4 w5 w6 w7 w8 xb");
        assertTrue(RepresentativeSamples.nearDuplicate(a, "a", b, "b"));
        // 7 shared, one own each: 7 / 9 = 0.78
        var c = RepresentativeSamples.words("w1 w2 w3 w4 w5 w6 w7 xa");
        var d = RepresentativeSamples.words("w1 w2 w3 w4 w5 w6 w7 xb");
        assertFalse(RepresentativeSamples.nearDuplicate(c, "c", d, "d"));
        // texts without words are compared whole
        assertTrue(RepresentativeSamples.nearDuplicate(RepresentativeSamples.words("!!!"), "!!!", RepresentativeSamples.words("!!!"), "!!!"));
        assertFalse(RepresentativeSamples.nearDuplicate(RepresentativeSamples.words("!!!"), "!!!", RepresentativeSamples.words("???"), "???"));
    }

    @Test
    void nan_distances_sort_last_and_n_bounds_the_result() {
        List<Candidate> candidates = List.of(
            new Candidate("x", "first unrelated text", Double.NaN),
            new Candidate("y", "second different words", 5.0),
            new Candidate("z", "third other sentence", 1.0)
        );
        assertEquals(List.of("z", "y", "x"), ids(RepresentativeSamples.select(candidates, 10, 100)));
        assertEquals(List.of("z"), ids(RepresentativeSamples.select(candidates, 1, 100)));
        assertEquals(List.of(), ids(RepresentativeSamples.select(candidates, 0, 100)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RepresentativeSamples.select(candidates, -1, 100));
        assertEquals("n must be at least 0 and maxChars at least 2, got -1 and 100", e.getMessage());
    }

    @Test
    void truncation_cuts_on_a_word_boundary_and_counts_the_ellipsis() {
        String text = "The quick brown fox jumps over the lazy dog";
        assertEquals(text, RepresentativeSamples.truncate(text, text.length()));
        assertEquals("The quick brown\u2026", RepresentativeSamples.truncate(text, 19));
        assertTrue(RepresentativeSamples.truncate(text, 19).length() <= 19);
        assertEquals("The quick brown fox\u2026", RepresentativeSamples.truncate(text, 20));
        // no space in the second half of the room: cut mid-word
        assertEquals("Supercalifragilist\u2026", RepresentativeSamples.truncate("Supercalifragilisticexpialidocious", 19));
        // never half a surrogate pair: the cut would fall between the two halves of the emoji
        String emoji = "abcdefgh\uD83D\uDE00rest";
        String cut = RepresentativeSamples.truncate(emoji, 10);
        assertEquals("abcdefgh\u2026", cut);
        assertFalse(Character.isHighSurrogate(cut.charAt(cut.length() - 2)));
    }

    @Test
    void selected_texts_are_collapsed_and_truncated() {
        List<Sample> chosen = RepresentativeSamples.select(
            List.of(new Candidate("1", "Line one\n\n  line\ttwo and a much longer tail that goes on", 0.0)),
            1,
            25
        );
        assertEquals("Line one line two and a\u2026", chosen.get(0).text());
        assertEquals("a b", RepresentativeSamples.collapseWhitespace("\u00a0 a\r\n\u2003b  "));
    }
}
