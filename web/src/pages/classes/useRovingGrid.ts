/** Spreadsheet-like moves between the controls of a table: one control in the tab order (roving
 * tabindex), the arrow keys, Home/End (Ctrl: first/last cell) move the focus between cells. */
import { useCallback, useRef, useState, type KeyboardEvent } from "react";

export function useRovingGrid(rows: number, columns: number) {
  const [active, setActive] = useState({ row: 0, column: 0 });
  const cells = useRef(new Map<string, HTMLElement>());
  const row = Math.min(active.row, Math.max(rows - 1, 0));
  const column = Math.min(active.column, Math.max(columns - 1, 0));

  const focus = useCallback((r: number, c: number) => {
    setActive({ row: r, column: c });
    cells.current.get(`${r}:${c}`)?.focus();
  }, []);

  /** Handles a move key and answers true; false for any other key. */
  const move = useCallback((event: KeyboardEvent, r: number, c: number): boolean => {
    const last = { row: rows - 1, column: columns - 1 };
    const targets: Record<string, [number, number]> = {
      ArrowUp: [Math.max(r - 1, 0), c],
      ArrowDown: [Math.min(r + 1, last.row), c],
      ArrowLeft: [r, Math.max(c - 1, 0)],
      ArrowRight: [r, Math.min(c + 1, last.column)],
      Home: event.ctrlKey ? [0, 0] : [r, 0],
      End: event.ctrlKey ? [last.row, last.column] : [r, last.column],
    };
    const target = targets[event.key];
    if (!target || event.altKey || event.metaKey) return false;  // Alt+Down opens the native list
    event.preventDefault();
    focus(target[0], target[1]);
    return true;
  }, [rows, columns, focus]);

  /** The props of the control at (r, c). */
  const cellProps = (r: number, c: number) => ({
    tabIndex: r === row && c === column ? 0 : -1,
    ref: (element: HTMLElement | null) => { if (element) cells.current.set(`${r}:${c}`, element); else cells.current.delete(`${r}:${c}`); },
    onFocus: () => { if (r !== active.row || c !== active.column) setActive({ row: r, column: c }); },
  });

  return { move, cellProps };
}
