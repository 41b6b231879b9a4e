// The saved objects' structure (import-ready, every reference inside the file) and the field extraction the
// end-to-end test uses to check every referenced field against a real node's mappings.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mappingFields, missingFields, parseNdjson, referencedFields, structureProblems } from '../saved_objects/check';

// jsdom replaces import.meta.url's scheme, so resolve from the package root vitest runs in.
const FILE = resolve(__dirname, '../saved_objects/text_insights.ndjson');
const objects = parseNdjson(readFileSync(FILE, 'utf8'));

describe('saved objects', () => {
  it('hold the index patterns, the five visualizations, the saved search and the dashboard', () => {
    expect(objects.map((o) => `${o.type}:${o.id}`).sort()).toEqual([
      'dashboard:text-insights-dashboard',
      'index-pattern:text-insights-clusters',
      'index-pattern:text-insights-samples',
      'search:text-insights-samples-by-dep',
      'visualization:text-insights-cluster-avg-dep',
      'visualization:text-insights-cluster-f1',
      'visualization:text-insights-cluster-sizes',
      'visualization:text-insights-dep-histogram',
      'visualization:text-insights-f1-by-class',
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

  it('sort the saved search by DEP, highest first', () => {
    expect(objects.find((o) => o.type === 'search')!.attributes.sort).toEqual([['dep', 'desc']]);
  });

  it('name the fields they read, per index', () => {
    const fields = referencedFields(objects);
    expect(Array.from(fields.get('text-insights-clusters') ?? []).sort()).toEqual(['avg_dep', 'created_at', 'f1', 'index', 'label', 'run_id', 'size']);
    expect(Array.from(fields.get('agnews') ?? []).sort()).toEqual(['dep', 'label', 'prediction', 'text', 'text_insights.cluster_id']);
  });

  it('catch a field that a mapping lacks', () => {
    const samples = mappingFields({ properties: { text: { type: 'text', fields: { words: { type: 'text' } } }, label: { type: 'keyword' }, prediction: { type: 'keyword' }, dep: { type: 'float' }, text_insights: { properties: { cluster_id: { type: 'integer' } } } } });
    expect(samples.has('text.words')).toBe(true);
    const clusters = mappingFields({ properties: { run_id: {}, index: {}, label: {}, size: {}, created_at: {}, avg_dep: {} } });
    const missing = missingFields(objects, new Map([['agnews', samples], ['text-insights-clusters', clusters]]));
    expect(missing).toEqual(['text-insights-clusters: f1']);
  });
});
