// Validation of every route's parameters before anything reaches the node. Plain functions (no @osd/config-schema,
// which is not on npm) so they are unit-tested here and run the same in OSD and in the standalone harness.
// Each returns every problem at once, naming the parameter and the fix, like the OpenSearch plugin's own 400s.

import {
  ALGORITHMS,
  CLUSTER_SORT_FIELDS,
  MAX_SAMPLE_IDS,
  RESULTS_TARGETS,
  ResultsTarget,
  SAMPLE_SORT_FIELDS,
  SamplesQuery,
  StartRunBody,
  TOP_WORDS_HEURISTICS,
} from '../common';

export type Validated<T> = { ok: true; value: T } | { ok: false; error: string };

type Raw = Record<string, unknown> | null | undefined;

class Problems {
  readonly list: string[] = [];
  add(message: string) {
    this.list.push(message);
  }
  result<T>(value: T): Validated<T> {
    return this.list.length === 0 ? { ok: true, value } : { ok: false, error: this.list.join('; ') };
  }
}

const RUN_ID = /^[A-Za-z0-9_-]{1,128}$/;
// An index name as OpenSearch accepts it (lowercase, no path or wildcard characters): keeps the proxy from being
// steered to another path.
const INDEX = /^[a-z0-9][a-z0-9_.+-]{0,254}$/;

function unknownKeys(raw: Raw, allowed: string[], where: string, problems: Problems) {
  for (const key of Object.keys(raw ?? {})) {
    if (!allowed.includes(key)) problems.add(`${where}[${key}] is not a known parameter: use one of ${allowed.join(', ')}`);
  }
}

function intParam(
  raw: Raw,
  name: string,
  min: number,
  max: number,
  problems: Problems,
  where = ''
): number | undefined {
  const value = raw?.[name];
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.add(`[${where}${name}] must be an integer from ${min} to ${max}, got [${String(value)}]`);
    return undefined;
  }
  return n;
}

function stringParam(raw: Raw, name: string, problems: Problems, where = '', maxLength = 256): string | undefined {
  const value = raw?.[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > maxLength) {
    problems.add(`[${where}${name}] must be a string of at most ${maxLength} characters`);
    return undefined;
  }
  return value;
}

function sortParam(raw: Raw, fields: readonly string[], problems: Problems): string | undefined {
  const value = stringParam(raw, 'sort', problems);
  if (value === undefined) return undefined;
  const [field, direction = 'desc', ...rest] = value.split(':');
  if (!fields.includes(field) || (direction !== 'asc' && direction !== 'desc') || rest.length > 0) {
    problems.add(`[sort] must be one of ${fields.join(', ')}, optionally followed by :asc or :desc, got [${value}]`);
    return undefined;
  }
  return `${field}:${direction}`;
}

function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export interface RunParams {
  run_id: string;
}
export interface ClusterParams extends RunParams {
  cluster_id: number;
}

export function validateRunParams(raw: Raw): Validated<RunParams> {
  const problems = new Problems();
  const runId = raw?.run_id;
  if (typeof runId !== 'string' || !RUN_ID.test(runId)) {
    problems.add('[run_id] must be a run id as returned by POST /runs (letters, digits, - and _)');
  }
  return problems.result({ run_id: String(runId) });
}

export function validateClusterParams(raw: Raw): Validated<ClusterParams> {
  const problems = new Problems();
  const run = validateRunParams(raw);
  if (!run.ok) problems.add(run.error);
  const clusterId = intParam(raw, 'cluster_id', -1, 1_000_000, problems);
  if (clusterId === undefined && problems.list.length === 0) problems.add('[cluster_id] is required');
  return problems.result({ run_id: String(raw?.run_id), cluster_id: clusterId ?? -1 });
}

export interface ListRunsQuery {
  index?: string;
  size?: number;
}
export function validateListRunsQuery(raw: Raw): Validated<ListRunsQuery> {
  const problems = new Problems();
  unknownKeys(raw, ['index', 'size'], '', problems);
  const index = stringParam(raw, 'index', problems);
  if (index !== undefined && !INDEX.test(index)) problems.add(`[index] is not a valid index name: [${index}]`);
  const size = intParam(raw, 'size', 1, 1000, problems);
  return problems.result(compact({ index, size }));
}

