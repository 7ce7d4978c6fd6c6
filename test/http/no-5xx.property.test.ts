import { setTimeout as sleep } from "node:timers/promises";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, rawRequest, readResponse, requestText } from "../support/raw-http.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

/**
 * Whatever a client sends, the answer is never a 5xx: generated methods, paths (also spelled with
 * encoded letters or in absolute form), headers, query strings and bodies (also nested past the
 * depth limit or with too many keys) against every route family that exists so far, and requests
 * sent in pieces by slow clients.
 */
describe("no request of a client causes a 5xx", () => {
  let system: TestSystem;
  let good: Record<string, string>;
  beforeAll(async () => {
    system = await startTestSystem();
    good = await system.headers();
  });
  afterAll(() => system.close());

  const paths = fc.constantFrom(
    "/data/foundation/connectors/landingzone",
    "/data/foundation/connectors/landingzone/credentials",
    "/data/foundation/sandbox-management/sandboxes/prod",
    "/data/foundation/sandbox-management/sandboxes/%ZZ",
    "/data/foundation/flowservice/connections",
    "/data/foundation/flowservice/flows",
    "/data/foundation/flowservice/flows/00000000-0000-4000-8000-000000000000",
    "/data/foundation/flowservice/flows/00000000-0000-4000-8000-000000000000/action",
    "/data/foundation/flowservice/runs",
    "/data/foundation/flowservice/runs/%27%20OR%201=1",
    "/data/foundation/flowservice/runs/00000000-0000-4000-8000-000000000000/action",
    "/data/foundation/catalog/batches/01EF01X41KJD82Y9ZX6ET54PCZ",
    "/data/foundation/catalog/batches",
    "/data/foundation/catalog/dataSetFiles",
    "/data/foundation/catalog/dataSets/0123456789abcdef01234567",
    "/data/foundation/export/batches/..%2F..%2Fetc/files",
    "/data/foundation/export/files/01EF01X41KJD82Y9ZX6ET54PCZ-1",
    "/data/foundation/export/batches/01EF01X41KJD82Y9ZX6ET54PCZ/meta",
    "/data/foundation/schemaregistry/global/classes/https%3A%2F%2Fns.adobe.com%2Fxdm%2Fcontext%2Fprofile",
    "/data/foundation/schemaregistry/global/fieldgroups",
    "/data/foundation/schemaregistry/tenant/schemas",
    "/data/foundation/schemaregistry/tenant/fieldgroups/_test.mixins.%00",
    "/data/foundation/schemaregistry/tenant/descriptors",
    "/data/foundation/schemaregistry/tenant/unions/_xdm.context.profile__union",
    "/data/foundation/schemaregistry/stats/",
    "/data/foundation/conversion/mappingSets",
    "/data/foundation/conversion/mappingSets/preview",
    "/data/foundation/conversion/mappingSets/0123456789abcdef0123456789abcdef",
    "/data/foundation/conversion/mappingSets/validate",
    "/data/foundation/conversion/mappingSets/0123456789abcdef0123456789abcdef/mappings",
    "/data/foundation/conversion/mappingSets/0123456789abcdef0123456789abcdef/mappings/%27%20OR%201=1",
    "/ims/token/v3",
    "/ims/token/v2",
    "/health",
    "/data/%00",
    "/",
  );
  const query = fc.dictionary(
    fc.constantFrom("type", "action", "grant_type", "client_id", "client_secret", "op", "property", "limit", "count", "orderby", "path", "if-match", "x", "dataSet", "status", "createdAfter", "start", "orderBy", "batchId", "validate", "version"),
    fc.oneof(
      fc.constantFrom("dlz_databricks_source", "user_drop_zone", "refresh", "REFRESH", "client_credentials", "", "enable", "re-trigger", "flowId==x", "name>=", "-name", "true", "False", "row_errors", "../../x", "desc:created", "failed", "-1", "99999999999999999999"),
      fc.string(),
    ),
    { maxKeys: 3 },
  );
  const headerSet = fc.record(
    {
      authorization: fc.oneof(fc.constant("good"), fc.constantFrom("Bearer", "Bearer ", "bearer x.y.z", "Basic abc"), fc.string()),
      "x-api-key": fc.oneof(fc.constant("good"), fc.string()),
      "x-gw-ims-org-id": fc.oneof(fc.constant("good"), fc.string()),
      "x-sandbox-name": fc.oneof(fc.constant("good"), fc.constantFrom("dev", "PROD", "nope"), fc.string()),
      "content-type": fc.constantFrom("application/json", "application/x-www-form-urlencoded", "text/plain", "application/json; charset=utf-8", "application/merge-patch+json", "multipart/form-data"),
    },
    { requiredKeys: [] },
  );
  /** how the request target is spelled: as is, or in ways the router reads as the same path */
  const spelling = fc.oneof(
    { weight: 4, arbitrary: fc.constant((target: string) => target) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        (target: string) => target.replace(/^\/data\//, "/%64ata/"),
        (target: string) => target.replace(/^\/data\/foundation\//, "/data/%66oundation/"),
        (target: string) => `http://localhost${target}`,
      ),
    },
  );
  // most requests pass the gateway, so the routes behind it see the malformed input
  const authenticated = fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
  const body = fc.oneof(
    fc.constant(undefined),
    fc.json(),
    fc.string(),
    fc.constantFrom("{", "[1,2", '{"a":}', "\u0000", "null", "grant_type=client_credentials&client_id=test-client"),
    // nesting around the depth limit and far past it, key counts around the key limit
    fc.tuple(fc.boolean(), fc.integer({ min: 60, max: 5_000 })).map(([arrays, levels]) =>
      arrays ? "[".repeat(levels) + "]".repeat(levels) : '{"a":'.repeat(levels - 1) + "{}" + "}".repeat(levels - 1),
    ),
    fc.integer({ min: 9_995, max: 10_005 }).map((keys) => JSON.stringify(Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, i])))),
    fc.constantFrom(
      '{"flowId":"00000000-0000-4000-8000-000000000000","params":{"windowStartTime":"x"}}',
      '{"name":"f","flowSpec":{"id":"14518937-270c-4525-bdec-c2ba7cce3860"},"sourceConnectionIds":["a"],"targetConnectionIds":["b"],"scheduleParams":{"startTime":"9999999999999999999","frequency":"minute","interval":"1e9"}}',
      '[{"op":"replace","path":"/name","value":1}]',
      '{"flowId":[],"status":{}}',
    ),
  );

  it("holds over generated requests", async () => {
    let passedGateway = 0;
    let total = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE"), paths, query, authenticated, headerSet, body, spelling, async (method, path, q, allGood, hdrs, payload, spell) => {
        const headers: Record<string, string> = allGood ? { ...good } : {};
        for (const [name, value] of Object.entries(hdrs)) {
          if (allGood && name !== "content-type") continue;
          const resolved = value === "good" ? good[name] : value;
          // fetch refuses header values with control characters; a client cannot send those either
          if (resolved !== undefined && /^[\t\x20-\x7e]*$/.test(resolved)) headers[name] = resolved;
        }
        const search = new URLSearchParams(q).toString();
        const target = `${path}${search ? `?${search}` : ""}`;
        const sentBody = method === "GET" || payload === undefined ? undefined : payload;
        // fetch sends a target only as it is; the other spellings go over a bare socket
        const response =
          spell(target) === target
            ? await fetch(`${system.url}${target}`, { method, headers, body: sentBody }).then(async (r) => ({ status: r.status, text: await r.text(), requestId: r.headers.get("x-request-id") }))
            : await rawRequest(system.url, requestText(method, spell(target), headers, sentBody)).then((r) => ({ status: r.status, text: r.text, requestId: r.headers["x-request-id"] }));
        passedGateway += response.status === 401 || response.status === 403 ? 0 : 1;
        total++;
        expect(response.status, `${method} ${spell(target)} → ${response.text.slice(0, 500)}`).toBeLessThan(500);
        expect(response.requestId).toBeTruthy();
      }),
      { numRuns: 800 },
    );
    // the generator is worth something only if most requests reach the routes behind the gateway
    expect(passedGateway / total).toBeGreaterThan(0.5);
  });

  it("holds for slow clients: requests sent in pieces, with pauses past the timeouts", { timeout: 120_000 }, async () => {
    const slow = await startTestSystem({ env: { HTTP_KEEP_ALIVE_TIMEOUT_MS: "200", HTTP_HEADERS_TIMEOUT_MS: "400", HTTP_REQUEST_TIMEOUT_MS: "800" } });
    try {
      const slowGood = await slow.headers();
      const pauses = fc.array(fc.integer({ min: 0, max: 250 }), { minLength: 1, maxLength: 6 });
      const statuses = new Set<number>();
      await fc.assert(
        fc.asyncProperty(fc.constantFrom("GET", "POST", "PATCH"), paths, body, pauses, async (method, path, payload, waits) => {
          const bytes = Buffer.from(requestText(method, path, { ...slowGood, "content-type": "application/json" }, method === "GET" ? undefined : payload));
          const socket = await connect(slow.url);
          try {
            const answered = readResponse(socket, 10_000);
            const piece = Math.ceil(bytes.length / waits.length);
            for (const [i, wait] of waits.entries()) {
              if (socket.destroyed) break;
              socket.write(bytes.subarray(i * piece, (i + 1) * piece));
              await sleep(wait);
            }
            const response = await answered;
            statuses.add(response.status);
            expect(response.status, `${method} ${path} in ${waits.length} pieces → ${response.text.slice(0, 300)}`).toBeLessThan(500);
            if (response.status === 408) expect(response.json.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1106-408");
          } finally {
            socket.destroy();
          }
        }),
        { numRuns: 40 },
      );
      // some pauses outlast the timeouts, and the rest are answered
      expect(statuses.has(408)).toBe(true);
      expect([...statuses].some((status) => status !== 408)).toBe(true);
    } finally {
      await slow.close();
    }
  });
});
