#!/usr/bin/env python3
"""End-to-end checks of LLM cluster summaries on a real node whose keystore holds an API key, against a local
chat-completions server (fake_openai.py, started here on the node's configured base URL): a run with good summaries,
then _summarize with a malformed answer, 429 then 200, a server that hangs past the timeout, and a 401; a key changed in
the keystore and reloaded (POST _nodes/reload_secure_settings) is used at once; a run with summaries against a server
that closes every connection after its answer (HTTP/1.0) titles every cluster, and dropped connections are retried;
and neither key appears in any run document, cluster document, response or node log.

The node must have been started with
  --setting plugins.text_insights.llm.base_url=http://127.0.0.1:LLM_PORT/v1 --setting plugins.text_insights.llm.timeout=2s
  --keystore-file plugins.text_insights.llm.api_key=KEY_FILE
(scripts/test does this).

  python3 scripts/tests/e2e_summaries.py --url http://127.0.0.1:9250 --llm-port 9310 --key-file KEY_FILE --logs DIR

Standard library only. Prints 'N passed, N failed' last; exits 1 on any failure.
"""
import argparse
import json
import os
import pwd
import subprocess
import sys
import time
import unittest

from e2e_common import call, create_and_load, delete_dataset, main
from fake_openai import FakeOpenAI

INDEX = "e2e-summaries"
ARGS = {}
# Every response body the node gave in these tests, for the key check at the end.
SEEN = []


def node(path, method="GET", body=None):
    status, answer = call(path, method, body)
    SEEN.append(json.dumps(answer))
    return status, answer


def summarize(run_id, body=None):
    return node("/_plugins/_text_insights/runs/%s/_summarize" % run_id, "POST", body or {})


def cluster_docs(run_id):
    status, body = node("/text-insights-clusters/_search", "POST", {
        "size": 100, "query": {"term": {"run_id": run_id}}, "sort": [{"cluster_id": "asc"}]})
    assert status == 200, body
    return [hit["_source"] for hit in body["hits"]["hits"]]


def labelled(label, run_id):
    """Results of the run whose cluster label is `label` (in the dataset's alias of results indices)."""
    status, body = node("/text-insights-results-%s/_count" % INDEX, "POST", {"query": {"bool": {"filter": [
        {"term": {"cluster_label": label}}, {"term": {"run_id": run_id}}]}}})
    assert status == 200, body
    return body["count"]


