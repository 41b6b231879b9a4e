#!/usr/bin/env python3
"""End-to-end checks of runs on a real multi-node cluster: three OpenSearch processes on this machine (started by
scripts/cluster, all cluster-manager-eligible data nodes, datasets with one replica), and a separate one-node
reference (scripts/node). The tests run in order:

  1. two starts of a run on one dataset sent at the same moment to two different nodes (three rounds, the first one
     before the runs index exists): one run and one 409 naming it, no trace of the refused one, the lock gone after;
  2. k-means (seed, no projection) over 6 shards on 3 nodes gives the partition of the same data (the bundled AG News
     sample) on one node, document by document, up to renaming the cluster ids;
  3. results the results index acknowledges but does not keep (a pipeline drops one) fail the run: a run never reads
     completed with results missing;
  4. bulk indexing into the dataset through another node while a run runs: every item indexed (429s retried by the
     client), the final count is what was sent, the run's results are complete for what it saw;
  5. kill -9 of a data node that neither coordinates the run nor is the cluster manager, while the run writes its
     results: the run ends completed with every result searchable, or failed with a reason, its results index gone
     and its dataset free; the node comes back, the cluster goes green, a new run completes;
  6. the same, with the node started again at once (it comes back while the run still writes; it then holds no
     primary of the dataset, only results shards);
  7. kill -9 of the coordinating node (the elected cluster manager) mid-run, started again at once: the new cluster
     manager's sweeper records the run failed (node_left_exception), drops its results index, frees the dataset; a
     new run completes;
  8. a dead run whose recorded task id now names another live task (what a restarted node's ids come to do) is still
     recorded failed.

  python3 scripts/tests/e2e_cluster.py --name NAME --urls http://127.0.0.1:9540,http://127.0.0.1:9541,http://127.0.0.1:9542 \
      --reference-url http://127.0.0.1:9590 [-k test_5]

NAME is the cluster of scripts/cluster (the test kills and starts its nodes with it); node I of the cluster answers on
the I-th URL. The nodes need plugins.text_insights.run.stale_check_interval=1s. Standard library only. Prints
'N passed, N failed' last; exits 1 on any failure.
"""
import argparse
import collections
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
import unittest
import urllib.error
import urllib.request

from e2e_common import CLASSES, ROOT, SAMPLE

RUNS = "/_plugins/_text_insights/runs"
DATASETS = "/_plugins/_text_insights/datasets/"
AGNEWS = "cluster-agnews"      # the bundled AG News sample: 6 shards on the cluster, 1 on the reference node
BIG = "cluster-big"            # synthetic blobs, big enough that a run lasts while nodes die
BIG_DOCS = 40_000
BIG_DIM = 32
BLOBS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
SHARDS = 6
# Set by main().
CLUSTER = {"name": None, "urls": [], "reference": None}


