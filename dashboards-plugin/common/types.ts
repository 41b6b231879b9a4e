// Response shapes of the OpenSearch plugin's REST API (docs/rest-api.md in the repository), as the app reads them.
// Fields the app does not read are left out; the server passes bodies through untouched.

export type RunState = 'running' | 'completed' | 'failed' | 'cancelled';

/** Where a run writes its per-sample results (`write_back.target`): its own index (default), the dataset, nowhere. */
export type ResultsTarget = 'results' | 'dataset' | 'none';

/**
 * The state of a run's per-sample results: `writing` until published, `complete` (readable), `dropped` (deleted to
 * keep plugins.text_insights.results.max_runs_per_dataset runs), `discarded` (the run failed or was cancelled),
 * `overwritten` (an in-place run whose fields a later in-place run replaced), `none` (the run wrote none).
 */
export type ResultsState = 'writing' | 'complete' | 'dropped' | 'discarded' | 'overwritten' | 'none';

/** The run document's `results` section. */
export interface RunResults {
  target?: ResultsTarget | string;
  /** The run's results index (`text-insights-results-<dataset>-<run>`), the dataset for in-place runs, null for none. */
  index?: string | null;
  /** The dataset's alias over its completed runs' results (`text-insights-results-<dataset>`). */
  alias?: string;
  state?: ResultsState | string;
  written?: number;
  failures?: number;
  reason?: string;
  /** In-place runs: the dataset's own names of label, prediction, split, dep, margin, confidence and text. */
  fields?: Record<string, string>;
  changed_at?: number;
}

export interface Run {
  run_id: string;
  index: string;
  state: RunState;
  task?: string | null;
  split?: string | null;
  progress?: { phase?: string; percent?: number } | null;
  parameters?: Record<string, unknown>;
  query?: unknown;
  doc_count?: number;
  cluster_count?: number;
  noise_count?: number;
  created_at?: string | number;
  error?: string | { reason?: string } | null;
  /** Absent on runs made before results indices. */
  results?: RunResults | null;
}

export interface TopWord {
  word: string;
  score: number;
  doc_count?: number;
  bg_count?: number;
}

export interface MisclassifiedPair {
  label: string;
  prediction: string;
  count: number;
}

export interface Cluster {
  cluster_id: number;
  noise?: boolean;
  label?: string | null;
  title?: string | null;
  summary?: string | null;
  size: number;
  x?: number | null;
  y?: number | null;
  avg_dep?: number | null;
  f1?: number | null;
  accuracy?: number | null;
  label_counts?: Record<string, number>;
  top_misclassified?: MisclassifiedPair[];
  top_words?: TopWord[];
  omitted?: Record<string, string>;
}

export interface ClustersResponse {
  run_id: string;
  index?: string;
  results_index?: string;
  total: number;
  clusters: Cluster[];
}

export interface Sample {
  id: string;
  text?: string;
  label?: string | null;
  prediction?: string | null;
  dep?: number | null;
  margin?: number | null;
  confidence?: number | null;
  cluster_id?: number | null;
  cluster_label?: string | null;
  x?: number | null;
  y?: number | null;
}

export interface SamplesResponse {
  run_id: string;
  results_index?: string;
  total: number;
  samples: Sample[];
}

export interface PointsResponse {
  run_id: string;
  results_index?: string;
  total: number;
  returned: number;
  truncated: boolean;
  points: {
    id: string[];
    x: number[];
    y: number[];
    cluster_id: number[];
    dep: Array<number | null>;
    label: Array<string | null>;
    prediction: Array<string | null>;
  };
}

export interface ClassMetrics {
  class: string;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  support: number;
  predicted: number;
}

export interface HistogramBucket {
  from: number;
  to: number;
  count: number;
}

export interface MetricsResponse {
  run_id: string;
  results_index?: string;
  // A run without metrics (it wrote no per-sample results) answers without doc_count and classes, and `omitted` says
  // why: the app checks for them (hasMetrics) before showing any.
  doc_count: number;
  accuracy?: number | null;
  macro_f1?: number | null;
  classes: ClassMetrics[];
  top_misclassified: MisclassifiedPair[];
  dep?: { avg?: number | null; std?: number | null; min?: number | null; max?: number | null; histogram: HistogramBucket[] };
  omitted?: Record<string, string> | string;
}

export interface Alert {
  type: string;
  message: string;
  cluster_id?: number | null;
  class?: string | null;
  prediction?: string | null;
  values?: Record<string, unknown>;
  /** The index `query` selects samples in: the run's results index (or the dataset, for in-place runs). */
  index?: string;
  query?: unknown;
}

export interface AlertsResponse {
  run_id: string;
  results_index?: string;
  alerts: Alert[];
  omitted?: string;
}

export interface Dataset {
  index: string;
  pipeline?: string;
  doc_count?: number;
  dataset?: { fields?: Record<string, unknown> } | null;
}

/** The body of `POST /runs` that the form can send (everything else keeps the plugin's defaults). */
export interface StartRunBody {
  index: string;
  split?: string;
  query?: Record<string, unknown>;
  algorithm?: { name: string; k?: number; min_cluster_size?: number; seed?: number };
  projection?: { name: string; sample_size?: number };
  top_words?: { size?: number; heuristic?: string };
  summaries?: { enabled: boolean };
  /** true or absent: the run's own results index; false: none; or the target spelled out. */
  write_back?: boolean | { target: ResultsTarget };
}

/** OpenSearch's error body, which the server routes pass through unchanged. */
export interface OpenSearchErrorBody {
  error?: { type?: string; reason?: string; root_cause?: Array<{ reason?: string }> } | string;
  status?: number;
  // OpenSearch Dashboards' own errors (its route validation) look like this instead.
  statusCode?: number;
  message?: string;
}

/** Query of the samples routes, as the browser sends it and the server route passes it on after validation. */
export interface SamplesQuery {
  sort?: string;
  from?: number;
  size?: number;
  cluster_id?: number;
  label?: string;
  prediction?: string;
  /** Comma-separated document ids (at most MAX_SAMPLE_IDS): fetch these samples only. */
  ids?: string;
}
