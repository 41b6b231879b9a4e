import { describe, expect, it } from 'vitest';
import {
  validateClusterParams,
  validateClustersQuery,
  validateListRunsQuery,
  validatePointsQuery,
  validateRunParams,
  validateSamplesQuery,
  validateStartRunBody,
} from '../server/validation';

describe('route parameter validation', () => {
  it('accepts run ids as the node issues them and refuses anything that could change the proxied path', () => {
    expect(validateRunParams({ run_id: 'gn0jBaIB60Flqkzcmb_g' })).toEqual({ ok: true, value: { run_id: 'gn0jBaIB60Flqkzcmb_g' } });
    // Today's ids: 26 characters of lowercase base32.
    expect(validateRunParams({ run_id: 'dlwizvt22ep6nisrar5ymprr7u' }).ok).toBe(true);
    for (const bad of ['../_cluster', 'a/b', '', 'a?b', 'x'.repeat(129)]) {
      expect(validateRunParams({ run_id: bad }).ok).toBe(false);
    }
  });

  it('reads cluster ids as integers from -1 (noise) up', () => {
    expect(validateClusterParams({ run_id: 'r1', cluster_id: '-1' })).toEqual({ ok: true, value: { run_id: 'r1', cluster_id: -1 } });
    expect(validateClusterParams({ run_id: 'r1', cluster_id: '3' })).toEqual({ ok: true, value: { run_id: 'r1', cluster_id: 3 } });
    const bad = validateClusterParams({ run_id: 'r1', cluster_id: '1.5' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toContain('[cluster_id] must be an integer from -1');
  });

  it('checks cluster sorts against the fields the node sorts by', () => {
    expect(validateClustersQuery({ sort: 'avg_dep:desc' })).toEqual({ ok: true, value: { sort: 'avg_dep:desc' } });
    expect(validateClustersQuery({ sort: 'f1' })).toEqual({ ok: true, value: { sort: 'f1:desc' } });
    const bad = validateClustersQuery({ sort: 'dep:up' });
    expect(!bad.ok && bad.error).toContain('[sort] must be one of size, avg_dep, f1, accuracy, cluster_id');
  });

  it('collects every sample-query problem at once', () => {
    const r = validateSamplesQuery({ sort: 'text', size: '5000', correct: 'false', color: 'red' });
    expect(r.ok).toBe(false);
    const error = !r.ok ? r.error : '';
    expect(error).toContain('[color] is not a known parameter');
    expect(error).toContain('[sort] must be one of dep, margin, confidence');
    expect(error).toContain('[size] must be an integer from 0 to 1000');
    // The node has no correct= filter: refused here rather than passed on.
    expect(error).toContain('[correct] is not a known parameter');
  });

  it('types sample filters and bounds paging like the node (from + size <= 10000)', () => {
    expect(validateSamplesQuery({ sort: 'dep:asc', from: '20', size: '20', cluster_id: '2', prediction: 'Sports', label: 'World' })).toEqual({
      ok: true,
      value: { sort: 'dep:asc', from: 20, size: 20, cluster_id: 2, prediction: 'Sports', label: 'World' },
    });
    expect(validateSamplesQuery({ ids: 'a,b,,c', size: '3' })).toEqual({ ok: true, value: { ids: 'a,b,c', size: 3 } });
    const tooMany = validateSamplesQuery({ ids: Array.from({ length: 1001 }, (_, i) => `d${i}`).join(',') });
    expect(!tooMany.ok && tooMany.error).toContain('[ids] must name 1 to 1000 document ids, separated by commas, got 1001');
    const deep = validateSamplesQuery({ from: '9990', size: '20' });
    expect(!deep.ok && deep.error).toContain('[from] + [size] must be at most 10000');
  });

  it('bounds points and runs listing', () => {
    expect(validatePointsQuery({ max: '200000' }).ok).toBe(true);
    expect(validatePointsQuery({ max: '200001' }).ok).toBe(false);
    expect(validateListRunsQuery({ index: 'agnews', size: '20' })).toEqual({ ok: true, value: { index: 'agnews', size: 20 } });
    expect(validateListRunsQuery({ index: '_all/../x' }).ok).toBe(false);
  });
});

describe('start-run body validation', () => {
  it('passes a full form body through', () => {
    const body = {
      index: 'agnews',
      split: 'test',
      query: { term: { label: 'World' } },
      algorithm: { name: 'kmeans', k: 4, seed: 7 },
      projection: { name: 'umap' },
      top_words: { size: 10, heuristic: 'jlh' },
      summaries: { enabled: false },
      write_back: true,
    };
    expect(validateStartRunBody(body)).toEqual({ ok: true, value: body });
  });

  it('needs an index and k for kmeans, and refuses unknown keys, naming each', () => {
    const r = validateStartRunBody({ algorithm: { name: 'kmeans' }, summaries: { enabled: 'yes' }, extra: 1 });
    expect(r.ok).toBe(false);
    const error = !r.ok ? r.error : '';
    expect(error).toContain('[index] is required');
    expect(error).toContain('[algorithm.k] is required for kmeans');
    expect(error).toContain('[summaries] must be {"enabled": true}');
    expect(error).toContain('[extra] is not a known parameter');
  });

  it('lets the results target through: true, false or {"target": results | dataset | none}', () => {
    for (const writeBack of [true, false, { target: 'results' }, { target: 'dataset' }, { target: 'none' }]) {
      expect(validateStartRunBody({ index: 'agnews', write_back: writeBack })).toEqual({ ok: true, value: { index: 'agnews', write_back: writeBack } });
    }
    const badTarget = validateStartRunBody({ index: 'agnews', write_back: { target: 'elsewhere' } });
    expect(!badTarget.ok && badTarget.error).toContain('[write_back.target] must be one of results, dataset, none');
    const extra = validateStartRunBody({ index: 'agnews', write_back: { target: 'results', index: 'x' } });
    expect(!extra.ok && extra.error).toContain('write_back.[index] is not a known parameter');
    const bad = validateStartRunBody({ index: 'agnews', write_back: 'yes' });
    expect(!bad.ok && bad.error).toContain('[write_back] must be true, false or {"target": "results" | "dataset" | "none"}');
  });

  it('refuses a query that is not one query object', () => {
    expect(validateStartRunBody({ index: 'agnews', query: [] }).ok).toBe(false);
    expect(validateStartRunBody({ index: 'agnews', query: { term: {}, match: {} } }).ok).toBe(false);
    expect(validateStartRunBody('agnews').ok).toBe(false);
  });
});
