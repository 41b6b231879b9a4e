// One filter drives the map, the samples table and the metrics: a cluster (card click), a label / prediction /
// prediction (alerts), and a box drawn on the map.

import type { Alert, PointsResponse, Run } from '../common';

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

/** The fields an alert's query may name for the cluster, the gold label and the prediction, first match wins. */
export interface AlertFields {
  clusterId: string[];
  label: string[];
  prediction: string[];
}

/**
 * The names a run's alert queries use: `cluster_id`, `label` and `prediction` in a results index; for an in-place
 * run (`write_back.target: dataset`), `text_insights.cluster_id` and the dataset's own label and prediction fields
 * (the run document's `results.fields`).
 */
export function alertFields(run?: Run): AlertFields {
  const fields: AlertFields = { clusterId: ['cluster_id', 'text_insights.cluster_id'], label: ['label'], prediction: ['prediction'] };
  const own = run?.results?.fields;
  if (own && typeof own === 'object') {
    if (typeof own.label === 'string' && !fields.label.includes(own.label)) fields.label.push(own.label);
    if (typeof own.prediction === 'string' && !fields.prediction.includes(own.prediction)) fields.prediction.push(own.prediction);
  }
  return fields;
}

function first(found: Record<string, unknown>, names: string[]): unknown {
  for (const name of names) if (found[name] !== undefined && found[name] !== null) return found[name];
  return undefined;
}

/**
 * The one-click filter of an alert: the term filters of its `query` on the cluster, label and prediction fields
 * (named as `fields` says), or else its own `cluster_id`, `class` and `prediction`. The run id term is not a filter:
 * the app only ever shows one run.
 */
export function alertFilter(alert: Alert, fields: AlertFields = alertFields()): Filter {
  const found: Record<string, unknown> = {};
  terms(alert.query, found);
  const filter: Filter = {};
  const cluster = first(found, fields.clusterId) ?? alert.cluster_id;
  if (cluster !== undefined && cluster !== null && cluster !== '' && !Number.isNaN(Number(cluster))) filter.clusterId = Number(cluster);
  const label = first(found, fields.label) ?? alert.class ?? undefined;
  if (typeof label === 'string') filter.label = label;
  const prediction = first(found, fields.prediction) ?? alert.prediction ?? undefined;
  if (typeof prediction === 'string') filter.prediction = prediction;
  return filter;
}
