import { TextInsightsPublicPlugin } from './plugin';

export function plugin() {
  return new TextInsightsPublicPlugin();
}
