/** Small helpers for writing kernel-style C text. */

/** "Do not edit" banner naming the spec a file was generated from. */
export function generatedBanner(specPath: string, kind: string, lineComment: boolean): string[] {
  const spdx = '((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)';
  return [
    lineComment ? `// SPDX-License-Identifier: ${spdx}` : `/* SPDX-License-Identifier: ${spdx} */`,
    '/* Do not edit directly, auto-generated from: */',
    `/*\t${specPath} */`,
    `/* YNL-GEN ${kind} */`,
    '',
  ];
}

/** One paragraph of documentation, wrapped for a kernel-doc comment body. */
export function wrapDoc(text: string, firstPrefix: string, width = 80): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = firstPrefix;
  const indent = ' *   ';
  for (const word of words) {
    const candidate = line.endsWith(' ') || line === '' ? line + word : `${line} ${word}`;
    if (candidate.length > width && line.trim() !== firstPrefix.trim()) {
      lines.push(line);
      line = indent + word;
    } else {
      line = candidate;
    }
  }
  lines.push(line);
  return lines;
}

/** A kernel-doc block for an enum whose entries (or the enum itself) are documented. */
export function kdocEnum(
  typeName: string,
  doc: string | undefined,
  entries: { name: string; doc?: string }[],
): string[] {
  if (!doc && !entries.some((e) => e.doc)) return [];
  const out = ['/**', ` * enum ${typeName}${doc ? ' -' : ''}`];
  if (doc) out[1] = wrapDoc(doc, out[1]!).join('\n');
  for (const e of entries) if (e.doc) out.push(...wrapDoc(e.doc, ` * @${e.name}:`));
  out.push(' */');
  return out;
}

/** Enum body lines; "= N" where a value does not follow the previous one (always for flags). */
export function enumBody(entries: { name: string; value: number }[], explicit = false): string[] {
  let expected = 0;
  return entries.map((e) => {
    const implicit = e.value === expected && !explicit;
    const line = implicit ? `\t${e.name},` : `\t${e.name} = ${e.value},`;
    expected = e.value + 1;
    return line;
  });
}
