/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.summary;

import static io.textinsights.math.summary.SummaryPrompt.MAX_LABEL_CHARS;
import static io.textinsights.math.summary.SummaryPrompt.MAX_SUMMARY_CHARS;
import static io.textinsights.math.summary.SummaryPrompt.MAX_TITLE_CHARS;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An LLM's answer, checked: a JSON object with a non-empty {@code title} (at most 80 characters), a non-empty
 * {@code summary} (at most 600) and at most {@code n} distinct non-empty {@code labels} (at most 40 each). Whitespace
 * is collapsed before lengths are counted. A Markdown code fence or text around the one JSON object is tolerated
 * (local models add them); anything else that is off is an {@link InvalidAnswerException} listing every problem.
 */
public record SummaryAnswer(String title, String summary, List<String> labels) {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A malformed answer; the message says what is wrong and never quotes more than 200 characters of it. */
    public static final class InvalidAnswerException extends Exception {
        public InvalidAnswerException(String message) {
            super(message);
        }
    }

    public static SummaryAnswer parse(String content, int nLabels) throws InvalidAnswerException {
        if (content == null || content.isBlank()) {
            throw new InvalidAnswerException("the answer is empty");
        }
        String json = content.strip();
        int open = json.indexOf('{');
        int close = json.lastIndexOf('}');
        if (open > 0 && close > open) {
            json = json.substring(open, close + 1); // fence or prose around the object
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidAnswerException("the answer is not valid JSON: " + quote(content));
        }
        if (root == null || root.isObject() == false) {
            throw new InvalidAnswerException("the answer is not a JSON object: " + quote(content));
        }
        List<String> problems = new ArrayList<>();
        String title = text(root, "title", MAX_TITLE_CHARS, problems);
        String summary = text(root, "summary", MAX_SUMMARY_CHARS, problems);
        List<String> labels = labels(root.get("labels"), nLabels, problems);
        if (problems.isEmpty() == false) {
            throw new InvalidAnswerException(String.join("; ", problems));
        }
        return new SummaryAnswer(title, summary, labels);
    }

    private static String text(JsonNode root, String field, int maxChars, List<String> problems) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            problems.add("[" + field + "] is missing");
            return null;
        }
        if (node.isTextual() == false) {
            problems.add("[" + field + "] must be a string, got " + node.getNodeType().name().toLowerCase(Locale.ROOT));
            return null;
        }
        String value = RepresentativeSamples.collapseWhitespace(node.asText());
        if (value.isEmpty()) {
            problems.add("[" + field + "] is empty");
        } else if (value.length() > maxChars) {
            problems.add("[" + field + "] has " + value.length() + " characters, at most " + maxChars + " are allowed");
        }
        return value;
    }

    private static List<String> labels(JsonNode node, int nLabels, List<String> problems) {
        if (node == null || node.isNull()) {
            if (nLabels == 0) {
                return List.of();
            }
            problems.add("[labels] is missing");
            return null;
        }
        if (node.isArray() == false) {
            problems.add("[labels] must be an array of strings, got " + node.getNodeType().name().toLowerCase(Locale.ROOT));
            return null;
        }
        Set<String> labels = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        int before = problems.size();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (item.isTextual() == false) {
                problems.add("[labels][" + i + "] must be a string");
                continue;
            }
            String label = RepresentativeSamples.collapseWhitespace(item.asText());
            if (label.isEmpty()) {
                problems.add("[labels][" + i + "] is empty");
            } else if (label.length() > MAX_LABEL_CHARS) {
                problems.add("[labels][" + i + "] has " + label.length() + " characters, at most " + MAX_LABEL_CHARS + " are allowed");
            } else if (seen.add(label.toLowerCase(Locale.ROOT))) {
                labels.add(label); // a repeated label is dropped, not an error
            }
        }
        if (labels.size() > nLabels) {
            problems.add("[labels] has " + labels.size() + " labels, at most " + nLabels + " were asked for");
        } else if (nLabels > 0 && labels.isEmpty() && problems.size() == before) {
            problems.add("[labels] is empty, " + nLabels + " were asked for");
        }
        return List.copyOf(labels);
    }

    private static String quote(String content) {
        String s = content.strip();
        return "[" + (s.length() > 200 ? s.substring(0, 200) + "\u2026" : s) + "]";
    }
}
