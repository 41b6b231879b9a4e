/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.spec;

import static io.textinsights.rest.common.BodyFields.readDouble;
import static io.textinsights.rest.common.BodyFields.readInt;
import static io.textinsights.rest.common.BodyFields.readLong;
import static io.textinsights.rest.common.BodyFields.readObject;
import static io.textinsights.rest.common.BodyFields.readString;
import static io.textinsights.rest.common.BodyFields.rejectUnknown;

import io.textinsights.rest.schema.ResultsTarget;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.index.query.BoolQueryBuilder;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run does: the body of {@code POST /_plugins/_text_insights/runs}.
 *
 * @param index       the dataset index
 * @param query       which documents take part (null: all)
 * @param vectorField the knn_vector field, or null to take it from the dataset
 * @param algorithm   clustering
 * @param projection  2-D map
 * @param writeBack   where each sample's results go: the run's own results index (default), the dataset's documents
 *                    (opt-in), or nowhere
 * @param split       only documents of this split (the dataset's split field), or null for all; already part of {@code query}
 *                    once the run is resolved
 * @param topWords    how each cluster's top words are chosen
 * @param summaries   LLM-written cluster summaries (opt-in; off by default)
 */
public record RunParameters(
    String index,
    QueryBuilder query,
    String vectorField,
    Algorithm algorithm,
    Projection projection,
    ResultsTarget writeBack,
    String split,
    TopWords topWords,
    SummaryOptions summaries
) implements Writeable {

    public static final List<String> ALGORITHMS = List.of("auto", "kmeans", "hdbscan");
    public static final List<String> PROJECTIONS = List.of("umap", "none");
    public static final int MAX_K = 1_000;
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_PROJECTION_SAMPLE = 5_000;
    /** Significance heuristics of the significant_text aggregation a run may use for top words. */
    public static final List<String> HEURISTICS = List.of("jlh", "chi_square", "mutual_information", "gnd");
    public static final int MAX_TOP_WORDS = 50;

    /**
     * @param name           auto, kmeans or hdbscan
     * @param k              clusters for kmeans (null otherwise)
     * @param minClusterSize hdbscan's smallest cluster in the sample, or null for its default
     * @param seed           seed of every random choice: the same seed and data give the same clusters
     * @param maxIterations  Lloyd iterations at most
     * @param tolerance      stop when no centroid moves farther than this (Euclidean)
     */
    public record Algorithm(String name, Integer k, Integer minClusterSize, long seed, int maxIterations, double tolerance) {
        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("name", name);
            if (k != null) {
                map.put("k", k);
            }
            if (minClusterSize != null) {
                map.put("min_cluster_size", minClusterSize);
            }
            map.put("seed", seed);
            map.put("max_iterations", maxIterations);
            map.put("tolerance", tolerance);
            return map;
        }
    }

    /**
     * @param name       umap or none
     * @param sampleSize documents the map is fitted on; every other document is placed from its nearest sampled ones
     */
    public record Projection(String name, int sampleSize) {
        Map<String, Object> toMap() {
            return Map.of("name", name, "sample_size", sampleSize);
        }
    }

    /**
     * @param size      words per cluster
     * @param heuristic one of {@link #HEURISTICS}
     */
    public record TopWords(int size, String heuristic) {
        public static final TopWords DEFAULT = new TopWords(10, "jlh");

        Map<String, Object> toMap() {
            return Map.of("size", size, "heuristic", heuristic);
        }
    }

    /** The run's documents: those its query (split included) selects that have a vector. */
    public QueryBuilder documentsQuery() {
        BoolQueryBuilder documents = QueryBuilders.boolQuery().filter(QueryBuilders.existsQuery(vectorField));
        if (query != null) {
            documents.filter(query);
        }
        return documents;
    }

    public boolean hasMap() {
        return "umap".equals(projection.name());
    }

    /** Parameters as stored with the run and shown by GET (the query separately, as JSON). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("index", index);
        if (vectorField != null) {
            map.put("fields", Map.of("vector", vectorField));
        }
        map.put("algorithm", algorithm.toMap());
        map.put("projection", projection.toMap());
        map.put("write_back", Map.of("target", writeBack.jsonName()));
        if (split != null) {
            map.put("split", split);
        }
        map.put("top_words", topWords.toMap());
        map.put("summaries", summaries.toMap());
        return map;
    }

    public RunParameters withVectorField(String field) {
        return new RunParameters(index, query, field, algorithm, projection, writeBack, split, topWords, summaries);
    }

    /** The same parameters selecting {@code resolvedQuery} (e.g. the query with the split filter added). */
    public RunParameters withQuery(QueryBuilder resolvedQuery) {
        return new RunParameters(index, resolvedQuery, vectorField, algorithm, projection, writeBack, split, topWords, summaries);
    }

    public static RunParameters readFrom(StreamInput in) throws IOException {
        String index = in.readString();
        QueryBuilder query = in.readOptionalNamedWriteable(QueryBuilder.class);
        String vectorField = in.readOptionalString();
        Algorithm algorithm = new Algorithm(
            in.readString(),
            in.readOptionalVInt(),
            in.readOptionalVInt(),
            in.readLong(),
            in.readVInt(),
            in.readDouble()
        );
        Projection projection = new Projection(in.readString(), in.readVInt());
        ResultsTarget writeBack = in.readEnum(ResultsTarget.class);
        String split = in.readOptionalString();
        TopWords topWords = new TopWords(in.readVInt(), in.readString());
        SummaryOptions summaries = SummaryOptions.readFrom(in);
        return new RunParameters(index, query, vectorField, algorithm, projection, writeBack, split, topWords, summaries);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(index);
        out.writeOptionalNamedWriteable(query);
        out.writeOptionalString(vectorField);
        out.writeString(algorithm.name());
        out.writeOptionalVInt(algorithm.k());
        out.writeOptionalVInt(algorithm.minClusterSize());
        out.writeLong(algorithm.seed());
        out.writeVInt(algorithm.maxIterations());
        out.writeDouble(algorithm.tolerance());
        out.writeString(projection.name());
        out.writeVInt(projection.sampleSize());
        out.writeEnum(writeBack);
        out.writeOptionalString(split);
        out.writeVInt(topWords.size());
        out.writeString(topWords.heuristic());
        summaries.writeTo(out);
    }

    /**
     * Reads a body already parsed into a map (the query is parsed by the REST layer, which has the query parsers),
     * adding every problem to {@code problems}. Returns null when there was any.
     */
    public static RunParameters fromMap(Map<String, ?> body, QueryBuilder query, List<String> problems) {
        Map<String, Object> map = new LinkedHashMap<>(body == null ? Map.of() : body);
        int before = problems.size();
        map.remove("query"); // parsed by the caller
        String index = map.get("index") instanceof String s && !s.isBlank() ? s : null;
        if (index == null) {
            problems.add("[index] is required: the dataset index to cluster, e.g. \"index\": \"agnews\"");
        }
        map.remove("index");

        String vectorField = null;
        Map<String, Object> fields = readObject(map, "fields", "fields", problems);
        if (fields != null) {
            Object vector = fields.remove("vector");
            if (vector != null && (!(vector instanceof String s) || s.isBlank())) {
                problems.add("[fields.vector] must be a field name, got [" + vector + "]");
            } else {
                vectorField = (String) vector;
            }
            for (String unknown : fields.keySet()) {
                problems.add("[fields." + unknown + "] is not used by runs: only [fields.vector] may be given; the rest comes from the dataset");
            }
        }

        Map<String, Object> a = readObject(map, "algorithm", "algorithm", problems);
        a = a == null ? new LinkedHashMap<>() : a;
        String name = lower(readString(a, "algorithm.name", "name", "auto", problems));
        if (name != null && ALGORITHMS.contains(name) == false) {
            problems.add("[algorithm.name] must be one of " + ALGORITHMS + ", got [" + name + "]");
        }
        Integer k = readInt(a, "algorithm.k", "k", null, 2, MAX_K, problems);
        if ("kmeans".equals(name) && k == null && problems.stream().noneMatch(p -> p.startsWith("[algorithm.k]"))) {
            problems.add("[algorithm.k] is required for kmeans: the number of clusters, from 2 to " + MAX_K + " (or use \"auto\")");
        }
        if (k != null && name != null && "kmeans".equals(name) == false) {
            problems.add("[algorithm.k] only applies to kmeans; [" + name + "] picks the number of clusters itself");
        }
        Integer minClusterSize = readInt(a, "algorithm.min_cluster_size", "min_cluster_size", null, 2, 100_000, problems);
        if (minClusterSize != null && "hdbscan".equals(name) == false && name != null) {
            problems.add("[algorithm.min_cluster_size] only applies to hdbscan");
        }
        Long seed = readLong(a, "algorithm.seed", "seed", DEFAULT_SEED, problems);
        Integer maxIterations = readInt(a, "algorithm.max_iterations", "max_iterations", 50, 1, 1_000, problems);
        Double tolerance = readDouble(a, "algorithm.tolerance", "tolerance", 1e-4, problems);
        if (tolerance != null && (tolerance < 0 || tolerance >= 1)) {
            problems.add("[algorithm.tolerance] must be at least 0 and below 1, got [" + tolerance + "]");
        }
        rejectUnknown(a, "algorithm", "name, k, min_cluster_size, seed, max_iterations, tolerance", problems);

        Map<String, Object> p = readObject(map, "projection", "projection", problems);
        p = p == null ? new LinkedHashMap<>() : p;
        String projectionName = lower(readString(p, "projection.name", "name", "umap", problems));
        if (projectionName != null && PROJECTIONS.contains(projectionName) == false) {
            problems.add("[projection.name] must be one of " + PROJECTIONS + ", got [" + projectionName + "]");
        }
        Integer sampleSize = readInt(p, "projection.sample_size", "sample_size", DEFAULT_PROJECTION_SAMPLE, 10, 200_000, problems);
        rejectUnknown(p, "projection", "name, sample_size", problems);

        ResultsTarget writeBack = readWriteBack(map.remove("write_back"), problems);
        String split = readString(map, "split", "split", null, problems);
        if (split != null && split.isBlank()) {
            problems.add("[split] must be a split name such as \"train\", got an empty string (leave it out for every split)");
        }

        Map<String, Object> w = readObject(map, "top_words", "top_words", problems);
        w = w == null ? new LinkedHashMap<>() : w;
        Integer topWordsSize = readInt(w, "top_words.size", "size", TopWords.DEFAULT.size(), 1, MAX_TOP_WORDS, problems);
        String heuristic = lower(readString(w, "top_words.heuristic", "heuristic", TopWords.DEFAULT.heuristic(), problems));
        if (heuristic != null && HEURISTICS.contains(heuristic) == false) {
            problems.add("[top_words.heuristic] must be one of " + HEURISTICS + ", got [" + heuristic + "]");
        }
        rejectUnknown(w, "top_words", "size, heuristic", problems);
        SummaryOptions summaries = SummaryOptions.fromMap(readObject(map, "summaries", "summaries", problems), "summaries", false, problems);
        if (summaries != null && summaries.enabled() && writeBack == ResultsTarget.NONE) {
            problems.add("[summaries.enabled] needs the run to write its results (leave \"write_back\" out, or set it to true): summaries"
                + " label each sample's cluster in them");
        }
        rejectUnknown(map, null, "index, query, split, fields, algorithm, projection, top_words, write_back, summaries", problems);
        if (problems.size() > before) {
            return null;
        }
        return new RunParameters(
            index,
            query,
            vectorField,
            new Algorithm(name, k, minClusterSize, seed, maxIterations, tolerance),
            new Projection(projectionName, sampleSize),
            writeBack,
            split,
            new TopWords(topWordsSize, heuristic),
            summaries
        );
    }

    /**
     * {@code write_back}: true or absent (the run's own results index), false (nothing), or {"target": "results" |
     * "dataset" | "none"}.
     */
    static ResultsTarget readWriteBack(Object value, List<String> problems) {
        if (value == null || Boolean.TRUE.equals(value)) {
            return ResultsTarget.RESULTS;
        }
        if (Boolean.FALSE.equals(value)) {
            return ResultsTarget.NONE;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problems.add("[write_back] must be true (the default: results in the run's own index), false (none) or an object such as"
                + " {\"target\": \"dataset\"}, got [" + value + "]");
            return null;
        }
        int before = problems.size();
        Object name = map.get("target");
        ResultsTarget target = ResultsTarget.fromJson(name instanceof String t ? t.toLowerCase(Locale.ROOT) : null);
        if (target == null) {
            problems.add("[write_back.target] must be one of [results, dataset, none] (\"dataset\" writes the results into your documents,"
                + " re-indexing each), got [" + name + "]");
        }
        map.keySet().stream().map(String::valueOf).filter(k -> k.equals("target") == false).sorted()
            .forEach(k -> problems.add("[write_back." + k + "] is not a known setting: use target"));
        return problems.size() > before ? null : target;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
