/**
 * The condition of a DELETE, UPDATE, MERGE or REPLACE WHERE: the DuckDB SQL that decides the rows, or that SQL and the condition's
 * Spark SQL text (the statement's tokens written out, one space apart; a static partition's INSERT OVERWRITE writes its own,
 * `` `p` <=> ('x') ``). A commit's operationParameters keep the text, as Delta keeps a condition's SQL, so DESCRIBE HISTORY and
 * any Delta reader show the condition the user wrote, not the translation that ran it.
 */
export type Predicate = string | { sql: string; written: string };

export const sqlOf = (predicate: Predicate): string => (typeof predicate === "string" ? predicate : predicate.sql);

export const writtenOf = (predicate: Predicate): string => (typeof predicate === "string" ? predicate : predicate.written);
