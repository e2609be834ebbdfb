/** A column of a text table: a header, how to render a row's cell, and its alignment. */
export interface Column<Row> {
  header: string;
  cell: (row: Row) => string;
  align?: 'left' | 'right';
}

/**
 * Renders rows as an aligned text table, one line per row, columns separated by two spaces. The
 * last left-aligned column is not padded, so lines carry no trailing blanks.
 */
export function formatTable<Row>(columns: readonly Column<Row>[], rows: Iterable<Row>): string {
  const cells = [columns.map((c) => c.header)];
  for (const row of rows) cells.push(columns.map((c) => c.cell(row)));
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => width(line[i]!))));
  return cells
    .map((line) =>
      line
        .map((text, i) => {
          const pad = ' '.repeat(widths[i]! - width(text));
          if (columns[i]!.align === 'right') return pad + text;
          return i === line.length - 1 ? text : text + pad;
        })
        .join('  '),
    )
    .join('\n');
}

// Display width: code points (mount points may hold any UTF-8; no wide-glyph tables here).
function width(text: string): number {
  return [...text].length;
}
