import { describe, expect, it } from 'vitest';
import type { PointsResponse } from '../common';
import { alertFields, alertFilter, filterMask } from '../public/filter';
import { PointGrid, colorIndex, toData, toScreen, viewport } from '../public/map_geometry';
import { computeMetrics } from '../public/metrics';

const points: PointsResponse['points'] = {
  id: ['a', 'b', 'c', 'd', 'e', 'f'],
  x: [0, 1, 2, 3, 4, 5],
  y: [0, 1, 0, 1, 0, 1],
  cluster_id: [0, 0, 1, 1, 2, -1],
  dep: [0.01, 0.9, 0.2, 0.55, 0.04, null],
  label: ['World', 'World', 'Sports', 'Sports', 'Business', 'World'],
  prediction: ['World', 'Sports', 'Sports', 'World', 'Business', 'World'],
};

describe('metrics of a subset', () => {
  it('computes per-class precision, recall, F1 and the confusions', () => {
    const m = computeMetrics(points);
    expect(m.doc_count).toBe(6);
    expect(m.accuracy).toBeCloseTo(4 / 6);
    const byClass = Object.fromEntries(m.classes.map((c) => [c.class, c]));
    // World: gold 3 (a, b, f), predicted 3 (a, d, f), right 2.
    expect(byClass.World).toMatchObject({ support: 3, predicted: 3 });
    expect(byClass.World.precision).toBeCloseTo(2 / 3);
    expect(byClass.World.f1).toBeCloseTo(2 / 3);
    // Sports: gold 2 (c, d), predicted 2 (b, c), right 1.
    expect(byClass.Sports.f1).toBeCloseTo(0.5);
    expect(byClass.Business.f1).toBe(1);
    expect(m.macro_f1).toBeCloseTo((2 / 3 + 0.5 + 1) / 3);
    expect(m.top_misclassified).toEqual([
      { label: 'Sports', prediction: 'World', count: 1 },
      { label: 'World', prediction: 'Sports', count: 1 },
    ]);
    expect(m.dep.avg).toBeCloseTo((0.01 + 0.9 + 0.2 + 0.55 + 0.04) / 5);
    expect(m.dep.histogram).toHaveLength(20);
    expect(m.dep.histogram.reduce((n, b) => n + b.count, 0)).toBe(5);
    expect(m.dep.histogram[18].count).toBe(1); // 0.9 falls in [0.90, 0.95)
  });

  it('restricts everything to the mask', () => {
    const m = computeMetrics(points, filterMask(points, { clusterId: 1 }));
    expect(m.doc_count).toBe(2);
    expect(m.accuracy).toBe(0.5);
    expect(m.top_misclassified).toEqual([{ label: 'Sports', prediction: 'World', count: 1 }]);
  });
});

