/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.summary;

import io.textinsights.math.summary.SummaryAnswer.InvalidAnswerException;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SummaryAnswerTests {

    private static String invalid(String content, int nLabels) {
        return assertThrows(InvalidAnswerException.class, () -> SummaryAnswer.parse(content, nLabels)).getMessage();
    }

    @Test
    void a_good_answer() throws InvalidAnswerException {
        SummaryAnswer a = SummaryAnswer.parse("{\"title\": \" Oil  prices \", \"summary\": \"Crude oil\\nmarkets.\", \"labels\": [\"Energy\", \"Markets\"]}", 3);
        assertEquals(new SummaryAnswer("Oil prices", "Crude oil markets.", List.of("Energy", "Markets")), a);
    }

    @Test
    void a_code_fence_or_prose_around_the_object_is_tolerated() throws InvalidAnswerException {
        String fenced = "```json\n{\"title\": \"Sports\", \"summary\": \"Games.\", \"labels\": [\"Sport\"]}\n```";
        assertEquals("Sports", SummaryAnswer.parse(fenced, 1).title());
        String prose = "Here is the JSON: {\"title\": \"Sports\", \"summary\": \"Games.\", \"labels\": []} Hope it helps.";
        assertEquals(List.of(), SummaryAnswer.parse(prose, 1 - 1).labels());
    }

    @Test
    void not_json_not_an_object_or_empty() {
        assertEquals("the answer is not valid JSON: [{\"title\": \"Oil prices\", \"summary\":]", invalid("{\"title\": \"Oil prices\", \"summary\":", 3));
        assertEquals("the answer is not a JSON object: [[\"a\", \"b\"]]", invalid("[\"a\", \"b\"]", 3));
        assertEquals("the answer is empty", invalid("  \n", 3));
        assertEquals("the answer is empty", invalid(null, 3));
        assertEquals("the answer is not valid JSON: [I'm sorry, I cannot do that.]", invalid("I'm sorry, I cannot do that.", 3));
        // a duplicated key is ambiguous: refused
        assertEquals(
            "the answer is not valid JSON: [{\"title\": \"a\", \"title\": \"b\", \"summary\": \"s\", \"labels\": []}]",
            invalid("{\"title\": \"a\", \"title\": \"b\", \"summary\": \"s\", \"labels\": []}", 0)
        );
    }

    @Test
    void a_long_answer_is_quoted_in_part() {
        String content = "x".repeat(500);
        assertEquals("the answer is not valid JSON: [" + "x".repeat(200) + "\u2026]", invalid(content, 3));
    }

    @Test
    void every_problem_of_the_shape_is_listed() {
        String content = "{\"title\": \"" + "t".repeat(81) + "\", \"summary\": 42, \"labels\": [\"a\", \"b\", \"c\", \"d\"]}";
        assertEquals(
            "[title] has 81 characters, at most 80 are allowed; [summary] must be a string, got number; "
                + "[labels] has 4 labels, at most 3 were asked for",
            invalid(content, 3)
        );
        assertEquals("[title] is missing; [summary] is empty; [labels] is missing", invalid("{\"summary\": \" \"}", 2));
        assertEquals(
            "[summary] has 601 characters, at most 600 are allowed; [labels] must be an array of strings, got string",
            invalid("{\"title\": \"ok\", \"summary\": \"" + "s".repeat(601) + "\", \"labels\": \"a, b\"}", 2)
        );
    }

    @Test
    void labels_are_checked_one_by_one() throws InvalidAnswerException {
        assertEquals(
            "[labels][0] has 41 characters, at most 40 are allowed; [labels][1] is empty; [labels][2] must be a string",
            invalid("{\"title\": \"ok\", \"summary\": \"ok\", \"labels\": [\"" + "l".repeat(41) + "\", \" \", 7]}", 3)
        );
        assertEquals("[labels] is empty, 2 were asked for", invalid("{\"title\": \"ok\", \"summary\": \"ok\", \"labels\": []}", 2));
        // a repeated label (any case) is dropped, not counted
        SummaryAnswer a = SummaryAnswer.parse("{\"title\": \"ok\", \"summary\": \"ok\", \"labels\": [\"Oil\", \"oil\", \"Gas\"]}", 2);
        assertEquals(List.of("Oil", "Gas"), a.labels());
        // fewer labels than asked is fine
        assertEquals(List.of("Oil"), SummaryAnswer.parse("{\"title\": \"ok\", \"summary\": \"ok\", \"labels\": [\"Oil\"]}", 3).labels());
    }

    @Test
    void no_labels_asked() throws InvalidAnswerException {
        assertEquals(List.of(), SummaryAnswer.parse("{\"title\": \"ok\", \"summary\": \"ok\"}", 0).labels());
        assertEquals(List.of(), SummaryAnswer.parse("{\"title\": \"ok\", \"summary\": \"ok\", \"labels\": []}", 0).labels());
        assertEquals("[labels] has 1 labels, at most 0 were asked for", invalid("{\"title\": \"ok\", \"summary\": \"ok\", \"labels\": [\"x\"]}", 0));
    }
}
