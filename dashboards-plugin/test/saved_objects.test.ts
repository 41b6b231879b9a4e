// The saved objects' structure (import-ready, every reference inside the file), that they read the runs' results
// (not the dataset) one run at a time, and the field extraction the end-to-end test uses to check every referenced
// field against a real node's mappings.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mappingFields, missingFields, parseNdjson, referencedFields, structureProblems } from '../saved_objects/check';

// jsdom replaces import.meta.url's scheme, so resolve from the package root vitest runs in.
const FILE = resolve(__dirname, '../saved_objects/text_insights.ndjson');
const text = readFileSync(FILE, 'utf8');
const objects = parseNdjson(text);
const RESULTS = 'text-insights-results-agnews';
const vis = (id: string) => JSON.parse(objects.find((o) => o.id === id)!.attributes.visState);

describe('saved objects', () => {
  it('are what saved_objects/build.mjs writes', () => {
    const built = execFileSync(process.execPath, [resolve(__dirname, '../saved_objects/build.mjs'), '--print'], { encoding: 'utf8' });
    expect(text).toBe(built);
  });

  it('hold the index patterns, the run control, six visualizations, the saved search and the dashboard', () => {
    expect(objects.map((o) => `${o.type}:${o.id}`).sort()).toEqual([
      'dashboard:text-insights-dashboard',
      'index-pattern:text-insights-clusters',
      'index-pattern:text-insights-results',
      'search:text-insights-samples-by-dep',
      'visualization:text-insights-cluster-avg-dep',
      'visualization:text-insights-cluster-correct',
      'visualization:text-insights-cluster-f1',
      'visualization:text-insights-cluster-sizes',
      'visualization:text-insights-dep-histogram',
      'visualization:text-insights-f1-by-class',
      'visualization:text-insights-run-control',
    ]);
  });

  it('are structurally sound', () => {
    expect(structureProblems(objects)).toEqual([]);
  });

  it('put every visualization and the search on the dashboard', () => {
    const dashboard = objects.find((o) => o.type === 'dashboard')!;
    const onBoard = dashboard.references.map((r) => r.id).sort();
    expect(onBoard).toEqual(objects.filter((o) => o.type === 'visualization' || o.type === 'search').map((o) => o.id).sort());
  });

  it("read the samples from the dataset's results alias, never from the dataset", () => {
    const patterns = objects.filter((o) => o.type === 'index-pattern').map((o) => o.attributes.title).sort();
    expect(patterns).toEqual(['text-insights-clusters', RESULTS]);
    expect(objects.find((o) => o.id === 'text-insights-results')!.attributes.timeFieldName).toBeUndefined();
    expect(vis('text-insights-f1-by-class').params.spec).toContain(`index: ${RESULTS}`);
    expect(text).not.toContain('text_insights.');
  });

  it('show one run: a Run control on run_id, per-run charts of the results, the newest run of the clusters', () => {
    const control = vis('text-insights-run-control');
    expect(control.type).toBe('input_control_vis');
    expect(control.params.controls).toMatchObject([{ fieldName: 'run_id', type: 'list', options: { multiselect: false } }]);
    expect(objects.find((o) => o.id === 'text-insights-run-control')!.references).toEqual([
      { name: 'control_0_index_pattern', type: 'index-pattern', id: 'text-insights-results' },
    ]);
    // Every aggregating chart splits by run (the results' charts one per run, the clusters' the newest run), so no
    // chart mixes two runs; the control's run_id filter then leaves one.
    for (const o of objects.filter((x) => x.type === 'visualization')) {
      const v = JSON.parse(o.attributes.visState);
      if (v.type === 'input_control_vis') continue;
      if (v.type === 'vega') {
        expect(v.params.spec).toContain('%context%: true');
        expect(v.params.spec).toMatch(/run: \{\s*terms: \{field: "run_id"/);
        continue;
      }
      const split = v.aggs.find((a: any) => a.schema === 'split');
      expect(split?.params.field, o.id).toBe('run_id');
      const pattern = o.references[0].id;
      if (pattern === 'text-insights-clusters') expect(split.params).toMatchObject({ size: 1, orderBy: 'custom', orderAgg: { params: { field: 'created_at' } } });
      else expect(pattern).toBe('text-insights-results');
    }
    // The saved search names each row's run.
    expect(objects.find((o) => o.type === 'search')!.attributes.columns).toContain('run_id');
  });

  it('sort the saved search by DEP, highest first', () => {
    expect(objects.find((o) => o.type === 'search')!.attributes.sort).toEqual([['dep', 'desc']]);
  });

  it('name the fields they read, per index', () => {
    const fields = referencedFields(objects);
    expect(Array.from(fields.get('text-insights-clusters') ?? []).sort()).toEqual(['avg_dep', 'created_at', 'f1', 'index', 'label', 'run_id', 'size']);
    expect(Array.from(fields.get(RESULTS) ?? []).sort()).toEqual([
      'cluster_id',
      'cluster_label',
      'correct',
      'dep',
      'label',
      'prediction',
      'run_id',
      'split',
      'text',
    ]);
    expect(Array.from(fields.keys()).sort()).toEqual(['text-insights-clusters', RESULTS]);
  });

  it('catch a field that a mapping lacks', () => {
    // The results index mapping, as ResultsIndex.mapping writes it, without `correct`.
    const results = mappingFields({
      properties: {
        run_id: { type: 'keyword' },
        doc_id: { type: 'keyword' },
        cluster_id: { type: 'integer' },
        cluster_label: { type: 'keyword' },
        label: { type: 'keyword' },
        prediction: { type: 'keyword' },
        split: { type: 'keyword' },
        dep: { type: 'float' },
        text: { type: 'text', fields: { words: { type: 'text' } } },
      },
    });
    expect(results.has('text.words')).toBe(true);
    const clusters = mappingFields({ properties: { run_id: {}, index: {}, label: {}, size: {}, created_at: {}, avg_dep: {} } });
    const missing = missingFields(objects, new Map([[RESULTS, results], ['text-insights-clusters', clusters]]));
    expect(missing).toEqual(['text-insights-clusters: f1', `${RESULTS}: correct`]);
  });
});
