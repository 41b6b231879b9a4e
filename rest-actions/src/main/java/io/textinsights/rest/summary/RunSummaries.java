/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.summary;

import io.textinsights.math.summary.RepresentativeSamples;
import io.textinsights.math.summary.SummaryResult.ErrorType;
import io.textinsights.math.summary.SummaryResult;
import io.textinsights.rest.run.spec.SummaryOptions;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * Summaries of a run's clusters, from the samples to the fields of the cluster documents: for each cluster, the texts
 * nearest its centre ({@link SummaryCandidates}, {@link RepresentativeSamples}), then one LLM call
 * ({@link ClusterSummarizer}), then {@link #apply} to the cluster documents. Used by a run after its explanation phase and
 * by {@code _summarize} for a run that has ended. Blocks: call it on a GENERIC thread.
 */
public final class RunSummaries {

    private static final Logger logger = LogManager.getLogger(RunSummaries.class);

    /** The fields summaries write into a cluster document (and clear when they write again). */
    public static final List<String> FIELDS = List.of("title", "summary", "labels", "model_name", "error");

    private RunSummaries() {}

    /**
     * One cluster to summarise.
     *
     * @param words     its top words, most significant first (may be empty)
     * @param centroid  its centre in the vector space (for k-NN candidates), or null
     * @param documents which documents are the cluster's (see {@link SummaryCandidates})
     */
    public record Cluster(int clusterId, List<String> words, float[] centroid, QueryBuilder documents) {}

    /**
     * Where the run's samples are.
     *
     * @param index         the dataset index (texts nearest the centroid by k-NN), or a run's results (nearest by the
     *                      distance each keeps)
     * @param vectorField   the dataset's knn_vector field; null for stored results
     * @param textField     the field whose text is sent
     * @param distanceField for stored results, the field holding each sample's distance to its centre
     */
    public record Source(String index, String vectorField, String textField, String distanceField, String runId) {
        public static Source dataset(String index, String vectorField, String textField, String runId) {
            return new Source(index, vectorField, textField, null, runId);
        }

        public static Source storedResults(String index, String textField, String distanceField, String runId) {
            return new Source(index, null, textField, distanceField, runId);
        }
    }

    /** Per-cluster results (by cluster id) and the report for the run document. */
    public record Outcome(Map<Integer, SummaryResult> results, Map<String, Object> report) {
        /** The label summaries give cluster {@code clusterId}: its title, else the default label (noise, failures). */
        public String label(int clusterId, SummaryOptions options) {
            SummaryResult r = results.get(clusterId);
            return r != null && r.succeeded() ? r.title() : options.defaultLabel();
        }
    }

    public static Outcome summarize(
        Client client,
        LlmEndpoint endpoint,
        Executor executor,
        Source source,
        List<Cluster> clusters,
        SummaryOptions options,
        BooleanSupplier cancelled
    ) {
        long start = System.nanoTime();
        Map<Integer, SummaryResult> results = new TreeMap<>();
        ClusterSummarizer summarizer;
        try {
            summarizer = endpoint.summarizer();
        } catch (RuntimeException e) {
            // No client (e.g. the SDK refuses the base URL): every cluster fails, the run goes on.
            String reason = "no client for the endpoint: " + e.getMessage();
            for (Cluster c : clusters) {
                if (c.clusterId() >= 0) {
                    results.put(c.clusterId(), SummaryResult.failed(c.clusterId(), ErrorType.INTERNAL, reason, endpoint.model(), 0));
                }
            }
            return finish(source, results, endpoint.model(), start);
        }
        List<ClusterSummarizer.ClusterInput> inputs = new ArrayList<>();
        for (Cluster c : clusters) {
            if (c.clusterId() < 0) {
                continue; // noise is not one topic: it gets the default label
            }
            try {
                inputs.add(new ClusterSummarizer.ClusterInput(c.clusterId(), c.words(), samples(client, source, c, options)));
            } catch (RuntimeException e) {
                String reason = "could not read the cluster's texts: " + ExceptionsHelper.unwrapCause(e).getMessage();
                logger.warn("run [{}] cluster [{}]: {}", source.runId(), c.clusterId(), reason);
                results.put(c.clusterId(), SummaryResult.failed(c.clusterId(), ErrorType.INTERNAL, reason, summarizer.model(), 0));
            }
        }
        long deadline = endpoint.deadlineNanos(inputs.size(), System.nanoTime());
        for (SummaryResult r : summarizer.summarize(inputs, options, executor, deadline, cancelled)) {
            results.put(r.clusterId(), r);
        }
        return finish(source, results, summarizer.model(), start);
    }

    private static Outcome finish(Source source, Map<Integer, SummaryResult> results, String model, long start) {
        Map<String, Object> report = report(results, model, (System.nanoTime() - start) / 1_000_000);
        if (((Integer) report.get("failed")) > 0) {
            SummaryResult first = results.values().stream().filter(r -> r.succeeded() == false).findFirst().orElseThrow();
            logger.warn(
                "run [{}]: {} of {} cluster summaries failed {}; first, cluster [{}]: {}",
                source.runId(),
                report.get("failed"),
                report.get("requested"),
                report.get("errors"),
                first.clusterId(),
                first.errorMessage()
            );
        }
        return new Outcome(results, report);
    }

    /** The texts shown for one cluster: nearest its centre, no near-duplicates, truncated. */
    static List<String> samples(Client client, Source source, Cluster c, SummaryOptions options) {
        boolean stored = source.vectorField() == null;
        if ((stored == false && (c.centroid() == null || c.centroid().length == 0)) || source.textField() == null || c.documents() == null) {
            return List.of();
        }
        int k = SummaryCandidates.candidateCount(options.samplesPerCluster());
        SearchResponse response = client.search(
            stored
                ? SummaryCandidates.nearestStored(source.index(), source.textField(), source.distanceField(), c.documents(), k)
                : SummaryCandidates.request(source.index(), source.vectorField(), source.textField(), c.documents(), c.centroid(), k)
        ).actionGet();
        List<RepresentativeSamples.Candidate> candidates = SummaryCandidates.candidates(response.getHits().getHits(), source.textField());
        return RepresentativeSamples.select(candidates, options.samplesPerCluster(), options.maxCharsPerSample())
            .stream()
            .map(RepresentativeSamples.Sample::text)
            .toList();
    }

    /** {@code summaries} of the run document: requested, succeeded, failed, model_name, took_ms, and the failures by type. */
    static Map<String, Object> report(Map<Integer, SummaryResult> results, String model, long tookMs) {
        int succeeded = 0;
        Map<String, Integer> errors = new TreeMap<>();
        String modelName = null;
        for (SummaryResult r : results.values()) {
            if (r.succeeded()) {
                succeeded++;
                modelName = modelName == null ? r.modelName() : modelName;
            } else {
                errors.merge(r.errorType().jsonName(), 1, Integer::sum);
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("requested", results.size());
        report.put("succeeded", succeeded);
        report.put("failed", results.size() - succeeded);
        report.put("model_name", modelName == null ? model : modelName);
        report.put("errors", errors);
        report.put("took_ms", tookMs);
        return report;
    }

    /**
     * Writes the summaries into the clusters' documents (or explanation maps), by cluster id: {@code title},
     * {@code summary}, {@code labels}, {@code model_name}, {@code error}, and {@code label} (the title; the default label
     * for noise and for a cluster whose summary failed).
     */
    public static void apply(Map<Integer, Map<String, Object>> clusters, Map<Integer, SummaryResult> results, SummaryOptions options) {
        for (Map.Entry<Integer, Map<String, Object>> e : clusters.entrySet()) {
            Map<String, Object> doc = e.getValue();
            for (String field : FIELDS) {
                doc.put(field, null);
            }
            SummaryResult r = results.get(e.getKey());
            if (r == null) {
                if (e.getKey() < 0) {
                    doc.put("label", options.defaultLabel());
                }
                continue;
            }
            doc.putAll(r.toMap());
            doc.put("label", r.succeeded() ? r.title() : options.defaultLabel());
        }
    }
}
