#!/usr/bin/env python3
"""End-to-end checks of clustering runs on a real node, with the bundled AG News sample in a 1-shard and a 3-shard
dataset: determinism across shard counts, auto with the 2-D map, hdbscan, the 409 for a second run, cancellation
through the tasks API, and the written-back fields.

  python3 scripts/tests/e2e_runs.py --url http://127.0.0.1:9250

Standard library only. Prints 'N passed, N failed' last; exits 1 on any failure.
"""
import collections
import gzip
import json
import math
import os
import time
import unittest

from e2e_common import results_of, snapshot, SAMPLE, call, create_and_load, delete_dataset, main

ONE, THREE = "e2e-runs-1", "e2e-runs-3"




def comb2(n):
    return n * (n - 1) / 2


def ari(a, b):
    """Adjusted Rand index, computed here independently of the plugin's own metrics."""
    pairs = collections.Counter(zip(a, b))
    rows = collections.Counter(a)
    cols = collections.Counter(b)
    index = sum(comb2(n) for n in pairs.values())
    sum_rows = sum(comb2(n) for n in rows.values())
    sum_cols = sum(comb2(n) for n in cols.values())
    expected = sum_rows * sum_cols / comb2(len(a))
    maximum = (sum_rows + sum_cols) / 2
    return 1.0 if maximum == expected else (index - expected) / (maximum - expected)


def nmi(a, b):
    n = len(a)
    pa, pb, pab = collections.Counter(a), collections.Counter(b), collections.Counter(zip(a, b))
    mi = sum(c / n * math.log((c / n) / (pa[x] / n * pb[y] / n)) for (x, y), c in pab.items())
    ha = -sum(c / n * math.log(c / n) for c in pa.values())
    hb = -sum(c / n * math.log(c / n) for c in pb.values())
    return 0.0 if ha + hb == 0 else 2 * mi / (ha + hb)


def run(body, wait=True):
    return call("/_plugins/_text_insights/runs" + ("?wait_for_completion=true" if wait else ""), "POST", body)


def wait_for_end(run_id, seconds=300):
    deadline = time.time() + seconds
    while time.time() < deadline:
        status, body = call("/_plugins/_text_insights/runs/" + run_id)
        if body.get("state") != "running":
            return body
        time.sleep(0.5)
    raise AssertionError("run %s still running after %d s" % (run_id, seconds))


