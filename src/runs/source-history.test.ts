import { describe, expect, it } from "vitest";
import type { SqlResult } from "../databricks/client.js";
import { historySql } from "./export-sql.js";
import { sourceHistory } from "./source-history.js";
import type { WindowSource } from "./window-source.js";

const table = { tableName: "demo.t" };

/** a source answering each statement with `answer`, keeping the statements it was sent */
function sourceAnswering(answer: (sql: string) => Promise<SqlResult>): WindowSource & { statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    prepare: async () => {},
    runSql: (sql) => {
      statements.push(sql);
      return answer(sql);
    },
    stage: async () => {
      throw new Error("not staged");
    },
  };
}

describe("the source table's history of one run attempt", () => {
  it("is read by the first check that asks for it, once, whatever the checks after it ask", async () => {
    const history: SqlResult = { schema: [{ name: "version", type: { kind: "primitive", name: "long" } }], rows: [[3], [2]], truncated: false };
    const source = sourceAnswering(async () => history);
    const read = sourceHistory(source, table);
    expect(source.statements).toEqual([]);
    expect(await Promise.all([read(), read()])).toEqual([history, history]);
    expect(await read()).toBe(history);
    expect(source.statements).toEqual([historySql(table)]);
  });

  it("answers a failed read's failure to every check, without reading again", async () => {
    const source = sourceAnswering(async () => {
      throw new Error("the cluster refused");
    });
    const read = sourceHistory(source, table);
    await expect(read()).rejects.toThrow("the cluster refused");
    await expect(read().catch(() => undefined)).resolves.toBeUndefined();
    expect(source.statements).toHaveLength(1);
  });
});
