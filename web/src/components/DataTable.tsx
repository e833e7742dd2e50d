import type { ReactNode } from "react";

/** A DSFR table whose first cell of each row is its header (th scope="row"): the react-dsfr Table
 * only makes plain cells, and a screen reader names each value by its row and its column. */
export function DataTable({ caption, headers, rows, className }: {
  caption: ReactNode;
  headers: ReactNode[];
  rows: { key: string; header: ReactNode; cells: ReactNode[] }[];
  className?: string;
}) {
  return (
    <div className={`fr-table fr-table--bordered ${className ?? ""}`}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>{headers.map((header, i) => <th key={i} scope="col">{header}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.header}</th>
              {row.cells.map((cell, i) => <td key={i}>{cell}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
