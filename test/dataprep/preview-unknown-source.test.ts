/**
 * A mapping set preview refusing a source attribute that names nothing it was sent: the refusal
 * speaks of the sample rows (or of the columns sent with them), lists what they have and says what
 * to fix — there is no staged data in a preview.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema, MAPPING_SETS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

let system: TestSystem;
let schemaId: string;

beforeAll(async () => {
  system = await startTestSystem();
  schemaId = await createSchema(system, { title: "Preview sources", type: "object", properties: { _id: { type: "string" }, email: { type: "string" }, city: { type: "string" } } });
});
afterAll(() => system.close());

async function refusal(source: string, extra: Record<string, unknown> = {}): Promise<string> {
  const mappingSet = { outputSchema: { schemaRef: { id: schemaId } }, mappings: [{ source: "id", destination: "_id" }, { source, destination: "email" }] };
  const reply = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet, data: [{ id: "a", mail: "a@example.com", address: { city: "Paris" } }], ...extra } });
  expect(reply.status, reply.text).toBe(400);
  expect(reply.body.errorMessage).not.toContain("staged");
  return reply.body.errorMessage;
}

describe("a preview's source attribute that names nothing sent", () => {
  it("is refused as no field of the sample rows, with their fields and what to fix", async () => {
    expect(await refusal("phone")).toContain(
      "source attribute phone is not a field of the sample rows (their fields: id, mail, address); add phone to the sample rows (data), or map one of the fields they have",
    );
    expect(await refusal("emial")).toContain("source attribute emial is not a field of the sample rows (their fields: id, mail, address); did you mean the field mail?");
    expect(await refusal("address.zip")).toContain("source attribute address.zip is not a member of the sample rows' field address (STRUCT(city VARCHAR))");
  });

  it("is refused as none of the columns sent, when columns type the rows", async () => {
    const columns = [
      { name: "id", type: "string" },
      { name: "mail", type: "string" },
    ];
    expect(await refusal("address.city", { columns })).toContain(
      "source attribute address.city is not one of the columns sent with the sample rows (columns: id, mail); add address.city to columns and to the sample rows (data), or map one of the columns sent",
    );
  });
});
