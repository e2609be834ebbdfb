import type { UnknownAttr } from '../ynl/codec/index.js';

/** An attribute a notification carried that these bindings do not know, and where. */
export interface UnknownAttrReport {
  /** Property path of the object holding it, e.g. ["change", "mount"]; [] = top level. */
  path: string[];
  type: number;
  /** The spec's name for it, when the spec knows the number but not in this message. */
  name?: string;
  length: number;
}

/** Every `unknown` array in a decoded object tree, flattened with its path. */
export function collectUnknown(value: unknown, path: string[] = []): UnknownAttrReport[] {
  const out: UnknownAttrReport[] = [];
  walk(value, [...path], out);
  return out;
}

// Hot path (every notification): for...in, one shared path stack, no arrays unless reporting.
function walk(value: unknown, path: string[], out: UnknownAttrReport[]): void {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(String(i));
      walk(value[i], path, out);
      path.pop();
    }
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const child = record[key];
    if (typeof child !== 'object' || child === null) continue;
    if (key === 'unknown') {
      for (const u of child as UnknownAttr[]) {
        const report: UnknownAttrReport = { path: [...path], type: u.type, length: u.data.length };
        if (u.name !== undefined) report.name = u.name;
        out.push(report);
      }
    } else {
      path.push(key);
      walk(child, path, out);
      path.pop();
    }
  }
}
