import { describe, expect, it } from "vitest";
import { sqlSession } from "../../support/local-workspace.js";

/** GROUPING SETS and Spark's older GROUP BY … WITH ROLLUP | CUBE forms, and an aggregate's IGNORE NULLS, on the local workspace (Databricks' own examples). */
describe("grouping sets and null treatment on the local workspace", () => {
  const { ok, sql } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE dealer (id INT, city STRING, car_model STRING, quantity INT)");
    await ok("INSERT INTO dealer VALUES (100, 'Fremont', 'Honda Civic', 10), (100, 'Fremont', 'Honda Accord', 15), (200, 'Dublin', 'Honda Civic', 20), (300, 'San Jose', 'Honda Civic', 5)");
  });
  const totals = (groupBy: string) => ok(`SELECT city, car_model, sum(quantity) AS sum FROM dealer GROUP BY ${groupBy} ORDER BY city, car_model`);
  const rollup = [
    { city: null, car_model: null, sum: 50 },
    { city: "Dublin", car_model: null, sum: 20 },
    { city: "Dublin", car_model: "Honda Civic", sum: 20 },
    { city: "Fremont", car_model: null, sum: 25 },
    { city: "Fremont", car_model: "Honda Accord", sum: 15 },
    { city: "Fremont", car_model: "Honda Civic", sum: 10 },
    { city: "San Jose", car_model: null, sum: 5 },
    { city: "San Jose", car_model: "Honda Civic", sum: 5 },
  ];
  const cube = [rollup[0], { city: null, car_model: "Honda Accord", sum: 15 }, { city: null, car_model: "Honda Civic", sum: 35 }, ...rollup.slice(1)];

  it("groups by GROUPING SETS, also after the grouped columns as Spark's older form writes it", async () => {
    expect(await totals("GROUPING SETS ((city, car_model), (city), (car_model), ())")).toEqual(cube);
    expect(await totals("city, car_model GROUPING SETS ((city, car_model), (city), (car_model), ())")).toEqual(cube);
    expect(await totals("GROUPING SETS ((city, car_model), (city), ())")).toEqual(rollup);
  });

  it("reads GROUP BY … WITH ROLLUP and WITH CUBE as ROLLUP (…) and CUBE (…)", async () => {
    expect(await totals("city, car_model WITH ROLLUP")).toEqual(rollup);
    expect(await totals("city, car_model WITH CUBE")).toEqual(cube);
    expect(await totals("ROLLUP (city, car_model)")).toEqual(rollup);
  });

  it("takes an aggregate's IGNORE NULLS and RESPECT NULLS after its call", async () => {
    expect(await ok("SELECT first(q) IGNORE NULLS AS skipped, first(q) RESPECT NULLS AS kept, last(q) IGNORE NULLS AS last FROM VALUES (NULL), (3), (4), (NULL) AS t(q)")).toEqual([
      { skipped: 3, kept: null, last: 4 },
    ]);
  });

  it("answers grouping_id as Databricks' example shows, named grouping_id(…), and grouping_id() over every grouped column", async () => {
    const people = "FROM VALUES (2, 'Alice', 165), (5, 'Bob', 180) people(age, name, height) GROUP BY cube(name, age) ORDER BY name, age";
    const expected = [
      [null, null, 3, "11", 172.5],
      [null, 2, 2, "10", 165],
      [null, 5, 2, "10", 180],
      ["Alice", null, 1, "1", 165],
      ["Alice", 2, 0, "0", 165],
      ["Bob", null, 1, "1", 180],
      ["Bob", 5, 0, "0", 180],
    ];
    const named = await sql(`SELECT name, age, grouping_id(name, age), conv(cast(grouping_id(name, age) AS STRING), 10, 2), avg(height) ${people}`);
    expect(named.results.data).toEqual(expected);
    expect(named.results.schema[2].name).toBe("grouping_id(name, age)");
    const all = await sql(`SELECT name, age, grouping_id(), conv(cast(grouping_id() AS STRING), 10, 2), avg(height) ${people}`);
    expect(all.results.data).toEqual(expected);
    expect(all.results.schema[2].name).toBe("grouping_id()");
    expect(await ok("SELECT a, b, grouping_id() AS g FROM VALUES (1, 2), (1, 3) AS t(a, b) GROUP BY GROUPING SETS ((a, b), (a), ()) ORDER BY g, a, b")).toEqual([
      { a: 1, b: 2, g: 0 },
      { a: 1, b: 3, g: 0 },
      { a: 1, b: null, g: 1 },
      { a: null, b: null, g: 3 },
    ]);
  });
});
