#!/usr/bin/env python3
"""End-to-end checks of the ingest path on a real node: the bundled sample goes through the dataset pipeline and
every stored value is compared with an independent computation from the raw files.

  python3 scripts/tests/e2e_ingest.py --url http://127.0.0.1:9250

Standard library only. Prints 'N passed, N failed' last; exits 1 on any failure.
"""
import gzip
import importlib.machinery
import importlib.util
import json
import math
import os
import random
import unittest
import urllib.request

from e2e_common import CLASSES, ROOT, SAMPLE, call, create_and_load, delete_dataset, main

INDEX = "e2e-agnews"


def _load_module():
    loader = importlib.machinery.SourceFileLoader("ti_load", os.path.join(ROOT, "scripts", "load"))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader("ti_load", loader))
    loader.exec_module(module)
    return module




def expected_dep(probs, label):
    """(1 - AUM) / 2 computed here from the raw probabilities, independently of the plugin."""
    gold = CLASSES.index(label)
    margins = [row[gold] - max(p for c, p in enumerate(row) if c != gold) for row in probs]
    aum = sum(margins) / len(margins)
    last = probs[-1]
    prediction = max(range(len(last)), key=lambda c: (last[c], -c))
    return (1 - aum) / 2, margins[-1], CLASSES[prediction], last[prediction]


class IngestEndToEnd(unittest.TestCase):
    rows = None
    vectors = None

    @classmethod
    def setUpClass(cls):
        with gzip.open(os.path.join(SAMPLE, "samples.jsonl.gz"), "rt", encoding="utf-8") as f:
            cls.rows = [json.loads(line) for line in f]
        ti_load = _load_module()
        _, cls.dim, cls.vectors = ti_load.read_npy(os.path.join(SAMPLE, "embeddings.f16.npy"))
        cls.load_exit, cls.load_output = create_and_load(INDEX, 3)

    @classmethod
    def tearDownClass(cls):
        delete_dataset(INDEX)

    def test_loader_indexed_every_sample(self):
        self.assertEqual(0, self.load_exit, self.load_output)
        status, body = call("/%s/_count" % INDEX)
        self.assertEqual(len(self.rows), body["count"])
        status, dataset = call("/_plugins/_text_insights/datasets/" + INDEX)
        self.assertEqual(len(self.rows), dataset["doc_count"])
        self.assertTrue(dataset["pipeline_exists"])

    def test_dep_margin_prediction_match_an_independent_computation(self):
        for row in random.Random(7).sample(self.rows, 200):
            status, doc = call("/%s/_doc/%s" % (INDEX, urllib.request.quote(row["id"], safe="")))
            self.assertEqual(200, status, doc)
            source = doc["_source"]
            dep, margin, prediction, confidence = expected_dep(row["probs"], row["label"])
            self.assertAlmostEqual(dep, source["dep"], places=9, msg=row["id"])
            self.assertAlmostEqual(margin, source["margin"], places=9, msg=row["id"])
            self.assertAlmostEqual(confidence, source["confidence"], places=9, msg=row["id"])
            self.assertEqual(prediction, source["prediction"], row["id"])

    def test_stored_vectors_are_the_normalised_embeddings(self):
        for i in random.Random(11).sample(range(len(self.rows)), 20):
            status, doc = call("/%s/_doc/%s" % (INDEX, urllib.request.quote(self.rows[i]["id"], safe="")))
            stored = doc["_source"]["embedding"]
            original = self.vectors[i * self.dim:(i + 1) * self.dim]
            self.assertEqual(self.dim, len(stored))
            norm = math.sqrt(sum(v * v for v in stored))
            self.assertAlmostEqual(1.0, norm, places=4)
            cosine = sum(a * b for a, b in zip(stored, original)) / math.sqrt(sum(b * b for b in original))
            self.assertAlmostEqual(1.0, cosine, places=4)

    def test_knn_search_finds_the_sample_itself(self):
        i = 1234
        vector = list(self.vectors[i * self.dim:(i + 1) * self.dim])
        status, body = call("/%s/_search" % INDEX, "POST", {
            "size": 1, "_source": False, "query": {"knn": {"embedding": {"vector": vector, "k": 5}}}})
        self.assertEqual(200, status, body)
        self.assertEqual(self.rows[i]["id"], body["hits"]["hits"][0]["_id"])

    def test_dep_ranks_known_label_flips_on_top(self):
        with open(os.path.join(SAMPLE, "flips.txt"), encoding="utf-8") as f:
            flips = {line.strip() for line in f if line.strip()}
        status, body = call("/%s/_search" % INDEX, "POST", {
            "size": len(flips), "_source": False, "sort": [{"dep": "desc"}, {"_id": "asc"}]})
        found = sum(1 for hit in body["hits"]["hits"] if hit["_id"] in flips)
        recall = found / len(flips)
        # The dataset's reference for (1 - AUM) / 2 on all 12,600 samples is 0.721; random ranking gives about 0.10.
        self.assertGreater(recall, 0.65, "recall of flipped labels among the top-DEP samples: %.3f" % recall)

    def test_bad_documents_fail_alone_in_a_bulk(self):
        good = self.rows[0]
        vector = list(self.vectors[0:self.dim])
        lines = []
        for _id, doc in [
            ("e2e-good", dict(good, id="e2e-good", embedding=vector)),
            ("e2e-short", dict(good, id="e2e-short", embedding=vector[:10])),
            ("e2e-good-2", dict(good, id="e2e-good-2", embedding=vector)),
        ]:
            lines.append(json.dumps({"index": {"_index": INDEX, "_id": _id}}))
            lines.append(json.dumps(doc))
        status, body = call("/_bulk?refresh=true", "POST", ndjson="\n".join(lines) + "\n")
        self.assertEqual(200, status)
        self.assertTrue(body["errors"])
        statuses = {item["index"]["_id"]: item["index"] for item in body["items"]}
        self.assertEqual(201, statuses["e2e-good"]["status"])
        self.assertEqual(201, statuses["e2e-good-2"]["status"])
        self.assertEqual(400, statuses["e2e-short"]["status"])
        self.assertEqual("field [embedding] has 10 values, expected dimension [384]", statuses["e2e-short"]["error"]["reason"])
        status, _ = call("/%s/_doc/e2e-short" % INDEX)
        self.assertEqual(404, status)
        for _id in ("e2e-good", "e2e-good-2"):
            status, _ = call("/%s/_doc/%s?refresh=true" % (INDEX, _id), "DELETE")
            self.assertEqual(200, status)




if __name__ == "__main__":
    main(IngestEndToEnd, "e2e", __doc__)
