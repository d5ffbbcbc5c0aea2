import { describe, expect, it } from "vitest";
import { ApiError, NETWORK_ERROR, unwrap } from "./errors";

const response = (status: number) => new Response(null, { status });

describe("unwrap", () => {
  it("returns the data of a successful call", async () => {
    await expect(unwrap(Promise.resolve({ data: { ok: 1 }, response: response(200) }))).resolves.toEqual({ ok: 1 });
  });

  it("throws an ApiError with the server's code and fields", async () => {
    const error = {
      code: "weak_password",
      message: "Use at least 8 characters.",
      details: { fields: { password: "Use at least 8 characters." } },
      request_id: "r1",
    };
    const thrown = await unwrap(Promise.resolve({ error, response: response(422) })).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ApiError);
    const apiError = thrown as ApiError;
    expect(apiError.status).toBe(422);
    expect(apiError.code).toBe("weak_password");
    expect(apiError.fields).toEqual({ password: "Use at least 8 characters." });
    expect(apiError.requestId).toBe("r1");
  });

  it("turns a non-JSON failure into a generic error", async () => {
    const thrown = (await unwrap(Promise.resolve({ error: "<html>Bad gateway</html>", response: response(502) })).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(thrown.code).toBe("internal_error");
    expect(thrown.status).toBe(502);
  });

  it("turns a network failure into network_error", async () => {
    const thrown = (await unwrap(Promise.reject(new TypeError("Failed to fetch"))).catch((e: unknown) => e)) as ApiError;
    expect(thrown.code).toBe(NETWORK_ERROR);
    expect(thrown.status).toBe(0);
  });

  it("reads retry_after_seconds", () => {
    const error = new ApiError(429, { code: "rate_limited", message: "…", details: { retry_after_seconds: 90 } });
    expect(error.retryAfterSeconds).toBe(90);
  });
});
