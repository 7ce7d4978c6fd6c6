/**
 * Views: CREATE [OR REPLACE] [TEMPORARY] VIEW, ALTER VIEW … AS and RENAME TO, DROP VIEW, and the relation a query reads where it names
 * one. A view keeps its query's tokens and reads them again each time a query names it, so it sees its
 * tables as they are then, resolving the query's unqualified names in the catalog and schema current
 * when it was made, as Spark does. A temporary view lives in its execution context's session and comes
 * first for a one-part name; a global temporary one is every context's, as global_temp.name, until the cluster restarts. Tables and
 * views share their names.
 */
import { sqlErrors } from "../errors.js";
import { emptyResult, type TableResult } from "../results/table-result.js";
import type { CreateView, Name, Tokens } from "../sql/statements.js";
import type { ViewEntry } from "../catalog/metastore.js";
import { sparkColumnName } from "../sql/subscripts.js";
import { describeQuery, type StatementContext, type ViewDefinition } from "./context.js";
import { display, GLOBAL_TEMP, globalTempName, qualify, renameTarget, viewRelation } from "./resolve.js";

export async function createView(ctx: StatementContext, s: CreateView): Promise<TableResult> {
  if (s.temporary && s.name.length > 1) throw sqlErrors.tempViewNameParts(s.name);
  const { metastore, globalTempViews } = ctx.parts;
  const q = qualify(s.name, ctx.session);
  const name = s.global ? [GLOBAL_TEMP, q.table.toLowerCase()] : s.temporary ? [q.table.toLowerCase()] : display(q);
  const definition: ViewDefinition = { name, temporary: s.temporary, query: s.query, columns: s.columns, resolvedIn: { catalog: ctx.session.catalog, schema: ctx.session.schema } };
  return metastore.mutate(async () => {
    const existing = s.global ? globalTempViews.get(name[1]) : s.temporary ? ctx.session.temporaryViews?.get(name[0]) : metastore.findView(q.catalog, q.schema, q.table);
    if (!s.temporary) {
      metastore.requireSchema(q.catalog, q.schema);
      if (metastore.findTable(q.catalog, q.schema, q.table)) {
        if (s.ifNotExists) return emptyResult();
        if (s.orReplace) throw sqlErrors.expectViewNotTable("CREATE OR REPLACE VIEW", display(q));
        throw sqlErrors.tableExists(display(q));
      }
    }
    if (existing && s.ifNotExists) return emptyResult();
    if (existing && !s.orReplace) throw sqlErrors.tableExists(name);
    // the query is analysed now, as Spark analyses it: a name it cannot resolve, or the view itself, fails here
    const columns = await describeQuery(ctx.conn, await viewRelation(ctx, { ...definition, columns: undefined }));
    const dataColumns = columns.map((c) => sparkColumnName(c.name));
    if (s.columns && s.columns.length !== dataColumns.length) throw sqlErrors.viewColumnArity(name, s.columns, dataColumns);
    if (s.global) globalTempViews.set(name[1], definition);
    else if (s.temporary) {
      ctx.session.temporaryViews ??= new Map();
      ctx.session.temporaryViews.set(name[0], definition);
    } else {
      metastore.putView({ catalog: q.catalog, schema: q.schema, name: q.table, query: s.query, columns: s.columns, resolvedIn: definition.resolvedIn, createdAt: ctx.parts.now(), comment: s.comment });
    }
    return emptyResult();
  });
}

export async function dropView(ctx: StatementContext, name: Name, ifExists: boolean): Promise<TableResult> {
  const { metastore } = ctx.parts;
  if (name.length === 1 && ctx.session.temporaryViews?.delete(name[0].toLowerCase())) return emptyResult();
  const global = globalTempName(name);
  if (global !== undefined) {
    if (ctx.parts.globalTempViews.delete(global) || ifExists) return emptyResult();
    throw sqlErrors.tableNotFound(name);
  }
  const q = qualify(name, ctx.session);
  return metastore.mutate(async () => {
    const view = metastore.findView(q.catalog, q.schema, q.table);
    if (view) {
      metastore.removeView(view);
      return emptyResult();
    }
    const table = metastore.findTable(q.catalog, q.schema, q.table);
    if (table) throw sqlErrors.wrongCommandForObject("DROP VIEW", "VIEW", display(q), table.type, "DROP TABLE");
    if (ifExists) return emptyResult();
    throw sqlErrors.tableNotFound(display(q));
  });
}

