/** Which of the mapping preview's row errors and refusals are about the calculated field being checked. */
import { describe, expect, it } from "vitest";
import { errorsFor, mentions } from "../../console/src/screens/wizard/row-errors.js";

describe("the errors a calculated field's check takes as its own", () => {
  it("takes a row error naming the field after 'for', not one of a field inside or beside it", () => {
    const errors = [
      "MAPPER-3700-400: the value of upper(name) cannot be converted to integer for person.age: ADA",
      "MAPPER-3701-400: the value of name for person.name.full is longer than the maxLength 3: Grace",
      "MAPPER-3701-400: the value of code for person.ageGroup is longer than the maxLength 2: abc",
      "the row has no value for person.name, required by the schema",
    ];
    expect(errorsFor("person.age", errors)).toEqual([errors[0]]);
    expect(errorsFor("person.name", errors)).toEqual([errors[3]]);
    expect(errorsFor("person", errors)).toEqual([]);
  });

  it("takes a refusal of the mapping that names the field, at the end of a sentence too", () => {
    expect(mentions("person.age is an XDM integer but its source x is STRUCT(a INTEGER): it can never be converted", "person.age")).toBe(true);
    expect(mentions("the mapping targets person.age.", "person.age")).toBe(true);
    expect(mentions("personID is required by the schema but no mapping targets it", "person")).toBe(false);
    expect(mentions("person.name.full is required by the schema but no mapping targets it", "person.name")).toBe(false);
  });
});
