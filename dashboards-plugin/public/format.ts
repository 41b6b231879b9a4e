export function fmt(value: number | null | undefined, digits = 3): string {
  return value == null || Number.isNaN(value) ? '-' : Number(value).toFixed(digits);
}

export function pct(value: number | null | undefined): string {
  return value == null ? '-' : `${(value * 100).toFixed(1)}%`;
}

/** A cluster's name on cards, the map and the table: the LLM title when there is one, else its top words. */
export function clusterName(c: { cluster_id: number; title?: string | null; label?: string | null; noise?: boolean }): string {
  if (c.noise || c.cluster_id === -1) return 'noise';
  return c.title || c.label || `cluster ${c.cluster_id}`;
}
