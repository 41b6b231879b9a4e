import React, { useState } from 'react';
import {
  EuiBasicTable,
  EuiBasicTableColumn,
  EuiButton,
  EuiCallOut,
  EuiFieldNumber,
  EuiFieldText,
  EuiFlexGroup,
  EuiFlexItem,
  EuiFormRow,
  EuiHealth,
  EuiPanel,
  EuiProgress,
  EuiSelect,
  EuiSpacer,
  EuiSwitch,
  EuiText,
  EuiTextArea,
  EuiTitle,
} from '@elastic/eui';
import { ALGORITHMS, Dataset, ResultsTarget, Run, StartRunBody } from '../../common';
import { resultsStatus } from '../results';

const STATE_COLOR: Record<string, string> = { running: 'primary', completed: 'success', failed: 'danger', cancelled: 'subdued' };

const WRITE_BACK_OPTIONS: Array<{ value: ResultsTarget; text: string }> = [
  { value: 'results', text: 'results index (default)' },
  { value: 'dataset', text: 'the dataset (in place)' },
  { value: 'none', text: 'nowhere' },
];

export interface RunsPanelProps {
  datasets: Dataset[];
  index: string;
  onIndex(index: string): void;
  runs: Run[];
  selected?: Run;
  onSelect(runId: string): void;
  onStart(body: StartRunBody): Promise<void>;
  onCancel(runId: string): void;
  error?: string;
}

/** Builds the POST /runs body from the form; returns the problem instead when the input cannot be sent. */
export function runBody(form: {
  index: string;
  split: string;
  query: string;
  algorithm: string;
  k: string;
  summaries: boolean;
  /** Where the results go; absent or 'results' (the node's default) sends nothing. */
  writeBack?: ResultsTarget;
}): StartRunBody | string {
  if (!form.index) return 'Choose a dataset';
  const body: StartRunBody = { index: form.index, algorithm: { name: form.algorithm } };
  // Summaries are opt-in (issue 5): the key is only sent to switch them on, so nodes without them accept the run.
  if (form.summaries) body.summaries = { enabled: true };
  if (form.writeBack && form.writeBack !== 'results') {
    if (form.writeBack === 'none' && form.summaries) return 'LLM summaries need the run to write its results: choose where they go';
    body.write_back = { target: form.writeBack };
  }
  if (form.split.trim()) body.split = form.split.trim();
  if (form.query.trim()) {
    try {
      const parsed = JSON.parse(form.query);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'The query must be a JSON object, e.g. {"term": {"split": "test"}}';
      body.query = parsed;
    } catch (e) {
      return `The query is not valid JSON: ${(e as Error).message}`;
    }
  }
  if (form.algorithm === 'kmeans') {
    const k = Number(form.k);
    if (!Number.isInteger(k) || k < 2) return 'k must be a whole number of at least 2 for kmeans';
    body.algorithm = { name: 'kmeans', k };
  }
  return body;
}

