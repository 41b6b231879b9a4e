// Writes text_insights.ndjson: the saved objects of the native panels, over the runs' results (the alias
// text-insights-results-<dataset>, one document per sample and run) and the cluster documents (text-insights-clusters).
//
//   node saved_objects/build.mjs            # rewrite text_insights.ndjson next to this file
//   node saved_objects/build.mjs --print    # print it instead (the unit test compares the two)
//
// One run at a time: the "Run" control filters every panel by run_id (both indices have it). Until a run is chosen,
// the cluster panels show the newest run (the cluster documents have created_at) and the sample panels draw one chart
// per run (a result document has no time of its own, so "newest" cannot be told from the results alone).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The bundled sample dataset; other datasets: change the results pattern's title, the Vega index and the KQL. */
export const DATASET = 'agnews';
export const RESULTS_PATTERN = 'text-insights-results';
export const CLUSTERS_PATTERN = 'text-insights-clusters';
/** Charts per run drawn side by side until one run is chosen. */
const RUNS_SIDE_BY_SIDE = 5;
const INDEX_REF = 'kibanaSavedObjectMeta.searchSourceJSON.index';

const searchSource = (query, withIndex) =>
  JSON.stringify({ query: { query, language: 'kuery' }, filter: [], ...(withIndex ? { indexRefName: INDEX_REF } : {}) });

function barParams(valueTitle, { legend = false, labels = true } = {}) {
  return {
    type: 'histogram',
    grid: { categoryLines: false },
    categoryAxes: [
      {
        id: 'CategoryAxis-1',
        type: 'category',
        position: 'bottom',
        show: true,
        style: {},
        scale: { type: 'linear' },
        labels: { show: true, filter: false, truncate: 40, rotate: 0 },
        title: {},
      },
    ],
    valueAxes: [
      {
        id: 'ValueAxis-1',
        name: 'LeftAxis-1',
        type: 'value',
        position: 'left',
        show: true,
        style: {},
        scale: { type: 'linear', mode: 'normal' },
        labels: { show: true, rotate: 0, filter: false, truncate: 100 },
        title: { text: valueTitle },
      },
    ],
    seriesParams: [
      {
        show: true,
        type: 'histogram',
        mode: 'stacked',
        data: { label: valueTitle, id: '1' },
        valueAxis: 'ValueAxis-1',
        drawLinesBetweenPoints: true,
        lineWidth: 2,
        showCircles: true,
      },
    ],
    addTooltip: true,
    addLegend: legend,
    legendPosition: 'right',
    times: [],
    addTimeMarker: false,
    labels: { show: labels },
    thresholdLine: { show: false, value: 10, width: 1, style: 'full', color: '#E7664C' },
  };
}

function visualization(id, title, description, visState, pattern, query = '') {
  const state = { title, ...visState };
  return {
    id,
    type: 'visualization',
    attributes: {
      title,
      description,
      visState: JSON.stringify(state),
      uiStateJSON: '{}',
      version: 1,
      kibanaSavedObjectMeta: { searchSourceJSON: searchSource(query, !!pattern) },
    },
    references: pattern ? [{ name: INDEX_REF, type: 'index-pattern', id: pattern }] : [],
    migrationVersion: { visualization: '7.10.0' },
  };
}

const terms = (id, schema, field, size, customLabel, extra = {}) => ({
  id,
  enabled: true,
  type: 'terms',
  schema,
  params: { field, size, order: 'desc', orderBy: '1', otherBucket: false, missingBucket: false, customLabel, ...extra },
});

/** The cluster documents of the newest run (of the chosen run, once the Run control has one). */
function newestRunSplit() {
  return terms('3', 'split', 'run_id', 1, 'run (newest)', {
    orderBy: 'custom',
    orderAgg: { id: '3-orderAgg', enabled: true, type: 'max', schema: 'orderAgg', params: { field: 'created_at' } },
  });
}

/** One chart per run of the results (a single chart once the Run control has chosen one). */
function perRunSplit(id) {
  return terms(id, 'split', 'run_id', RUNS_SIDE_BY_SIDE, 'run', { orderBy: '_key', row: true });
}

function clusterPanel(id, title, description, field, label) {
  return visualization(
    id,
    title,
    description,
    {
      type: 'histogram',
      aggs: [
        newestRunSplit(),
        { id: '1', enabled: true, type: 'max', schema: 'metric', params: { field, customLabel: label } },
        terms('2', 'segment', 'label', 100, 'cluster (top words)'),
      ],
      params: barParams(label),
    },
    CLUSTERS_PATTERN,
    `index:"${DATASET}"`
  );
}

