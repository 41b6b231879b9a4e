// What the app can show of a run's per-sample results (the map, the samples table, metrics of a filter): the run
// document's `results` section says where they are and whether they still exist, and the node answers 410 for the
// samples and points of a run whose results are gone (dropped to keep the newest runs, or overwritten).

import type { MetricsResponse, Run } from '../common';

export interface ResultsStatus {
  /** The node's `results.state`, or `unknown` for a run made before results indices. */
  state: string;
  /** What the runs table shows. */
  text: string;
  color: 'success' | 'primary' | 'warning' | 'danger' | 'subdued';
  /** Its samples and points can be read (the run completed and its results are complete). */
  available: boolean;
  /** Why they cannot, when the run completed and they are not available: shown where the map and table would be. */
  reason?: string;
}

const KEEP = 'Its clusters, metrics and alerts remain; start the run again for its samples and map.';

/** The node's reason, then what remains (unless the reason says so already). */
function gone(what: string, reason: string | undefined, otherwise: string): string {
  const said = reason ? `: ${reason.replace(/[.\s]+$/, '')}` : otherwise;
  return `The samples and map of this run were ${what}${said}.${reason && /clusters, metrics and alerts/.test(reason) ? ' Start the run again for its samples and map.' : ` ${KEEP}`}`;
}

export function resultsStatus(run: Run | undefined): ResultsStatus {
  if (!run) return { state: 'unknown', text: '-', color: 'subdued', available: false };
  const completed = run.state === 'completed';
  const results = run.results;
  // A run from before results indices (or a node without them): no section; its endpoints say what they have.
  if (!results || typeof results.state !== 'string') return { state: 'unknown', text: '-', color: 'subdued', available: completed };
  const reason = typeof results.reason === 'string' && results.reason ? results.reason : undefined;
  switch (results.state) {
    case 'complete':
      return {
        state: 'complete',
        text: results.target === 'dataset' ? 'in the dataset' : 'complete',
        color: 'success',
        available: completed,
      };
    case 'writing':
      return {
        state: 'writing',
        text: 'writing',
        color: 'primary',
        available: false,
        reason: completed ? 'The results of this run are still being written.' : undefined,
      };
    case 'dropped':
      return {
        state: 'dropped',
        text: 'dropped',
        color: 'warning',
        available: false,
        reason: gone('dropped', reason, ' to keep the newest runs of the dataset'),
      };
    case 'overwritten':
      return {
        state: 'overwritten',
        text: 'overwritten',
        color: 'warning',
        available: false,
        reason: gone('overwritten in the dataset', reason, ' by a later in-place run'),
      };
    case 'discarded':
      return {
        state: 'discarded',
        text: 'discarded',
        color: 'subdued',
        available: false,
        reason: completed ? `The results of this run were discarded${reason ? `: ${reason}` : ''}.` : undefined,
      };
    case 'none':
      return {
        state: 'none',
        text: 'none',
        color: 'subdued',
        available: false,
        reason: 'This run was started without writing its results ("write_back": false): it has no samples and no map.',
      };
    default:
      return {
        state: results.state,
        text: results.state,
        color: 'subdued',
        available: false,
        reason: completed ? `The results of this run are [${results.state}]${reason ? `: ${reason}` : ''}.` : undefined,
      };
  }
}

/** The HTTP status of a failed call: OSD's HttpFetchError (and the harness's) carry the response and the body. */
export function errorStatus(error: unknown): number | undefined {
  const e = error as { response?: { status?: unknown }; body?: { status?: unknown; statusCode?: unknown } } | undefined;
  for (const status of [e?.response?.status, e?.body?.status, e?.body?.statusCode]) {
    if (typeof status === 'number') return status;
  }
  return undefined;
}

/** The node's 410: this run's per-sample results are gone (its body's reason says why). */
export function isGone(error: unknown): boolean {
  return errorStatus(error) === 410;
}

/** Metrics the panel can show: a run that wrote no per-sample results answers without them (and says why). */
export function hasMetrics(metrics: MetricsResponse | undefined): boolean {
  return !!metrics && typeof metrics.doc_count === 'number' && Array.isArray(metrics.classes) && Array.isArray(metrics.top_misclassified);
}
