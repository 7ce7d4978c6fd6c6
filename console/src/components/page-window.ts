/** Which rows of a long list one page shows: pure, for the tables that page their rows (Pages.tsx). */

export interface PageWindow {
  /** the page shown, from 0: the one asked for, or the last there is */
  page: number;
  pages: number;
  /** the rows shown: from `start` up to, not including, `end` */
  start: number;
  end: number;
}

/** The page `asked` of `total` rows `size` a page; a page past the last (the list got shorter) is the last. */
export function pageWindow(total: number, size: number, asked: number): PageWindow {
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(0, asked), pages - 1);
  return { page, pages, start: page * size, end: Math.min(total, (page + 1) * size) };
}

/** The page holding the row at `index`. */
export const pageHolding = (index: number, size: number) => Math.floor(index / size);
