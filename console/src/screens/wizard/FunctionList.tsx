import { useEffect, useRef, useState } from "react";
import { hasRoute } from "../../api/capabilities";
import { EXPRESSION_FUNCTIONS, type ExpressionFunction, listExpressionFunctions } from "../../api/platform";
import type { Session } from "../../api/session";
import { ErrorNote } from "../../components/Feedback";
import { matchingFunctions } from "./function-search";

/** the catalogue, read once for every calculated field of the page */
let catalogue: Promise<ExpressionFunction[]> | undefined;

/** The catalogue once `wanted` (read on the first opening), or the error that reading it gave. */
function useCatalogue(session: Session, wanted: boolean): { functions?: ExpressionFunction[]; error?: unknown } {
  const [functions, setFunctions] = useState<ExpressionFunction[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (!wanted || functions) return;
    let live = true;
    setError(undefined);
    catalogue ??= listExpressionFunctions(session);
    catalogue.then(
      (list) => live && setFunctions(list),
      (caught) => {
        catalogue = undefined; // the next opening asks again
        if (live) setError(caught);
      },
    );
    return () => {
      live = false;
    };
  }, [wanted, functions, session]);
  return { functions, error };
}

/**
 * The functions of the expression language (the service's GET …/languages/el/functions) for a
 * calculated field: a button under its expression opens them in a side panel over the page (a modal
 * dialog: it scrolls on its own, not inside the mapping table; Esc closes it), searchable by name,
 * each with its syntax and description and an Insert button, which closes the panel and puts a call
 * of it into the expression at the cursor. Not shown by a service without that route.
 */
export function FunctionList({ session, id, field, onInsert }: { session: Session; id: string; field: string; onInsert: (fn: ExpressionFunction) => void }) {
  const [offered, setOffered] = useState<boolean>();
  const [opened, setOpened] = useState(false);
  const [search, setSearch] = useState("");
  const panel = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  useEffect(() => void hasRoute("GET", EXPRESSION_FUNCTIONS).then(setOffered), []);
  const { functions, error } = useCatalogue(session, opened);

  if (!offered) return null;
  const open = () => {
    setOpened(true);
    panel.current?.showModal();
    searchBox.current?.focus();
  };
  const insert = (fn: ExpressionFunction) => {
    panel.current?.close();
    onInsert(fn); // the expression takes the focus, its cursor in the call
  };
  // closed by Esc or Close: the focus goes back to the button, unless the expression took it
  const onClose = () => document.activeElement === document.body && opener.current?.focus();
  const shown = functions && matchingFunctions(functions, search);
  const titleId = `${id}-title`;
  return (
    <>
      <button ref={opener} type="button" className="link functions-opener" aria-haspopup="dialog" onClick={open}>
        Functions…<span className="visually-hidden"> for {field}</span>
      </button>
      <dialog ref={panel} className="side-panel" aria-labelledby={titleId} onClose={onClose}>
        <div className="side-panel-head">
          <h2 id={titleId}>Functions for {field}</h2>
          <button type="button" onClick={() => panel.current?.close()}>
            Close
          </button>
        </div>
        <label htmlFor={`${id}-search`}>Search functions</label>
        <input ref={searchBox} id={`${id}-search`} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="concat, upper, to_object…" autoComplete="off" />
        <ErrorNote error={error} />
        {!functions && !error && <p className="hint">Reading the functions…</p>}
        {shown && (
          <>
            <p className="hint" role="status">
              {shown.length === functions.length ? `${shown.length} functions` : `${shown.length} of ${functions.length} functions`}; Insert puts one at the cursor.
            </p>
            <ul className="function-list" aria-label={`Functions for ${field}`}>
              {shown.map((fn) => (
                <li key={fn.function}>
                  <button type="button" onClick={() => insert(fn)} aria-label={`Insert ${fn.function}`}>
                    Insert
                  </button>{" "}
                  <code>{fn.syntax}</code> <span className="badge">{fn.category}</span>
                  {fn.aliases?.length ? <span className="hint"> (also {fn.aliases.join(", ")})</span> : null}
                  <p className="hint">{fn.description}</p>
                </li>
              ))}
            </ul>
          </>
        )}
      </dialog>
    </>
  );
}
