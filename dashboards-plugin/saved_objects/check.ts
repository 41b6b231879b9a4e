// Reads the saved-objects file the way a test needs it: its objects, and which fields of which index pattern
// (by title) each object reads, so they can be checked against the mappings a real node reports.

export interface SavedObject {
  id: string;
  type: string;
  attributes: Record<string, any>;
  references: Array<{ name: string; type: string; id: string }>;
  migrationVersion?: Record<string, string>;
}

export function parseNdjson(text: string): SavedObject[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as SavedObject;
      } catch (e) {
        throw new Error(`line ${i + 1} is not JSON: ${(e as Error).message}`);
      }
    });
}

/** Problems with the file's structure: what Dashboards' import would refuse or what would render broken. */
export function structureProblems(objects: SavedObject[]): string[] {
  const problems: string[] = [];
  const known = new Set(['index-pattern', 'visualization', 'search', 'dashboard']);
  const byKey = new Map(objects.map((o) => [`${o.type}:${o.id}`, o]));
  if (byKey.size !== objects.length) problems.push('two objects share a type and id');
  for (const o of objects) {
    const where = `${o.type} ${o.id}`;
    if (!known.has(o.type)) problems.push(`${where}: unknown type`);
    if (!o.attributes?.title) problems.push(`${where}: no title`);
    if (!o.migrationVersion?.[o.type]) problems.push(`${where}: no migrationVersion for its type`);
    for (const ref of o.references ?? []) {
      if (!byKey.has(`${ref.type}:${ref.id}`)) problems.push(`${where}: reference ${ref.name} -> ${ref.type} ${ref.id} is not in the file`);
    }
    const meta = o.attributes?.kibanaSavedObjectMeta?.searchSourceJSON;
    if (o.type !== 'index-pattern') {
      if (typeof meta !== 'string') problems.push(`${where}: no searchSourceJSON`);
      else {
        const source = JSON.parse(meta);
        if (source.indexRefName && !o.references.some((r) => r.name === source.indexRefName)) {
          problems.push(`${where}: indexRefName ${source.indexRefName} has no reference`);
        }
      }
    }
    if (o.type === 'visualization') {
      const vis = JSON.parse(o.attributes.visState);
      if (vis.title !== o.attributes.title) problems.push(`${where}: visState title differs`);
      const aggregates = vis.type !== 'vega' && vis.type !== 'input_control_vis';
      if (aggregates && !(vis.aggs ?? []).some((a: any) => a.schema === 'metric')) problems.push(`${where}: no metric aggregation`);
      if (vis.type === 'vega' && typeof vis.params?.spec !== 'string') problems.push(`${where}: vega without a spec`);
      if (vis.type === 'input_control_vis') {
        const controls = vis.params?.controls ?? [];
        if (controls.length === 0) problems.push(`${where}: a control visualization without controls`);
        for (const c of controls) {
          const ref = o.references.find((r) => r.name === c.indexPatternRefName);
          if (!ref || ref.type !== 'index-pattern') problems.push(`${where}: control ${c.id} has no index pattern reference`);
          if (typeof c.fieldName !== 'string' || !c.fieldName) problems.push(`${where}: control ${c.id} has no field`);
        }
      }
    }
    if (o.type === 'dashboard') {
      const panels = JSON.parse(o.attributes.panelsJSON);
      for (const p of panels) {
        if (!o.references.some((r) => r.name === p.panelRefName)) problems.push(`${where}: panel ${p.panelIndex} has no reference`);
      }
      if (panels.length !== o.references.length) problems.push(`${where}: panels and references differ in number`);
    }
  }
  return problems;
}

/** Fields each object reads, keyed by the title of the index pattern (or the index a Vega spec queries). */
export function referencedFields(objects: SavedObject[]): Map<string, Set<string>> {
  const titles = new Map(objects.filter((o) => o.type === 'index-pattern').map((o) => [o.id, o.attributes.title as string]));
  const out = new Map<string, Set<string>>();
  const add = (title: string | undefined, field: unknown) => {
    if (!title || typeof field !== 'string') return;
    if (!out.has(title)) out.set(title, new Set());
    out.get(title)!.add(field);
  };
  for (const o of objects) {
    if (o.type === 'index-pattern') add(o.attributes.title, o.attributes.timeFieldName);
    const indexRef = o.references.find((r) => r.type === 'index-pattern');
    const title = indexRef ? titles.get(indexRef.id) : undefined;
    // Fields a KQL query of the object names (`field : value` terms).
    const meta = o.attributes?.kibanaSavedObjectMeta?.searchSourceJSON;
    const kql = typeof meta === 'string' ? JSON.parse(meta).query?.query : undefined;
    if (typeof kql === 'string') for (const m of kql.matchAll(/(?:^|\s|\()([A-Za-z_][\w.]*)\s*:/g)) add(title, m[1]);
    if (o.type === 'visualization') {
      const vis = JSON.parse(o.attributes.visState);
      // A control names its own index pattern, by reference name.
      for (const c of vis.params?.controls ?? []) {
        const ref = o.references.find((r) => r.name === c.indexPatternRefName);
        add(ref ? titles.get(ref.id) : undefined, c.fieldName);
      }
      for (const agg of vis.aggs ?? []) {
        add(title, agg.params?.field);
        add(title, agg.params?.orderAgg?.params?.field);
      }
      if (vis.type === 'vega') {
        // The fields a Vega spec queries are those inside its `url` body; its encodings name computed columns.
        const spec: string = vis.params.spec;
        const index = /index:\s*"?([\w.-]+)"?/.exec(spec)?.[1];
        const body = spec.slice(spec.indexOf('url:'), spec.indexOf('format:'));
        for (const m of body.matchAll(/field:\s*"([^"]+)"/g)) add(index, m[1]);
      }
    }
    if (o.type === 'search') {
      for (const c of o.attributes.columns ?? []) add(title, c);
      for (const [field] of o.attributes.sort ?? []) add(title, field);
    }
  }
  return out;
}

/** Every field path a mapping defines, sub-fields (`text.words`) included. */
export function mappingFields(mapping: { properties?: Record<string, any> }): Set<string> {
  const out = new Set<string>();
  const walk = (props: Record<string, any> | undefined, prefix: string) => {
    for (const [name, def] of Object.entries(props ?? {})) {
      const path = prefix + name;
      out.add(path);
      walk(def.properties, `${path}.`);
      for (const sub of Object.keys(def.fields ?? {})) out.add(`${path}.${sub}`);
    }
  };
  walk(mapping.properties, '');
  return out;
}

/** Fields the saved objects read that a mapping does not have, per index title. */
export function missingFields(objects: SavedObject[], mappings: Map<string, Set<string>>): string[] {
  const missing: string[] = [];
  for (const [title, fields] of referencedFields(objects)) {
    const have = mappings.get(title);
    if (!have) {
      missing.push(`${title}: no mapping to check against`);
      continue;
    }
    for (const f of fields) if (!have.has(f)) missing.push(`${title}: ${f}`);
  }
  return missing;
}
