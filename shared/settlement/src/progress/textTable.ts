/**
 * A plain-text table for terminals: columns padded to their widest cell, numbers (and cells of
 * columns listed in `right`) aligned right.
 */
export function textTable(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>, right: readonly number[] = []): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const numeric = (column: number): boolean => right.includes(column) || rows.every((row) => typeof row[column] === 'number');
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return cells
    .map((row) => row.map((cell, column) => (numeric(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join('  ').trimEnd())
    .join('\n');
}
