// One filter drives the map, the samples table and the metrics: a cluster (card click), a label / prediction /
// prediction (alerts), and a box drawn on the map.

import type { Alert, PointsResponse } from '../common';

export interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface Filter {
  clusterId?: number;
  label?: string;
  prediction?: string;
  box?: Box;
}

export function isEmpty(filter: Filter): boolean {
  return (
    filter.clusterId === undefined &&
    filter.label === undefined &&
    filter.prediction === undefined &&
    filter.box === undefined
  );
}

export function inBox(box: Box, x: number, y: number): boolean {
  return x >= Math.min(box.x0, box.x1) && x <= Math.max(box.x0, box.x1) && y >= Math.min(box.y0, box.y1) && y <= Math.max(box.y0, box.y1);
}

/** Which points the filter keeps, as a mask over the points' column arrays. */
export function filterMask(points: PointsResponse['points'], filter: Filter): Uint8Array {
  const n = points.x.length;
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (filter.clusterId !== undefined && points.cluster_id[i] !== filter.clusterId) continue;
    if (filter.label !== undefined && points.label[i] !== filter.label) continue;
    if (filter.prediction !== undefined && points.prediction[i] !== filter.prediction) continue;
    if (filter.box && !inBox(filter.box, points.x[i], points.y[i])) continue;
    mask[i] = 1;
  }
  return mask;
}

function terms(query: unknown, out: Record<string, unknown>) {
  if (!query || typeof query !== 'object') return;
  const q = query as Record<string, any>;
  if (q.term && typeof q.term === 'object') {
    for (const [field, value] of Object.entries(q.term as Record<string, unknown>)) {
      out[field] = value && typeof value === 'object' && 'value' in (value as object) ? (value as { value: unknown }).value : value;
    }
  }
  const bool = q.bool;
  if (bool && typeof bool === 'object') {
    for (const clause of ['filter', 'must']) {
      const list = bool[clause];
      for (const sub of Array.isArray(list) ? list : list ? [list] : []) terms(sub, out);
    }
  }
}

/**
 * The one-click filter of an alert: the term filters of its `query` on the cluster, label and prediction fields, or
 * else its `cluster_id` / `class`.
 */
export function alertFilter(alert: Alert): Filter {
  const found: Record<string, unknown> = {};
  terms(alert.query, found);
  const filter: Filter = {};
  const cluster = found['text_insights.cluster_id'] ?? alert.cluster_id;
  if (cluster !== undefined && cluster !== null && !Number.isNaN(Number(cluster))) filter.clusterId = Number(cluster);
  const label = found.label ?? alert.class ?? undefined;
  if (typeof label === 'string') filter.label = label;
  if (typeof found.prediction === 'string') filter.prediction = found.prediction;
  return filter;
}
