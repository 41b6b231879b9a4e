import React from 'react';
import { createRoot } from 'react-dom/client';
import type { AppMountParameters, CoreStart } from 'opensearch-dashboards/public';
import { PLUGIN_NAME } from '../common';
import { TextInsightsApp } from './app';
import type { HttpLike } from './api';

export function renderApp(core: CoreStart, params: AppMountParameters) {
  core.chrome.setBreadcrumbs([{ text: PLUGIN_NAME }]);
  const root = createRoot(params.element);
  root.render(<TextInsightsApp http={core.http as unknown as HttpLike} />);
  return () => root.unmount();
}
