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

/** Append the reports of one `unknown` list found at `path` to `out` (returned). */
export function reportUnknown(
  list: readonly UnknownAttr[] | undefined,
  path: readonly string[],
  out: UnknownAttrReport[] = [],
): UnknownAttrReport[] {
  if (list === undefined) return out;
  for (const u of list) {
    const report: UnknownAttrReport = { path: [...path], type: u.type, length: u.data.length };
    if (u.name !== undefined) report.name = u.name;
    out.push(report);
  }
  return out;
}
