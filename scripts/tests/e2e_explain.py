#!/usr/bin/env python3
"""End-to-end checks of run explanations on a real node: a small hand-made dataset whose clusters, top words, DEP
averages, F1 and confusions are known, every aggregate recomputed here from the raw documents; runs on two splits
that coexist; the explanation endpoints and their bad inputs.

  python3 scripts/tests/e2e_explain.py --url http://127.0.0.1:9250

Standard library only. Prints 'N passed, N failed' last; exits 1 on any failure.
"""
import collections
import json
import random
import unittest

from e2e_common import call, delete_dataset, main, results_of

INDEX = "e2e-explain"
CLASSES = ["fruit", "space", "music"]
WORDS = {
    "fruit": ["apple", "banana", "cherry", "mango"],
    "space": ["rocket", "planet", "orbit", "comet"],
    "music": ["guitar", "piano", "violin", "drums"],
}
PER_GROUP = 40
DIM = 8


def documents():
    """Three well separated groups; in each, docs 0-3 carry a wrong gold label and docs 4-6 a wrong prediction."""
    rng = random.Random(20261122)
    docs = []
    for g, topic in enumerate(CLASSES):
        other = CLASSES[(g + 1) % 3]
        for i in range(PER_GROUP):
            vector = [rng.gauss(0, 0.05) for _ in range(DIM)]
            vector[g] += 1.0
            a, b = rng.sample(WORDS[topic], 2)
            # Markup, entities, numbers and stop words around the topic words: none of it may become a top word.
            text = "Report #39;s update %d today: &lt;b&gt;%s&lt;/b&gt; and the %s story, quot;again quot;" % (i * 7 + g, a, b)
            label = other if i < 4 else topic
            predicted = other if 4 <= i < 7 else topic
            confident = [0.05, 0.05, 0.05]
            confident[CLASSES.index(predicted)] = 0.9
            unsure = [0.3, 0.3, 0.3]
            unsure[CLASSES.index(predicted)] = 0.4
            probs = [unsure, confident] if i % 5 == 0 else [confident, confident]
            docs.append({"id": "%s-%02d" % (topic, i), "text": text, "label": label, "split": "train" if i % 2 == 0 else "test",
                         "embedding": vector, "probs": probs, "group": topic})
    return docs


def load(docs):
    delete_dataset(INDEX)
    status, body = call("/_plugins/_text_insights/datasets/" + INDEX, "PUT", {
        "dimension": DIM, "number_of_shards": 2, "number_of_replicas": 0, "fields": {"classes": CLASSES}})
    assert status == 200, body
    lines = []
    for d in docs:
        lines.append(json.dumps({"index": {"_index": INDEX, "_id": d["id"]}}))
        lines.append(json.dumps({k: v for k, v in d.items() if k not in ("id", "group")}))
    status, body = call("/_bulk?refresh=true", "POST", ndjson="\n".join(lines) + "\n")
    assert status == 200 and not body["errors"], body


def start(body):
    status, run = call("/_plugins/_text_insights/runs?wait_for_completion=true", "POST", body)
    assert status == 200 and run["state"] == "completed", run
    return run


def raw(run):
    """The run's samples as stored, read with plain searches: each dataset document with its result (cluster, label,
    map position) under "result", for the documents the run covered."""
    results = results_of(run)
    status, body = call("/%s/_search" % INDEX, "POST", {"size": 1000, "query": {"ids": {"values": sorted(results)}}})
    assert status == 200, body
    return {h["_id"]: dict(h["_source"], result=results[h["_id"]]) for h in body["hits"]["hits"]}


def macro_f1(pairs):
    """Macro F1 over the gold classes present, from (label, prediction) pairs: written here, not taken from the plugin."""
    gold = sorted({l for l, _ in pairs})
    scores = []
    for c in gold:
        tp = sum(1 for l, p in pairs if l == c and p == c)
        predicted = sum(1 for _, p in pairs if p == c)
        support = sum(1 for l, _ in pairs if l == c)
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        scores.append(0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall))
    return sum(scores) / len(scores)