export interface ClustersQuery {
  sort?: string;
  from?: number;
  size?: number;
}
export function validateClustersQuery(raw: Raw): Validated<ClustersQuery> {
  const problems = new Problems();
  unknownKeys(raw, ['sort', 'from', 'size'], '', problems);
  const sort = sortParam(raw, CLUSTER_SORT_FIELDS, problems);
  const from = intParam(raw, 'from', 0, 10000, problems);
  const size = intParam(raw, 'size', 0, 10000, problems);
  return problems.result(compact({ sort, from, size }));
}

function idsParam(raw: Raw, problems: Problems): string | undefined {
  const value = stringParam(raw, 'ids', problems, '', 200_000);
  if (value === undefined) return undefined;
  const ids = value.split(',').filter((id) => id.trim() !== '');
  if (ids.length === 0 || ids.length > MAX_SAMPLE_IDS) {
    problems.add(`[ids] must name 1 to ${MAX_SAMPLE_IDS} document ids, separated by commas, got ${ids.length}`);
    return undefined;
  }
  return ids.join(',');
}
function samplesQuery(raw: Raw, filters: boolean): Validated<SamplesQuery> {
  const problems = new Problems();
  const allowed = ['sort', 'from', 'size', 'ids'].concat(filters ? ['cluster_id', 'label', 'prediction'] : []);
  unknownKeys(raw, allowed, '', problems);
  const sort = sortParam(raw, SAMPLE_SORT_FIELDS, problems);
  const from = intParam(raw, 'from', 0, 10000, problems);
  const size = intParam(raw, 'size', 0, 1000, problems);
  if ((from ?? 0) + (size ?? 20) > 10000) problems.add('[from] + [size] must be at most 10000: page with smaller offsets');
  const value: SamplesQuery = { sort, from, size, ids: idsParam(raw, problems) };
  if (filters) {
    value.cluster_id = intParam(raw, 'cluster_id', -1, 1_000_000, problems);
    value.label = stringParam(raw, 'label', problems);
    value.prediction = stringParam(raw, 'prediction', problems);
  }
  return problems.result(compact(value as Record<string, unknown>) as SamplesQuery);
}
export const validateSamplesQuery = (raw: Raw) => samplesQuery(raw, true);
export const validateClusterSamplesQuery = (raw: Raw) => samplesQuery(raw, false);

export interface PointsQuery {
  max?: number;
}
export function validatePointsQuery(raw: Raw): Validated<PointsQuery> {
  const problems = new Problems();
  unknownKeys(raw, ['max'], '', problems);
  const max = intParam(raw, 'max', 1, 200000, problems);
  return problems.result(compact({ max }));
}

export function validateNoQuery(raw: Raw): Validated<Record<string, never>> {
  const problems = new Problems();
  unknownKeys(raw, [], '', problems);
  return problems.result({});
}

