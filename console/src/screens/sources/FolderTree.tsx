import { useEffect, useState } from "react";
import { listFolder, type TableEntry } from "../../api/flowservice";
import type { Session } from "../../api/session";
import { Busy, ErrorNote } from "../../components/Feedback";

type Listing = { entries?: TableEntry[]; error?: unknown };

/**
 * Every catalog (or share) of the connection, opened a level at a time through explore's
 * objectType=folder: catalog → schema → table from Unity Catalog's listings, so nothing has to run.
 */
export function FolderTree(props: { session: Session; connectionId: string; selected?: string; onSelect: (path: string) => void }) {
  const { session, connectionId } = props;
  const [top, setTop] = useState<Listing>();
  useEffect(() => {
    setTop(undefined);
    listFolder(session, connectionId).then((entries) => setTop({ entries }), (error) => setTop({ error }));
  }, [session, connectionId]);
  return <Level {...props} listing={top} label="Top level" />;
}

function Level(props: { session: Session; connectionId: string; selected?: string; onSelect: (path: string) => void; listing?: Listing; label: string }) {
  const { listing, label } = props;
  if (!listing) return <Busy label="Listing" />;
  if (listing.error) return <ErrorNote error={listing.error} />;
  if (listing.entries?.length === 0) return <p className="hint">Empty.</p>;
  return (
    <ul className="tree" aria-label={label}>
      {listing.entries?.map((entry) => (
        <Entry key={entry.path} {...props} entry={entry} />
      ))}
    </ul>
  );
}

function Entry(props: { session: Session; connectionId: string; selected?: string; onSelect: (path: string) => void; entry: TableEntry }) {
  const { session, connectionId, selected, onSelect, entry } = props;
  const [open, setOpen] = useState(false);
  const [listing, setListing] = useState<Listing>();
  if (entry.type !== "folder") {
    return (
      <li>
        <button type="button" aria-pressed={selected === entry.path} onClick={() => onSelect(entry.path)}>
          {entry.name}
        </button>
      </li>
    );
  }
  const toggle = () => {
    setOpen(!open);
    if (!listing) listFolder(session, connectionId, entry.path).then((entries) => setListing({ entries }), (error) => setListing({ error }));
  };
  return (
    <li>
      <button type="button" aria-expanded={open} onClick={toggle}>
        <span aria-hidden="true">{open ? "▾" : "▸"}</span> {entry.name}
      </button>
      {open && <Level {...props} listing={listing} label={`Inside ${entry.path}`} />}
    </li>
  );
}
