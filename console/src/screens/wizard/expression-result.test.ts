/**
 * A calculated field's value on the first sample row, as the expression editor shows it from the
 * service's answer to languages/el/validate: exactly as the service wrote it, a DECIMAL's scale
 * kept (2.50, not 2.5), a number sent as text shown as the number it is, text in quotes.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { validateExpression } from "../../api/platform";
import { resultText } from "./expression-result";

const session = { token: "t", clientId: "c", org: "o@AdobeOrg", sandbox: "prod" };

afterEach(() => vi.unstubAllGlobals());

/** the editor's text for the service's answer, its body exactly as the service wrote it */
async function shown(answerText: string): Promise<string> {
  vi.stubGlobal("fetch", vi.fn(async () => new Response(answerText, { status: 200, headers: { "content-type": "application/json" } })));
  const answer = await validateExpression(session, "e", { id: "c-1" });
  return resultText(answer.resultType, answer.result);
}

const answer = (resultType: string, result: string) => `{"validationStatus":"succeeded","error":"none","valid":true,"expression":"e","resultType":${JSON.stringify(resultType)},"result":${result}}`;

describe("a calculated field's value on the first row", () => {
  it("keeps a DECIMAL's digits and scale as the service wrote them", async () => {
    expect(await shown(answer("DECIMAL(3,2)", "2.50"))).toBe("2.50");
    expect(await shown(answer("DECIMAL(12,1)", "100.0"))).toBe("100.0");
    expect(await shown(answer('STRUCT("a" DECIMAL(3,2))', '{"a":2.50}'))).toBe('{"a":2.50}');
  });

  it("shows a number the service sends as text (beyond a double) without quotes, and text in quotes", async () => {
    expect(await shown(answer("BIGINT", '"9007199254740993"'))).toBe("9007199254740993");
    expect(await shown(answer("DECIMAL(29,18)", '"2.000000000000000002"'))).toBe("2.000000000000000002");
    expect(await shown(answer("DOUBLE", '"NaN"'))).toBe("NaN");
    expect(await shown(answer("DOUBLE", "0.3333333333333333"))).toBe("0.3333333333333333");
    expect(await shown(answer("VARCHAR", '"2.50"'))).toBe('"2.50"');
    expect(await shown(answer("BOOLEAN", "true"))).toBe("true");
  });
});