# ------------------------------------------------------------------------------------------------------ HTTP
def call(url, path, method="GET", body=None, ndjson=None, timeout=120):
    """One request to the node at url; (status, parsed JSON body) for successes and HTTP errors alike."""
    data = ndjson.encode("utf-8") if ndjson is not None else (None if body is None else json.dumps(body).encode("utf-8"))
    headers = {"Content-Type": "application/x-ndjson" if ndjson is not None else "application/json"}
    request = urllib.request.Request(url + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as e:
        text = e.read().decode("utf-8")
        try:
            return e.code, json.loads(text or "{}")
        except ValueError:
            return e.code, {"raw": text}


def url(i):
    """HTTP address of node i (1-based)."""
    return CLUSTER["urls"][i - 1]


def node_name(i):
    return "%s-%d" % (CLUSTER["name"], i)


def node_index(name):
    return int(name.rsplit("-", 1)[1])


def scripts_cluster(*args, timeout=300):
    """scripts/cluster COMMAND --name NAME ARGS...; fails the test with its output when it fails."""
    command = [os.path.join(ROOT, "scripts", "cluster"), args[0], "--name", CLUSTER["name"]] + list(args[1:])
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    output = (result.stdout + result.stderr).strip()
    print("    $ scripts/cluster %s: %s" % (" ".join(args), output.splitlines()[-1] if output else ""), flush=True)
    if result.returncode != 0:
        raise AssertionError("scripts/cluster %s failed (%d):\n%s" % (" ".join(args), result.returncode, output))


def node_ids(at):
    """{node id: node name} of the nodes in the cluster, as the node at `at` sees it."""
    status, body = call(at, "/_nodes?filter_path=nodes.*.name")
    assert status == 200, body
    return {node_id: n["name"] for node_id, n in body["nodes"].items()}


def elected_manager(at):
    status, body = call(at, "/_cat/cluster_manager?format=json")
    assert status == 200, body
    return body[0]["node"]


def wait_for_health(at, status="yellow", nodes=3, seconds=180):
    code, body = call(at, "/_cluster/health?wait_for_status=%s&wait_for_nodes=%d&timeout=%ds" % (status, nodes, seconds),
                      timeout=seconds + 30)
    assert code == 200 and not body.get("timed_out"), "cluster not %s with %d nodes after %d s: %s" % (status, nodes, seconds, body)
    return body


def count(at, index, query=None):
    code, body = call(at, "/%s/_count" % index, "POST", {"query": query or {"match_all": {}}})
    assert code == 200, body
    assert body["_shards"]["failed"] == 0, "count over [%s] missed shards: %s" % (index, body["_shards"])
    return body["count"]


def run_status(at, run_id):
    code, body = call(at, RUNS + "/" + run_id)
    assert code == 200, (code, body)
    return body


def wait_for_end(at, run_id, seconds=400):
    deadline = time.time() + seconds
    while time.time() < deadline:
        body = run_status(at, run_id)
        if body.get("state") != "running":
            return body
        time.sleep(0.5)
    raise AssertionError("run %s still running after %d s: %s" % (run_id, seconds, brief(body)))


def wait_for_phase(at, run_id, phases, seconds=300):
    """Polls the run until its phase is one of `phases` (it must still be running then)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        body = run_status(at, run_id)
        if body.get("state") != "running" or body["progress"]["phase"] in phases:
            return body
        time.sleep(0.1)
    raise AssertionError("run %s never reached %s within %d s: %s" % (run_id, phases, seconds, brief(body)))


def start_run(at, body):
    code, started = call(at, RUNS + "?wait_for_completion=false", "POST", body)
    assert code == 200, (code, started)
    assert started["state"] == "running", started
    return started


def brief(run):
    """What a failure message needs of a run document (not its clusters, metrics and alerts)."""
    keys = ("run_id", "state", "task", "doc_count", "progress", "results", "error")
    return {k: run[k] for k in keys if k in run} if isinstance(run, dict) and "run_id" in run else run


def lock_doc(at, dataset):
    return call(at, "/.text-insights-runs/_doc/lock:%s" % dataset)


def wait_until(predicate, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise AssertionError("%s: not within %d s" % (what, seconds))


# ------------------------------------------------------------------------------------------------------ data
def blob_docs(seed, start, n, prefix):
    """n documents from 8 seeded Gaussian blobs in 32 dimensions (two dims per blob raised), ids prefix-<n>."""
    rng = random.Random(seed)
    docs = []
    for i in range(start, start + n):
        b = i % len(BLOBS)
        vector = [round((1.0 + (4.0 if d in (2 * b, 2 * b + 1) else 0.0)) + 0.6 * rng.gauss(0, 1), 4) for d in range(BIG_DIM)]
        words = [BLOBS[b]] * 2 + rng.sample(["market", "report", "today", "people", "city", "group", "season", "record"], 3)
        docs.append(("%s-%d" % (prefix, i), {"text": " ".join(words) + " %d" % i, "label": BLOBS[b], "embedding": vector}))
    return docs


class Bulk:
    """A client that indexes documents in bulk requests and retries each item refused with 429 (the only failure a
    client is expected to retry); it counts what it sent and what each item finally became."""

    def __init__(self, at, index):
        self.at, self.index = at, index
        self.indexed, self.retried, self.failures, self.requests = 0, 0, [], 0
        self.first_ack, self.last_ack = None, None

    def send(self, docs):
        pending = list(docs)
        backoff = 0.05
        for attempt in range(12):
            body = "".join(json.dumps({"index": {"_index": self.index, "_id": i}}) + "\n" + json.dumps(d) + "\n" for i, d in pending)
            code, response = call(self.at, "/_bulk", "POST", ndjson=body, timeout=300)
            self.requests += 1
            if code == 429:
                self.retried += len(pending)
                time.sleep(backoff)
                backoff *= 2
                continue
            assert code == 200, "bulk request answered %s: %s" % (code, str(response)[:500])
            again = []
            for (doc_id, doc), item in zip(pending, response["items"]):
                result = item["index"]
                if result["status"] in (200, 201):
                    self.indexed += 1
                elif result["status"] == 429:
                    again.append((doc_id, doc))
                else:
                    self.failures.append((doc_id, result["status"], result.get("error")))
            now = time.time()
            self.first_ack = self.first_ack or now
            self.last_ack = now
            self.retried += len(again)
            if not again:
                return
            pending = again
            time.sleep(backoff)
            backoff *= 2
        self.failures.extend((doc_id, 429, "still 429 after 12 attempts") for doc_id, _ in pending)


def create_dataset(at, index, dimension, shards, replicas, classes=None):
    call(at, DATASETS + index + "?delete_index=true", "DELETE")
    spec = {"dimension": dimension, "number_of_shards": shards, "number_of_replicas": replicas}
    if classes:
        spec["fields"] = {"classes": classes}
    code, body = call(at, DATASETS + index, "PUT", spec)
    assert code == 200, (code, body)


def load_sample(at, index):
    """The bundled AG News sample, through scripts/load; returns its (exit code, output)."""
    result = subprocess.run(
        [sys.executable, os.path.join(ROOT, "scripts", "load"), "--url", at, "--index", index,
         "--jsonl", os.path.join(SAMPLE, "samples.jsonl.gz"), "--vectors", os.path.join(SAMPLE, "embeddings.f16.npy"),
         "--refresh", "--quiet"], capture_output=True, text=True)
    return result.returncode, result.stdout + result.stderr


def shard_nodes(at, index, primaries_only=True):
    """{node name: number of (primary) shards of index it holds}; every listed shard must be started."""
    code, rows = call(at, "/_cat/shards/%s?format=json&h=index,shard,prirep,state,node" % index)
    assert code == 200, rows
    nodes = collections.Counter()
    for row in rows:
        if primaries_only and row["prirep"] != "p":
            continue
        assert row["state"] == "STARTED", rows
        nodes[row["node"]] += 1
    return nodes


def results_by_doc(at, run):
    """{doc id: cluster id} of a run, read from its results index with a plain search."""
    index = run["results"]["index"]
    code, body = call(at, "/%s/_search" % index, "POST", {
        "size": 10000, "_source": ["doc_id", "cluster_id"], "query": {"term": {"run_id": run["run_id"]}}})
    assert code == 200, body
    assert body["_shards"]["failed"] == 0, body["_shards"]
    return {hit["_source"]["doc_id"]: hit["_source"]["cluster_id"] for hit in body["hits"]["hits"]}


KMEANS = {"algorithm": {"name": "kmeans", "k": 8, "seed": 7}, "projection": {"name": "none"}}


class MultiNodeCluster(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        t0 = time.time()
        wait_for_health(url(1), "green")
        names = sorted(node_ids(url(1)).values())
        assert names == [node_name(i) for i in range(1, 4)], "the cluster's nodes are %s" % names
        for i in range(1, 4):
            code, body = call(url(i), "/")
            assert code == 200 and body["name"] == node_name(i), "node %d at %s is %s" % (i, url(i), body)
        create_dataset(url(1), AGNEWS, 384, SHARDS, 1, CLASSES)
        create_dataset(CLUSTER["reference"], AGNEWS, 384, 1, 0, CLASSES)
        create_dataset(url(1), BIG, BIG_DIM, SHARDS, 1)
        # The AG News sample into the cluster and the reference at once, the blobs meanwhile.
        loads = {}
        threads = [threading.Thread(target=lambda at=at: loads.__setitem__(at, load_sample(at, AGNEWS)))
                   for at in (url(2), CLUSTER["reference"])]
        for t in threads:
            t.start()
        bulk = Bulk(url(3), BIG)
        docs = blob_docs(42, 0, BIG_DOCS, "blob")
        for start in range(0, len(docs), 1000):
            bulk.send(docs[start:start + 1000])
        for t in threads:
            t.join()
        for at, (exit_code, output) in loads.items():
            assert exit_code == 0, "scripts/load into %s: %s" % (at, output)
        assert not bulk.failures, bulk.failures[:5]
        assert bulk.indexed == BIG_DOCS, bulk.indexed
        call(url(1), "/%s,%s/_refresh" % (AGNEWS, BIG), "POST")
        wait_for_health(url(1), "green")
        print("  setup: datasets loaded in %.0f s" % (time.time() - t0), flush=True)

    @classmethod
    def tearDownClass(cls):
        for at, index in ((url(1), AGNEWS), (url(1), BIG), (CLUSTER["reference"], AGNEWS)):
            try:
                call(at, DATASETS + index + "?delete_index=true", "DELETE")
            except OSError:
                pass

    def setUp(self):
        self.t0 = time.time()

    def tearDown(self):
        print("    (%.0f s)" % (time.time() - self.t0), flush=True)

    def run_ids(self, at, index):
        code, body = call(at, RUNS + "?index=%s&size=100" % index)
        if code == 404 and body.get("error", {}).get("type") == "index_not_found_exception":
            return set()  # no run yet, anywhere
        self.assertEqual(200, code, body)
        return {r["run_id"] for r in body["runs"]}

    def assert_complete(self, at, run, docs):
        """A completed run with one searchable result per document, through the dataset's results alias."""
        self.assertEqual("completed", run["state"], brief(run))
        self.assertEqual(docs, run["doc_count"], brief(run))
        self.assertEqual((docs, 0, "complete"), (run["results"]["written"], run["results"]["failures"], run["results"]["state"]),
                         run["results"])
        stored = count(at, run["results"]["alias"], {"term": {"run_id": run["run_id"]}})
        self.assertEqual(docs, stored, "completed run %s: %d results searchable through [%s], %d documents"
                         % (run["run_id"], stored, run["results"]["alias"], docs))

    def assert_failed_and_cleaned(self, at, run, dataset):
        """A failed run that says why, whose results index is gone and whose dataset is free."""
        self.assertEqual("failed", run["state"], brief(run))
        self.assertTrue(run.get("error", {}).get("reason"), "a failed run must say why: %s" % brief(run))
        self.assertEqual("discarded", run["results"]["state"], run["results"])
        index = run["results"]["index"]
        wait_until(lambda: call(at, "/%s/_count" % index)[0] == 404, 60, "the failed run's results index [%s] deleted" % index)
        wait_until(lambda: lock_doc(at, dataset)[0] == 404, 60, "the lock of [%s] released" % dataset)

    def another_run_completes(self, at, dataset):
        docs = count(at, dataset)
        code, run = call(at, RUNS + "?wait_for_completion=true", "POST", dict(KMEANS, index=dataset), timeout=600)
        self.assertEqual(200, code, brief(run))
        self.assert_complete(at, run, docs)

    # ------------------------------------------------------------------------------------------------ the checks
    def test_1_two_starts_at_once_on_two_nodes_give_one_run_and_one_409(self):
        code, _ = call(url(1), "/.text-insights-runs")
        print("    runs index before the first round: %s" % ("absent: the nodes also race to create it" if code == 404 else "present"))
        for a, b in ((1, 2), (2, 3), (3, 1)):
            before = self.run_ids(url(a), BIG)
            barrier = threading.Barrier(2)
            answers = {}

            def start(i):
                barrier.wait()
                answers[i] = call(url(i), RUNS + "?wait_for_completion=false", "POST", dict(KMEANS, index=BIG, write_back=False))

            threads = [threading.Thread(target=start, args=(i,)) for i in (a, b)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            statuses = sorted(answers[i][0] for i in (a, b))
            self.assertEqual([200, 409], statuses, "two starts at once on nodes %d and %d: %s" % (a, b, answers))
            winner = next(body for status, body in answers.values() if status == 200)
            loser = next(body for status, body in answers.values() if status == 409)
            self.assertIn("a run is already running on index [%s]: run [%s]" % (BIG, winner["run_id"]), loser["error"]["reason"])
            ended = wait_for_end(url(b), winner["run_id"])
            self.assertEqual("completed", ended["state"], brief(ended))
            self.assertEqual({winner["run_id"]}, self.run_ids(url(b), BIG) - before, "one run, no trace of the refused one")
            self.assertEqual(404, lock_doc(url(a), BIG)[0], "the finished run's lock is gone")
            print("    nodes %d and %d: %s got run %s, the other 409" % (a, b, node_name([i for i in (a, b) if answers[i][0] == 200][0]),
                                                                        winner["run_id"]))

    def test_2_six_shards_on_three_nodes_give_the_partition_of_one_node(self):
        spread = shard_nodes(url(1), AGNEWS)
        self.assertEqual(3, len(spread), "primaries of [%s] on every node: %s" % (AGNEWS, spread))
        body = dict(KMEANS, index=AGNEWS, algorithm={"name": "kmeans", "k": 4, "seed": 42})
        code, multi = call(url(2), RUNS + "?wait_for_completion=true", "POST", body, timeout=600)
        self.assertEqual(200, code, multi)
        code, single = call(CLUSTER["reference"], RUNS + "?wait_for_completion=true", "POST", body, timeout=600)
        self.assertEqual(200, code, single)
        self.assert_complete(url(1), multi, 5000)
        self.assert_complete(CLUSTER["reference"], single, 5000)
        self.assertGreaterEqual(len(shard_nodes(url(1), multi["results"]["index"])), 2, "results written from several nodes")
        a, b = results_by_doc(url(1), multi), results_by_doc(CLUSTER["reference"], single)
        self.assertEqual(5000, len(a))
        self.assertEqual(set(a), set(b), "the same documents have results")
        renaming = collections.Counter((a[d], b[d]) for d in a)
        mapping = {}
        for (x, y), n in renaming.most_common():
            mapping.setdefault(x, y)
        moved = [d for d in a if mapping[a[d]] != b[d]]
        self.assertEqual(4, len(set(mapping.values())), "a one-to-one renaming of the 4 clusters: %s" % renaming)
        self.assertEqual([], moved[:20], "%d of 5000 documents are in another cluster on 6 shards than on one node (pairs %s)"
                         % (len(moved), dict(renaming)))
        print("    6 shards on 3 nodes -> 1 node: clusters %s, sizes %s" % (mapping, sorted(collections.Counter(a.values()).values())))

    def test_3_results_a_pipeline_drops_fail_the_run(self):
        # Results that the results index acknowledges but does not keep (here: a pipeline drops one; on a cluster: a
        # node holding results shards killed and back while the run writes, see test 6) must not read completed.
        code, body = call(url(1), "/_ingest/pipeline/cluster-drop-one", "PUT", {"processors": [
            {"drop": {"if": "ctx.doc_id == 'agnews-train-00001'"}}]})
        self.assertEqual(200, code, body)
        code, body = call(url(1), "/_index_template/cluster-drop-one", "PUT", {
            "index_patterns": ["text-insights-results-%s-*" % AGNEWS], "priority": 1000,
            "template": {"settings": {"index.default_pipeline": "cluster-drop-one"}}})
        self.assertEqual(200, code, body)
        try:
            code, ids = call(url(1), "/%s/_search" % AGNEWS, "POST", {"size": 1, "query": {"ids": {"values": ["agnews-train-00001"]}}})
            self.assertEqual(1, ids["hits"]["total"]["value"], "the sample has the document the pipeline drops: %s" % ids)
            code, answer = call(url(3), RUNS + "?wait_for_completion=true", "POST", dict(KMEANS, index=AGNEWS), timeout=600)
            # A failed run answers a waiting start with its reason and status (ours: 500), naming the run.
            self.assertEqual(500, code, brief(answer))
            failed = re.match(r"run \[(\w+)\] failed: ", answer.get("error", {}).get("reason", ""))
            self.assertTrue(failed, answer)
            run = run_status(url(1), failed.group(1))
            self.assertEqual(("failed", "write_back_exception"), (run["state"], run.get("error", {}).get("type")), brief(run))
            self.assertIn("holds 4999 results of 5000 documents, though 5000 were acknowledged", run["error"]["reason"])
            self.assert_failed_and_cleaned(url(2), run, AGNEWS)
            print("    failed: %s" % run["error"]["reason"])
        finally:
            call(url(1), "/_index_template/cluster-drop-one", "DELETE")
            call(url(1), "/_ingest/pipeline/cluster-drop-one", "DELETE")

    def test_4_bulk_indexing_during_a_run_loses_nothing(self):
        before = count(url(1), BIG)
        started = start_run(url(1), dict(KMEANS, index=BIG))
        done = threading.Event()
        bulk = Bulk(url(2), BIG)
        errors = []

        def index_while_running():
            try:
                start = 0
                while not done.is_set() and start < 30_000:
                    bulk.send(blob_docs(99, start, 100, "extra"))
                    start += 100
            except Exception as e:  # reported below
                errors.append(e)

        writer = threading.Thread(target=index_while_running)
        writer.start()
        seen_running_after_ack = False
        try:
            deadline = time.time() + 400
            while time.time() < deadline:
                run = run_status(url(3), started["run_id"])
                if run["state"] != "running":
                    break
                seen_running_after_ack = seen_running_after_ack or bulk.first_ack is not None
                time.sleep(0.3)
        finally:
            done.set()
            writer.join()
        self.assertEqual([], errors)
        self.assertEqual([], bulk.failures[:10], "%d bulk items failed" % len(bulk.failures))
        sent = bulk.indexed
        self.assertTrue(seen_running_after_ack, "the run was still running once the first bulk request was answered")
        code, body = call(url(1), "/%s/_refresh" % BIG, "POST")
        self.assertEqual(200, code, body)
        self.assertEqual(before + sent, count(url(3), BIG), "every document indexed during the run is there")
        self.assertTrue(before <= run["doc_count"] <= before + sent, (before, sent, run["doc_count"]))
        self.assert_complete(url(1), run, run["doc_count"])
        print("    %d documents indexed in %d bulk requests during the run (%d items retried after 429); the run saw %d"
              % (sent, bulk.requests, bulk.retried, run["doc_count"]))

    def move_primaries_off(self, victim):
        """Relocates the dataset's primaries on node `victim` to the node holding no copy of their shard (rebalancing
        is off meanwhile, so nothing moves back): the victim then holds only replicas of the dataset."""
        code, rows = call(url(1), "/_cat/shards/%s?format=json&h=shard,prirep,node" % BIG)
        self.assertEqual(200, code, rows)
        copies = collections.defaultdict(set)
        for row in rows:
            copies[row["shard"]].add(row["node"])
        for row in rows:
            if row["prirep"] == "p" and row["node"] == node_name(victim):
                target = next(node_name(i) for i in (1, 2, 3) if node_name(i) not in copies[row["shard"]])
                code, body = call(url(1), "/_cluster/reroute", "POST", {"commands": [{"move": {
                    "index": BIG, "shard": int(row["shard"]), "from_node": node_name(victim), "to_node": target}}]})
                self.assertEqual(200, code, body)
        code, body = call(url(1), "/_cluster/health/%s?wait_for_no_relocating_shards=true&wait_for_status=green&timeout=120s" % BIG)
        self.assertEqual((200, False), (code, body.get("timed_out")), body)
        self.assertEqual(0, shard_nodes(url(1), BIG).get(node_name(victim), 0), "no primary of [%s] left on the victim" % BIG)

    def kill_mid_run(self, restart_at_once):
        """Kills a node that neither coordinates the run nor is the cluster manager, while the run assigns and writes."""
        manager = node_index(elected_manager(url(1)))
        others = [i for i in (1, 2, 3) if i != manager]
        # The victim: the one holding fewer primaries of the dataset (none, when started again at once: its results
        # shards then die and come back while its dataset shards are not needed, and the run may go on), the
        # coordinator the other one.
        primaries = shard_nodes(url(1), BIG)
        others.sort(key=lambda i: primaries.get(node_name(i), 0))
        victim, coordinator = others
        if restart_at_once:
            self.move_primaries_off(victim)
            primaries = shard_nodes(url(1), BIG)
        docs = count(url(coordinator), BIG)
        started = start_run(url(coordinator), dict(KMEANS, index=BIG))
        run = wait_for_phase(url(coordinator), started["run_id"], ("assigning",))
        self.assertEqual("running", run["state"], "the run must still run when the node dies: %s" % brief(run))
        results = shard_nodes(url(coordinator), started["results"]["index"])
        time.sleep(1.5)  # results written and acknowledged on every node
        scripts_cluster("kill", "--node", str(victim))
        killed = time.time()
        restart = None
        if restart_at_once:
            restart = subprocess.Popen([os.path.join(ROOT, "scripts", "cluster"), "start-node", "--name", CLUSTER["name"],
                                        "--node", str(victim)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        print("    coordinator %s, manager %s; killed %s (dataset primaries %d, results primaries %d) in phase assigning%s"
              % (node_name(coordinator), node_name(manager), node_name(victim), primaries.get(node_name(victim), 0),
                 results.get(node_name(victim), 0), ", starting it again at once" if restart_at_once else ""), flush=True)
        try:
            ended = wait_for_end(url(coordinator), started["run_id"])
            print("    the run ended %s %.0f s after the kill: %s" % (ended["state"], time.time() - killed,
                  (ended.get("error") or {}).get("reason", "")[:300] or "results %s" % ended["results"]), flush=True)
            if ended["state"] == "completed":
                self.assert_complete(url(coordinator), ended, docs)
            else:
                self.assert_failed_and_cleaned(url(coordinator), ended, BIG)
        finally:
            # the victim comes back whatever the run did, for the next checks
            if restart is not None:
                output = restart.communicate(timeout=300)[0]
                self.assertEqual(0, restart.returncode, output)
            else:
                scripts_cluster("start-node", "--node", str(victim))
        health = wait_for_health(url(victim), "green")
        print("    %s back, cluster %s" % (node_name(victim), health["status"]))
        self.another_run_completes(url(victim), BIG)

    def test_5_kill_of_a_data_node_mid_run(self):
        self.kill_mid_run(restart_at_once=False)

    def test_6_kill_and_quick_restart_of_a_data_node_mid_run(self):
        code, body = call(url(1), "/_cluster/settings", "PUT", {"transient": {"cluster.routing.rebalance.enable": "none"}})
        self.assertEqual(200, code, body)
        try:
            self.kill_mid_run(restart_at_once=True)
        finally:
            call(url(1), "/_cluster/settings", "PUT", {"transient": {"cluster.routing.rebalance.enable": None}})

    def test_7_restart_of_the_coordinating_node_mid_run(self):
        coordinator = node_index(elected_manager(url(1)))
        other = 1 if coordinator != 1 else 2
        started = start_run(url(coordinator), dict(KMEANS, index=BIG))
        run = wait_for_phase(url(coordinator), started["run_id"], ("assigning",))
        self.assertEqual("running", run["state"], brief(run))
        self.assertTrue(started["task"].startswith(next(i for i, n in node_ids(url(other)).items() if n == node_name(coordinator))),
                        "the run's task runs on the node it was started on: %s" % started["task"])
        code, _ = call(url(other), "/%s/_count" % started["results"]["index"])
        self.assertIn(code, (200, 503), "the run's results index exists while it writes")
        scripts_cluster("kill", "--node", str(coordinator))
        killed = time.time()
        restart = subprocess.Popen([os.path.join(ROOT, "scripts", "cluster"), "start-node", "--name", CLUSTER["name"],
                                    "--node", str(coordinator)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

        def recorded_failed():
            status, doc = call(url(other), "/.text-insights-runs/_doc/" + started["run_id"])
            return status == 200 and doc["_source"]["state"] == "failed"

        try:
            wait_until(recorded_failed, 120, "run %s recorded failed by the sweeper" % started["run_id"])
            swept = time.time() - killed
            ended = run_status(url(other), started["run_id"])
            self.assertEqual("node_left_exception", ended.get("error", {}).get("type"), brief(ended))
            self.assertRegex(ended["error"]["reason"], r"left the cluster|no longer exists")
            self.assert_failed_and_cleaned(url(other), ended, BIG)
            print("    killed %s (coordinator and cluster manager); recorded failed %.1f s later by %s: %s"
                  % (node_name(coordinator), swept, elected_manager(url(other)), ended["error"]["reason"]), flush=True)
        finally:
            output = restart.communicate(timeout=300)[0]
        self.assertEqual(0, restart.returncode, output)
        wait_for_health(url(coordinator), "green")
        self.another_run_completes(url(coordinator), BIG)

    def test_8_a_task_id_that_names_another_task_does_not_keep_a_dead_run_running(self):
        # After a restart a node counts its task ids from 1 again: the id a dead run recorded comes to name another
        # task. Here that other task is a real, live run on another dataset; the dead run is what a node that died
        # mid-run leaves behind (its document, still running). The sweeper must not take the live task for it.
        started = start_run(url(2), dict(KMEANS, index=BIG))
        ghost = "cluster-ghost-run"
        code, body = call(url(1), "/.text-insights-runs/_doc/%s?refresh=true" % ghost, "PUT", {
            "run_id": ghost, "index": AGNEWS, "state": "running", "task": started["task"],
            "created_at": int(time.time() * 1000), "progress": {"phase": "clustering", "percent": 30}})
        self.assertIn(code, (200, 201), body)
        try:
            code, task = call(url(3), "/_tasks/" + started["task"])
            self.assertEqual((200, started["run_id"]), (code, task["task"]["status"]["run_id"]), "the task is alive, another run's")

            deadline = time.time() + 60
            while True:
                status, doc = call(url(3), "/.text-insights-runs/_doc/" + ghost)
                if status == 200 and doc["_source"]["state"] == "failed":
                    break
                live = run_status(url(2), started["run_id"])["state"]
                self.assertEqual("running", live, "the dead run still read running when the live run whose task id it "
                                 "recorded ended (%s): the sweeper took that task for the dead run's" % live)
                self.assertLess(time.time(), deadline, "the dead run not recorded failed within 60 s")
                time.sleep(0.5)
            self.assertEqual("running", run_status(url(2), started["run_id"])["state"], "the live run is untouched")
            ghost_run = run_status(url(3), ghost)
            self.assertEqual("node_left_exception", ghost_run.get("error", {}).get("type"), brief(ghost_run))
            self.assertIn("now names another task", ghost_run["error"]["reason"])
            print("    %s" % ghost_run["error"]["reason"])
        finally:
            call(url(1), RUNS + "/" + ghost, "DELETE")
        self.assert_complete(url(2), wait_for_end(url(2), started["run_id"]), count(url(2), BIG))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--name", required=True, help="the cluster's name in scripts/cluster")
    parser.add_argument("--urls", required=True, help="HTTP addresses of nodes 1, 2, 3, comma-separated")
    parser.add_argument("--reference-url", required=True, help="HTTP address of a separate one-node cluster")
    parser.add_argument("-k", dest="patterns", action="append", default=[],
                        help="only the tests whose name contains this (repeatable), e.g. -k test_8; setup runs anyway")
    args = parser.parse_args()
    CLUSTER.update(name=args.name, urls=[u.rstrip("/") for u in args.urls.split(",")], reference=args.reference_url.rstrip("/"))
    if len(CLUSTER["urls"]) != 3:
        parser.error("--urls needs the addresses of the 3 nodes")
    loader = unittest.TestLoader()
    loader.testNamePatterns = ["*%s*" % p for p in args.patterns] or None
    result = unittest.TextTestRunner(verbosity=2).run(loader.loadTestsFromTestCase(MultiNodeCluster))
    failed = len(result.failures) + len(result.errors)
    print("e2e cluster: %d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(0 if failed == 0 and result.testsRun > 0 else 1)


if __name__ == "__main__":
    main()
