"""What the end-to-end test scripts share: the node they talk to, the bundled sample, and the runner's closing line.

Standard library only. Each script calls main(TestCaseClass, label) with its own docstring.
"""
import argparse
import json
import os
import subprocess
import sys
import unittest
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "scripts", "data", "agnews-sample")
CLASSES = ["Business", "Sci/Tech", "Sports", "World"]
# Set by main() from --url.
NODE = {"url": "http://127.0.0.1:9200"}


def call(path, method="GET", body=None, ndjson=None):
    """One request; returns (status, parsed JSON body) for successes and HTTP errors alike."""
    data = ndjson.encode("utf-8") if ndjson is not None else (None if body is None else json.dumps(body).encode("utf-8"))
    headers = {"Content-Type": "application/x-ndjson" if ndjson is not None else "application/json"}
    request = urllib.request.Request(NODE["url"] + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read().decode("utf-8") or "{}")


def delete_dataset(index):
    call("/_plugins/_text_insights/datasets/%s?delete_index=true" % index, "DELETE")


def create_and_load(index, shards, limit=None):
    """A fresh dataset holding the bundled sample (or its first `limit` documents), loaded by scripts/load; returns the
    loader's (exit code, output)."""
    delete_dataset(index)
    status, body = call("/_plugins/_text_insights/datasets/" + index, "PUT", {
        "dimension": 384, "number_of_shards": shards, "number_of_replicas": 0, "fields": {"classes": CLASSES}})
    assert status == 200, body
    result = subprocess.run(
        [sys.executable, os.path.join(ROOT, "scripts", "load"), "--url", NODE["url"], "--index", index,
         "--jsonl", os.path.join(SAMPLE, "samples.jsonl.gz"), "--vectors", os.path.join(SAMPLE, "embeddings.f16.npy"),
         "--refresh", "--quiet"] + ([] if limit is None else ["--limit", str(limit)]), capture_output=True, text=True)
    return result.returncode, result.stdout + result.stderr


def results_of(run):
    """A run's per-sample results, read with a plain search of its own results index: {document id: result}."""
    index = run["results"]["index"]
    status, body = call("/%s/_search" % index, "POST", {
        "size": 10000, "query": {"term": {"run_id": run["run_id"]}}, "sort": [{"doc_id": "asc"}]})
    assert status == 200, body
    return {hit["_source"]["doc_id"]: hit["_source"] for hit in body["hits"]["hits"]}


def snapshot(index):
    """Every document of an index with its _source, _version and _seq_no: what a default run must leave unchanged."""
    status, body = call("/%s/_search" % index, "POST", {
        "size": 10000, "version": True, "seq_no_primary_term": True, "sort": [{"_id": "asc"}], "query": {"match_all": {}}})
    assert status == 200, body
    return {h["_id"]: (h["_version"], h["_seq_no"], h["_primary_term"], json.dumps(h["_source"], sort_keys=True))
            for h in body["hits"]["hits"]}


def main(case, label, description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--url", default=NODE["url"])
    NODE["url"] = parser.parse_args().url.rstrip("/")
    result = unittest.TextTestRunner(verbosity=2).run(unittest.defaultTestLoader.loadTestsFromTestCase(case))
    failed = len(result.failures) + len(result.errors)
    print("%s: %d passed, %d failed" % (label, result.testsRun - failed, failed))
    sys.exit(0 if failed == 0 and result.testsRun > 0 else 1)
