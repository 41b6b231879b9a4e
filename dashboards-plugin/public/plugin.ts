import type { AppMountParameters, CoreSetup, CoreStart, Plugin } from 'opensearch-dashboards/public';
import { PLUGIN_ID, PLUGIN_NAME } from '../common';

export class TextInsightsPublicPlugin implements Plugin {
  setup(core: CoreSetup) {
    core.application.register({
      id: PLUGIN_ID,
      title: PLUGIN_NAME,
      // OSD's "OpenSearch Plugins" category (DEFAULT_APP_CATEGORIES.opensearchDashboards), spelled out because core
      // values cannot be imported at runtime from a plugin built outside OSD's tree.
      category: { id: 'opensearch', label: 'OpenSearch Plugins', order: 2000 },
      mount: async (params: AppMountParameters) => {
        // Loaded on first open only, so Dashboards' start-up bundle stays small.
        const { renderApp } = await import('./application');
        const [coreStart] = await core.getStartServices();
        return renderApp(coreStart, params);
      },
    });
  }

  start(_core: CoreStart) {}

  stop() {}
}
