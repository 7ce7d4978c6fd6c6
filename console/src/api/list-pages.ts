/**
 * Lists read whole: a Flow Service list by each page's `_links.next` (docs/api/conventions.md#paging), a Catalog,
 * Schema Registry or Data Access list by a `start` parameter (docs/api/catalog.md, docs/api/schemaregistry.md,
 * docs/api/export.md). Pure: the reading of a page is given.
 */

export interface ListPage<T> {
  items: T[];
  _links?: { next?: { href?: string } };
}

/** the most pages one read follows: a list that long is cut rather than read forever */
const MOST_PAGES = 100;

/**
 * Every item of a list, from `firstPath` on: a next page's href names the resource under the
 * service's base (`/runs?continuationToken=…` under `/data/foundation/flowservice`), so it is read under `base`.
 */
export async function everyPage<T>(read: (path: string) => Promise<ListPage<T>>, firstPath: string, base: string): Promise<T[]> {
  const items: T[] = [];
  let path: string | undefined = firstPath;
  for (let page = 0; path && page < MOST_PAGES; page++) {
    const answer: ListPage<T> = await read(path);
    items.push(...answer.items);
    const href = answer._links?.next?.href;
    path = !href ? undefined : href.startsWith(base) ? href : `${base}${href}`;
  }
  return items;
}

/**
 * Every item of a list whose next page is asked for with a `start` parameter after `firstPath`'s own: `next` of a page
 * (given how many items were read so far) is its value, null or undefined after the last page: the Schema Registry's
 * `_page.next`, the Catalog's offset.
 */
export async function everyStartPage<P, T>(read: (path: string) => Promise<P>, firstPath: string, items: (page: P) => T[], next: (page: P, readSoFar: number) => string | null | undefined): Promise<T[]> {
  const all: T[] = [];
  let path: string | undefined = firstPath;
  for (let page = 0; path !== undefined && page < MOST_PAGES; page++) {
    const answer: P = await read(path);
    all.push(...items(answer));
    const start = next(answer, all.length);
    path = start === null || start === undefined ? undefined : `${firstPath}&start=${encodeURIComponent(start)}`;
  }
  return all;
}

/** the files a Data Access list is asked for at a time: its own most */
const DATA_ACCESS_PAGE = 100;

/** A page of a Data Access list: `_page.count` entries of at most `_page.limit`. */
export interface DataAccessPage<T> {
  data: T[];
  _page: { limit: number; count: number };
}

/** Every entry of a Data Access list (`path` with or without a query): its pages asked for by `start` until one is not full. */
export const everyDataAccessEntry = <T>(read: (path: string) => Promise<DataAccessPage<T>>, path: string): Promise<T[]> =>
  everyStartPage<DataAccessPage<T>, T>(
    read,
    `${path}${path.includes("?") ? "&" : "?"}limit=${DATA_ACCESS_PAGE}`,
    (page) => page.data,
    (page, readSoFar) => (page._page.count < page._page.limit ? null : String(readSoFar)),
  );
