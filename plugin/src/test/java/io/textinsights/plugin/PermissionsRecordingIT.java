/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.plugin;

import io.textinsights.rest.access.CallingUser;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.IndicesRequest;
import org.opensearch.action.bulk.BulkRequest;
import org.opensearch.action.support.ActionFilter;
import org.opensearch.action.support.ActionFilterChain;
import org.opensearch.analysis.common.CommonAnalysisModulePlugin;
import org.opensearch.client.Request;
import org.opensearch.client.RequestOptions;
import org.opensearch.client.Response;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.NamedWriteableRegistry;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.env.Environment;
import org.opensearch.env.NodeEnvironment;
import org.opensearch.index.reindex.ReindexModulePlugin;
import org.opensearch.plugins.ActionPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.repositories.RepositoriesService;
import org.opensearch.rest.RestHeaderDefinition;
import org.opensearch.script.ScriptService;
import org.opensearch.tasks.Task;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.Netty4ModulePlugin;
import org.opensearch.transport.client.Client;
import org.opensearch.watcher.ResourceWatcherService;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What the security plugin would see. No secured node can be built here (see the README), so the test cluster gets an
 * {@link ActionFilter}, where the security plugin checks privileges, that records every action with the indices it
 * names and whether it runs in the caller's thread context (a request header that a stashed context drops) or as the
 * system. Each endpoint is called with its own caller header; then: no action on a dataset runs outside its caller's
 * context, as the system the plugin touches only its own indices, every endpoint that reads or changes a dataset's runs
 * goes through an {@code indices:} action naming the dataset in the caller's context (so index permissions apply),
 * and the user the security plugin would put in the thread context is recorded on the run.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 2, numClientNodes = 0)
public class PermissionsRecordingIT extends HttpIntegTestCase {

    /** Says who is calling; copied into the thread context from REST, carried over transport, dropped by a stash. */
    static final String CALLER = "X-Test-Caller";
    /** The user the security plugin's filter would put into the caller's context. */
    static final String USER_INFO = "alice|team-a,team-b|analyst|__user__";

    private static final int DIMENSION = 8;
    private static final List<Call> CALLS = new CopyOnWriteArrayList<>();

    /** One action as a filter saw it: its name, the indices it names, the caller (null: as the system), the node. */
    record Call(String action, List<String> indices, String caller) {
        boolean touches(String index) {
            return indices.stream().anyMatch(i -> i.equals(index) || i.startsWith(index + "*"));
        }
    }

    /** Records every action before the others run (as the security plugin's filter runs first). */
    public static class RecordingPlugin extends Plugin implements ActionPlugin {

        private volatile ThreadPool threadPool;

        @Override
        public Collection<Object> createComponents(
            Client client,
            ClusterService clusterService,
            ThreadPool threadPool,
            ResourceWatcherService resourceWatcherService,
            ScriptService scriptService,
            NamedXContentRegistry xContentRegistry,
            Environment environment,
            NodeEnvironment nodeEnvironment,
            NamedWriteableRegistry namedWriteableRegistry,
            IndexNameExpressionResolver indexNameExpressionResolver,
            Supplier<RepositoriesService> repositoriesServiceSupplier
        ) {
            this.threadPool = threadPool;
            return List.of();
        }

        @Override
        public Collection<RestHeaderDefinition> getRestHeaders() {
            return List.of(new RestHeaderDefinition(CALLER, false));
        }

        @Override
        public List<ActionFilter> getActionFilters() {
            return List.of(new ActionFilter() {
                @Override
                public int order() {
                    return Integer.MIN_VALUE;
                }

                @Override
                public <Req extends ActionRequest, Resp extends ActionResponse> void apply(
                    Task task,
                    String action,
                    Req request,
                    ActionListener<Resp> listener,
                    ActionFilterChain<Req, Resp> chain
                ) {
                    ThreadContext context = threadPool.getThreadContext();
                    String caller = context.getHeader(CALLER);
                    CALLS.add(new Call(action, indices(request), caller));
                    if (caller != null && context.getTransient(CallingUser.USER_INFO) == null) {
                        context.putTransient(CallingUser.USER_INFO, USER_INFO);
                    }
                    chain.proceed(task, action, request, listener);
                }
            });
        }

