// Tabular input for charts and tables: an arquero table or an array of row objects.
// The arquero side is structural on purpose: arquero's own types must not reach our public
// .d.ts, which tslab's TypeScript 5.0.4 reads when it type-checks notebook cells.

/** Anything shaped like an arquero table (arquero's `Table` fits). */
export interface TableLike {
  objects(): object[];
  columnNames(): string[];
}

/** Rows for a chart or a table. */
export type TableData = TableLike | readonly object[];

/** Row objects as plain records. */
export type Row = Record<string, unknown>;

export function isTableLike(data: unknown): data is TableLike {
  return typeof data === "object" && data !== null && !Array.isArray(data)
    && typeof (data as TableLike).objects === "function"
    && typeof (data as TableLike).columnNames === "function";
}

/** The rows and column names of `data`; columns of plain rows in order of first appearance. */
export function tableOf(data: TableData): { rows: Row[]; columns: string[] } {
  if (isTableLike(data)) {
    return { rows: data.objects() as Row[], columns: [...data.columnNames()] };
  }
  if (!Array.isArray(data)) {
    throw new TypeError("Expected an array of row objects or an arquero table (with objects() and columnNames())");
  }
  const rows = data as Row[];
  const columns: string[] = [];
  const known = new Set<string>();
  for (const row of rows) {
    if (typeof row !== "object" || row === null) {
      throw new TypeError(`Expected row objects, got ${row === null ? "null" : typeof row}`);
    }
    for (const key of Object.keys(row)) {
      if (!known.has(key)) {
        known.add(key);
        columns.push(key);
      }
    }
  }
  return { rows, columns };
}