class SummariesTest(unittest.TestCase):
    run_id = None

    @classmethod
    def setUpClass(cls):
        cls.key = open(ARGS["key_file"]).readline().strip()
        assert len(cls.key) >= 16, "the test key is too short to be searched for meaningfully"
        cls.keys = [cls.key]
        cls.llm = FakeOpenAI(ARGS["llm_port"]).start()
        code, output = create_and_load(INDEX, 1, limit=1000)
        assert code == 0, output

    @classmethod
    def tearDownClass(cls):
        cls.llm.stop()
        delete_dataset(INDEX)

    def setUp(self):
        self.llm.set_mode("good")
        self.llm.set_connections("keep_alive")
        self.llm.clear()

    def test_1_a_run_with_summaries_titles_its_clusters_and_samples(self):
        status, run = node("/_plugins/_text_insights/runs?wait_for_completion=true", "POST", {
            "index": INDEX, "algorithm": {"name": "kmeans", "k": 4, "seed": 42}, "projection": {"name": "none"},
            "summaries": {"enabled": True, "samples_per_cluster": 6, "n_labels": 2, "context": "AG News headlines"}})
        self.assertEqual(200, status, run)
        self.assertEqual("completed", run["state"], run.get("error"))
        SummariesTest.run_id = run["run_id"]
        s = run["summaries"]
        self.assertEqual((4, 4, 0, "fake-model-1"), (s["requested"], s["succeeded"], s["failed"], s["model_name"]))
        self.assertIn("summarizing", run["took_ms"])
        docs = cluster_docs(self.run_id)
        self.assertEqual(4, len(docs))
        total = 0
        for doc in docs:
            self.assertEqual("About " + doc["words"][0], doc["title"])
            self.assertEqual(doc["title"], doc["label"])
            self.assertEqual(["label 1", "label 2"], doc["labels"])
            self.assertEqual("fake-model-1", doc["model_name"])
            self.assertIsNone(doc.get("error"))
            self.assertEqual(doc["size"], labelled(doc["label"], self.run_id))
            total += doc["size"]
        self.assertEqual(1000, total)
        # what was sent: one call per cluster, the key only as the bearer token, the samples delimited
        requests = self.llm.recorded()
        self.assertEqual(4, len(requests))
        for r in requests:
            self.assertEqual("/v1/chat/completions", r["path"])
            self.assertEqual("Bearer " + self.key, r["headers"]["Authorization"])
            self.assertFalse([h for h in r["headers"] if h.lower().startswith("x-stainless")], r["headers"])
            self.assertNotIn(self.key, r["body"])
            body = json.loads(r["body"])
            self.assertEqual("gpt-4o-mini", body["model"])
            user = body["messages"][1]["content"]
            self.assertIn("<context>AG News headlines</context>", user)
            self.assertEqual(user.count("<sample id="), user.count("</sample>"))
            self.assertTrue(1 <= user.count("<sample id=") <= 6, user)
            self.assertIn("json_schema", body["response_format"]["type"])

    def test_2_a_malformed_answer_is_each_cluster_s_error_and_default_label(self):
        self.llm.set_mode("malformed")
        status, answer = summarize(self.run_id, {"default_label": "Misc"})
        self.assertEqual(200, status, answer)
        s = answer["summaries"]
        self.assertEqual((4, 0, 4, {"malformed_answer": 4}), (s["requested"], s["succeeded"], s["failed"], s["errors"]))
        for doc in cluster_docs(self.run_id):
            self.assertEqual("Misc", doc["label"])
            self.assertEqual("malformed_answer", doc["error"]["type"])
            self.assertTrue(doc["error"]["message"].startswith("the answer is not valid JSON"), doc["error"])
            self.assertIsNone(doc["title"])
        self.assertEqual(1000, labelled("Misc", self.run_id))
        status, run = node("/_plugins/_text_insights/runs/" + self.run_id)
        self.assertEqual(4, run["summaries"]["failed"])
        self.assertEqual({"Misc"}, {c["label"] for c in run["clusters"]})

    def test_3_429_then_200_is_retried(self):
        self.llm.set_mode("rate_limit_then_ok", failures=2)
        status, answer = summarize(self.run_id)
        self.assertEqual(200, status, answer)
        self.assertEqual(4, answer["summaries"]["succeeded"], answer)
        self.assertEqual(6, len(self.llm.recorded()))  # two 429s, then four answers
        for c in answer["clusters"]:
            self.assertEqual(c["title"], c["label"])

    def test_4_a_server_that_hangs_times_out(self):
        self.llm.set_mode("hang")
        start = time.time()
        status, answer = summarize(self.run_id)
        took = time.time() - start
        self.assertEqual(200, status, answer)
        self.assertEqual({"timeout": 4}, answer["summaries"]["errors"])
        self.assertEqual("no answer within the timeout [plugins.text_insights.llm.timeout]", answer["clusters"][0]["error"]["message"])
        self.assertEqual(4, len(self.llm.recorded()))  # timeouts are not retried
        self.assertLess(took, 60, "a 2 s timeout took %.1f s" % took)

    def test_5_a_401_is_reported_without_the_key(self):
        self.llm.set_mode("unauthorized")
        status, answer = summarize(self.run_id)
        self.assertEqual(200, status, answer)
        self.assertEqual({"unauthorized": 4}, answer["summaries"]["errors"])
        message = answer["clusters"][0]["error"]["message"]
        # the server echoed the key; the node says [redacted]
        self.assertIn("Incorrect API key provided: [redacted]", message)
        self.assertIn("plugins.text_insights.llm.api_key", message)

    def test_6_requests_that_cannot_be_served(self):
        status, answer = summarize("no-such-run")
        self.assertEqual(404, status, answer)
        status, answer = summarize(self.run_id, {"samples_per_cluster": 0, "model": "gpt-4o"})
        self.assertEqual(400, status, answer)
        self.assertIn("[samples_per_cluster] must be from 1 to 50, got [0]", answer["error"]["reason"])
        self.assertIn("[model] is not a known setting", answer["error"]["reason"])
        # a run still running: 409
        status, started = node("/_plugins/_text_insights/runs", "POST", {
            "index": INDEX, "algorithm": {"name": "kmeans", "k": 4}, "projection": {"name": "umap", "sample_size": 1000}})
        self.assertEqual(200, status, started)
        status, answer = summarize(started["run_id"])
        self.assertEqual(409, status, answer)
        self.assertIn("only a completed run can be summarized", answer["error"]["reason"])
        for _ in range(600):
            status, run = node("/_plugins/_text_insights/runs/" + started["run_id"])
            if run["state"] != "running":
                break
            time.sleep(0.5)
        self.assertEqual("completed", run["state"])
        self.assertEqual(0, len(self.llm.recorded()))  # summaries are opt-in: that run sent nothing

    def test_7_a_reloaded_key_is_used_at_once(self):
        new_key = "sk-e2e-rotated-" + os.urandom(12).hex()
        SummariesTest.keys.append(new_key)
        node_dir = os.path.dirname(os.path.abspath(ARGS["logs"]))
        keystore = os.path.join(node_dir, "config", "opensearch.keystore")
        command = [os.path.join(node_dir, "bin", "opensearch-keystore"), "add", "--stdin", "--force", "plugins.text_insights.llm.api_key"]
        owner = os.stat(keystore).st_uid
        if os.geteuid() == 0 and owner != 0:
            command = ["runuser", "-u", pwd.getpwuid(owner).pw_name, "--"] + command  # keep the node's file its own
        java = os.environ.get("NODE_JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
        env = dict(os.environ, JAVA_HOME=java, OPENSEARCH_JAVA_HOME=java)
        result = subprocess.run(command, input=new_key, text=True, capture_output=True, env=env)
        self.assertEqual(0, result.returncode, result.stdout + result.stderr)
        status, reload = node("/_nodes/reload_secure_settings", "POST", {})
        self.assertEqual(200, status, reload)
        self.assertEqual(0, reload["_nodes"]["failed"], reload)
        status, answer = summarize(self.run_id)
        self.assertEqual(200, status, answer)
        self.assertEqual(4, answer["summaries"]["succeeded"], answer)
        self.assertEqual({"Bearer " + new_key}, {r["headers"]["Authorization"] for r in self.llm.recorded()})

    def test_8_a_a_server_that_closes_every_connection_titles_every_cluster(self):
        # Issue 16: against an HTTP/1.0 server a k=5 run got 4 titles and "EOFException: \n not found: limit=0"
        self.llm.set_connections("close")
        status, run = node("/_plugins/_text_insights/runs?wait_for_completion=true", "POST", {
            "index": INDEX, "algorithm": {"name": "kmeans", "k": 5, "seed": 7}, "projection": {"name": "none"},
            "summaries": {"enabled": True, "samples_per_cluster": 4, "n_labels": 2}})
        self.assertEqual(200, status, run)
        self.assertEqual("completed", run["state"], run.get("error"))
        s = run["summaries"]
        self.assertEqual((5, 5, 0), (s["requested"], s["succeeded"], s["failed"]), s)
        docs = cluster_docs(run["run_id"])
        self.assertEqual(5, len(docs))
        for doc in docs:
            self.assertEqual("About " + doc["words"][0], doc["title"], doc)
            self.assertIsNone(doc.get("error"))
        # one call per cluster: no call met a connection the server had closed
        self.assertEqual(5, len(self.llm.recorded()))
        # and again on the same node's client, as the issue saw it twice
        status, answer = summarize(run["run_id"])
        self.assertEqual(200, status, answer)
        self.assertEqual(5, answer["summaries"]["succeeded"], answer)
        self.assertEqual(10, len(self.llm.recorded()))

    def test_8_b_dropped_connections_are_retried(self):
        # seed 1 drops the first request; no body more than twice, so every cluster passes within max_retries (2)
        self.llm.set_connections("drop_some", seed=1, drop_rate=0.5, max_drops_per_request=2)
        status, answer = summarize(self.run_id)
        self.assertEqual(200, status, answer)
        self.assertEqual((4, 0), (answer["summaries"]["succeeded"], answer["summaries"]["failed"]), answer)
        for c in answer["clusters"]:
            self.assertEqual(c["title"], c["label"])
        requests = self.llm.recorded()
        dropped = [r for r in requests if r["dropped"]]
        self.assertGreaterEqual(len(dropped), 1)
        self.assertEqual(4 + len(dropped), len(requests))

    def test_8_c_a_server_that_always_drops_is_a_connection_error_after_the_retries(self):
        self.llm.set_connections("drop_all")
        status, answer = summarize(self.run_id)
        self.assertEqual(200, status, answer)
        self.assertEqual({"connection": 4}, answer["summaries"]["errors"], answer)
        for c in answer["clusters"]:
            self.assertEqual("the endpoint could not be reached: EOFException: \\n not found: limit=0 content=\u2026"
                             " after 3 tries", c["error"]["message"])
        self.assertEqual(12, len(self.llm.recorded()))  # 1 + max_retries (2) calls per cluster

    def test_9_the_key_is_in_no_document_response_or_log(self):
        self.assertGreater(len(SEEN), 10)
        for key in self.keys:
            self.check_key_nowhere(key)
        self.assertEqual(2, len(self.keys), "test_7 should have rotated the key")

    def check_key_nowhere(self, key):
        for answer in SEEN:
            self.assertNotIn(key, answer)
        status, runs = node("/_plugins/_text_insights/runs?index=%s&size=100" % INDEX)
        self.assertEqual(200, status)
        for r in runs["runs"]:
            self.assertNotIn(key, json.dumps(node("/_plugins/_text_insights/runs/" + r["run_id"])[1]))
        status, clusters = node("/text-insights-clusters/_search", "POST", {"size": 1000})
        self.assertNotIn(key, json.dumps(clusters))
        status, samples = node("/%s/_search" % INDEX, "POST", {"size": 1000})
        self.assertNotIn(key, json.dumps(samples))
        status, results = node("/text-insights-results-%s/_search" % INDEX, "POST", {"size": 1000})
        self.assertNotIn(key, json.dumps(results))
        logs = ARGS["logs"]
        checked = 0
        for name in os.listdir(logs):
            path = os.path.join(logs, name)
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    self.assertNotIn(key.encode("utf-8"), f.read(), "the key is in " + path)
                checked += 1
        self.assertGreater(checked, 0, "no log file in " + logs)
        # and the failed summaries were logged there (without the key): the check above read the right log
        server_logs = [n for n in os.listdir(logs) if n.endswith(".log") and not n.startswith("gc")]
        text = "".join(open(os.path.join(logs, n), encoding="utf-8", errors="replace").read() for n in server_logs)
        self.assertIn("Incorrect API key provided: [redacted]", text)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--llm-port", type=int, required=True)
    parser.add_argument("--key-file", required=True)
    parser.add_argument("--logs", required=True)
    known, rest = parser.parse_known_args()
    ARGS.update(llm_port=known.llm_port, key_file=known.key_file, logs=known.logs)
    sys.argv = [sys.argv[0]] + rest
    main(SummariesTest, "e2e summaries", __doc__)
