import type { PluginInitializerContext } from 'opensearch-dashboards/server';
import { TextInsightsServerPlugin } from './plugin';

export function plugin(initializerContext: PluginInitializerContext) {
  return new TextInsightsServerPlugin(initializerContext);
}
