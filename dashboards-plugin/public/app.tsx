// The whole app: runs (list, start, progress, cancel), and for the selected completed run the alerts, the cluster
// cards, the embeddings map, the samples table and the metrics, all driven by one filter.

import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { EuiBadge, EuiCallOut, EuiFlexGroup, EuiFlexItem, EuiPage, EuiPageBody, EuiSpacer, EuiText, EuiTitle } from '@elastic/eui';
import type { AlertsResponse, Cluster, Dataset, MetricsResponse, PointsResponse, Run, Sample, StartRunBody } from '../common';
import { MAX_SAMPLE_IDS } from '../common';
import { HttpLike, createApi, errorMessage } from './api';
import { AlertsBar } from './components/alerts_bar';
import { ClusterCards } from './components/cluster_cards';
import { EmbeddingsMap } from './components/embeddings_map';
import { MetricsPanel, MetricsView } from './components/metrics_panel';
import { RunsPanel } from './components/runs_panel';
import { SamplesTable } from './components/samples_table';
import { Filter, alertFilter, filterMask, isEmpty } from './filter';
import { clusterName, fmt } from './format';
import { ColorBy } from './map_geometry';
import { computeMetrics } from './metrics';

export interface AppProps {
  http: HttpLike;
  /** Dataset to open first (the harness passes ?index=); else the first dataset. */
  initialIndex?: string;
  pollMs?: number;
}

/** What the app shows, published on window for end-to-end tests and debugging (read-only copies). */
export interface AppState {
  index: string;
  runId?: string;
  runState?: string;
  clusterIds: number[];
  filter: Filter;
  pointsTotal: number;
  pointsDrawn: number;
  pointsHighlighted: number;
  tableTotal: number;
  tableRows: Array<{ id: string; dep: number | null | undefined; cluster_id: number | null | undefined }>;
  metricsDocCount: number;
  metricsSource: 'node' | 'points' | 'none';
  textsLoaded: number;
}

declare global {
  interface Window {
    __textInsights?: AppState;
  }
}

const TEXT_PREFETCH_LIMIT = 10000;
const TEXT_PAGE = 1000;

