import React from 'react';
import { EuiButtonEmpty, EuiCallOut, EuiFlexGroup, EuiFlexItem } from '@elastic/eui';
import type { Alert } from '../../common';
import { Filter } from '../filter';

/** The run's alerts; each has a one-click filter when `onFilter` is given (filters need the per-sample results). */
export function AlertsBar({ alerts, onFilter }: { alerts: Alert[]; onFilter?(filter: Filter, alert: Alert): void }) {
  if (alerts.length === 0) return null;
  return (
    <EuiCallOut size="s" color="warning" iconType="alert" title={`Alerts (${alerts.length})`} data-test-subj="alertsBar">
      {alerts.map((alert, i) => (
        <EuiFlexGroup key={i} gutterSize="s" alignItems="center" responsive={false} data-test-subj="alert">
          <EuiFlexItem>
            <span>{alert.message}</span>
          </EuiFlexItem>
          {onFilter && (
            <EuiFlexItem grow={false}>
              <EuiButtonEmpty size="xs" iconType="filter" data-test-subj={`alertFilter-${i}`} onClick={() => onFilter({}, alert)}>
                Filter
              </EuiButtonEmpty>
            </EuiFlexItem>
          )}
        </EuiFlexGroup>
      ))}
    </EuiCallOut>
  );
}