export interface DeleteRunQuery {
  clear_fields?: boolean;
}
export function validateDeleteRunQuery(raw: Raw): Validated<DeleteRunQuery> {
  const problems = new Problems();
  unknownKeys(raw, ['clear_fields'], '', problems);
  const clear = raw?.clear_fields;
  if (clear !== undefined && clear !== 'true' && clear !== 'false' && typeof clear !== 'boolean') {
    problems.add(`[clear_fields] must be true or false, got [${String(clear)}]`);
  }
  return problems.result(clear === undefined ? {} : { clear_fields: clear === true || clear === 'true' });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The body of a new run. Only the keys the app's form sends are let through, checked for type and range; the node
 * checks the rest (k against the document count, the query itself) and its 400 comes back unchanged.
 */
export function validateStartRunBody(raw: unknown): Validated<StartRunBody> {
  const problems = new Problems();
  if (!isObject(raw)) return { ok: false, error: 'the body must be a JSON object with at least [index]' };
  unknownKeys(raw, ['index', 'split', 'query', 'algorithm', 'projection', 'top_words', 'summaries', 'write_back'], '', problems);
  const body: StartRunBody = { index: '' };
  const index = raw.index;
  if (typeof index !== 'string' || index === '') problems.add('[index] is required: the dataset to cluster, e.g. agnews');
  else if (!INDEX.test(index)) problems.add(`[index] is not a valid index name: [${index}]`);
  else body.index = index;

  const split = stringParam(raw, 'split', problems);
  if (split !== undefined) body.split = split;

  if (raw.query !== undefined) {
    if (!isObject(raw.query) || Object.keys(raw.query).length !== 1) {
      problems.add('[query] must be an object holding one query, e.g. {"term": {"split": "test"}}');
    } else body.query = raw.query;
  }

  if (raw.algorithm !== undefined) {
    if (!isObject(raw.algorithm)) problems.add('[algorithm] must be an object, e.g. {"name": "auto"}');
    else {
      const algorithm = raw.algorithm;
      unknownKeys(algorithm, ['name', 'k', 'min_cluster_size', 'seed'], 'algorithm.', problems);
      const name = algorithm.name ?? 'auto';
      if (typeof name !== 'string' || !(ALGORITHMS as readonly string[]).includes(name)) {
        problems.add(`[algorithm.name] must be one of ${ALGORITHMS.join(', ')}`);
      }
      const k = intParam(algorithm, 'k', 2, 1000, problems, 'algorithm.');
      if (name === 'kmeans' && k === undefined && algorithm.k === undefined) {
        problems.add('[algorithm.k] is required for kmeans: the number of clusters, e.g. 8');
      }
      const minClusterSize = intParam(algorithm, 'min_cluster_size', 2, 1_000_000, problems, 'algorithm.');
      const seed = intParam(algorithm, 'seed', -(2 ** 31), 2 ** 31 - 1, problems, 'algorithm.');
      body.algorithm = compact({ name: String(name), k, min_cluster_size: minClusterSize, seed });
    }
  }

  if (raw.projection !== undefined) {
    if (!isObject(raw.projection)) problems.add('[projection] must be an object, e.g. {"name": "umap"}');
    else {
      unknownKeys(raw.projection, ['name', 'sample_size'], 'projection.', problems);
      const name = raw.projection.name ?? 'umap';
      if (name !== 'umap' && name !== 'none') problems.add('[projection.name] must be umap or none');
      const sampleSize = intParam(raw.projection, 'sample_size', 10, 1_000_000, problems, 'projection.');
      body.projection = compact({ name: String(name), sample_size: sampleSize });
    }
  }

  if (raw.top_words !== undefined) {
    if (!isObject(raw.top_words)) problems.add('[top_words] must be an object, e.g. {"size": 10}');
    else {
      unknownKeys(raw.top_words, ['size', 'heuristic'], 'top_words.', problems);
      const size = intParam(raw.top_words, 'size', 1, 100, problems, 'top_words.');
      const heuristic = raw.top_words.heuristic;
      if (heuristic !== undefined && !(TOP_WORDS_HEURISTICS as readonly unknown[]).includes(heuristic)) {
        problems.add(`[top_words.heuristic] must be one of ${TOP_WORDS_HEURISTICS.join(', ')}`);
      }
      body.top_words = compact({ size, heuristic: heuristic as string | undefined });
    }
  }

  if (raw.summaries !== undefined) {
    if (!isObject(raw.summaries) || typeof raw.summaries.enabled !== 'boolean') {
      problems.add('[summaries] must be {"enabled": true} or {"enabled": false}');
    } else {
      unknownKeys(raw.summaries, ['enabled'], 'summaries.', problems);
      body.summaries = { enabled: raw.summaries.enabled };
    }
  }

  // Where the run writes its per-sample results: true (its own results index, the default), false (nowhere), or
  // {"target": "results" | "dataset" | "none"} ("dataset": the opt-in in-place mode, fields in the dataset's documents).
  if (raw.write_back !== undefined) {
    const writeBack = raw.write_back;
    if (typeof writeBack === 'boolean') body.write_back = writeBack;
    else if (isObject(writeBack)) {
      unknownKeys(writeBack, ['target'], 'write_back.', problems);
      if (!(RESULTS_TARGETS as readonly unknown[]).includes(writeBack.target)) {
        problems.add(`[write_back.target] must be one of ${RESULTS_TARGETS.join(', ')}`);
      } else body.write_back = { target: writeBack.target as ResultsTarget };
    } else problems.add(`[write_back] must be true, false or {"target": "${RESULTS_TARGETS.join('" | "')}"}`);
  }
  return problems.result(body);
}