class ExplainTest(unittest.TestCase):
    """Tests run in name order; test_y_* and test_z_* start more runs, after which the first run must still be whole."""
    docs = None
    main_run = None

    @classmethod
    def setUpClass(cls):
        cls.docs = documents()
        load(cls.docs)
        cls.main_run = start({"index": INDEX, "algorithm": {"name": "kmeans", "k": 3, "seed": 7},
                         "projection": {"name": "umap", "sample_size": 120}, "top_words": {"size": 6}})

    def test_each_cluster_is_one_group_and_its_top_words_are_the_group_words(self):
        status, body = call("/_plugins/_text_insights/runs/%s/clusters?sort=cluster_id" % self.main_run["run_id"])
        self.assertEqual(200, status, body)
        self.assertEqual(3, body["total"])
        stored = raw(self.main_run)
        groups = {d["id"]: d["group"] for d in self.docs}
        for card in body["clusters"]:
            members = [i for i, s in stored.items() if s["result"]["cluster_id"] == card["cluster_id"]]
            self.assertEqual(card["size"], len(members))
            topic = collections.Counter(groups[i] for i in members).most_common(1)[0][0]
            self.assertEqual(PER_GROUP, len(members), "clusters must be the three groups")
            self.assertTrue(all(groups[i] == topic for i in members))
            words = [w["word"] for w in card["top_words"]]
            self.assertEqual(sorted(WORDS[topic]), sorted(words[:4]), card["top_words"])
            for junk in ("report", "update", "today", "story", "again", "the", "and", "quot", "lt", "gt", "39", "b"):
                self.assertNotIn(junk, words)
            self.assertEqual(", ".join(words[:3]), card["label"])
            for w in card["top_words"]:
                in_cluster = sum(1 for i in members if w["word"] in stored[i]["text"])
                # The words of one group appear nowhere else, so the background count is the cluster count; the
                # foreground count can be lower: significant_text skips repeated runs of text (filter_duplicate_text),
                # and these templated texts repeat a lot.
                self.assertEqual(in_cluster, w["bg_count"], w)
                self.assertTrue(0 < w["doc_count"] <= in_cluster, w)
            # Every sample carries its cluster's label.
            self.assertEqual({card["label"]}, {stored[i]["result"]["cluster_label"] for i in members})

    def test_results_copy_what_panels_filter_by_and_leave_the_dataset_alone(self):
        stored = raw(self.main_run)
        self.assertEqual(len(self.docs), len(stored))
        for i, s in stored.items():
            r = s["result"]
            self.assertEqual((i, self.main_run["run_id"]), (r["doc_id"], r["run_id"]))
            self.assertEqual((s["text"], s["label"], s["prediction"], s["split"]), (r["text"], r["label"], r["prediction"], r["split"]))
            self.assertEqual(s["label"] == s["prediction"], r["correct"])
            for field in ("dep", "margin", "confidence"):
                self.assertAlmostEqual(s[field], r[field], places=6)  # stored as float in both
            self.assertNotIn("text_insights", s)
            self.assertNotIn("embedding", r)
        self.assertTrue(self.main_run["results"]["index"].startswith("text-insights-results-%s-" % INDEX))
        self.assertEqual("complete", self.main_run["results"]["state"])

    def test_aggregates_equal_an_independent_computation(self):
        status, body = call("/_plugins/_text_insights/runs/%s/clusters" % self.main_run["run_id"])
        self.assertEqual(200, status, body)
        stored = raw(self.main_run)
        for card in body["clusters"]:
            members = [s for s in stored.values() if s["result"]["cluster_id"] == card["cluster_id"]]
            deps = [s["dep"] for s in members]
            self.assertAlmostEqual(sum(deps) / len(deps), card["avg_dep"], places=5)
            pairs = [(s["label"], s["prediction"]) for s in members]
            self.assertAlmostEqual(macro_f1(pairs), card["f1"], places=9)
            self.assertAlmostEqual(sum(1 for l, p in pairs if l == p) / len(pairs), card["accuracy"], places=9)
            self.assertEqual(dict(collections.Counter(l for l, _ in pairs)), card["label_counts"])
            wrong = collections.Counter((l, p) for l, p in pairs if l != p)
            top = card["top_misclassified"][0]
            self.assertEqual(max(wrong.values()), top["count"])
            self.assertEqual(wrong[(top["label"], top["prediction"])], top["count"])
            # 4 wrong gold labels (predicted as the topic) and 3 wrong predictions per group: F1 below 1, accuracy 33/40.
            self.assertAlmostEqual(33 / 40, card["accuracy"], places=9)

    def test_run_metrics_and_alerts(self):
        status, metrics = call("/_plugins/_text_insights/runs/%s/metrics" % self.main_run["run_id"])
        self.assertEqual(200, status, metrics)
        stored = raw(self.main_run)
        pairs = [(s["label"], s["prediction"]) for s in stored.values()]
        self.assertEqual(len(self.docs), metrics["doc_count"])
        self.assertAlmostEqual(macro_f1(pairs), metrics["macro_f1"], places=9)
        for c in metrics["classes"]:
            tp = sum(1 for l, p in pairs if l == c["class"] == p)
            self.assertEqual(sum(1 for l, _ in pairs if l == c["class"]), c["support"])
            self.assertAlmostEqual(tp / c["support"], c["recall"], places=9)
        deps = [s["dep"] for s in stored.values()]
        self.assertEqual(len(deps), sum(b["count"] for b in metrics["dep"]["histogram"]))
        self.assertEqual(20, len(metrics["dep"]["histogram"]))
        for b in metrics["dep"]["histogram"]:
            self.assertEqual(sum(1 for d in deps if b["from"] <= d < b["to"] + (1e-9 if b["to"] >= 1 else 0)), b["count"], b)
        status, alerts = call("/_plugins/_text_insights/runs/%s/alerts" % self.main_run["run_id"])
        self.assertEqual(200, status, alerts)
        pair = [a for a in alerts["alerts"] if a["type"] == "top_misclassified_pair"]
        self.assertEqual(1, len(pair), alerts)
        # Every alert's query selects exactly the samples its numbers describe.
        status, hits = call("/%s/_count" % pair[0]["index"], "POST", {"query": pair[0]["query"]})
        self.assertEqual(pair[0]["values"]["count"], hits["count"])

    def test_samples_sorted_by_dep_and_points(self):
        run_id = self.main_run["run_id"]
        stored = raw(self.main_run)
        status, body = call("/_plugins/_text_insights/runs/%s/clusters/0/samples?size=5" % run_id)
        self.assertEqual(200, status, body)
        in_cluster = sorted((s["dep"] for s in stored.values() if s["result"]["cluster_id"] == 0), reverse=True)
        self.assertEqual(len(in_cluster), body["total"])
        self.assertEqual([round(d, 5) for d in in_cluster[:5]], [round(s["dep"], 5) for s in body["samples"]])
        status, page2 = call("/_plugins/_text_insights/runs/%s/samples?sort=dep:asc&from=10&size=10&label=fruit" % run_id)
        self.assertEqual(200, status, page2)
        fruit = sorted(s["dep"] for s in stored.values() if s["label"] == "fruit")
        self.assertEqual(len(fruit), page2["total"])
        self.assertEqual([round(d, 5) for d in fruit[10:20]], [round(s["dep"], 5) for s in page2["samples"]])
        some = sorted(stored)[:3]
        status, picked = call("/_plugins/_text_insights/runs/%s/samples?ids=%s" % (run_id, ",".join(some)))
        self.assertEqual(200, status, picked)
        self.assertEqual(some, sorted(s["id"] for s in picked["samples"]))
        self.assertEqual({i: stored[i]["text"] for i in some}, {s["id"]: s["text"] for s in picked["samples"]})
        status, points = call("/_plugins/_text_insights/runs/%s/points" % run_id)
        self.assertEqual(200, status, points)
        self.assertEqual(len(self.docs), points["returned"])
        self.assertFalse(points["truncated"])
        for i, x, c in zip(points["points"]["id"], points["points"]["x"], points["points"]["cluster_id"]):
            self.assertAlmostEqual(stored[i]["result"]["x"], x, places=4)
            self.assertEqual(stored[i]["result"]["cluster_id"], c)
        status, few = call("/_plugins/_text_insights/runs/%s/points?max=7" % run_id)
        self.assertEqual((7, True), (few["returned"], few["truncated"]))

    def test_z_runs_on_two_splits_coexist(self):
        train = start({"index": INDEX, "split": "train", "algorithm": {"name": "kmeans", "k": 3}, "projection": {"name": "none"}})
        test = start({"index": INDEX, "split": "test", "algorithm": {"name": "kmeans", "k": 3}, "projection": {"name": "none"}})
        self.assertEqual(("train", "test"), (train["split"], test["split"]))
        for run, split in ((train, "train"), (test, "test")):
            stored = raw(run)
            self.assertEqual(sum(1 for d in self.docs if d["split"] == split), len(stored))
            self.assertTrue(all(s["split"] == split for s in stored.values()))
            status, cards = call("/_plugins/_text_insights/runs/%s/clusters" % run["run_id"])
            self.assertEqual(len(stored), sum(c["size"] for c in cards["clusters"]))
            status, metrics = call("/_plugins/_text_insights/runs/%s/metrics" % run["run_id"])
            self.assertEqual(len(stored), metrics["doc_count"])
        status, listed = call("/_plugins/_text_insights/runs?index=" + INDEX)
        self.assertEqual(200, status, listed)
        splits = {r["run_id"]: r.get("split") for r in listed["runs"]}
        self.assertEqual("train", splits[train["run_id"]])
        self.assertEqual("test", splits[test["run_id"]])
        status, body = call("/_plugins/_text_insights/runs/%s/points" % train["run_id"])
        self.assertEqual(400, status, body)
        self.assertIn("has no map", body["error"]["reason"])
        # However many runs came after it, the first run still shows exactly its own samples and map.
        status, samples = call("/_plugins/_text_insights/runs/%s/samples?size=1000" % self.main_run["run_id"])
        self.assertEqual((200, len(self.docs)), (status, samples["total"]))
        mine = results_of(self.main_run)
        self.assertEqual({i: mine[i]["cluster_id"] for i in mine}, {s["id"]: s["cluster_id"] for s in samples["samples"]})
        status, points = call("/_plugins/_text_insights/runs/%s/points" % self.main_run["run_id"])
        self.assertEqual((200, len(self.docs)), (status, points["returned"]))
        self.assertEqual({i: round(mine[i]["x"], 4) for i in mine}, {i: round(x, 4) for i, x in zip(points["points"]["id"], points["points"]["x"])})

    def test_bad_inputs_name_the_field(self):
        run_id = self.main_run["run_id"]
        cases = [
            ("/_plugins/_text_insights/runs/no-such-run/clusters", 404, "run [no-such-run] does not exist"),
            ("/_plugins/_text_insights/runs/%s/clusters?sort=colour:desc" % run_id, 400, "[sort] must be FIELD"),
            ("/_plugins/_text_insights/runs/%s/samples?size=5000" % run_id, 400, "[size] must be from 0 to 1000"),
            ("/_plugins/_text_insights/runs/%s/metrics?sort=dep" % run_id, 400, "[sort] does not apply to metrics"),
        ]
        for path, expected, reason in cases:
            status, body = call(path)
            self.assertEqual(expected, status, body)
            self.assertIn(reason, body["error"]["reason"])
        status, body = call("/_plugins/_text_insights/runs", "POST", {"index": INDEX, "top_words": {"heuristic": "tfidf"}})
        self.assertEqual(400, status, body)
        self.assertIn("[top_words.heuristic] must be one of [jlh, chi_square, mutual_information, gnd], got [tfidf]",
                      body["error"]["reason"])
        status, body = call("/_plugins/_text_insights/runs", "POST", {"index": INDEX, "split": "validation"})
        self.assertEqual(400, status, body)
        self.assertIn("is in [split] [validation]", body["error"]["reason"])

    def test_y_other_heuristics_give_the_same_words(self):
        for heuristic in ("chi_square", "mutual_information", "gnd"):
            run = start({"index": INDEX, "algorithm": {"name": "kmeans", "k": 3, "seed": 7}, "projection": {"name": "none"},
                         "top_words": {"size": 4, "heuristic": heuristic}})
            status, body = call("/_plugins/_text_insights/runs/%s/clusters" % run["run_id"])
            all_words = sorted(sum(WORDS.values(), []))
            self.assertEqual(all_words, sorted(sum((c["words"] for c in body["clusters"]), [])), (heuristic, body["clusters"]))


if __name__ == "__main__":
    main(ExplainTest, "e2e_explain", __doc__)
