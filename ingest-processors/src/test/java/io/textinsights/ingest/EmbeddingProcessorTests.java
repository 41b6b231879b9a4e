/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.ingest;

import org.opensearch.OpenSearchParseException;
import org.opensearch.ingest.IngestDocument;
import org.opensearch.ingest.RandomDocumentPicks;
import org.opensearch.test.OpenSearchTestCase;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class EmbeddingProcessorTests extends OpenSearchTestCase {

    private static EmbeddingProcessor processor(Map<String, Object> config) {
        return new EmbeddingProcessor.Factory().create(null, "tag", null, new HashMap<>(config));
    }

    private static IngestDocument doc(String field, Object value) {
        Map<String, Object> source = new HashMap<>();
        source.put("text", "hello");
        if (field != null) {
            source.put(field, value);
        }
        return RandomDocumentPicks.randomIngestDocument(random(), source);
    }

    public void testFactoryDefaults() {
        EmbeddingProcessor p = processor(Map.of("dimension", 3));
        assertEquals("embedding", p.getField());
        assertEquals("embedding", p.getTargetField());
        assertEquals(3, p.getDimension());
        assertTrue(p.isNormalize());
        assertFalse(p.isIgnoreMissing());
        assertEquals(EmbeddingProcessor.TYPE, p.getType());
    }

    public void testFactoryRequiresDimension() {
        OpenSearchParseException e = expectThrows(OpenSearchParseException.class, () -> processor(Map.of("field", "v")));
        assertEquals("[dimension] required property is missing: set it to the length of your embeddings, e.g. 384", e.getMessage());
    }

    public void testFactoryRejectsDimensionOutOfRange() {
        OpenSearchParseException e = expectThrows(OpenSearchParseException.class, () -> processor(Map.of("dimension", 0)));
        assertEquals("[dimension] must be between 1 and 16000, got [0]", e.getMessage());
    }

    public void testFactoryRejectsNonNumericDimension() {
        expectThrows(OpenSearchParseException.class, () -> processor(Map.of("dimension", "many")));
    }

    public void testNormalizesToUnitLength() {
        IngestDocument d = doc("embedding", List.of(3, 4.0, 0));
        processor(Map.of("dimension", 3)).execute(d);
        assertEquals(List.of(0.6f, 0.8f, 0f), d.getFieldValue("embedding", List.class));
    }

    public void testWritesTargetFieldAndKeepsSource() {
        IngestDocument d = doc("raw", List.of(1, 2));
        processor(Map.of("dimension", 2, "field", "raw", "target_field", "vec", "normalize", false)).execute(d);
        assertEquals(List.of(1f, 2f), d.getFieldValue("vec", List.class));
        assertEquals(List.of(1, 2), d.getFieldValue("raw", List.class));
    }

    public void testRandomVectorsComeOutUnitLength() {
        int dim = randomIntBetween(1, 512);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < dim; i++) {
            values.add(randomDoubleBetween(-10, 10, true));
        }
        values.set(0, 1.5); // never all zero
        IngestDocument d = doc("embedding", values);
        processor(Map.of("dimension", dim)).execute(d);
        double norm = 0;
        for (Object v : d.getFieldValue("embedding", List.class)) {
            norm += ((Float) v) * ((Float) v);
        }
        assertEquals(1.0, norm, 1e-4);
    }

    public void testRejectsWrongLength() {
        IngestDocument d = doc("embedding", List.of(1, 2));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> processor(Map.of("dimension", 3)).execute(d));
        assertEquals("field [embedding] has 2 values, expected dimension [3]", e.getMessage());
    }

    public void testRejectsNotAnArray() {
        IngestDocument d = doc("embedding", "1,2,3");
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> processor(Map.of("dimension", 3)).execute(d));
        assertEquals("field [embedding] must be an array of 3 numbers, found a string", e.getMessage());
    }

    public void testRejectsNonNumbers() {
        IngestDocument d = doc("embedding", List.of(1, "two", 3));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> processor(Map.of("dimension", 3)).execute(d));
        assertEquals("field [embedding] must be an array of numbers, found a string at index [1]", e.getMessage());
    }

    public void testRejectsNonFinite() {
        IngestDocument nan = doc("embedding", List.of(1, Double.NaN));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> processor(Map.of("dimension", 2)).execute(nan));
        assertEquals(
            "field [embedding] has a non-finite value [NaN] at index [1]: every value must be a finite 32-bit float",
            e.getMessage()
        );
        // Finite as a double, infinite as the float the k-NN field stores.
        IngestDocument huge = doc("embedding", List.of(1e300, 1));
        e = expectThrows(IllegalArgumentException.class, () -> processor(Map.of("dimension", 2)).execute(huge));
        assertEquals(
            "field [embedding] has a non-finite value [1.0E300] at index [0]: every value must be a finite 32-bit float",
            e.getMessage()
        );
    }

    public void testRejectsZeroVectorWhenNormalizing() {
        IngestDocument d = doc("embedding", List.of(0, 0.0, 0));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> processor(Map.of("dimension", 3)).execute(d));
        assertEquals(
            "field [embedding] is a zero vector, which has no direction to normalize for cosine similarity: "
                + "send a non-zero vector or set [normalize] to false",
            e.getMessage()
        );
        IngestDocument kept = doc("embedding", List.of(0, 0.0, 0));
        processor(Map.of("dimension", 3, "normalize", false)).execute(kept);
        assertEquals(List.of(0f, 0f, 0f), kept.getFieldValue("embedding", List.class));
    }

    public void testMissingField() {
        IngestDocument d = doc(null, null);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> processor(Map.of("dimension", 3)).execute(d));
        assertEquals(
            "field [embedding] is missing or null: send an array of 3 numbers, or set [ignore_missing] to true",
            e.getMessage()
        );
        IngestDocument skipped = doc(null, null);
        processor(Map.of("dimension", 3, "ignore_missing", true)).execute(skipped);
        assertFalse(skipped.hasField("embedding"));
    }
}
