// Metrics of any subset of a run's samples, from the points' label, prediction and DEP columns. The unfiltered run
// shows the node's own /metrics; a cluster or a box selection shows these, computed the same way (checked against
// the node's figures in the end-to-end test).

import type { ClassMetrics, HistogramBucket, MisclassifiedPair, PointsResponse } from '../common';

export interface SubsetMetrics {
  doc_count: number;
  accuracy: number | null;
  macro_f1: number | null;
  classes: ClassMetrics[];
  top_misclassified: MisclassifiedPair[];
  dep: { avg: number | null; histogram: HistogramBucket[] };
}

export const DEP_BUCKETS = 20;

export function computeMetrics(points: PointsResponse['points'], mask?: Uint8Array, topPairs = 10): SubsetMetrics {
  const support = new Map<string, number>();
  const predicted = new Map<string, number>();
  const truePositive = new Map<string, number>();
  const pairs = new Map<string, MisclassifiedPair>();
  const histogram: HistogramBucket[] = Array.from({ length: DEP_BUCKETS }, (_, b) => ({
    from: round(b / DEP_BUCKETS),
    to: round((b + 1) / DEP_BUCKETS),
    count: 0,
  }));
  let n = 0;
  let correct = 0;
  let labelled = 0;
  let depSum = 0;
  let depCount = 0;
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (let i = 0; i < points.x.length; i++) {
    if (mask && !mask[i]) continue;
    n++;
    const label = points.label[i];
    const prediction = points.prediction[i];
    if (label != null) inc(support, label);
    if (prediction != null) inc(predicted, prediction);
    if (label != null && prediction != null) {
      labelled++;
      if (label === prediction) {
        correct++;
        inc(truePositive, label);
      } else {
        const key = `${label}\u0000${prediction}`;
        const pair = pairs.get(key) ?? { label, prediction, count: 0 };
        pair.count++;
        pairs.set(key, pair);
      }
    }
    const dep = points.dep[i];
    if (dep != null) {
      depSum += dep;
      depCount++;
      histogram[Math.min(DEP_BUCKETS - 1, Math.max(0, Math.floor(dep * DEP_BUCKETS)))].count++;
    }
  }
  const names = Array.from(new Set([...support.keys(), ...predicted.keys()])).sort();
  const classes: ClassMetrics[] = names.map((name) => {
    const tp = truePositive.get(name) ?? 0;
    const s = support.get(name) ?? 0;
    const p = predicted.get(name) ?? 0;
    const precision = p > 0 ? tp / p : null;
    const recall = s > 0 ? tp / s : null;
    const f1 = precision !== null && recall !== null ? (precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0) : null;
    return { class: name, precision, recall, f1, support: s, predicted: p };
  });
  // Macro F1 over the gold classes present, as the node computes it for a cluster.
  const gold = classes.filter((c) => c.support > 0);
  const macro = gold.length ? gold.reduce((sum, c) => sum + (c.f1 ?? 0), 0) / gold.length : null;
  return {
    doc_count: n,
    accuracy: labelled ? correct / labelled : null,
    macro_f1: macro,
    classes,
    top_misclassified: Array.from(pairs.values())
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label) || a.prediction.localeCompare(b.prediction))
      .slice(0, topPairs),
    dep: { avg: depCount ? depSum / depCount : null, histogram },
  };
}

function round(v: number) {
  return Math.round(v * 1e6) / 1e6;
}
