// Shared by public/ (the browser client) and server/ (the routes), so the two can never disagree on a path.

export const PLUGIN_ID = 'textInsights';
export const PLUGIN_NAME = 'Text Insights';

/** The OpenSearch plugin's REST API, which the server routes proxy to. */
export const NODE_API = '/_plugins/_text_insights';
/** Where this plugin's server routes live inside OpenSearch Dashboards (and in the standalone harness). */
export const API_BASE = '/api/text_insights';

export const ROUTES = {
  datasets: `${API_BASE}/datasets`,
  runs: `${API_BASE}/runs`,
  run: `${API_BASE}/runs/{run_id}`,
  cancel: `${API_BASE}/runs/{run_id}/_cancel`,
  clusters: `${API_BASE}/runs/{run_id}/clusters`,
  clusterSamples: `${API_BASE}/runs/{run_id}/clusters/{cluster_id}/samples`,
  samples: `${API_BASE}/runs/{run_id}/samples`,
  points: `${API_BASE}/runs/{run_id}/points`,
  metrics: `${API_BASE}/runs/{run_id}/metrics`,
  alerts: `${API_BASE}/runs/{run_id}/alerts`,
} as const;

/** Most document ids one samples request may name: the node's limit too. */
export const MAX_SAMPLE_IDS = 1000;

/** Fills `{name}` placeholders of a route with URL-encoded values. */
export function routePath(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`missing route parameter ${name}`);
    return encodeURIComponent(String(params[name]));
  });
}

/** The index the OpenSearch plugin writes one document per cluster into (read by the saved objects). */
export const CLUSTERS_INDEX = 'text-insights-clusters';

/** A dataset's completed runs' results indices are joined to the alias `text-insights-results-<dataset>`. */
export const RESULTS_PREFIX = 'text-insights-results-';
export const RESULTS_TARGETS = ['results', 'dataset', 'none'] as const;

export const CLUSTER_SORT_FIELDS = ['size', 'avg_dep', 'f1', 'accuracy', 'cluster_id'] as const;
export const SAMPLE_SORT_FIELDS = ['dep', 'margin', 'confidence'] as const;
export const ALGORITHMS = ['auto', 'kmeans', 'hdbscan'] as const;
export const TOP_WORDS_HEURISTICS = ['jlh', 'chi_square', 'mutual_information', 'gnd'] as const;

export * from './types';