export function TextInsightsApp({ http, initialIndex, pollMs = 1000 }: AppProps) {
  const api = useMemo(() => createApi(http), [http]);
  const [datasets, setDatasets] = useState<Dataset[]>([]);
  const [index, setIndex] = useState(initialIndex ?? '');
  const [runs, setRuns] = useState<Run[]>([]);
  const [runId, setRunId] = useState<string | undefined>();
  const [run, setRun] = useState<Run | undefined>();
  const [runsError, setRunsError] = useState<string | undefined>();

  const [clusters, setClusters] = useState<Cluster[]>([]);
  const [clusterSort, setClusterSort] = useState('size:desc');
  const [alerts, setAlerts] = useState<AlertsResponse['alerts']>([]);
  const [metrics, setMetrics] = useState<MetricsResponse | undefined>();
  const [points, setPoints] = useState<PointsResponse | undefined>();
  const [explainError, setExplainError] = useState<string | undefined>();
  const [texts, setTexts] = useState<Map<string, string>>(new Map());

  const [filter, setFilter] = useState<Filter>({});
  const [colorBy, setColorBy] = useState<ColorBy>('cluster');
  const [table, setTable] = useState({ pageIndex: 0, pageSize: 20, sortField: 'dep', sortDirection: 'desc' as 'asc' | 'desc' });
  const [rows, setRows] = useState<Sample[]>([]);
  const [rowsTotal, setRowsTotal] = useState(0);
  const [rowsLoading, setRowsLoading] = useState(false);
  const [rowsError, setRowsError] = useState<string | undefined>();

  // Datasets, then the runs of the chosen one.
  useEffect(() => {
    api
      .datasets()
      .then((list) => {
        setDatasets(list);
        setIndex((current) => current || list[0]?.index || '');
      })
      .catch((e) => setRunsError(errorMessage(e)));
  }, [api]);

  const refreshRuns = useCallback(
    async (selectNewest: boolean) => {
      if (!index) return;
      try {
        const list = await api.runs(index);
        setRuns(list);
        if (selectNewest) {
          const pick = list.find((r) => r.state === 'running') ?? list.find((r) => r.state === 'completed') ?? list[0];
          setRunId(pick?.run_id);
        }
      } catch (e) {
        setRunsError(errorMessage(e));
      }
    },
    [api, index]
  );

  useEffect(() => {
    setRuns([]);
    setRunId(undefined);
    refreshRuns(true);
  }, [refreshRuns]);

  // The selected run, polled while it runs.
  useEffect(() => {
    if (!runId) {
      setRun(undefined);
      return;
    }
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const doc = await api.run(runId);
        if (stopped) return;
        setRun(doc);
        setRuns((list) => list.map((r) => (r.run_id === doc.run_id ? { ...r, ...doc } : r)));
        if (doc.state === 'running') timer = setTimeout(poll, pollMs);
      } catch (e) {
        if (!stopped) setRunsError(errorMessage(e));
      }
    };
    poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, runId, pollMs]);

  const completedRunId = run?.state === 'completed' ? run.run_id : undefined;

  // Everything a completed run explains, loaded once per run.
  useEffect(() => {
    setAlerts([]);
    setMetrics(undefined);
    setPoints(undefined);
    setExplainError(undefined);
    setFilter({});
    setTexts(new Map());
    if (!completedRunId) return;
    let stopped = false;
    const fail = (e: unknown) => !stopped && setExplainError(errorMessage(e));
    api.alerts(completedRunId).then((r) => !stopped && setAlerts(r.alerts ?? []), fail);
    api.metrics(completedRunId).then((r) => !stopped && setMetrics(r), fail);
    api.points(completedRunId).then((r) => !stopped && setPoints(r), fail);
    // Hover and box selections show text from this cache: the highest-DEP samples first, at most 10,000 (the
    // samples endpoint pages no further); any other text is fetched by id when it is needed (requestTexts).
    (async () => {
      for (let from = 0; from < TEXT_PREFETCH_LIMIT; from += TEXT_PAGE) {
        const page = await api.samples(completedRunId, { sort: 'dep:desc', from, size: TEXT_PAGE });
        if (stopped) return;
        setTexts((current) => {
          const next = new Map(current);
          for (const s of page.samples) if (s.text !== undefined) next.set(s.id, s.text);
          return next;
        });
        if (from + TEXT_PAGE >= page.total) return;
      }
    })().catch(fail);
    return () => {
      stopped = true;
    };
  }, [api, completedRunId]);

  useEffect(() => {
    if (!completedRunId) {
      setClusters([]);
      return;
    }
    let stopped = false;
    api.clusters(completedRunId, clusterSort).then(
      (r) => !stopped && setClusters(r.clusters ?? []),
      (e) => !stopped && setExplainError(errorMessage(e))
    );
    return () => {
      stopped = true;
    };
  }, [api, completedRunId, clusterSort]);

  // Texts beyond the prefetched ones, fetched by id when a hover or a box selection needs them.
  const pendingTexts = useRef<Set<string>>(new Set());
  const requestTexts = useCallback(
    (ids: string[]) => {
      if (!completedRunId) return;
      const wanted = ids.filter((id) => !texts.has(id) && !pendingTexts.current.has(id)).slice(0, MAX_SAMPLE_IDS);
      if (wanted.length === 0) return;
      wanted.forEach((id) => pendingTexts.current.add(id));
      const runOfRequest = completedRunId;
      api
        .samples(runOfRequest, { ids: wanted.join(','), size: wanted.length })
        .then((page) => {
          if (runOfRequest !== completedRunId) return;
          setTexts((current) => {
            const next = new Map(current);
            for (const s of page.samples) if (s.text !== undefined) next.set(s.id, s.text);
            return next;
          });
        })
        .catch(() => undefined)
        .finally(() => wanted.forEach((id) => pendingTexts.current.delete(id)));
    },
    [api, completedRunId, texts]
  );

  const mask = useMemo(() => (points ? filterMask(points.points, filter) : new Uint8Array(0)), [points, filter]);

  // The table: the node pages and sorts it, except for a box selection, which only the browser knows (its rows come
  // from the points, sorted by DEP, with the text from the cache).
  const boxTable = useMemo(() => {
    if (!filter.box || !points) return undefined;
    const p = points.points;
    const dep = (i: number) => p.dep[i] ?? -1;
    const selected: number[] = [];
    for (let i = 0; i < mask.length; i++) if (mask[i]) selected.push(i);
    selected.sort((a, b) => (table.sortDirection === 'desc' ? dep(b) - dep(a) : dep(a) - dep(b)));
    const from = table.pageIndex * table.pageSize;
    const pageRows: Sample[] = selected.slice(from, from + table.pageSize).map((i) => ({
      id: p.id[i],
      text: texts.get(p.id[i]),
      label: p.label[i],
      prediction: p.prediction[i],
      dep: p.dep[i],
      cluster_id: p.cluster_id[i],
    }));
    return { rows: pageRows, total: selected.length };
  }, [filter.box, points, mask, table, texts]);

  useEffect(() => {
    if (boxTable) requestTexts(boxTable.rows.filter((r) => r.text === undefined).map((r) => r.id));
  }, [boxTable, requestTexts]);

  const boxActive = filter.box !== undefined;
  useEffect(() => {
    if (!completedRunId || boxActive) {
      setRows([]);
      setRowsTotal(0);
      return;
    }
    let stopped = false;
    setRowsLoading(true);
    api
      .samples(completedRunId, {
        sort: `${table.sortField}:${table.sortDirection}`,
        from: table.pageIndex * table.pageSize,
        size: table.pageSize,
        cluster_id: filter.clusterId,
        label: filter.label,
        prediction: filter.prediction,
      })
      .then(
        (r) => {
          if (stopped) return;
          setRows(r.samples ?? []);
          setRowsTotal(r.total);
          setRowsError(undefined);
        },
        (e) => !stopped && setRowsError(errorMessage(e))
      )
      .finally(() => !stopped && setRowsLoading(false));
    return () => {
      stopped = true;
    };
  }, [api, completedRunId, boxActive, filter.clusterId, filter.label, filter.prediction, table]);

  const tableRows = boxTable ? boxTable.rows : rows;
  const tableTotal = boxTable ? boxTable.total : rowsTotal;

  const clusterNames = useMemo(() => new Map(clusters.map((c) => [c.cluster_id, clusterName(c)])), [clusters]);
  // Colours follow cluster ids, not the current sort, so a cluster keeps its colour when the cards are re-sorted.
  const clusterOrder = useMemo(() => clusters.map((c) => c.cluster_id).sort((a, b) => a - b), [clusters]);
  const colorRank = useMemo(() => new Map(clusterOrder.filter((c) => c >= 0).map((c, r) => [c, r])), [clusterOrder]);
  const classes = useMemo(() => {
    const names = new Set<string>();
    metrics?.classes.forEach((c) => names.add(c.class));
    if (points) for (const l of points.points.label) if (l != null) names.add(l);
    return Array.from(names).sort();
  }, [metrics, points]);

  const metricsView: { view?: MetricsView; source: 'node' | 'points' | 'none' } = useMemo(() => {
    if (isEmpty(filter)) return metrics ? { view: metrics, source: 'node' } : { source: 'none' };
    return points ? { view: computeMetrics(points.points, mask), source: 'points' } : { source: 'none' };
  }, [filter, metrics, points, mask]);

  const setFilterAndRewind = (next: Filter) => {
    setFilter(next);
    setTable((t) => ({ ...t, pageIndex: 0 }));
  };

  const onStart = async (body: StartRunBody) => {
    setRunsError(undefined);
    try {
      const started = await api.startRun(body);
      await refreshRuns(false);
      setRunId(started.run_id);
    } catch (e) {
      setRunsError(errorMessage(e));
    }
  };

  const onCancel = async (id: string) => {
    try {
      await api.cancel(id);
    } catch (e) {
      setRunsError(errorMessage(e));
    }
  };

  const highlighted = useMemo(() => mask.reduce((n, v) => n + v, 0), [mask]);

  useEffect(() => {
    if (typeof window === 'undefined') return;
    window.__textInsights = {
      index,
      runId,
      runState: run?.state,
      clusterIds: clusters.map((c) => c.cluster_id),
      filter: { ...filter },
      pointsTotal: points?.returned ?? 0,
      pointsDrawn: points ? points.points.x.length : 0,
      pointsHighlighted: highlighted,
      tableTotal,
      tableRows: tableRows.map((r) => ({ id: r.id, dep: r.dep, cluster_id: r.cluster_id })),
      metricsDocCount: metricsView.view?.doc_count ?? 0,
      metricsSource: metricsView.source,
      textsLoaded: texts.size,
    };
  }, [index, runId, run, clusters, filter, points, highlighted, tableTotal, tableRows, metricsView, texts]);

  const filterBadges: Array<{ text: string; clear: Filter }> = [];
  if (filter.clusterId !== undefined) filterBadges.push({ text: `cluster: ${clusterNames.get(filter.clusterId) ?? filter.clusterId}`, clear: { ...filter, clusterId: undefined } });
  if (filter.label !== undefined) filterBadges.push({ text: `label: ${filter.label}`, clear: { ...filter, label: undefined } });
  if (filter.prediction !== undefined) filterBadges.push({ text: `prediction: ${filter.prediction}`, clear: { ...filter, prediction: undefined } });
  if (filter.box) filterBadges.push({ text: 'box on the map', clear: { ...filter, box: undefined } });

  const scope = filterBadges.length ? `Filtered: ${filterBadges.map((b) => b.text).join(', ')}` : 'Whole run';

  return (
    <EuiPage paddingSize="m" data-test-subj="textInsightsApp">
      <EuiPageBody>
        <EuiFlexGroup alignItems="baseline" gutterSize="m" responsive={false}>
          <EuiFlexItem grow={false}>
            <EuiTitle size="m">
              <h1>Text Insights</h1>
            </EuiTitle>
          </EuiFlexItem>
          <EuiFlexItem>
            <EuiText size="s" color="subdued">
              Clusters of your text dataset, the samples most likely mislabeled (highest DEP), and where the model fails.
            </EuiText>
          </EuiFlexItem>
        </EuiFlexGroup>
        <EuiSpacer size="m" />
        <RunsPanel
          datasets={datasets}
          index={index}
          onIndex={setIndex}
          runs={runs}
          selected={run}
          onSelect={setRunId}
          onStart={onStart}
          onCancel={onCancel}
          error={runsError}
        />
        <EuiSpacer size="m" />
        {explainError && (
          <>
            <EuiCallOut color="danger" size="s" title={explainError} data-test-subj="explainError" />
            <EuiSpacer size="m" />
          </>
        )}
        {completedRunId && (
          <>
            <AlertsBar alerts={alerts} onFilter={(_, alert) => setFilterAndRewind(alertFilter(alert))} />
            {alerts.length > 0 && <EuiSpacer size="m" />}
            <EuiFlexGroup gutterSize="s" alignItems="center" responsive={false} data-test-subj="activeFilters">
              <EuiFlexItem grow={false}>
                <EuiText size="s">
                  <strong>{scope}</strong>
                  {metricsView.view && ` (${metricsView.view.doc_count.toLocaleString()} samples, avg DEP ${fmt(metricsView.view.dep?.avg)})`}
                </EuiText>
              </EuiFlexItem>
              {filterBadges.map((b) => (
                <EuiFlexItem grow={false} key={b.text}>
                  <EuiBadge
                    iconType="cross"
                    iconSide="right"
                    iconOnClick={() => setFilterAndRewind(b.clear)}
                    iconOnClickAriaLabel={`Remove filter ${b.text}`}
                    data-test-subj="filterBadge"
                  >
                    {b.text}
                  </EuiBadge>
                </EuiFlexItem>
              ))}
            </EuiFlexGroup>
            <EuiSpacer size="s" />
            <EuiFlexGroup gutterSize="m">
              <EuiFlexItem grow={3}>
                {points ? (
                  <EmbeddingsMap
                    points={points.points}
                    mask={mask}
                    colorBy={colorBy}
                    onColorBy={setColorBy}
                    clusterOrder={clusterOrder}
                    clusterNames={clusterNames}
                    classes={classes}
                    texts={texts}
                    onMissingTexts={requestTexts}
                    onBox={(box) => setFilterAndRewind({ ...filter, box })}
                  />
                ) : (
                  <EuiText size="s">Loading the map…</EuiText>
                )}
              </EuiFlexItem>
              <EuiFlexItem grow={2}>
                <ClusterCards
                  clusters={clusters}
                  colorRank={colorRank}
                  sort={clusterSort}
                  onSort={setClusterSort}
                  selected={filter.clusterId}
                  onSelect={(clusterId) => setFilterAndRewind({ ...filter, clusterId })}
                />
              </EuiFlexItem>
            </EuiFlexGroup>
            <EuiSpacer size="m" />
            <SamplesTable
              rows={tableRows}
              total={tableTotal}
              pageIndex={table.pageIndex}
              pageSize={table.pageSize}
              sortField={table.sortField}
              sortDirection={table.sortDirection}
              loading={!boxTable && rowsLoading}
              error={rowsError}
              clusterNames={clusterNames}
              caption={`${tableTotal.toLocaleString()} samples, sorted by ${table.sortField} ${table.sortDirection === 'desc' ? 'descending' : 'ascending'}. ${scope}.`}
              onChange={(change) => setTable(change)}
            />
            <EuiSpacer size="m" />
            {metricsView.view && <MetricsPanel metrics={metricsView.view} scope={scope} />}
          </>
        )}
      </EuiPageBody>
    </EuiPage>
  );
}
