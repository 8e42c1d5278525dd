import { describe, expect, it } from "vitest";
import { confirmName } from "./confirm-name";

describe("confirmName", () => {
  it("takes the whole action from the title when the title starts with the label", () => {
    expect(confirmName("Stop container web-1?", "Stop")).toBe("Stop container web-1");
    expect(confirmName("Restart 2 containers?", "Restart 2")).toBe("Restart 2 containers");
    expect(confirmName("Delete hub?", "Delete")).toBe("Delete hub");
  });
  it("keeps the label when the title says something else", () => {
    expect(confirmName("Prune unused networks", "Remove 3")).toBe("Remove 3");
    expect(confirmName("Test hub", "Log in")).toBe("Log in");
  });
});
