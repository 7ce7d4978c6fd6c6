import { describe, expect, it } from "vitest";
import { ApiError } from "./errors/api-error.js";
import { bareEtag, newEtag, sameEtag } from "./etag.js";
import { applyPatch, parsePatch } from "./json-patch.js";

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return "ok";
  } catch (error) {
    return error instanceof ApiError ? `${error.family}-${error.code}-${error.status}` : String(error);
  }
};

describe("JSON Patch with case-insensitive ops", () => {
  const doc = { name: "a", auth: { params: { database: "x" } }, list: [1, 2] };

  it("applies add, replace and remove in any case, on a copy", () => {
    const ops = parsePatch([
      { op: "REPLACE", path: "/name", value: "b" },
      { op: "Add", path: "/description", value: "d" },
      { op: "add", path: "/auth/params/catalog", value: "main" },
      { op: "remove", path: "/list/0" },
      { op: "add", path: "/list/-", value: 3 },
    ]);
    expect(applyPatch(doc, ops)).toEqual({ name: "b", description: "d", auth: { params: { database: "x", catalog: "main" } }, list: [2, 3] });
    expect(doc.name).toBe("a");
  });

  it("unescapes ~0 and ~1 in pointers", () => {
    expect(applyPatch({ "a/b": 1, "c~d": 2 }, parsePatch([{ op: "replace", path: "/a~1b", value: 9 }, { op: "remove", path: "/c~0d" }]))).toEqual({ "a/b": 9 });
  });

  it.each([
    [[{ op: "move", from: "/a", path: "/b" }], "FLOW-1434-400"],
    [[{ op: "copy", path: "/b" }], "FLOW-1434-400"],
    [[], "FLOW-1405-400"],
    [null, "FLOW-1405-400"],
    [{ op: "add" }, "FLOW-1455-400"],
    [[{ path: "/name" }], "FLOW-1455-400"],
    [[{ op: "replace", path: "name", value: 1 }], "FLOW-1455-400"],
    [[{ op: "replace", path: "/name" }], "FLOW-1455-400"],
  ])("refuses %j with %s", (body, expected) => {
    expect(codeOf(() => parsePatch(body))).toBe(expected);
  });

  it.each([
    [{ op: "replace", path: "/missing", value: 1 }],
    [{ op: "remove", path: "/auth/nothing" }],
    [{ op: "add", path: "/nothing/deeper", value: 1 }],
    [{ op: "replace", path: "/list/7", value: 1 }],
  ])("says which field is missing for %j", (op) => {
    expect(codeOf(() => applyPatch(doc, parsePatch([op])))).toBe("FLOW-1455-400");
  });
});

describe("etags", () => {
  it("are quoted, change every time and compare quoted or not", () => {
    const a = newEtag();
    expect(a).toMatch(/^"[0-9a-f]{8}-0000-0200-0000-[0-9a-f]{12}"$/);
    expect(newEtag()).not.toBe(a);
    expect(sameEtag(bareEtag(a), a)).toBe(true);
    expect(sameEtag(`W/${a}`, a)).toBe(true);
    expect(sameEtag('"other"', a)).toBe(false);
  });
});

describe("JSON Patch refusals that say what to write instead", () => {
  const messageOf = (fn: () => unknown) => {
    try {
      fn();
      return "ok";
    } catch (error) {
      return (error as Error).message;
    }
  };

  it("shows a path without its slash with the slash", () => {
    expect(messageOf(() => parsePatch([{ op: "replace", path: "name", value: "x" }]))).toBe(
      'An error has occurred while validating patch instructions: the path "name" is not a JSON pointer: it starts with a slash, as "/name"',
    );
  });

  it("tells a replace of a field that is not there to add it", () => {
    expect(messageOf(() => applyPatch({ auth: { params: {} } }, parsePatch([{ op: "replace", path: "/auth/params/catalog", value: "main" }])))).toBe(
      'An error has occurred while validating patch instructions: Missing field "catalog" (path /auth/params/catalog): to set a field that is not there yet, use "op": "add"',
    );
    expect(messageOf(() => applyPatch({ a: 1 }, parsePatch([{ op: "remove", path: "/b" }])))).toBe('An error has occurred while validating patch instructions: Missing field "b" (path /b)');
  });
});
