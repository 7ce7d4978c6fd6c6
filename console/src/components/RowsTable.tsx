import type { ReactNode } from "react";
import { displayValue } from "../api/lossless-json";
import { CellText } from "./NullValue";

/** the rows a preview (of a table or a dataset) reads at most */
export const PREVIEW_ROWS = 100;

/** How many rows a preview shows, said so that a full preview is not read as the table's size: "the first 100 rows" of a large table, "1 row". */
export const previewRows = (n: number) => (n >= PREVIEW_ROWS ? `the first ${n} rows` : n === 1 ? "1 row" : `${n} rows`);

/** A column of a rows table: its heading, where a row has its value, and whether that value is a number (aligned right). */
export interface RowsColumn<Row> {
  key: string;
  header: ReactNode;
  valueOf: (row: Row) => unknown;
  numeric?: (value: unknown) => boolean;
}

/** Rows in a box that scrolls both ways (reachable by keyboard), every value shown exactly as the API sent it, a null as null. */
export function RowsTable<Row>({ label, caption, columns, rows }: { label: string; caption: string; columns: ReadonlyArray<RowsColumn<Row>>; rows: readonly Row[] }) {
  return (
    <div className="scroll" tabIndex={0} aria-label={label}>
      <table>
        <caption className="hint">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {columns.map((column) => {
                const value = column.valueOf(row);
                return (
                  <td key={column.key} className={column.numeric?.(value) ? "number" : undefined}>
                    <CellText value={value} text={displayValue} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
