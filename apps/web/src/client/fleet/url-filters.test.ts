import { describe, expect, it } from "vitest";
import { filtersFromSearch, searchOfFilters, type FleetFilterValues } from "./url-filters";

describe("fleet filters in the URL", () => {
  it("round-trips every filter", () => {
    const values: FleetFilterValues = { search: "web", hosts: ["h1"], hostLabel: "env=prod", hostGroupId: "g1", states: ["running"], problem: "unhealthy", image: "nginx", name: "api", port: 8080, label: "com.example.team=payments" };
    const search = searchOfFilters(values);
    expect(search).toContain("label=com.example.team%3Dpayments");
    expect(filtersFromSearch(Object.fromEntries(new URLSearchParams(search.slice(1))))).toEqual(values);
  });
  it("is empty without filters", () => {
    expect(searchOfFilters({})).toBe("");
    expect(filtersFromSearch({})).toEqual({});
  });
  it("drops what cannot be a filter instead of failing the page", () => {
    expect(filtersFromSearch({ state: "sleeping", problem: "sad", port: "99999", label: "=x", name: "  ", image: ["a", "b"] })).toEqual({ image: "a" });
    expect(filtersFromSearch({ label: 'a"b' })).toEqual({});
  });
});
