/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analysis behind top words: the {@code words} sub-field of a text, analysed for significant terms. Both a dataset
 * index and a run's results index define it, so that top words read the same tokens wherever the text is.
 */
public final class WordsAnalysis {

    /** Analyzer of the {@code words} sub-field, made for top-word extraction (significant terms). */
    public static final String WORDS_ANALYZER = "text_insights_words";
    public static final String WORDS_SUBFIELD = "words";

    /**
     * English function words. Lucene's {@code _english_} set has only 33 words and lets "his", "its", "has", "would"
     * through, which then top the word lists of every cluster about people or companies.
     */
    static final List<String> STOP_WORDS = List.of(
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because",
        "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down",
        "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself",
        "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "may", "me", "might", "more",
        "most", "must", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours",
        "ourselves", "out", "over", "own", "same", "said", "says", "she", "should", "so", "some", "such", "than", "that", "the",
        "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under",
        "until", "up", "upon", "us", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "whose",
        "why", "will", "with", "within", "without", "would", "you", "your", "yours", "yourself", "yourselves"
    );

    private WordsAnalysis() {}

    /**
     * Top words should be words a person reads: AG News style texts carry HTML entities ({@code #39;}, {@code quot;},
     * {@code &lt;b&gt;}), markup and backslashes for newlines; stop words, one- and two-letter tokens and numbers say
     * nothing about a cluster.
     */
    public static Map<String, Object> analysis() {
        Map<String, Object> charFilters = new LinkedHashMap<>();
        charFilters.put(
            "text_insights_entities",
            Map.of(
                "type",
                "mapping",
                "mappings",
                List.of("&lt; => <", "&gt; => >", "&amp; => &", "&quot; => \\u0020", "#39; => '", "quot; => \\u0020", "\\\\ => \\u0020")
            )
        );
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("text_insights_no_numbers", Map.of("type", "pattern_replace", "pattern", "^[0-9.,]+$", "replacement", ""));
        filters.put("text_insights_min_length", Map.of("type", "length", "min", 3));
        filters.put("text_insights_stop", Map.of("type", "stop", "stopwords", STOP_WORDS));
        Map<String, Object> analyzer = new LinkedHashMap<>();
        analyzer.put("type", "custom");
        analyzer.put("char_filter", List.of("text_insights_entities", "html_strip"));
        analyzer.put("tokenizer", "standard");
        analyzer.put(
            "filter",
            List.of("english_possessive_stemmer_ti", "lowercase", "text_insights_stop", "text_insights_no_numbers", "text_insights_min_length")
        );
        filters.put("english_possessive_stemmer_ti", Map.of("type", "stemmer", "language", "possessive_english"));
        return Map.of("char_filter", charFilters, "filter", filters, "analyzer", Map.of(WORDS_ANALYZER, analyzer));
    }

    /** The mapping of a text field with its {@code words} sub-field. */
    public static Map<String, Object> textMapping() {
        return Map.of("type", "text", "fields", Map.of(WORDS_SUBFIELD, Map.of("type", "text", "analyzer", WORDS_ANALYZER)));
    }
}
