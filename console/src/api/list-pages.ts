/** Flow Service lists read whole: each page's `_links.next` followed (docs/api/conventions.md#paging). Pure: the reading of a page is given. */

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
