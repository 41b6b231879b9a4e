// Response shapes of the OpenSearch plugin's REST API (docs/rest-api.md in the repository), as the app reads them.
// Fields the app does not read are left out; the server passes bodies through untouched.

export type RunState = 'running' | 'completed' | 'failed' | 'cancelled';

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
  total: number;
  samples: Sample[];
}

export interface PointsResponse {
  run_id: string;
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
  doc_count: number;
  accuracy?: number | null;
  macro_f1?: number | null;
  classes: ClassMetrics[];
  top_misclassified: MisclassifiedPair[];
  dep?: { avg?: number | null; std?: number | null; min?: number | null; max?: number | null; histogram: HistogramBucket[] };
  omitted?: Record<string, string>;
}

export interface Alert {
  type: string;
  message: string;
  cluster_id?: number | null;
  class?: string | null;
  values?: Record<string, unknown>;
  query?: unknown;
}

export interface AlertsResponse {
  run_id: string;
  alerts: Alert[];
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
  write_back?: boolean;
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
