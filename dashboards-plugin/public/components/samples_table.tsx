import React from 'react';
import { EuiBasicTable, EuiBasicTableColumn, EuiPanel, EuiText, EuiTitle } from '@elastic/eui';
import type { Sample } from '../../common';
import { fmt } from '../format';

export interface SamplesTableProps {
  rows: Sample[];
  total: number;
  pageIndex: number;
  pageSize: number;
  sortField: string;
  sortDirection: 'asc' | 'desc';
  loading: boolean;
  error?: string;
  clusterNames: Map<number, string>;
  caption: string;
  onChange(change: { pageIndex: number; pageSize: number; sortField: string; sortDirection: 'asc' | 'desc' }): void;
}

export function SamplesTable(props: SamplesTableProps) {
  const columns: Array<EuiBasicTableColumn<Sample>> = [
    {
      field: 'text',
      name: 'Text',
      width: '50%',
      render: (text: string | undefined, row: Sample) => (
        <span title={text} data-test-subj="sampleText">
          {text === undefined ? <em>{row.id}</em> : text.length > 220 ? `${text.slice(0, 220)}…` : text}
        </span>
      ),
    },
    { field: 'label', name: 'Label', render: (v: string | null) => <span data-test-subj="sampleLabel">{v ?? '-'}</span> },
    {
      field: 'prediction',
      name: 'Prediction',
      render: (v: string | null, row: Sample) => (
        <span style={{ color: v != null && row.label != null && v !== row.label ? '#BD271E' : undefined }}>{v ?? '-'}</span>
      ),
    },
    {
      field: 'dep',
      name: 'DEP',
      sortable: true,
      width: '80px',
      render: (v: number | null) => <span data-test-subj="sampleDep">{fmt(v)}</span>,
    },
    { field: 'margin', name: 'Margin', sortable: true, width: '80px', render: (v: number | null) => fmt(v) },
    {
      field: 'cluster_id',
      name: 'Cluster',
      render: (v: number | null) => (
        <span data-test-subj="sampleCluster" data-cluster-id={v ?? ''}>
          {v == null ? '-' : props.clusterNames.get(v) ?? v}
        </span>
      ),
    },
  ];
  return (
    <EuiPanel paddingSize="m" data-test-subj="samplesTable" data-total={props.total}>
      <EuiTitle size="xs">
        <h3>Samples</h3>
      </EuiTitle>
      <EuiText size="xs" color="subdued">
        <p data-test-subj="samplesCaption">{props.caption}</p>
      </EuiText>
      <EuiBasicTable<Sample>
        items={props.rows}
        itemId="id"
        columns={columns}
        loading={props.loading}
        error={props.error}
        noItemsMessage={props.loading ? 'Loading samples…' : 'No samples match'}
        pagination={{
          pageIndex: props.pageIndex,
          pageSize: props.pageSize,
          totalItemCount: Math.min(props.total, 10000),
          pageSizeOptions: [10, 20, 50, 100],
        }}
        sorting={{ sort: { field: props.sortField as keyof Sample, direction: props.sortDirection } }}
        onChange={({ page, sort }: { page?: { index: number; size: number }; sort?: { field: keyof Sample; direction: 'asc' | 'desc' } }) =>
          props.onChange({
            pageIndex: page?.index ?? 0,
            pageSize: page?.size ?? props.pageSize,
            sortField: String(sort?.field ?? props.sortField),
            sortDirection: sort?.direction ?? props.sortDirection,
          })
        }
      />
    </EuiPanel>
  );
}
