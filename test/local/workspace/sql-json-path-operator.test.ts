/**
 * Databricks' JSON path operator on a STRING column (`raw:store.fruit[0].weight`) over the local workspace's SQL warehouse, with
 * the examples of Databricks' JSON path expression reference (its store_data table) and the answers it documents; it was a
 * PARSE_SYNTAX_ERROR (or, after a column, the path taken for a parameter marker).
 */
import { describe, expect, it } from "vitest";
import { sqlSession } from "../../support/local-workspace.js";

const STORE = {
  store: {
    fruit: [
      { weight: 8, type: "apple" },
      { weight: 9, type: "pear" },
    ],
    basket: [[1, 2, { b: "y", a: "x" }], [3, 4], [5, 6]],
    book: [
      { author: "Nigel Rees", title: "Sayings of the Century", category: "reference", price: 8.95 },
      { author: "Herman Melville", title: "Moby Dick", category: "fiction", price: 8.99, isbn: "0-553-21311-3" },
      {
        author: "J. R. R. Tolkien",
        title: "The Lord of the Rings",
        category: "fiction",
        reader: [
          { age: 25, name: "bob" },
          { age: 26, name: "jack" },
        ],
        price: 22.99,
        isbn: "0-395-19395-8",
      },
    ],
    bicycle: { price: 19.95, color: "red" },
  },
  owner: "amy",
  "zip code": "94025",
  "fb:testid": "1234",
};

describe("the JSON path operator", () => {
  const { ok, table } = sqlSession({}, async (ok) => {
    await ok(`CREATE TABLE store_data AS SELECT '${JSON.stringify(STORE, null, 2)}' AS raw`);
  });

  it("extracts a field by a name in any case, by a bracketed name in its own case only, and by back-quoted names", async () => {
    expect(await ok("SELECT raw:owner AS a, raw:OWNER AS b, raw:['owner'] AS c, raw:['OWNER'] AS d FROM store_data")).toEqual([{ a: "amy", b: "amy", c: "amy", d: null }]);
    expect(await ok("SELECT raw:`zip code` AS a, raw:`Zip Code` AS b, raw:['fb:testid'] AS c FROM store_data")).toEqual([{ a: "94025", b: "94025", c: "1234" }]);
  });

  it("extracts nested objects as compact JSON, array elements by index, and every element with [*]", async () => {
    expect(
      await ok(
        "SELECT raw:store.bicycle AS dots, raw:['store']['bicycle'] AS brackets, raw:store.fruit[0] AS first, raw:store.fruit[1] AS second, " +
          "raw:store.basket[0][2].b AS deep, raw:store.fruit[*].weight AS weights FROM store_data",
      ),
    ).toEqual([
      {
        dots: '{"price":19.95,"color":"red"}',
        brackets: '{"price":19.95,"color":"red"}',
        first: '{"weight":8,"type":"apple"}',
        second: '{"weight":9,"type":"pear"}',
        deep: "y",
        weights: "[8,9]",
      },
    ]);
    expect(
      await ok(
        "SELECT raw:store.basket[*] AS baskets, raw:store.basket[*][0] AS first_of_baskets, raw:store.basket[0][*] AS first_basket, " +
          "raw:store.basket[*][*] AS all_elements, raw:store.book[*].isbn AS isbns, raw:store.book[*].reader AS readers, raw:store.book[*].reader[*].age AS ages FROM store_data",
      ),
    ).toEqual([
      {
        baskets: '[[1,2,{"b":"y","a":"x"}],[3,4],[5,6]]',
        first_of_baskets: "[1,3,5]",
        first_basket: '[1,2,{"b":"y","a":"x"}]',
        all_elements: '[1,2,{"b":"y","a":"x"},3,4,5,6]',
        isbns: '["0-553-21311-3","0-395-19395-8"]',
        readers: '[[{"age":25,"name":"bob"},{"age":26,"name":"jack"}]]',
        ages: "[25,26]",
      },
    ]);
  });

  it("answers NULL for a JSON null, no match or text that is no JSON, reads names in another case at any depth, and casts with ::", async () => {
    expect(
      await ok(
        `SELECT '{"key":null}':key IS NULL AS json_null, raw:missing AS missing, raw:store.missing[*] AS none, 'not json':a AS malformed, ` +
          "raw:STORE.Bicycle.COLOR AS any_case, raw:store.FRUIT[*].Weight AS any_case_every, raw:store.bicycle.price::double AS price, " +
          "CAST(raw:store.fruit[1].weight AS INT) + 1 AS weight FROM store_data",
      ),
    ).toEqual([{ json_null: true, missing: null, none: null, malformed: null, any_case: "red", any_case_every: "[8,9]", price: 19.95, weight: 10 }]);
  });

  it("answers get_json_object with a [*] as Spark does: a STRING, one match's JSON text, the JSON array of several, NULL for none", async () => {
    const { results } = await table(
      "SELECT get_json_object(raw, '$.store.fruit[*].weight'), get_json_object(raw, '$.store.book[*].reader[*].name'), " +
        "get_json_object(raw, '$.store.fruit[*].colour'), get_json_object(raw, '$.store.book[2].reader[*].name') FROM store_data",
    );
    expect(results.data).toEqual([["[8,9]", '["bob","jack"]', null, '["bob","jack"]']]);
    expect(results.schema.map((c: { name: string; type: string }) => `${c.name} ${c.type}`)[0]).toBe('get_json_object(raw, $.store.fruit[*].weight) "string"');
    expect(
      await ok("SELECT get_json_object(raw, '$.store.book[*].isbn') AS two, get_json_object(raw, '$.store.book[*].reader') AS one, get_json_object(raw, '$.store.basket[1][*]') AS both FROM store_data"),
    ).toEqual([{ two: '["0-553-21311-3","0-395-19395-8"]', one: '[{"age":25,"name":"bob"},{"age":26,"name":"jack"}]', both: "[3,4]" }]);
  });

  it("names a column by the path's last name, types it STRING, and leaves parameter markers and STRUCT fields' colons as they are", async () => {
    const { results } = await table("SELECT raw:owner, raw:store.fruit[0].weight, raw:['zip code'] FROM store_data");
    expect(results.schema.map((c: { name: string; type: string }) => `${c.name} ${c.type}`)).toEqual(['owner "string"', 'weight "string"', 'zip code "string"']);
    expect(await ok("SELECT CAST(named_struct('a', 1) AS STRUCT<a: INT>).a AS a, from_json(raw:store.bicycle, 'price DOUBLE, color STRING').color AS color FROM store_data")).toEqual([
      { a: 1, color: "red" },
    ]);
  });
});
