import { describe, expect, it } from "vitest";
import { shortId } from "./format";

describe("short ids in the console's tables", () => {
  it("tells apart runs made the same minute, whose time-ordered ids begin alike", () => {
    const [a, b] = ["01a24a4a-7c1e-7000-8000-3f9e1c2b4d5a", "01a24a4a-9d02-7000-8000-b81f2e6a09c7"];
    expect(shortId(a)).not.toBe(shortId(b));
    expect(shortId(a)).toBe("1c2b4d5a");
  });
});
