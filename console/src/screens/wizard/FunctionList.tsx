import { useEffect, useState } from "react";
import { hasRoute } from "../../api/capabilities";
import { EXPRESSION_FUNCTIONS, type ExpressionFunction, listExpressionFunctions } from "../../api/platform";
import type { Session } from "../../api/session";
import { ErrorNote } from "../../components/Feedback";
import { matchingFunctions } from "./function-search";

/** the catalogue, read once for every calculated field of the page */
let catalogue: Promise<ExpressionFunction[]> | undefined;

/**
 * The functions of the expression language (the service's GET …/languages/el/functions), opened
 * under a calculated field's expression: searchable by name, each with its syntax and description,
 * and an Insert button that puts a call of it into the expression. Not shown by a service without
 * that route.
 */
export function FunctionList({ session, id, field, onInsert }: { session: Session; id: string; field: string; onInsert: (fn: ExpressionFunction) => void }) {
  const [offered, setOffered] = useState<boolean>();
  const [open, setOpen] = useState(false);
  const [functions, setFunctions] = useState<ExpressionFunction[]>();
  const [error, setError] = useState<unknown>();
  const [search, setSearch] = useState("");
  useEffect(() => void hasRoute("GET", EXPRESSION_FUNCTIONS).then(setOffered), []);
  useEffect(() => {
    if (!open || functions) return;
    let live = true;
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
  }, [open, functions, session]);

  if (!offered) return null;
  const shown = functions && matchingFunctions(functions, search);
  return (
    <details className="functions" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Functions</summary>
      {open && (
        <>
          <label htmlFor={`${id}-search`}>
            Search functions<span className="visually-hidden"> for {field}</span>
          </label>
          <input id={`${id}-search`} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="concat, upper, to_object…" autoComplete="off" />
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
                    <button type="button" onClick={() => onInsert(fn)} aria-label={`Insert ${fn.function}`}>
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
        </>
      )}
    </details>
  );
}
