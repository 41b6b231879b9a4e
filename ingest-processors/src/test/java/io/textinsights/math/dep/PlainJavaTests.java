/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.dep;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DEP arithmetic is plain Java: no OpenSearch type in its sources or in its compiled classes' constant pools. */
class PlainJavaTests {

    @Test
    void depMathNeverUsesOpenSearch() throws IOException {
        List<Path> sources = list(Path.of("src/main/java/io/textinsights/math"), ".java");
        List<Path> classes = list(Path.of("target/classes/io/textinsights/math"), ".class");
        assertTrue(sources.isEmpty() == false && classes.isEmpty() == false, "math sources and classes not found");
        List<Path> offenders = Stream.concat(
            sources.stream().filter(f -> read(f).contains("org.opensearch")),
            classes.stream().filter(f -> read(f).contains("org/opensearch/"))
        ).toList();
        assertEquals(List.of(), offenders);
    }

    private static List<Path> list(Path root, String suffix) throws IOException {
        if (Files.isDirectory(root) == false) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(f -> f.toString().endsWith(suffix)).toList();
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
