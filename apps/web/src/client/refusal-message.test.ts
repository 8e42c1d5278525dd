import { describe, expect, it } from "vitest";
import { refusalMessage } from "./refusal-message";

describe("refusalMessage", () => {
  it("says a permission refusal as what it is, and leaves other failures to the form's prefix", () => {
    const forbidden = { message: "permission container.create.privileged is required for: privileged mode", data: { code: "FORBIDDEN" } };
    expect(refusalMessage(forbidden, "The engine refused: ")).toBe("Not allowed: permission container.create.privileged is required for: privileged mode");
    expect(refusalMessage({ message: "No such image: nope:1", data: { code: "NOT_FOUND" } }, "The engine refused: ")).toBe("The engine refused: No such image: nope:1");
    expect(refusalMessage({ message: "the agent did not answer", data: null })).toBe("the agent did not answer");
  });
});