export function RunsPanel(props: RunsPanelProps) {
  const [split, setSplit] = useState('');
  const [query, setQuery] = useState('');
  const [algorithm, setAlgorithm] = useState('auto');
  const [k, setK] = useState('8');
  const [summaries, setSummaries] = useState(false);
  const [writeBack, setWriteBack] = useState<ResultsTarget>('results');
  const [formError, setFormError] = useState<string | undefined>();
  const [starting, setStarting] = useState(false);

  const start = async () => {
    const body = runBody({ index: props.index, split, query, algorithm, k, summaries, writeBack });
    if (typeof body === 'string') {
      setFormError(body);
      return;
    }
    setFormError(undefined);
    setStarting(true);
    try {
      await props.onStart(body);
    } finally {
      setStarting(false);
    }
  };

  const columns: Array<EuiBasicTableColumn<Run>> = [
    {
      field: 'run_id',
      name: 'Run',
      render: (id: string) => <code data-test-subj="runId">{id}</code>,
    },
    {
      field: 'state',
      name: 'State',
      render: (state: string, run: Run) => (
        <EuiHealth color={STATE_COLOR[state] ?? 'subdued'} data-test-subj="runState">
          {state}
          {state === 'running' && run.progress ? ` (${run.progress.phase ?? ''} ${run.progress.percent ?? 0}%)` : ''}
        </EuiHealth>
      ),
    },
    {
      field: 'results',
      name: 'Results',
      render: (_: unknown, run: Run) => {
        const status = resultsStatus(run);
        const written = run.results?.written;
        return (
          <span title={run.results?.reason ?? run.results?.index ?? undefined}>
            <EuiHealth color={status.color} data-test-subj="runResults" data-results-state={status.state}>
              {status.text}
              {status.state === 'complete' && typeof written === 'number' ? ` (${written.toLocaleString()})` : ''}
            </EuiHealth>
          </span>
        );
      },
    },
    { field: 'split', name: 'Split', render: (s: string | null) => s ?? 'all' },
    { field: 'doc_count', name: 'Samples', render: (n?: number) => (n == null ? '-' : n.toLocaleString()) },
    { field: 'cluster_count', name: 'Clusters', render: (n?: number) => (n == null ? '-' : n) },
    {
      field: 'created_at',
      name: 'Started',
      render: (t?: string | number) => (t == null ? '-' : new Date(t).toLocaleString()),
    },
  ];

  const selected = props.selected;
  const percent = Math.max(0, Math.min(100, Number(selected?.progress?.percent ?? 0)));
  return (
    <EuiPanel paddingSize="m" data-test-subj="runsPanel">
      <EuiFlexGroup gutterSize="l">
        <EuiFlexItem grow={3}>
          <div>
          <EuiFlexGroup alignItems="center" gutterSize="s" responsive={false}>
            <EuiFlexItem grow={false}>
              <EuiTitle size="xs">
                <h3>Runs of</h3>
              </EuiTitle>
            </EuiFlexItem>
            <EuiFlexItem grow={false}>
              <EuiSelect
                compressed
                aria-label="Dataset"
                data-test-subj="datasetSelect"
                options={[{ value: '', text: 'choose a dataset' }, ...props.datasets.map((d) => ({ value: d.index, text: `${d.index} (${(d.doc_count ?? 0).toLocaleString()} samples)` }))]}
                value={props.index}
                onChange={(e) => props.onIndex(e.target.value)}
              />
            </EuiFlexItem>
          </EuiFlexGroup>
          <EuiSpacer size="s" />
          <EuiBasicTable<Run>
            items={props.runs}
            itemId="run_id"
            columns={columns}
            noItemsMessage={props.index ? 'No runs yet: start one' : 'Choose a dataset'}
            rowProps={(run: Run) => ({
              onClick: () => props.onSelect(run.run_id),
              'data-test-subj': `runRow-${run.run_id}`,
              style: { cursor: 'pointer', background: run.run_id === selected?.run_id ? '#E6F1FA' : undefined },
            })}
          />
          {selected && selected.state === 'running' && (
            <div data-test-subj="runProgress">
              <EuiSpacer size="s" />
              <EuiFlexGroup alignItems="center" gutterSize="s" responsive={false}>
                <EuiFlexItem>
                  <EuiProgress
                    value={percent}
                    max={100}
                    size="m"
                    color="primary"
                    valueText={`${selected.progress?.phase ?? 'starting'} ${percent}%`}
                    label={`Run ${selected.run_id}`}
                  />
                </EuiFlexItem>
                <EuiFlexItem grow={false}>
                  <EuiButton size="s" color="danger" data-test-subj="cancelRun" onClick={() => props.onCancel(selected.run_id)}>
                    Cancel
                  </EuiButton>
                </EuiFlexItem>
              </EuiFlexGroup>
            </div>
          )}
          {selected && (selected.state === 'failed' || selected.state === 'cancelled') && (
            <EuiCallOut size="s" color={selected.state === 'failed' ? 'danger' : 'warning'} title={`Run ${selected.state}`}>
              {typeof selected.error === 'object' && selected.error ? selected.error.reason : String(selected.error ?? '')}
            </EuiCallOut>
          )}
          </div>
        </EuiFlexItem>
        <EuiFlexItem grow={2}>
          <EuiTitle size="xs">
            <h3>New run</h3>
          </EuiTitle>
          <EuiSpacer size="s" />
          <EuiFlexGroup gutterSize="s">
            <EuiFlexItem>
              <EuiFormRow label="Split" helpText="only samples of this split; empty: all" display="rowCompressed">
                <EuiFieldText compressed data-test-subj="runSplit" value={split} onChange={(e) => setSplit(e.target.value)} />
              </EuiFormRow>
            </EuiFlexItem>
            <EuiFlexItem>
              <EuiFormRow label="Algorithm" display="rowCompressed">
                <EuiSelect
                  compressed
                  data-test-subj="runAlgorithm"
                  options={ALGORITHMS.map((a) => ({ value: a, text: a }))}
                  value={algorithm}
                  onChange={(e) => setAlgorithm(e.target.value)}
                />
              </EuiFormRow>
            </EuiFlexItem>
            {algorithm === 'kmeans' && (
              <EuiFlexItem grow={false} style={{ width: 80 }}>
                <EuiFormRow label="k" display="rowCompressed">
                  <EuiFieldNumber compressed data-test-subj="runK" min={2} value={k} onChange={(e) => setK(e.target.value)} />
                </EuiFormRow>
              </EuiFlexItem>
            )}
          </EuiFlexGroup>
          <EuiFormRow
            label="Write results to"
            helpText="the default keeps the dataset untouched; in place writes text_insights.* fields into its documents"
            display="rowCompressed"
            fullWidth
          >
            <EuiSelect
              compressed
              fullWidth
              data-test-subj="runWriteBack"
              options={WRITE_BACK_OPTIONS}
              value={writeBack}
              onChange={(e) => setWriteBack(e.target.value as ResultsTarget)}
            />
          </EuiFormRow>
          <EuiFormRow label="Query (optional JSON)" display="rowCompressed" fullWidth>
            <EuiTextArea
              compressed
              fullWidth
              rows={2}
              data-test-subj="runQuery"
              placeholder='{"term": {"label": "World"}}'
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
          </EuiFormRow>
          <EuiSpacer size="s" />
          <EuiFlexGroup alignItems="center" justifyContent="spaceBetween" responsive={false}>
            <EuiFlexItem grow={false}>
              <EuiSwitch compressed label="LLM summaries" checked={summaries} data-test-subj="runSummaries" onChange={(e) => setSummaries(e.target.checked)} />
            </EuiFlexItem>
            <EuiFlexItem grow={false}>
              <EuiButton
                fill
                size="s"
                data-test-subj="startRun"
                isLoading={starting}
                isDisabled={!props.index || selected?.state === 'running'}
                onClick={start}
              >
                Start run
              </EuiButton>
            </EuiFlexItem>
          </EuiFlexGroup>
          {(formError || props.error) && (
            <>
              <EuiSpacer size="s" />
              <EuiCallOut size="s" color="danger" title={formError ?? props.error} data-test-subj="runError" />
            </>
          )}
          <EuiText size="xs" color="subdued">
            <p>Runs cluster the dataset's embeddings on the node; the map, cards and metrics appear when a run completes.</p>
          </EuiText>
        </EuiFlexItem>
      </EuiFlexGroup>
    </EuiPanel>
  );
}