class RunsEndToEnd(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        with gzip.open(os.path.join(SAMPLE, "samples.jsonl.gz"), "rt", encoding="utf-8") as f:
            ids = [row["id"] for row in map(json.loads, f)]
        with open(os.path.join(SAMPLE, "clean_labels.txt"), encoding="utf-8") as f:
            # The original AG News labels: the logged ones carry 10% deliberate flips.
            cls.gold = dict(zip(ids, (line.strip() for line in f)))
        for index, shards in ((ONE, 1), (THREE, 3)):
            exit_code, output = create_and_load(index, shards)
            assert exit_code == 0, output

    @classmethod
    def tearDownClass(cls):
        for index in (ONE, THREE):
            delete_dataset(index)

    def test_kmeans_is_the_same_on_one_and_three_shards(self):
        body = {"algorithm": {"name": "kmeans", "k": 4, "seed": 42}, "projection": {"name": "none"}}
        status, one = run(dict(body, index=ONE))
        self.assertEqual(200, status, one)
        status, three = run(dict(body, index=THREE))
        self.assertEqual(200, status, three)
        self.assertEqual("completed", three["state"])
        self.assertEqual(5000, three["doc_count"])
        self.assertEqual(4, three["cluster_count"])
        a, b = results_of(one), results_of(three)
        self.assertEqual(5000, len(a))
        self.assertEqual(5000, len(b))
        ids = sorted(a)
        agreement = ari([a[i]["cluster_id"] for i in ids], [b[i]["cluster_id"] for i in ids])
        self.assertGreaterEqual(agreement, 0.99)
        quality = nmi([self.gold[i] for i in ids], [b[i]["cluster_id"] for i in ids])
        # scikit-learn KMeans(k=4, n_init=5) on the same 5,000 embeddings: NMI 0.578-0.582 for seeds 0-2.
        self.assertGreater(quality, 0.55, "NMI %.3f" % quality)

    def test_auto_with_the_map(self):
        before = snapshot(THREE)
        status, body = run({"index": THREE, "projection": {"name": "umap", "sample_size": 2000}})
        self.assertEqual(200, status, body)
        self.assertEqual("completed", body["state"])
        self.assertTrue(4 <= body["cluster_count"] <= 30, body["cluster_count"])
        self.assertIn("projection", body["took_ms"])
        docs = results_of(body)
        self.assertEqual(5000, len(docs))
        for source in docs.values():
            self.assertTrue(math.isfinite(source["x"]) and math.isfinite(source["y"]))
        for cluster in body["clusters"]:
            self.assertIsNotNone(cluster["x"])
            self.assertGreater(len(cluster["representative_ids"]), 0)
        ids = sorted(docs)
        quality = nmi([self.gold[i] for i in ids], [docs[i]["cluster_id"] for i in ids])
        self.assertGreater(quality, 0.50, "NMI %.3f" % quality)
        # The run read the dataset and wrote only its own index: every document is as it was, byte for byte.
        self.assertEqual(before, snapshot(THREE))

    def test_hdbscan_marks_noise_and_keeps_it_bounded(self):
        status, body = run({"index": THREE, "algorithm": {"name": "hdbscan"}, "projection": {"name": "none"}})
        self.assertEqual(200, status, body)
        self.assertEqual("completed", body["state"])
        self.assertGreaterEqual(body["cluster_count"], 2)
        self.assertLessEqual(body["noise_count"], 0.3 * body["doc_count"])
        docs = results_of(body)
        noise = sum(1 for s in docs.values() if s["cluster_id"] == -1)
        self.assertEqual(body["noise_count"], noise)

    def test_second_run_is_409_and_cancel_ends_it(self):
        status, started = run({"index": ONE, "projection": {"name": "umap", "sample_size": 5000}}, wait=False)
        self.assertEqual(200, status, started)
        self.assertEqual("running", started["state"])
        status, conflict = run({"index": ONE, "algorithm": {"name": "kmeans", "k": 2}})
        self.assertEqual(409, status, conflict)
        self.assertIn("a run is already running on index [%s]" % ONE, conflict["error"]["reason"])
        status, task = call("/_tasks/" + started["task"])
        self.assertEqual(200, status, task)
        self.assertEqual(started["run_id"], task["task"]["status"]["run_id"])
        status, cancelled = call("/_tasks/%s/_cancel" % started["task"], "POST")
        self.assertEqual(200, status, cancelled)
        ended = wait_for_end(started["run_id"])
        self.assertEqual("cancelled", ended["state"], ended)
        self.assertEqual("task_cancelled_exception", ended["error"]["type"])
        # The index is free again.
        status, after = run({"index": ONE, "algorithm": {"name": "kmeans", "k": 2}, "projection": {"name": "none"}, "write_back": False})
        self.assertEqual(200, status, after)
        self.assertEqual("completed", after["state"])

    def test_cancelled_while_writing_leaves_no_results(self):
        # Each result goes through a deliberately slow pipeline (a template gives this dataset's results indices one),
        # one result per bulk request, one request in flight: the write lasts long enough to be cancelled midway.
        busy = {"script": {"source": "long s = 0; for (int i = 0; i < 900000; i++) { s += i ^ (s >>> 3); } if (s == 42) { ctx.x = 1 }"}}
        status, body = call("/_ingest/pipeline/e2e-slow", "PUT", {"processors": [busy] * 10})
        self.assertEqual(200, status, body)
        status, body = call("/_index_template/e2e-slow-results", "PUT", {
            "index_patterns": ["text-insights-results-%s-*" % THREE], "priority": 1000,
            "template": {"settings": {"index.default_pipeline": "e2e-slow"}}})
        self.assertEqual(200, status, body)
        slow = {"plugins.text_insights.run.write_batch_size": 1, "plugins.text_insights.results.write_requests_in_flight": 1}
        status, body = call("/_cluster/settings", "PUT", {"transient": slow})
        self.assertEqual(200, status, body)
        try:
            status, started = run({"index": THREE, "algorithm": {"name": "kmeans", "k": 4}, "projection": {"name": "none"}}, wait=False)
            self.assertEqual(200, status, started)
            index = started["results"]["index"]
            deadline = time.time() + 120
            while time.time() < deadline:
                status, doc = call("/_plugins/_text_insights/runs/" + started["run_id"])
                if doc["progress"]["phase"] == "assigning" or doc["state"] != "running":
                    break
                time.sleep(0.1)
            self.assertEqual(("running", "assigning"), (doc["state"], doc["progress"]["phase"]), doc)
            time.sleep(1.0)  # some results written
            status, cancelled = call("/_tasks/%s/_cancel" % started["task"], "POST")
            self.assertEqual(200, status, cancelled)
            ended = wait_for_end(started["run_id"])
            self.assertEqual("cancelled", ended["state"], ended)
            self.assertEqual("discarded", ended["results"]["state"], ended["results"])
            status, _ = call("/%s/_count" % index)
            self.assertEqual(404, status, "the cancelled run's results index must be gone")
            status, clusters = call("/text-insights-clusters/_count", "POST", {"query": {"term": {"run_id": started["run_id"]}}})
            self.assertEqual(0, clusters.get("count", 0), clusters)
            status, body = call("/_plugins/_text_insights/runs/%s/samples" % started["run_id"])
            self.assertEqual(409, status, body)
        finally:
            call("/_cluster/settings", "PUT", {"transient": {k: None for k in slow}})
            call("/_index_template/e2e-slow-results", "DELETE")
            call("/_ingest/pipeline/e2e-slow", "DELETE")

    def test_a_stale_lock_is_taken_over(self):
        # What a node that died while holding a dataset leaves behind: its lock. A start takes it over, whether the
        # holder's node left the cluster or its task no longer exists.
        status, nodes = call("/_nodes/_local")
        local = next(iter(nodes["nodes"]))
        for holder in ({"node": "gone-node", "task": None}, {"node": local, "task": local + ":999999999"}):
            lock = dict(holder, dataset=ONE, kind="run", owner="ghost-run", since=int(time.time() * 1000) - 3600_000)
            status, body = call("/.text-insights-runs/_doc/lock:%s?refresh=true" % ONE, "PUT", lock)
            self.assertIn(status, (200, 201), body)
            status, after = run({"index": ONE, "algorithm": {"name": "kmeans", "k": 2}, "projection": {"name": "none"},
                                 "write_back": False})
            self.assertEqual((200, "completed"), (status, after.get("state")), after)
        # ... and a finished run leaves no lock behind.
        status, body = call("/.text-insights-runs/_doc/lock:%s" % ONE)
        self.assertEqual(404, status, body)

    def test_a_running_run_whose_task_is_gone_reads_failed(self):
        # What a coordinating node that died mid-run leaves behind: a run document still saying "running". A real run
        # first, so that the plugin creates its runs index with its own mapping (a bare PUT into a missing index would
        # create it with dynamic mappings, run_id as text, and break sorting runs for every later test).
        status, first = run({"index": ONE, "algorithm": {"name": "kmeans", "k": 2}, "projection": {"name": "none"}, "write_back": False})
        self.assertEqual(200, status, first)
        status, body = call("/.text-insights-runs/_doc/stale-run?refresh=true", "PUT", {
            "run_id": "stale-run", "index": ONE, "state": "running", "task": "gone-node:42",
            "created_at": int(time.time() * 1000), "progress": {"phase": "clustering", "percent": 30}})
        self.assertIn(status, (200, 201), body)
        # Reading it says failed at once (and writes nothing) ...
        status, run_doc = call("/_plugins/_text_insights/runs/stale-run")
        self.assertEqual(200, status, run_doc)
        self.assertEqual("failed", run_doc["state"])
        self.assertEqual("node_left_exception", run_doc["error"]["type"])
        # ... and the cluster manager records it so, read or not.
        status, body = call("/_cluster/settings", "PUT", {"transient": {"plugins.text_insights.run.stale_check_interval": "1s"}})
        self.assertEqual(200, status, body)
        try:
            deadline = time.time() + 30
            while time.time() < deadline:
                status, again = call("/.text-insights-runs/_doc/stale-run")
                if again["_source"]["state"] != "running":
                    break
                time.sleep(0.5)
            self.assertEqual("failed", again["_source"]["state"], again)
            self.assertEqual("node_left_exception", again["_source"]["error"]["type"])
        finally:
            call("/_cluster/settings", "PUT", {"transient": {"plugins.text_insights.run.stale_check_interval": None}})
        call("/_plugins/_text_insights/runs/stale-run", "DELETE")




if __name__ == "__main__":
    main(RunsEndToEnd, "e2e runs", __doc__)
