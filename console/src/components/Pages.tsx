import { type ReactNode, useEffect, useState } from "react";
import { count } from "./format";
import { pageHolding, pageWindow } from "./page-window";

/**
 * A long list shown a page at a time, with Previous and Next below it: `rows` (undefined while not read), `size` a page.
 * The first page again when `restartOn` changes (a new search); the page of the row `isSelected` picks whenever
 * `selected` changes (a flow chosen by a link), not at every refresh of the rows. `what` names the rows ("dataflows").
 */
export function usePages<T>(rows: T[] | undefined, size: number, what: string, options: { restartOn?: unknown; selected?: string; isSelected?: (row: T) => boolean } = {}): { shown: T[] | undefined; controls: ReactNode } {
  const [asked, setAsked] = useState(0);
  const { restartOn, selected, isSelected } = options;
  useEffect(() => setAsked(0), [restartOn]);
  const selectedAt = selected === undefined || !isSelected ? -1 : (rows?.findIndex(isSelected) ?? -1);
  const found = selectedAt >= 0;
  useEffect(() => {
    if (found) setAsked(pageHolding(selectedAt, size));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected, found]);
  if (!rows) return { shown: undefined, controls: null };
  const { page, pages, start, end } = pageWindow(rows.length, size, asked);
  const controls =
    pages > 1 ? (
      <nav className="copy-row pages" aria-label={`Pages of ${what}`}>
        <button type="button" onClick={() => setAsked(page - 1)} disabled={page === 0}>
          Previous <span className="visually-hidden">page of {what}</span>
        </button>
        <span role="status">
          {count(start + 1)}–{count(end)} of {count(rows.length)} {what}
        </span>
        <button type="button" onClick={() => setAsked(page + 1)} disabled={page === pages - 1}>
          Next <span className="visually-hidden">page of {what}</span>
        </button>
      </nav>
    ) : null;
  return { shown: rows.slice(start, end), controls };
}