        private static List<String> indices(ActionRequest request) {
            if (request instanceof BulkRequest bulk) {
                return List.copyOf(bulk.getIndices());
            }
            if (request instanceof IndicesRequest named && named.indices() != null) {
                return Arrays.stream(named.indices()).filter(i -> i != null).toList();
            }
            return List.of();
        }
    }

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(
            TextInsightsPlugin.class,
            KnnPluginIT.knnPlugin(),
            Netty4ModulePlugin.class,
            CommonAnalysisModulePlugin.class,
            ReindexModulePlugin.class,
            RecordingPlugin.class
        );
    }

    public void testEveryEndpointTouchesUserIndicesOnlyInTheCallersContext() throws IOException {
        CALLS.clear();
        call("PUT", "/_plugins/_text_insights/datasets/secured", "{\"dimension\": " + DIMENSION
            + ", \"number_of_shards\": 2, \"number_of_replicas\": 0}", "put-dataset");
        call("GET", "/_cluster/health/secured?wait_for_status=green&timeout=30s", null, "setup");
        call("POST", "/secured/_bulk?refresh=true", bulk(), "ingest");

        Map<String, Object> run = call("POST", "/_plugins/_text_insights/runs?wait_for_completion=true", """
            {"index": "secured", "algorithm": {"name": "kmeans", "k": 3, "seed": 7}, "projection": {"name": "umap", "sample_size": 150}}
            """, "start-run");
        assertEquals(run.toString(), "completed", run.get("state"));
        String runId = (String) run.get("run_id");
        String results = (String) cast(run.get("results")).get("index");
        Map<String, String> reads = Map.of(
            "get-run", "/_plugins/_text_insights/runs/" + runId,
            "list-runs", "/_plugins/_text_insights/runs?index=secured",
            "list-all-runs", "/_plugins/_text_insights/runs",
            "clusters", "/_plugins/_text_insights/runs/" + runId + "/clusters",
            "samples", "/_plugins/_text_insights/runs/" + runId + "/samples?size=5",
            "points", "/_plugins/_text_insights/runs/" + runId + "/points",
            "metrics", "/_plugins/_text_insights/runs/" + runId + "/metrics",
            "alerts", "/_plugins/_text_insights/runs/" + runId + "/alerts"
        );
        reads.forEach((caller, path) -> call("GET", path, null, caller));
        Map<String, Object> inPlace = call("POST", "/_plugins/_text_insights/runs?wait_for_completion=true", """
            {"index": "secured", "algorithm": {"name": "kmeans", "k": 2, "seed": 7}, "projection": {"name": "none"},
             "write_back": {"target": "dataset"}}
            """, "start-in-place-run");
        assertEquals(inPlace.toString(), "completed", inPlace.get("state"));
        call("GET", "/_plugins/_text_insights/runs/" + inPlace.get("run_id") + "/samples?size=5", null, "samples-in-place");
        call("DELETE", "/_plugins/_text_insights/runs/" + inPlace.get("run_id"), null, "delete-in-place-run");
        call("DELETE", "/_plugins/_text_insights/runs/" + runId, null, "delete-run");
        call("GET", "/_plugins/_text_insights/datasets/secured", null, "get-dataset");
        call("GET", "/_plugins/_text_insights/datasets", null, "list-datasets");
        call("DELETE", "/_plugins/_text_insights/datasets/secured", null, "delete-dataset");
        // OpenSearch's own upkeep of the shards (checkpoint and retention lease syncs) is not ours to judge.
        List<Call> calls = CALLS.stream().filter(c -> c.action().startsWith("indices:admin/seq_no/") == false).toList();
        logger.info("recorded {} actions: {}", calls.size(), calls.stream().map(Call::action).distinct().sorted().toList());
        // What each endpoint needs of a role, as the caller (the README's permission table says the same).
        calls.stream().filter(c -> c.caller() != null).collect(Collectors.groupingBy(Call::caller, TreeMap::new,
            Collectors.mapping(c -> c.action() + c.indices(), Collectors.toCollection(TreeSet::new))))
            .forEach((caller, actions) -> logger.info("as the caller, [{}] runs {}", caller, actions));

        // The recorder tells the two contexts apart (else what follows proves nothing): the run's own bookkeeping
        // happens as the system, and its reads of the dataset as the caller.
        assertTrue(describe(calls), calls.stream().anyMatch(c -> c.caller() == null && c.touches(".text-insights-runs")));
        assertTrue(describe(calls), calls.stream().anyMatch(c -> "start-run".equals(c.caller()) && c.touches("secured")));

        List<Call> datasetAsSystem = calls.stream().filter(c -> c.caller() == null && c.touches("secured")).toList();
        assertEquals("actions on the dataset outside the caller's context", List.of(), datasetAsSystem);

        List<Call> elsewhereAsSystem = calls.stream()
            .filter(c -> c.caller() == null)
            .filter(c -> c.indices().stream().anyMatch(i -> isPluginIndex(i) == false))
            .toList();
        assertEquals("as the system, only the plugin's own indices", List.of(), elsewhereAsSystem);

        // Index permissions on the dataset apply to each endpoint: it runs an indices: action naming the dataset as
        // the caller (the security plugin checks those against the caller's roles).
        List<String> endpoints = new ArrayList<>(reads.keySet());
        endpoints.addAll(List.of("put-dataset", "start-run", "samples-in-place", "start-in-place-run", "delete-in-place-run", "delete-run", "get-dataset",
            "delete-dataset"));
        for (String endpoint : endpoints) {
            assertTrue(endpoint + " names the dataset in an indices: action as the caller: " + describe(byCaller(calls, endpoint)),
                calls.stream().anyMatch(c -> endpoint.equals(c.caller()) && c.action().startsWith("indices:") && c.touches("secured")));
        }
        // Reads of runs are read actions, changes write actions: a role's read or write group on the dataset grants them.
        assertCalled(calls, "get-run", "indices:data/read/text_insights/run/read");
        assertCalled(calls, "samples", "indices:data/read/text_insights/run/read");
        assertCalled(calls, "start-run", "indices:data/read/text_insights/run/start");
        assertCalled(calls, "delete-run", "indices:data/write/text_insights/run/write");
        assertCalled(calls, "delete-in-place-run", "indices:data/write/text_insights/run/write");
        assertCalled(calls, "put-dataset", "indices:admin/text_insights/dataset/put");
        assertCalled(calls, "get-dataset", "indices:admin/text_insights/dataset/get");
        assertCalled(calls, "delete-dataset", "indices:admin/text_insights/dataset/delete");
        assertTrue(describe(byCaller(calls, "list-datasets")), calls.stream().anyMatch(c -> "list-datasets".equals(c.caller())
            && c.action().equals("indices:admin/text_insights/dataset/get") && c.indices().equals(List.of("*"))));
        // Samples and the map of a run with its own results index are read there as the system (the check above let the
        // caller in); those of an in-place run are searched in the dataset as the caller.
        for (String endpoint : List.of("samples", "points")) {
            assertTrue(endpoint + " reads the results as the system: " + describe(calls), calls.stream()
                .anyMatch(c -> c.caller() == null && c.action().equals("indices:data/read/search") && c.touches(results)));
            assertFalse(endpoint + " needs no permission on the results index: " + describe(byCaller(calls, endpoint)), calls.stream()
                .anyMatch(c -> endpoint.equals(c.caller()) && c.touches(results)));
        }
        assertTrue(describe(byCaller(calls, "samples-in-place")), calls.stream().anyMatch(c -> "samples-in-place".equals(c.caller())
            && c.action().equals("indices:data/read/search") && c.touches("secured")));
        // The in-place run wrote into the dataset as the caller (a role without write on it could not).
        assertTrue(describe(byCaller(calls, "start-in-place-run")), calls.stream().anyMatch(c -> "start-in-place-run".equals(c.caller())
            && c.action().startsWith("indices:data/write/bulk") && c.touches("secured")));

        // The run records who started it.
        assertEquals(Map.of("name", "alice", "backend_roles", List.of("team-a", "team-b"), "roles", List.of("analyst")), run.get("user"));
    }

    private static boolean isPluginIndex(String index) {
        return index.startsWith(".text-insights-") || index.startsWith("text-insights-");
    }

    private static void assertCalled(List<Call> calls, String caller, String action) {
        assertTrue(caller + " runs " + action + ": " + describe(byCaller(calls, caller)), calls.stream()
            .anyMatch(c -> caller.equals(c.caller()) && c.action().equals(action) && c.touches("secured")));
    }

    private static List<Call> byCaller(List<Call> calls, String caller) {
        return calls.stream().filter(c -> caller.equals(c.caller())).toList();
    }

    private static String describe(List<Call> calls) {
        return calls.stream().map(c -> c.action() + c.indices() + "@" + c.caller()).collect(Collectors.joining(", ", "[", "]"));
    }

    private static Map<String, Object> call(String method, String path, String body, String caller) {
        Request request = new Request(method, path);
        if (body != null) {
            request.setJsonEntity(body);
        }
        request.setOptions(RequestOptions.DEFAULT.toBuilder().addHeader(CALLER, caller));
        try {
            Response response = getRestClient().performRequest(request);
            return json(response);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        }
    }

    /** 3 x 60 documents from three seeded blobs, far apart in angle. */
    private static String bulk() {
        Random random = new Random(7);
        StringBuilder bulk = new StringBuilder();
        for (int b = 0; b < 3; b++) {
            for (int i = 0; i < 60; i++) {
                StringBuilder vector = new StringBuilder();
                for (int d = 0; d < DIMENSION; d++) {
                    double centre = 1.0 + (d == 2 * b || d == 2 * b + 1 ? 6.0 : 0.0);
                    vector.append(d == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.5f", centre + 0.4 * random.nextGaussian()));
                }
                bulk.append("{\"index\": {\"_id\": \"b").append(b).append('-').append(i).append("\"}}\n");
                bulk.append(String.format(Locale.ROOT, "{\"text\": \"blob%d text %d\", \"label\": \"blob%d\", \"embedding\": [%s]}%n", b, i,
                    b, vector));
            }
        }
        return bulk.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }
}