describe('filters', () => {
  it('combines cluster, label, prediction and box', () => {
    const ids = (f: Parameters<typeof filterMask>[1]) => points.id.filter((_, i) => filterMask(points, f)[i]);
    expect(ids({})).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(ids({ clusterId: 0 })).toEqual(['a', 'b']);
    expect(ids({ label: 'World', prediction: 'World' })).toEqual(['a', 'f']);
    expect(ids({ box: { x0: 0.5, x1: 3.5, y0: 0.5, y1: 2 } })).toEqual(['b', 'd']);
  });

  it("turns an alert's query into the one-click filter", () => {
    expect(
      alertFilter({
        type: 'high_dep_cluster',
        message: '',
        cluster_id: 2,
        query: { bool: { filter: [{ term: { 'text_insights.run_id': 'r1' } }, { term: { 'text_insights.cluster_id': 2 } }] } },
      })
    ).toEqual({ clusterId: 2 });
    expect(
      alertFilter({
        type: 'top_misclassified_pair',
        message: '',
        query: { bool: { filter: [{ term: { label: { value: 'Business' } } }, { term: { prediction: 'Sci/Tech' } }] } },
      })
    ).toEqual({ label: 'Business', prediction: 'Sci/Tech' });
    expect(alertFilter({ type: 'low_f1_class', message: '', class: 'World' })).toEqual({ label: 'World' });
  });

  it("reads a results-index run's alert queries: cluster_id, label and prediction terms beside run_id", () => {
    const run = 'dlwizvt22ep6nisrar5ymprr7u';
    expect(
      alertFilter({
        type: 'high_dep_cluster',
        message: '',
        cluster_id: 0,
        index: `text-insights-results-agnews-${run}`,
        query: { bool: { filter: [{ term: { run_id: run } }, { term: { cluster_id: 0 } }] } },
      })
    ).toEqual({ clusterId: 0 });
    // The query wins over the alert's own fields; the run id is no filter.
    expect(
      alertFilter({
        type: 'low_f1_cluster',
        message: '',
        cluster_id: 1,
        query: { bool: { filter: [{ term: { run_id: run } }, { term: { cluster_id: { value: 3 } } }] } },
      })
    ).toEqual({ clusterId: 3 });
    expect(
      alertFilter({
        type: 'top_misclassified_pair',
        message: '',
        class: 'Business',
        prediction: 'Sci/Tech',
        query: { bool: { filter: [{ term: { run_id: run } }, { term: { label: 'Business' } }, { term: { prediction: 'Sci/Tech' } }] } },
      })
    ).toEqual({ label: 'Business', prediction: 'Sci/Tech' });
    // Without a query: the alert's class and prediction.
    expect(alertFilter({ type: 'top_misclassified_pair', message: '', class: 'World', prediction: 'Sports', cluster_id: null })).toEqual({
      label: 'World',
      prediction: 'Sports',
    });
    // A single term (no bool) and a must clause are read too; a cluster id that is no number is dropped.
    expect(alertFilter({ type: 'x', message: '', query: { term: { cluster_id: 2 } } })).toEqual({ clusterId: 2 });
    expect(alertFilter({ type: 'x', message: '', query: { bool: { must: { term: { prediction: 'World' } } } } })).toEqual({ prediction: 'World' });
    expect(alertFilter({ type: 'x', message: '', query: { term: { cluster_id: 'two' } } })).toEqual({});
  });

  it("reads an in-place run's alert queries with the dataset's own label and prediction fields", () => {
    const run = {
      run_id: 'r1',
      index: 'news',
      state: 'completed' as const,
      results: { target: 'dataset', index: 'news', state: 'complete', fields: { label: 'topic', prediction: 'model_topic', dep: 'dep' } },
    };
    const fields = alertFields(run);
    expect(fields).toEqual({ clusterId: ['cluster_id', 'text_insights.cluster_id'], label: ['label', 'topic'], prediction: ['prediction', 'model_topic'] });
    const query = {
      bool: {
        filter: [
          { term: { 'text_insights.run_id': 'r1' } },
          { term: { 'text_insights.cluster_id': 4 } },
          { term: { topic: 'World' } },
          { term: { model_topic: 'Sports' } },
        ],
      },
    };
    expect(alertFilter({ type: 'top_misclassified_pair', message: '', query }, fields)).toEqual({ clusterId: 4, label: 'World', prediction: 'Sports' });
    // Without the run's names the dataset's own fields are not recognised (only the alert's class would be).
    expect(alertFilter({ type: 'top_misclassified_pair', message: '', query })).toEqual({ clusterId: 4 });
  });
});

describe('map geometry', () => {
  it('maps data to the screen and back, with y growing upwards', () => {
    const v = viewport(points, 400, 300, 10);
    expect(toScreen(v, 0, 0)).toEqual([10, 290]);
    expect(toScreen(v, 5, 1)).toEqual([390, 10]);
    const [x, y] = toData(v, ...toScreen(v, 2.5, 0.25));
    expect(x).toBeCloseTo(2.5);
    expect(y).toBeCloseTo(0.25);
  });

  it('finds the nearest kept point within the radius only', () => {
    const sx = new Float32Array([10, 50, 52]);
    const sy = new Float32Array([10, 50, 50]);
    const grid = new PointGrid(sx, sy, 8);
    expect(grid.nearest(11, 11)).toBe(0);
    expect(grid.nearest(52.5, 50)).toBe(2);
    expect(grid.nearest(30, 30)).toBe(-1);
    const masked = new PointGrid(sx, sy, 8, new Uint8Array([1, 1, 0]));
    expect(masked.nearest(52.5, 50)).toBe(1);
  });

  it('colours by cluster (noise grey), DEP decile, label and correctness', () => {
    const byCluster = colorIndex(points, 'cluster', [-1, 0, 1, 2], []);
    expect(Array.from(byCluster.index)).toEqual([0, 0, 1, 1, 2, 3]);
    expect(byCluster.palette[3]).toBe('#98A2B3');
    expect(Array.from(colorIndex(points, 'dep', [], []).index)).toEqual([0, 9, 2, 5, 0, 10]);
    expect(Array.from(colorIndex(points, 'correct', [], []).index)).toEqual([0, 1, 0, 1, 0, 0]);
    expect(Array.from(colorIndex(points, 'label', [], ['Business', 'Sports', 'World']).index)).toEqual([2, 2, 1, 1, 0, 2]);
  });
});
