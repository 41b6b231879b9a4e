/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster's top words: frequent in the cluster's sampled documents, rare in the rest of the run.
 *
 * @param words      most significant first
 * @param sampleSize documents of the cluster's sample the words were read from
 */
public record TopWords(List<Word> words, long sampleSize) {

    /**
     * @param docCount documents of the cluster's sample holding the word
     * @param bgCount  documents of the run holding it
     */
    public record Word(String word, double score, long docCount, long bgCount) {}

    public static final TopWords NONE = new TopWords(List.of(), 0);

    public List<String> plain() {
        return words.stream().map(Word::word).toList();
    }

    /** top_words, words, top_words_sample_size: as cluster documents and endpoints show them. */
    public Map<String, Object> toMap() {
        List<Map<String, Object>> top = new ArrayList<>();
        for (Word w : words) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("word", w.word());
            m.put("score", w.score());
            m.put("doc_count", w.docCount());
            m.put("bg_count", w.bgCount());
            top.add(m);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("top_words", top);
        map.put("words", plain());
        map.put("top_words_sample_size", sampleSize);
        return map;
    }
}
