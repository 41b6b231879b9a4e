import React from 'react';
import {
  EuiBadge,
  EuiButtonIcon,
  EuiFlexGroup,
  EuiFlexItem,
  EuiPanel,
  EuiSelect,
  EuiSpacer,
  EuiText,
  EuiTitle,
  EuiToolTip,
} from '@elastic/eui';
import { CLUSTER_SORT_FIELDS, Cluster } from '../../common';
import { clusterName, fmt } from '../format';
import { categoryColor } from '../map_geometry';

const SORT_LABELS: Record<string, string> = {
  size: 'Size',
  avg_dep: 'Avg DEP',
  f1: 'F1',
  accuracy: 'Accuracy',
  cluster_id: 'Cluster id',
};

export interface ClusterCardsProps {
  clusters: Cluster[];
  /** Colour rank of each cluster on the map (by cluster id), so a card's swatch matches its dots. */
  colorRank: Map<number, number>;
  sort: string;
  onSort(sort: string): void;
  selected?: number;
  onSelect(clusterId: number | undefined): void;
}

export function ClusterCards(props: ClusterCardsProps) {
  const [field, direction] = props.sort.split(':');
  return (
    <EuiPanel paddingSize="m" data-test-subj="clusterCards">
      <EuiFlexGroup alignItems="center" justifyContent="spaceBetween" gutterSize="s" responsive={false}>
        <EuiFlexItem grow={false}>
          <EuiTitle size="xs">
            <h3>Clusters ({props.clusters.length})</h3>
          </EuiTitle>
        </EuiFlexItem>
        <EuiFlexItem grow={false}>
          <EuiFlexGroup gutterSize="xs" alignItems="center" responsive={false}>
            <EuiFlexItem grow={false}>
              <EuiSelect
                compressed
                aria-label="Sort clusters by"
                data-test-subj="clusterSortField"
                options={CLUSTER_SORT_FIELDS.map((f) => ({ value: f, text: SORT_LABELS[f] }))}
                value={field}
                onChange={(e) => props.onSort(`${e.target.value}:${direction}`)}
              />
            </EuiFlexItem>
            <EuiFlexItem grow={false}>
              <EuiButtonIcon
                aria-label={direction === 'desc' ? 'Descending: switch to ascending' : 'Ascending: switch to descending'}
                data-test-subj="clusterSortDirection"
                iconType={direction === 'desc' ? 'sortDown' : 'sortUp'}
                onClick={() => props.onSort(`${field}:${direction === 'desc' ? 'asc' : 'desc'}`)}
              />
            </EuiFlexItem>
          </EuiFlexGroup>
        </EuiFlexItem>
      </EuiFlexGroup>
      <EuiSpacer size="s" />
      <div style={{ maxHeight: 520, overflowY: 'auto', paddingRight: 4 }}>
        {props.clusters.map((c) => (
          <ClusterCard
            key={c.cluster_id}
            cluster={c}
            color={c.cluster_id === -1 ? '#98A2B3' : categoryColor(props.colorRank.get(c.cluster_id) ?? 0)}
            selected={props.selected === c.cluster_id}
            onClick={() => props.onSelect(props.selected === c.cluster_id ? undefined : c.cluster_id)}
          />
        ))}
      </div>
    </EuiPanel>
  );
}

function ClusterCard({ cluster: c, color, selected, onClick }: { cluster: Cluster; color: string; selected: boolean; onClick(): void }) {
  const words = (c.top_words ?? []).slice(0, 8);
  return (
    <EuiPanel
      hasBorder
      paddingSize="s"
      onClick={onClick}
      data-test-subj={`clusterCard-${c.cluster_id}`}
      data-cluster-id={c.cluster_id}
      aria-pressed={selected}
      style={{ marginBottom: 8, borderLeft: `6px solid ${color}`, outline: selected ? '2px solid #006BB8' : undefined }}
    >
      <EuiFlexGroup gutterSize="s" justifyContent="spaceBetween" responsive={false}>
        <EuiFlexItem>
          <EuiText size="s">
            <strong data-test-subj="clusterCardTitle">{clusterName(c)}</strong>
          </EuiText>
        </EuiFlexItem>
        <EuiFlexItem grow={false}>
          <EuiText size="xs" color="subdued">
            #{c.cluster_id}
          </EuiText>
        </EuiFlexItem>
      </EuiFlexGroup>
      {c.summary && (
        <EuiText size="xs" color="subdued" data-test-subj="clusterCardSummary">
          <p>{c.summary}</p>
        </EuiText>
      )}
      <EuiFlexGroup gutterSize="m" responsive={false} wrap>
        <Stat label="size" value={c.size.toLocaleString()} subj="size" />
        <Stat label="avg DEP" value={fmt(c.avg_dep)} subj="avgDep" />
        <Stat label="F1" value={c.f1 == null ? (c.omitted?.f1 ? 'n/a' : '-') : fmt(c.f1)} subj="f1" tip={c.omitted?.f1} />
        <Stat label="accuracy" value={fmt(c.accuracy)} subj="accuracy" />
      </EuiFlexGroup>
      {words.length > 0 && (
        <div style={{ marginTop: 4 }} data-test-subj="clusterCardWords">
          {words.map((w) => (
            <EuiBadge key={w.word} color="hollow" title={`score ${fmt(w.score)}; in ${w.doc_count ?? '?'} of the cluster's samples`}>
              {w.word}
            </EuiBadge>
          ))}
        </div>
      )}
    </EuiPanel>
  );
}

function Stat({ label, value, subj, tip }: { label: string; value: string; subj: string; tip?: string }) {
  const body = (
    <EuiText size="xs">
      <span style={{ color: '#69707D' }}>{label} </span>
      <strong data-test-subj={`clusterStat-${subj}`}>{value}</strong>
    </EuiText>
  );
  return <EuiFlexItem grow={false}>{tip ? <EuiToolTip content={tip}>{body}</EuiToolTip> : body}</EuiFlexItem>;
}