/** ALTER VIEW v AS query: the view, temporary or kept, reads the new query, its names resolved where the session is now, as CREATE OR REPLACE would */
export async function alterView(ctx: StatementContext, name: Name, query: Tokens): Promise<TableResult> {
  const found = viewToAlter(ctx, name, "ALTER VIEW … AS");
  const comment = found.kind === "kept" ? found.view.comment : undefined;
  const [temporary, global] = [found.kind !== "kept", found.kind === "global"];
  const named = global ? [name[1]] : name;
  return createView(ctx, { kind: "createView", name: named, orReplace: true, ifNotExists: false, temporary, global, comment, query });
}

/**
 * ALTER VIEW v RENAME TO w: a temporary view in its context, a global temporary one within global_temp, a kept one within its
 * schema (a one-part new name is in the view's own schema)
 */
export async function renameView(ctx: StatementContext, name: Name, newName: Name): Promise<TableResult> {
  const { metastore } = ctx.parts;
  const found = viewToAlter(ctx, name, "ALTER VIEW … RENAME TO");
  if (found.kind === "kept") {
    const kept = found.view;
    return metastore.mutate(async () => {
      metastore.renameView(kept, renameTarget(ctx, kept, newName, "view").table);
      return emptyResult();
    });
  }
  const views = found.kind === "global" ? ctx.parts.globalTempViews : ctx.session.temporaryViews!;
  const to = temporaryRenameTarget(found.kind, newName);
  if (views.has(to)) throw sqlErrors.tableExists(found.kind === "global" ? [GLOBAL_TEMP, to] : [to]);
  views.delete(found.view.name.at(-1)!);
  views.set(to, { ...found.view, name: found.kind === "global" ? [GLOBAL_TEMP, to] : [to] });
  return emptyResult();
}

/** the new name of a temporary view: one part, or for a global one global_temp.name (Spark refuses a move to another schema) */
function temporaryRenameTarget(kind: "local" | "global", newName: Name): string {
  if (kind === "global" && newName.length === 2) {
    if (globalTempName(newName) === undefined) throw sqlErrors.renameAcrossSchemas("view");
    return newName[1].toLowerCase();
  }
  if (newName.length > 1) throw sqlErrors.tempViewNameParts(newName);
  return newName[0].toLowerCase();
}

type ViewToAlter = { view: ViewDefinition; kind: "local" | "global" } | { view: ViewEntry; kind: "kept" };

/** the view ALTER VIEW names: a temporary one first for a one-part name, a global temporary one as global_temp.v, else the kept one; a table or nothing is refused */
function viewToAlter(ctx: StatementContext, name: Name, operation: string): ViewToAlter {
  const local = name.length === 1 ? ctx.session.temporaryViews?.get(name[0].toLowerCase()) : undefined;
  if (local) return { view: local, kind: "local" };
  const global = globalTempName(name);
  if (global !== undefined) {
    const view = ctx.parts.globalTempViews.get(global);
    if (view) return { view, kind: "global" };
    throw sqlErrors.tableNotFound(name);
  }
  const q = qualify(name, ctx.session);
  const view = ctx.parts.metastore.findView(q.catalog, q.schema, q.table);
  if (view) return { view, kind: "kept" };
  if (ctx.parts.metastore.findTable(q.catalog, q.schema, q.table)) throw sqlErrors.expectViewNotTable(operation, display(q));
  throw sqlErrors.tableNotFound(display(q));
}
