// The whole app: runs (list, start, progress, cancel), and for the selected completed run the alerts, the cluster
// cards, the embeddings map, the samples table and the metrics, all driven by one filter. The map, the table and the
// metrics of a filter read the run's per-sample results, which may be gone (dropped, overwritten) or never written:
// then the cards, the run's metrics and its alerts stay, and the map's place says why there is nothing to draw.

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
import { Filter, alertFields, alertFilter, filterMask, isEmpty } from './filter';
import { clusterName, fmt } from './format';
import { ColorBy } from './map_geometry';
import { computeMetrics } from './metrics';
import { hasMetrics, isGone, resultsStatus } from './results';

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
  /** The selected run's `results.state` (`unknown` for runs without the section). */
  resultsState: string;
  /** Why the map and the table are not shown (results gone, or never written), else undefined. */
  resultsReason?: string;
  /** The run each shown part came from, as the node's answer says: all equal runId once loaded. */
  clustersRunId?: string;
  pointsRunId?: string;
  tableRunId?: string;
  metricsRunId?: string;
  alertsCount: number;
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

/** The node's reason a run has no metrics: {"metrics": "..."} (older nodes answered the sentence alone). */
function omittedReason(omitted: unknown): string | undefined {
  if (typeof omitted === 'string') return omitted;
  if (omitted && typeof omitted === 'object' && typeof (omitted as Record<string, unknown>).metrics === 'string') {
    return (omitted as Record<string, string>).metrics;
  }
  return undefined;
}

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
  // Why a run has no metrics (it wrote no per-sample results), as the node says.
  const [metricsOmitted, setMetricsOmitted] = useState<string | undefined>();
  const [points, setPoints] = useState<PointsResponse | undefined>();
  const [mapError, setMapError] = useState<string | undefined>();
  const [explainError, setExplainError] = useState<string | undefined>();
  const [clustersRunId, setClustersRunId] = useState<string | undefined>();
  // A 410 from the node: this run's per-sample results went away while it was open.
  const [gone, setGone] = useState<{ runId: string; reason: string } | undefined>();
  const [texts, setTexts] = useState<Map<string, string>>(new Map());

  const [filter, setFilter] = useState<Filter>({});
  const [colorBy, setColorBy] = useState<ColorBy>('cluster');
  const [table, setTable] = useState({ pageIndex: 0, pageSize: 20, sortField: 'dep', sortDirection: 'desc' as 'asc' | 'desc' });
  const [rows, setRows] = useState<Sample[]>([]);
  const [rowsRunId, setRowsRunId] = useState<string | undefined>();
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
        // The list may know first that the selected run's results changed (another run's completion dropped them).
        setRun((current) => {
          const fresh = current && list.find((r) => r.run_id === current.run_id);
          if (!current || !fresh) return current;
          const same = fresh.state === current.state && fresh.results?.state === current.results?.state;
          return same ? current : { ...current, ...fresh };
        });
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
    let wasRunning = false;
    const poll = async () => {
      try {
        const doc = await api.run(runId);
        if (stopped) return;
        setRun(doc);
        setRuns((list) => list.map((r) => (r.run_id === doc.run_id ? { ...r, ...doc } : r)));
        if (doc.state === 'running') {
          wasRunning = true;
          timer = setTimeout(poll, pollMs);
        } else if (wasRunning) {
          // Its completion may drop older runs' results (the node keeps the newest N, and applies that just after
          // recording the completion): list the runs again now and twice more.
          refreshRuns(false);
          let again = 0;
          const relist = () => {
            if (stopped) return;
            refreshRuns(false);
            if (++again < 2) timer = setTimeout(relist, pollMs * 5);
          };
          timer = setTimeout(relist, pollMs * 2);
        }
      } catch (e) {
        if (!stopped) setRunsError(errorMessage(e));
      }
    };
    poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, runId, pollMs, refreshRuns]);

  // Another run of the list is running (started elsewhere, or left while it ran): follow it in the list.
  const otherRunning = runs.some((r) => r.state === 'running' && r.run_id !== runId);
  useEffect(() => {
    if (!otherRunning) return;
    const timer = setInterval(() => refreshRuns(false), pollMs * 2);
    return () => clearInterval(timer);
  }, [otherRunning, refreshRuns, pollMs]);

  const completedRunId = run?.state === 'completed' ? run.run_id : undefined;
  const status = useMemo(() => resultsStatus(run), [run]);
  const goneReason = gone && gone.runId === completedRunId ? gone.reason : undefined;
  // The run whose per-sample results (points, samples) can be read: completed, complete, not answered 410.
  const resultsRunId = completedRunId && status.available && !goneReason ? completedRunId : undefined;
  const resultsReason = completedRunId && !resultsRunId ? status.reason ?? goneReason ?? 'The per-sample results of this run are not available.' : undefined;
  const fields = useMemo(() => alertFields(run), [run]);

  // A 410 for this run: its results went away while it was open (the node keeps the newest runs only). Show the
  // node's reason where the map was, and read the run again so the runs table says so too.
  const resultsFailed = useCallback(
    (forRun: string, e: unknown): boolean => {
      if (!isGone(e)) return false;
      setGone({ runId: forRun, reason: errorMessage(e) });
      api.run(forRun).then(
        (doc) => {
          setRun((current) => (current?.run_id === doc.run_id ? doc : current));
          setRuns((list) => list.map((r) => (r.run_id === doc.run_id ? { ...r, ...doc } : r)));
        },
        () => undefined
      );
      return true;
    },
    [api]
  );

  // What a completed run explains from its run document (kept when its per-sample results are gone), once per run.
  useEffect(() => {
    setAlerts([]);
    setMetrics(undefined);
    setMetricsOmitted(undefined);
    setExplainError(undefined);
    setFilter({});
    if (!completedRunId) return;
    let stopped = false;
    const fail = (e: unknown) => !stopped && setExplainError(errorMessage(e));
    api.alerts(completedRunId).then((r) => !stopped && setAlerts(r.alerts ?? []), fail);
    api.metrics(completedRunId).then((r) => {
      if (stopped) return;
      if (hasMetrics(r)) setMetrics(r);
      else setMetricsOmitted(omittedReason(r.omitted) ?? 'the node has no metrics for this run');
    }, fail);
    return () => {
      stopped = true;
    };
  }, [api, completedRunId]);

  // What needs the run's per-sample results: the map's points and the text cache, once per run.
  useEffect(() => {
    setPoints(undefined);
    setMapError(undefined);
    setFilter({});
    setTexts(new Map());
    if (!resultsRunId) return;
    let stopped = false;
    const fail = (e: unknown) => {
      if (stopped || resultsFailed(resultsRunId, e)) return;
      setExplainError(errorMessage(e));
    };
    api.points(resultsRunId).then(
      (r) => !stopped && setPoints(r),
      (e) => !stopped && !resultsFailed(resultsRunId, e) && setMapError(errorMessage(e))
    );
    // Hover and box selections show text from this cache: the highest-DEP samples first, at most 10,000 (the
    // samples endpoint pages no further); any other text is fetched by id when it is needed (requestTexts).
    (async () => {
      for (let from = 0; from < TEXT_PREFETCH_LIMIT; from += TEXT_PAGE) {
        const page = await api.samples(resultsRunId, { sort: 'dep:desc', from, size: TEXT_PAGE });
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
  }, [api, resultsRunId, resultsFailed]);

  useEffect(() => {
    if (!completedRunId) {
      setClusters([]);
      setClustersRunId(undefined);
      return;
    }
    let stopped = false;
    api.clusters(completedRunId, clusterSort).then(
      (r) => {
        if (stopped) return;
        setClusters(r.clusters ?? []);
        setClustersRunId(r.run_id ?? completedRunId);
      },
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
      if (!resultsRunId) return;
      const wanted = ids.filter((id) => !texts.has(id) && !pendingTexts.current.has(id)).slice(0, MAX_SAMPLE_IDS);
      if (wanted.length === 0) return;
      wanted.forEach((id) => pendingTexts.current.add(id));
      const runOfRequest = resultsRunId;
      api
        .samples(runOfRequest, { ids: wanted.join(','), size: wanted.length })
        .then((page) => {
          if (runOfRequest !== resultsRunId) return;
          setTexts((current) => {
            const next = new Map(current);
            for (const s of page.samples) if (s.text !== undefined) next.set(s.id, s.text);
            return next;
          });
        })
        .catch((e) => resultsFailed(runOfRequest, e))
        .finally(() => wanted.forEach((id) => pendingTexts.current.delete(id)));
    },
    [api, resultsRunId, texts, resultsFailed]
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
    if (!resultsRunId || boxActive) {
      setRows([]);
      setRowsTotal(0);
      setRowsRunId(undefined);
      setRowsError(undefined);
      return;
    }
    let stopped = false;
    setRowsLoading(true);
    api
      .samples(resultsRunId, {
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
          setRowsRunId(r.run_id ?? resultsRunId);
          setRowsError(undefined);
        },
        (e) => !stopped && !resultsFailed(resultsRunId, e) && setRowsError(errorMessage(e))
      )
      .finally(() => !stopped && setRowsLoading(false));
    return () => {
      stopped = true;
    };
  }, [api, resultsRunId, boxActive, filter.clusterId, filter.label, filter.prediction, table, resultsFailed]);

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
      resultsState: status.state,
      resultsReason,
      clustersRunId: completedRunId ? clustersRunId : undefined,
      pointsRunId: points?.run_id,
      tableRunId: boxTable ? points?.run_id : rowsRunId,
      metricsRunId: metrics?.run_id,
      alertsCount: alerts.length,
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
  }, [index, runId, run, status, resultsReason, completedRunId, clustersRunId, rowsRunId, boxTable, metrics, alerts, clusters, filter, points, highlighted, tableTotal, tableRows, metricsView, texts]);

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
            <AlertsBar alerts={alerts} onFilter={resultsRunId ? (_, alert) => setFilterAndRewind(alertFilter(alert, fields)) : undefined} />
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
                {resultsReason ? (
                  <EuiCallOut
                    color={status.state === 'none' ? 'primary' : 'warning'}
                    iconType="iInCircle"
                    title="No map or samples for this run"
                    data-test-subj="resultsGone"
                    data-results-state={status.state}
                  >
                    <p data-test-subj="resultsGoneReason">{resultsReason}</p>
                  </EuiCallOut>
                ) : mapError ? (
                  <EuiCallOut color="danger" size="s" title="No map" data-test-subj="mapError">
                    <p>{mapError}</p>
                  </EuiCallOut>
                ) : points ? (
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
                  // Filtering needs the per-sample results: without them a card shows its own figures only.
                  onSelect={(clusterId) => resultsRunId && setFilterAndRewind({ ...filter, clusterId })}
                />
              </EuiFlexItem>
            </EuiFlexGroup>
            <EuiSpacer size="m" />
            {!resultsReason && (
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
            )}
            <EuiSpacer size="m" />
            {metricsView.view && <MetricsPanel metrics={metricsView.view} scope={scope} />}
            {metricsOmitted && (
              <EuiText size="s" color="subdued" data-test-subj="metricsOmitted">
                <p>No metrics: {metricsOmitted}</p>
              </EuiText>
            )}
          </>
        )}
      </EuiPageBody>
    </EuiPage>
  );
}
