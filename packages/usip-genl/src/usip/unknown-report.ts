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
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return [];
  const out: UnknownAttrReport[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push(...collectUnknown(item, [...path, String(i)]));
    });
    return out;
  }
  for (const [key, child] of Object.entries(value)) {
    if (key === 'unknown') {
      for (const u of child as UnknownAttr[]) {
        const report: UnknownAttrReport = { path, type: u.type, length: u.data.length };
        if (u.name !== undefined) report.name = u.name;
        out.push(report);
      }
    } else if (typeof child === 'object') {
      out.push(...collectUnknown(child, [...path, key]));
    }
  }
  return out;
}
