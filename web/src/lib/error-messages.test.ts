import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import { errorMessage, fieldMessage, mapApiErrors } from "./error-messages";

const apiError = (status: number, code: string, fields?: Record<string, string>, message = "server text") =>
  new ApiError(status, { code, message, details: fields ? { fields } : null });

describe("mapApiErrors", () => {
  const FIELDS = ["email", "password", "display_name", "timezone"] as const;

  it("puts each field's message next to that field", () => {
    const result = mapApiErrors(apiError(409, "email_taken", { email: "An account with this e-mail address already exists." }), FIELDS);
    expect(result.fields).toEqual({ email: "An account with this e-mail address already exists. Try signing in instead." });
    expect(result.form).toBeNull();
  });

  it("keeps the server's precise reason for a weak password", () => {
    const result = mapApiErrors(apiError(422, "weak_password", { password: "This password is too common; choose one that is harder to guess." }), FIELDS);
    expect(result.fields.password).toBe("This password is too common; choose one that is harder to guess.");
  });

  it("translates codes into human messages", () => {
    expect(mapApiErrors(apiError(422, "invalid_timezone", { timezone: "Unknown time zone" }), FIELDS).fields).toEqual({
      timezone: "Choose a time zone from the list.",
    });
    expect(mapApiErrors(apiError(422, "invalid_email", { email: "x" }), FIELDS).fields.email).toMatch(/valid e-mail/);
  });

  it("reports problems with fields the form doesn't show at form level", () => {
    const result = mapApiErrors(apiError(403, "forbidden", { role: "Choose student or mentor." }), FIELDS);
    expect(result.fields).toEqual({});
    expect(result.form).toBe("You don't have permission to do that.");
  });

  it("uses a form-level message when no field is named", () => {
    const result = mapApiErrors(apiError(401, "invalid_credentials"), FIELDS);
    expect(result).toEqual({ fields: {}, form: "That e-mail address and password don't match an account." });
  });

  it("says decoding errors plainly", () => {
    const result = mapApiErrors(apiError(400, "validation_error", { display_name: "Expected `str` of length >= 1" }), FIELDS);
    expect(result.fields.display_name).toBe("This field is required.");
    expect(fieldMessage("validation_error", "display_name", "Expected `str` of length <= 80")).toBe("Use at most 80 characters.");
  });

  it("handles unknown failures", () => {
    expect(mapApiErrors(new Error("boom"), FIELDS).form).toMatch(/went wrong/);
  });
});

describe("errorMessage", () => {
  it("tells how long to wait when rate limited", () => {
    const error = new ApiError(429, { code: "rate_limited", message: "…", details: { retry_after_seconds: 125 } });
    expect(errorMessage(error)).toBe("Too many attempts. Please try again in 3 minutes.");
  });

  it("falls back to the server message for unknown codes", () => {
    expect(errorMessage(apiError(409, "something_new", undefined, "Something new happened."))).toBe("Something new happened.");
  });

  it("explains the current password mismatch on its field", () => {
    expect(fieldMessage("invalid_credentials", "current_password", "x")).toBe("Your current password is incorrect.");
  });
});
