import React from 'react';
import { EuiFlexGrid, EuiFlexItem, EuiPanel, EuiStat, EuiFlexGroup, EuiText, EuiTitle, EuiSpacer } from '@elastic/eui';
import type { ClassMetrics, HistogramBucket, MisclassifiedPair } from '../../common';
import { fmt, pct } from '../format';

export interface MetricsView {
  doc_count: number;
  accuracy?: number | null;
  macro_f1?: number | null;
  classes: ClassMetrics[];
  top_misclassified: MisclassifiedPair[];
  dep?: { avg?: number | null; histogram: HistogramBucket[] };
}

/** Horizontal bars: few elements (one per class), so plain divs are enough and need no chart library. */
function Bars({ rows, max, format, subj }: { rows: Array<{ name: string; value: number | null }>; max: number; format(v: number | null): string; subj: string }) {
  return (
    <div data-test-subj={subj}>
      {rows.map((r) => (
        <div key={r.name} style={{ display: 'flex', alignItems: 'center', fontSize: 12, marginBottom: 4 }} data-test-subj={`${subj}-row`}>
          <div style={{ width: 90, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{r.name}</div>
          <div style={{ flex: 1, background: '#F1F4FA', height: 12, marginRight: 6 }}>
            <div style={{ width: `${max > 0 && r.value != null ? (100 * r.value) / max : 0}%`, background: '#6092C0', height: 12 }} />
          </div>
          <div style={{ width: 56, textAlign: 'right' }}>{format(r.value)}</div>
        </div>
      ))}
    </div>
  );
}

function Histogram({ buckets }: { buckets: HistogramBucket[] }) {
  const max = Math.max(1, ...buckets.map((b) => b.count));
  return (
    <div data-test-subj="depHistogram">
      <div style={{ display: 'flex', alignItems: 'flex-end', height: 100, gap: 2 }}>
        {buckets.map((b) => (
          <div
            key={b.from}
            title={`${b.from.toFixed(2)}-${b.to.toFixed(2)}: ${b.count}`}
            data-count={b.count}
            style={{ flex: 1, height: `${(100 * b.count) / max}%`, background: b.from >= 0.5 ? '#E7664C' : '#6092C0', minHeight: b.count ? 1 : 0 }}
          />
        ))}
      </div>
      <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 11, color: '#69707D' }}>
        <span>DEP 0</span>
        <span>0.5</span>
        <span>1</span>
      </div>
    </div>
  );
}

export function MetricsPanel({ metrics, scope }: { metrics: MetricsView; scope: string }) {
  const classes = metrics.classes;
  return (
    <EuiPanel paddingSize="m" data-test-subj="metricsPanel" data-doc-count={metrics.doc_count}>
      <EuiTitle size="xs">
        <h3>Metrics</h3>
      </EuiTitle>
      <EuiText size="xs" color="subdued">
        <p data-test-subj="metricsScope">{scope}</p>
      </EuiText>
      <EuiSpacer size="s" />
      <EuiFlexGroup gutterSize="l" responsive={false}>
        <EuiFlexItem grow={false}>
          <EuiStat title={metrics.doc_count.toLocaleString()} description="samples" titleSize="xs" />
        </EuiFlexItem>
        <EuiFlexItem grow={false}>
          <EuiStat title={pct(metrics.accuracy)} description="accuracy" titleSize="xs" />
        </EuiFlexItem>
        <EuiFlexItem grow={false}>
          <EuiStat title={fmt(metrics.macro_f1)} description="macro F1" titleSize="xs" data-test-subj="metricsMacroF1" />
        </EuiFlexItem>
        <EuiFlexItem grow={false}>
          <EuiStat title={fmt(metrics.dep?.avg)} description="avg DEP" titleSize="xs" />
        </EuiFlexItem>
      </EuiFlexGroup>
      <EuiSpacer size="m" />
      <EuiFlexGrid columns={4}>
        <EuiFlexItem>
          <EuiText size="xs">
            <h4>F1 by class</h4>
          </EuiText>
          <Bars subj="f1ByClass" rows={classes.map((c) => ({ name: c.class, value: c.f1 }))} max={1} format={(v) => fmt(v, 2)} />
        </EuiFlexItem>
        <EuiFlexItem>
          <EuiText size="xs">
            <h4>Samples by class</h4>
          </EuiText>
          <Bars
            subj="countByClass"
            rows={classes.map((c) => ({ name: c.class, value: c.support }))}
            max={Math.max(0, ...classes.map((c) => c.support))}
            format={(v) => String(v ?? 0)}
          />
        </EuiFlexItem>
        <EuiFlexItem>
          <EuiText size="xs">
            <h4>DEP distribution</h4>
          </EuiText>
          <Histogram buckets={metrics.dep?.histogram ?? []} />
        </EuiFlexItem>
        <EuiFlexItem>
          <EuiText size="xs">
            <h4>Top misclassified pairs</h4>
          </EuiText>
          <table style={{ fontSize: 12, width: '100%' }} data-test-subj="topMisclassified">
            <tbody>
              {metrics.top_misclassified.slice(0, 8).map((p) => (
                <tr key={`${p.label}>${p.prediction}`}>
                  <td>{p.label}</td>
                  <td>→ {p.prediction}</td>
                  <td style={{ textAlign: 'right' }}>{p.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </EuiFlexItem>
      </EuiFlexGrid>
    </EuiPanel>
  );
}
