import { describe, expect, it } from "vitest";
import { pageHolding, pageWindow } from "./page-window";

describe("a page of a long table", () => {
  it("shows the rows of the page asked for, the last page holding what is left", () => {
    expect(pageWindow(120, 50, 0)).toEqual({ page: 0, pages: 3, start: 0, end: 50 });
    expect(pageWindow(120, 50, 2)).toEqual({ page: 2, pages: 3, start: 100, end: 120 });
  });

  it("shows the last page when the page asked for is gone (the list got shorter), and one empty page for no rows", () => {
    expect(pageWindow(60, 50, 4)).toEqual({ page: 1, pages: 2, start: 50, end: 60 });
    expect(pageWindow(0, 50, 1)).toEqual({ page: 0, pages: 1, start: 0, end: 0 });
  });

  it("finds the page of a row", () => {
    expect([0, 49, 50, 119].map((index) => pageHolding(index, 50))).toEqual([0, 0, 1, 2]);
  });
});
