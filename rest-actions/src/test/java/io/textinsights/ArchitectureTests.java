/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layout of the code, checked: packages follow the data flow, each stage may use only the stages before it, and
 * {@code math} never touches OpenSearch. Read from the sources (imports and fully qualified names) and, for math,
 * also from the compiled classes, so neither an import nor a fully qualified reference can slip through.
 */
class ArchitectureTests {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path CLASSES = Path.of("target/classes");

    /**
     * The stages, in order: a package may import its own stage and the ones before it, never a later one; packages of
     * one stage do not import each other.
     */
    static final List<List<String>> STAGES = List.of(
        // The ingest-processors module, which this one builds on.
        List.of("io.textinsights.math.dep", "io.textinsights.ingest"),
        List.of("io.textinsights.math.projection"),
        List.of("io.textinsights.math.cluster", "io.textinsights.math.explain", "io.textinsights.math.summary"),
        List.of("io.textinsights.rest.schema", "io.textinsights.rest.common"),
        List.of("io.textinsights.rest.access"),
        List.of("io.textinsights.rest.dataset"),
        List.of("io.textinsights.rest.store"),
        List.of("io.textinsights.rest.run.spec"),
        List.of("io.textinsights.rest.run.shard"),
        List.of("io.textinsights.rest.explain", "io.textinsights.rest.summary"),
        List.of("io.textinsights.rest.results"),
        List.of("io.textinsights.rest.run.exec"),
        List.of("io.textinsights.rest.run.api")
    );

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(io\\.textinsights\\.[\\w.]+?)\\.[A-Z]\\w*(?:\\.[\\w*]+)*;", Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])(io\\.textinsights\\.[a-z][\\w.]*?)\\.[A-Z]");

    @Test
    void mathNeverUsesOpenSearch() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : files(SOURCES.resolve("io/textinsights/math"), ".java")) {
            String source = Files.readString(file);
            if (source.contains("org.opensearch")) {
                offenders.add(file.toString());
            }
        }
        for (Path file : files(CLASSES.resolve("io/textinsights/math"), ".class")) {
            // Every class a class refers to is named in its constant pool, in internal form.
            if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains("org/opensearch/")) {
                offenders.add(file.toString());
            }
        }
        assertTrue(offenders.isEmpty(), "math must not use OpenSearch (Lucene's VectorUtil is fine): " + offenders);
        assertTrue(files(CLASSES.resolve("io/textinsights/math"), ".class").size() > 10, "the compiled math classes were not found");
    }

    @Test
    void everyPackageIsAStage() throws IOException {
        List<String> known = STAGES.stream().flatMap(List::stream).toList();
        List<String> unknown = dependencies().keySet().stream().filter(p -> known.contains(p) == false).toList();
        assertEquals(List.of(), unknown, "add new packages to a stage in ArchitectureTests.STAGES");
    }

    @Test
    void stagesOnlyUseEarlierStages() throws IOException {
        List<String> violations = new ArrayList<>();
        dependencies().forEach((from, targets) -> {
            for (String to : targets) {
                int a = stage(from);
                int b = stage(to);
                if (b > a || (a == b && from.equals(to) == false)) {
                    violations.add(from + " -> " + to);
                }
            }
        });
        assertEquals(List.of(), violations, "a package may use only its own and earlier stages: " + STAGES);
    }

    @Test
    void noPackageUsesItsParent() throws IOException {
        List<String> violations = new ArrayList<>();
        dependencies().forEach((from, targets) -> {
            for (String to : targets) {
                if (from.startsWith(to + ".")) {
                    violations.add(from + " -> " + to);
                }
            }
        });
        assertEquals(List.of(), violations);
    }

    private static int stage(String pkg) {
        for (int i = 0; i < STAGES.size(); i++) {
            if (STAGES.get(i).contains(pkg)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    /** Package -> the io.textinsights packages its classes use (imports and fully qualified names, itself excluded). */
    static Map<String, TreeSet<String>> dependencies() throws IOException {
        Map<String, TreeSet<String>> graph = new TreeMap<>();
        List<Path> sources = files(SOURCES.resolve("io/textinsights"), ".java");
        assertTrue(sources.size() > 50, "the sources were not found from " + SOURCES.toAbsolutePath());
        for (Path file : sources) {
            String source = Files.readString(file);
            Matcher p = PACKAGE.matcher(source);
            assertTrue(p.find(), "no package in " + file);
            String pkg = p.group(1);
            TreeSet<String> uses = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
            for (Matcher m = IMPORT.matcher(source); m.find(); ) {
                uses.add(m.group(1));
            }
            String code = source.replaceAll("(?m)^import .*$", "").replaceAll("(?m)^package .*$", "");
            for (Matcher m = QUALIFIED.matcher(code); m.find(); ) {
                uses.add(m.group(1));
            }
            uses.remove(pkg);
        }
        return graph;
    }

    private static List<Path> files(Path root, String suffix) {
        if (Files.isDirectory(root) == false) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
