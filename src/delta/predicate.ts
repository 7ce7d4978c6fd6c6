/**
 * The condition of a DELETE, UPDATE, MERGE or REPLACE WHERE: the DuckDB SQL that decides the rows, or that SQL and the condition as
 * the statement wrote it (Spark SQL). A commit's operationParameters keep the written condition, as Delta keeps a condition's SQL
 * text, so DESCRIBE HISTORY and any Delta reader show what the user wrote, not the translation that ran it.
 */
export type Predicate = string | { sql: string; written: string };

export const sqlOf = (predicate: Predicate): string => (typeof predicate === "string" ? predicate : predicate.sql);

export const writtenPredicate = (predicate: Predicate): string => (typeof predicate === "string" ? predicate : predicate.written);