const F1_BY_CLASS_SPEC = `{
  $schema: https://vega.github.io/schema/vega-lite/v5.json
  title: F1 by class
  data: {
    url: {
      // The dashboard's filters and query apply (the Run control's run_id among them).
      %context%: true
      index: ${'text-insights-results-' + DATASET}
      body: {
        size: 0
        aggs: {
          run: {
            terms: {field: "run_id", size: ${RUNS_SIDE_BY_SIDE}, order: {_key: "asc"}}
            aggs: {
              label: {
                terms: {field: "label", size: 200}
                aggs: {prediction: {terms: {field: "prediction", size: 200}}}
              }
            }
          }
        }
      }
    }
    format: {property: "aggregations.run.buckets"}
  }
  transform: [
    {calculate: "datum.key", as: "run"}
    {flatten: ["label.buckets"], as: ["gold_bucket"]}
    {flatten: ["gold_bucket.prediction.buckets"], as: ["cell"]}
    {calculate: "datum.gold_bucket.key", as: "gold"}
    {calculate: "datum.cell.key", as: "predicted"}
    {calculate: "datum.cell.doc_count", as: "n"}
    {calculate: "datum.gold === datum.predicted ? datum.n : 0", as: "tp"}
    {fold: ["gold", "predicted"], as: ["role", "class"]}
    {calculate: "datum.role === 'gold' ? datum.n : 0", as: "support"}
    {calculate: "datum.role === 'predicted' ? datum.n : 0", as: "predictions"}
    {calculate: "datum.role === 'gold' ? datum.tp : 0", as: "hits"}
    {aggregate: [{op: "sum", field: "support", as: "support"}, {op: "sum", field: "predictions", as: "predictions"}, {op: "sum", field: "hits", as: "hits"}], groupby: ["run", "class"]}
    {filter: "datum.support > 0"}
    {calculate: "2 * datum.hits / (datum.support + datum.predictions)", as: "f1"}
  ]
  mark: {type: "bar", tooltip: true}
  encoding: {
    x: {field: "class", type: "nominal", title: null}
    xOffset: {field: "run", type: "nominal"}
    y: {field: "f1", type: "quantitative", scale: {domain: [0, 1]}, title: "F1"}
    color: {field: "run", type: "nominal", title: "run"}
  }
}`;

