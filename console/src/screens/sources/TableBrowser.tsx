import { useEffect, useState } from "react";
import { listTables, type TableEntry } from "../../api/flowservice";
import type { Session } from "../../api/session";
import { Busy } from "../../components/Feedback";
import { keptWhileStarting, stoppedClusterState } from "./cluster-starting";
import { ClusterErrorNote, ClusterStartingNote, useRetryWhileStarting } from "./ClusterStarting";
import { FolderTree } from "./FolderTree";
import { tableTree } from "./table-paths";

interface BrowserProps {
  session: Session;
  connectionId: string;
  topLevel: "catalog" | "share";
  /** the catalog the connection names: "every schema" of it instead of every catalog */
  catalog?: string;
  selected?: string;
  onSelect: (path: string) => void;
  /** the account's tables were listed (its cluster, if it needs one, is running) */
  onListed?: () => void;
}

/**
 * The connection's tables as catalog → schema → table (share → schema → table for Delta Sharing),
 * with a search box; a Databricks connection can also open every catalog of Unity Catalog.
 */
export function TableBrowser(props: BrowserProps) {
  const [everyCatalog, setEveryCatalog] = useState(false);
  useEffect(() => setEveryCatalog(false), [props.connectionId]);

  return (
    <nav className="panel" aria-labelledby="tables-title">
      <h2 id="tables-title">Tables</h2>
      {props.topLevel === "catalog" && (
        <fieldset>
          <legend>Show</legend>
          <label className="inline">
            <input type="radio" name="browse" checked={!everyCatalog} onChange={() => setEveryCatalog(false)} /> The account's database
          </label>
          <label className="inline">
            <input type="radio" name="browse" checked={everyCatalog} onChange={() => setEveryCatalog(true)} /> {props.catalog ? `Every schema of ${props.catalog}` : "Every catalog"}
          </label>
        </fieldset>
      )}
      {everyCatalog ? <FolderTree {...props} /> : <SearchableTables {...props} />}
    </nav>
  );
}

/**
 * Every table explore's root lists, grouped by catalog (share) and schema, kept to those the search
 * matches. While the cluster is starting by itself (restarting, as after the staging SAS was put
 * into it), the list is asked for again every few seconds until it comes; any other refused list can
 * be asked for again by hand.
 */
function SearchableTables({ session, connectionId, topLevel, selected, onSelect, onListed }: BrowserProps) {
  const [tables, setTables] = useState<TableEntry[]>();
  const [search, setSearch] = useState("");
  const [error, setError] = useState<unknown>();
  const [round, setRound] = useState(0);

  useEffect(() => {
    setTables(undefined);
    setError(keptWhileStarting);
    listTables(session, connectionId).then((list) => {
      setError(undefined);
      setTables(list);
      onListed?.();
    }, setError);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session, connectionId, round]);
  const starting = useRetryWhileStarting(error, () => setRound((n) => n + 1));

  const tree = tables && tableTree(
    tables.map((t) => t.path),
    search,
  );
  return (
    <>
      <label>
        Search tables
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      {starting ? (
        <ClusterStartingNote starting={starting} what="the tables are listed" />
      ) : (
        <ClusterErrorNote session={session} connectionId={connectionId} error={error} onStarted={() => setRound((n) => n + 1)} />
      )}
      {error !== undefined && !starting && !stoppedClusterState(error) && (
        <button type="button" onClick={() => setRound((n) => n + 1)}>
          List the tables again
        </button>
      )}
      {!tables && !error && <Busy label="Listing the tables" />}
      {tree && tree.length > 0 && (
        <ul className="tree" aria-label={topLevel === "share" ? "Shares" : "Catalogs"}>
          {tree.map((catalog) => (
            <li key={catalog.catalog}>
              <span className="hint">{topLevel} </span>
              {catalog.catalog}
              <ul className="tree" aria-label={`Schemas of ${catalog.catalog}`}>
                {catalog.schemas.map((schema) => (
                  <li key={schema.schema}>
                    <span className="hint">schema </span>
                    {schema.schema}
                    <ul className="tree" aria-label={`Tables of ${schema.schema}`}>
                      {schema.tables.map((table) => (
                        <li key={table.path}>
                          <button type="button" aria-pressed={selected === table.path} onClick={() => onSelect(table.path)}>
                            {table.name}
                          </button>
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      {tables && tables.length > 0 && tree?.length === 0 && <p className="hint">No table matches “{search.trim()}”.</p>}
      {tables?.length === 0 && <p className="hint">{topLevel === "share" ? "The shares hold no tables." : "The database has no tables."}</p>}
    </>
  );
}
