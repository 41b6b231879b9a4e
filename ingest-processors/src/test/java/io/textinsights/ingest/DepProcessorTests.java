/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.ingest;

import org.opensearch.OpenSearchParseException;
import org.opensearch.ingest.IngestDocument;
import org.opensearch.ingest.RandomDocumentPicks;
import org.opensearch.test.OpenSearchTestCase;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class DepProcessorTests extends OpenSearchTestCase {

    private static final List<String> CLASSES = List.of("World", "Sports", "Business");

    private static DepProcessor processor(Map<String, Object> config) {
        return new DepProcessor.Factory().create(null, "tag", null, new HashMap<>(config));
    }

    private static DepProcessor withClasses(Object... extra) {
        Map<String, Object> config = new HashMap<>();
        config.put("classes", CLASSES);
        for (int i = 0; i < extra.length; i += 2) {
            config.put((String) extra[i], extra[i + 1]);
        }
        return processor(config);
    }

    private static IngestDocument doc(Object label, Object probs) {
        Map<String, Object> source = new HashMap<>();
        if (label != null) {
            source.put("label", label);
        }
        if (probs != null) {
            source.put("probs", probs);
        }
        return RandomDocumentPicks.randomIngestDocument(random(), source);
    }

    public void testFactoryDefaults() {
        DepProcessor p = withClasses();
        assertEquals("probs", p.getProbsField());
        assertEquals("label", p.getLabelField());
        assertEquals("prediction", p.getPredictionField());
        assertEquals(CLASSES, p.getClasses());
        assertNull(p.getClassesField());
        assertFalse(p.isLogits());
        assertEquals("", p.getTargetPrefix());
        assertFalse(p.isIgnoreMissing());
    }

    public void testFactoryNeedsClasses() {
        OpenSearchParseException e = expectThrows(OpenSearchParseException.class, () -> processor(Map.of()));
        assertEquals("[classes] either [classes] (the class names in column order) or [classes_field] must be set", e.getMessage());
    }

    public void testFactoryRejectsBothClassSources() {
        OpenSearchParseException e = expectThrows(
            OpenSearchParseException.class,
            () -> processor(Map.of("classes", CLASSES, "classes_field", "classes"))
        );
        assertEquals("[classes] set [classes] or [classes_field], not both", e.getMessage());
    }

    public void testFactoryRejectsDuplicateAndTooFewClasses() {
        assertEquals(
            "[classes] names class [a] twice: class names must be unique",
            expectThrows(OpenSearchParseException.class, () -> processor(Map.of("classes", List.of("a", "b", "a")))).getMessage()
        );
        assertEquals(
            "[classes] must name at least 2 classes, got 1",
            expectThrows(OpenSearchParseException.class, () -> processor(Map.of("classes", List.of("a")))).getMessage()
        );
    }

    public void testPerEpochMatrix() {
        IngestDocument d = doc("World", List.of(List.of(0.7, 0.2, 0.1), List.of(0.2, 0.6, 0.2)));
        withClasses().execute(d);
        double aum = ((0.7 - 0.2) + (0.2 - 0.6)) / 2;
        assertEquals((1 - aum) / 2, d.getFieldValue("dep", Double.class), 1e-12);
        assertEquals(-0.4, d.getFieldValue("margin", Double.class), 1e-12);
        assertEquals(0.6, d.getFieldValue("confidence", Double.class), 1e-12);
        assertEquals("Sports", d.getFieldValue("prediction", String.class));
    }

    public void testSingleRowAndExistingPredictionKept() {
        IngestDocument d = doc("Business", List.of(0.1, 0.1, 0.8));
        d.setFieldValue("prediction", "World");
        withClasses().execute(d);
        assertEquals((1 - 0.7) / 2, d.getFieldValue("dep", Double.class), 1e-12);
        assertEquals("World", d.getFieldValue("prediction", String.class));
    }

    public void testIntegerLabelIsAClassIndex() {
        IngestDocument d = doc(2, List.of(0.1, 0.1, 0.8));
        withClasses().execute(d);
        assertEquals((1 - 0.7) / 2, d.getFieldValue("dep", Double.class), 1e-12);
    }

    public void testTargetPrefix() {
        IngestDocument d = doc("World", List.of(0.5, 0.25, 0.25));
        withClasses("target_prefix", "model").execute(d);
        assertEquals(0.375, d.getFieldValue("model.dep", Double.class), 1e-12);
        assertEquals("World", d.getFieldValue("model.prediction", String.class));
        assertFalse(d.hasField("dep"));
    }

    public void testPredictionField() {
        IngestDocument d = doc("World", List.of(0.1, 0.8, 0.1));
        DepProcessor p = withClasses("prediction_field", "pred");
        assertEquals("pred", p.getPredictionField());
        p.execute(d);
        assertEquals("Sports", d.getFieldValue("pred", String.class));
        assertFalse(d.hasField("prediction"));
        // a prediction the document already has, under that name, is kept
        IngestDocument logged = doc("World", List.of(0.1, 0.8, 0.1));
        logged.setFieldValue("pred", "World");
        p.execute(logged);
        assertEquals("World", logged.getFieldValue("pred", String.class));
        assertFalse(logged.hasField("prediction"));
    }

    public void testPredictionFieldIsAFullPathBesideTargetPrefix() {
        DepProcessor p = withClasses("target_prefix", "model", "prediction_field", "model_output.top");
        assertEquals("model_output.top", p.getPredictionField());
        IngestDocument d = doc("World", List.of(0.1, 0.8, 0.1));
        p.execute(d);
        assertEquals("Sports", d.getFieldValue("model_output.top", String.class));
        assertFalse(d.hasField("model.prediction"));
        assertEquals(0.85, d.getFieldValue("model.dep", Double.class), 1e-12);
        assertEquals("model.prediction", withClasses("target_prefix", "model").getPredictionField());
    }

    public void testFactoryRejectsBadPredictionField() {
        assertEquals(
            "[prediction_field] property isn't a string, but of type [java.lang.Integer]",
            expectThrows(OpenSearchParseException.class, () -> withClasses("prediction_field", 7)).getMessage()
        );
        assertEquals(
            "[prediction_field] must be a field name, got [ ]: leave it out to write [prediction]",
            expectThrows(OpenSearchParseException.class, () -> withClasses("prediction_field", " ")).getMessage()
        );
        assertEquals(
            "[prediction_field] must differ from [label_field] ([label]): the model's prediction and the gold label need a field each",
            expectThrows(OpenSearchParseException.class, () -> withClasses("prediction_field", "label")).getMessage()
        );
        assertEquals(
            "[prediction_field] must differ from [probs_field] ([scores]): the prediction and the probabilities need a field each",
            expectThrows(
                OpenSearchParseException.class,
                () -> withClasses("probs_field", "scores", "prediction_field", "scores")
            ).getMessage()
        );
    }

    public void testLogits() {
        IngestDocument d = doc("World", List.of(2.0, 0.0, 0.0));
        withClasses("logits", true).execute(d);
        double z = Math.exp(2) + 2;
        assertEquals(Math.exp(2) / z - 1 / z, d.getFieldValue("margin", Double.class), 1e-12);
    }

    public void testClassesField() {
        IngestDocument d = doc("b", List.of(0.2, 0.8));
        d.setFieldValue("classes", List.of("a", "b"));
        processor(Map.of("classes_field", "classes")).execute(d);
        assertEquals((1 - 0.6) / 2, d.getFieldValue("dep", Double.class), 1e-12);
        assertEquals("b", d.getFieldValue("prediction", String.class));
    }

    public void testMissingClassesField() {
        IngestDocument d = doc("b", List.of(0.2, 0.8));
        IllegalArgumentException e = expectThrows(
            IllegalArgumentException.class,
            () -> processor(Map.of("classes_field", "classes")).execute(d)
        );
        assertEquals("field [classes] must be an array of class names in the column order of [probs], found nothing", e.getMessage());
    }

    public void testRejectsRaggedMatrix() {
        IngestDocument d = doc("World", List.of(List.of(0.5, 0.25, 0.25), List.of(0.5, 0.5)));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> withClasses().execute(d));
        assertEquals("field [probs] row [1] has 2 values, expected one per class (3: World, Sports, Business)", e.getMessage());
    }

    public void testRejectsMixedRowsAndNumbers() {
        IngestDocument d = doc("World", List.of(List.of(0.5, 0.25, 0.25), 0.5));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> withClasses().execute(d));
        assertEquals("field [probs] is ragged: element [1] is a number but element [0] is an array", e.getMessage());
    }

    public void testRejectsWrongClassCount() {
        IngestDocument d = doc("World", List.of(0.5, 0.5));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> withClasses().execute(d));
        assertEquals("field [probs] has 2 values, expected one per class (3: World, Sports, Business)", e.getMessage());
    }

    public void testRejectsRowNotSummingToOne() {
        IngestDocument d = doc("World", List.of(0.5, 0.5, 0.5));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> withClasses().execute(d));
        assertEquals(
            "field [probs] row of epoch [0] sums to [1.5], not 1 (tolerance 0.001): send probabilities, or set [logits] to true to "
                + "apply a softmax",
            e.getMessage()
        );
        // the same scores are fine as logits
        IngestDocument logits = doc("World", List.of(0.5, 0.5, 0.5));
        withClasses("logits", true).execute(logits);
        assertEquals(0.5, logits.getFieldValue("dep", Double.class), 1e-12);
    }

    public void testRejectsUnknownLabel() {
        IngestDocument d = doc("Cooking", List.of(0.5, 0.25, 0.25));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> withClasses().execute(d));
        assertEquals("field [label] has label [Cooking], which is not among the classes [World, Sports, Business]", e.getMessage());
    }

    public void testRejectsLabelIndexOutOfRange() {
        IngestDocument d = doc(7, List.of(0.5, 0.25, 0.25));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> withClasses().execute(d));
        assertEquals("field [label] has class index [7], outside [0, 3)", e.getMessage());
    }

    public void testRejectsMissingLabel() {
        IngestDocument d = doc(null, List.of(0.5, 0.25, 0.25));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> withClasses().execute(d));
        assertEquals("field [label] is missing or null: DEP needs the gold label of the sample", e.getMessage());
    }

    public void testRejectsNonNumericProbability() {
        IngestDocument d = doc("World", List.of(List.of(0.5, "x", 0.25)));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> withClasses().execute(d));
        assertEquals("field [probs] must hold numbers, found a string in row [0] at index [1]", e.getMessage());
    }

    public void testMissingProbs() {
        IngestDocument d = doc("World", null);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> withClasses().execute(d));
        assertEquals(
            "field [probs] is missing or null: send the class probabilities (one row, or one row per epoch), or set [ignore_missing] to true",
            e.getMessage()
        );
        IngestDocument skipped = doc("World", null);
        withClasses("ignore_missing", true).execute(skipped);
        assertFalse(skipped.hasField("dep"));
    }

    public void testRejectsEmptyProbs() {
        IngestDocument d = doc("World", List.of());
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> withClasses().execute(d));
        assertEquals(
            "field [probs] must be an array of 3 numbers or an array of such arrays (one per epoch), found an empty array",
            e.getMessage()
        );
    }
}