export function buildSavedObjects() {
  const resultsPattern = {
    id: RESULTS_PATTERN,
    type: 'index-pattern',
    attributes: { title: `text-insights-results-${DATASET}` },
    references: [],
    migrationVersion: { 'index-pattern': '7.6.0' },
  };
  const clustersPattern = {
    id: CLUSTERS_PATTERN,
    type: 'index-pattern',
    attributes: { title: CLUSTERS_PATTERN, timeFieldName: 'created_at' },
    references: [],
    migrationVersion: { 'index-pattern': '7.6.0' },
  };

  const runControl = {
    ...visualization(
      'text-insights-run-control',
      'Text Insights: run',
      `Choose the run every panel shows (the runs whose results are kept, from text-insights-results-${DATASET})`,
      {
        type: 'input_control_vis',
        aggs: [],
        params: {
          controls: [
            {
              id: '1',
              fieldName: 'run_id',
              parent: '',
              label: 'Run',
              type: 'list',
              options: { type: 'terms', multiselect: false, dynamicOptions: true, size: 20, order: 'desc' },
              indexPatternRefName: 'control_0_index_pattern',
            },
          ],
          updateFiltersOnChange: true,
          useTimeFilter: false,
          pinFilters: false,
        },
      },
      undefined
    ),
    references: [{ name: 'control_0_index_pattern', type: 'index-pattern', id: RESULTS_PATTERN }],
  };

  const depHistogram = visualization(
    'text-insights-dep-histogram',
    'Text Insights: DEP histogram',
    'Samples by Data Error Potential (0 easy, 1 likely mislabeled), correct and wrong predictions stacked, one chart per run until one is chosen',
    {
      type: 'histogram',
      aggs: [
        { id: '1', enabled: true, type: 'count', schema: 'metric', params: { customLabel: 'samples' } },
        perRunSplit('4'),
        {
          id: '2',
          enabled: true,
          type: 'range',
          schema: 'segment',
          params: {
            field: 'dep',
            ranges: Array.from({ length: 10 }, (_, i) => ({ from: i / 10, to: (i + 1) / 10 })),
            customLabel: 'DEP',
          },
        },
        terms('3', 'group', 'correct', 2, 'prediction correct'),
      ],
      params: barParams('samples', { legend: true, labels: false }),
    },
    RESULTS_PATTERN
  );

  const clusterCorrect = visualization(
    'text-insights-cluster-correct',
    'Text Insights: correct and wrong per cluster',
    'Samples of each cluster whose prediction is right or wrong, one chart per run until one is chosen',
    {
      type: 'histogram',
      aggs: [
        { id: '1', enabled: true, type: 'count', schema: 'metric', params: { customLabel: 'samples' } },
        perRunSplit('4'),
        terms('2', 'segment', 'cluster_label', 50, 'cluster (top words)'),
        terms('3', 'group', 'correct', 2, 'prediction correct'),
      ],
      params: barParams('samples', { legend: true, labels: false }),
    },
    RESULTS_PATTERN
  );

  const f1ByClass = visualization(
    'text-insights-f1-by-class',
    'Text Insights: F1 by class',
    `F1 of the logged predictions per gold class, per run (text-insights-results-${DATASET}: edit the index in the spec for another dataset)`,
    { type: 'vega', aggs: [], params: { spec: F1_BY_CLASS_SPEC } },
    undefined
  );

  const samples = {
    id: 'text-insights-samples-by-dep',
    type: 'search',
    attributes: {
      title: 'Text Insights: samples by DEP',
      description: "Every sample of the chosen run (the Run control), highest Data Error Potential first",
      columns: ['text', 'label', 'prediction', 'correct', 'dep', 'cluster_id', 'cluster_label', 'split', 'run_id'],
      sort: [['dep', 'desc']],
      version: 1,
      kibanaSavedObjectMeta: { searchSourceJSON: searchSource('', true) },
    },
    references: [{ name: INDEX_REF, type: 'index-pattern', id: RESULTS_PATTERN }],
    migrationVersion: { search: '7.9.3' },
  };

  const onBoard = [
    [runControl, { x: 0, y: 0, w: 48, h: 5 }],
    [clusterPanel('text-insights-cluster-sizes', 'Text Insights: cluster sizes', 'Samples per cluster of the newest run, or of the chosen one (text-insights-clusters)', 'size', 'samples'), { x: 0, y: 5, w: 16, h: 15 }],
    [clusterPanel('text-insights-cluster-avg-dep', 'Text Insights: avg DEP per cluster', 'Average Data Error Potential per cluster of the newest run, or of the chosen one: higher means more likely mislabeled', 'avg_dep', 'avg DEP'), { x: 16, y: 5, w: 16, h: 15 }],
    [clusterPanel('text-insights-cluster-f1', 'Text Insights: F1 per cluster', 'Macro F1 of the model per cluster of the newest run, or of the chosen one', 'f1', 'macro F1'), { x: 32, y: 5, w: 16, h: 15 }],
    [depHistogram, { x: 0, y: 20, w: 16, h: 15 }],
    [clusterCorrect, { x: 16, y: 20, w: 16, h: 15 }],
    [f1ByClass, { x: 32, y: 20, w: 16, h: 15 }],
    [samples, { x: 0, y: 35, w: 48, h: 20 }],
  ];
  const dashboard = {
    id: 'text-insights-dashboard',
    type: 'dashboard',
    attributes: {
      title: 'Text Insights',
      description: 'One run of the dataset: choose it in the Run control (until then, the clusters of the newest run and the samples of each run)',
      panelsJSON: JSON.stringify(
        onBoard.map(([, grid], i) => ({
          version: '3.5.0',
          gridData: { ...grid, i: String(i + 1) },
          panelIndex: String(i + 1),
          embeddableConfig: {},
          panelRefName: `panel_${i}`,
        }))
      ),
      optionsJSON: JSON.stringify({ useMargins: true, hidePanelTitles: false }),
      timeRestore: true,
      timeFrom: 'now-1y',
      timeTo: 'now',
      refreshInterval: { pause: true, value: 0 },
      version: 1,
      kibanaSavedObjectMeta: { searchSourceJSON: searchSource('', false) },
    },
    references: onBoard.map(([o], i) => ({ name: `panel_${i}`, type: o.type, id: o.id })),
    migrationVersion: { dashboard: '7.9.3' },
  };
  return [resultsPattern, clustersPattern, ...onBoard.map(([o]) => o), dashboard];
}

export function toNdjson(objects) {
  return objects.map((o) => JSON.stringify(o)).join('\n') + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = toNdjson(buildSavedObjects());
  if (process.argv.includes('--print')) process.stdout.write(text);
  else writeFileSync(fileURLToPath(new URL('./text_insights.ndjson', import.meta.url)), text);
}
