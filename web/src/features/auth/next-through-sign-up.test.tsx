import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { AppRoutes } from "../../app/routes";
import { rememberNext, safeNext, takeRememberedNext, withNext } from "../../auth/next";
import { apiError, json, makeUser, mockApi, noContent } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";

const visitor = { "GET /api/v1/me": () => apiError(401, "not_authenticated") };
const COURSE = "/courses/6f1c0f7e-0000-4000-8000-000000000000";

beforeEach(() => localStorage.clear());

// The sign-up form renders a long time-zone list: slow on a busy machine.
describe("`next` survives sign-in, sign-up and e-mail verification", { timeout: 30_000 }, () => {
  it("keeps `next` when moving from sign-in to sign-up and back", async () => {
    mockApi(visitor);
    renderWithProviders(<AppRoutes />, { route: `/login?next=${encodeURIComponent(COURSE)}` });
    await userEvent.click(await screen.findByRole("link", { name: "Create an account" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(`/register?next=${encodeURIComponent(COURSE)}`));
    await userEvent.click(await screen.findByRole("link", { name: "Sign in" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(`/login?next=${encodeURIComponent(COURSE)}`));
  });

  it("remembers the page at sign-up and offers it once the address is verified", async () => {
    mockApi({
      ...visitor,
      "POST /api/v1/auth/register": () => json(makeUser({ email_verified: false }), 201),
      "POST /api/v1/auth/verify-email": () => noContent(),
    });
    const first = renderWithProviders(<AppRoutes />, { route: `/register?next=${encodeURIComponent(COURSE)}` });
    await userEvent.type(await screen.findByLabelText("Full name"), "Ada Lovelace");
    await userEvent.type(screen.getByLabelText("E-mail address"), "ada@example.org");
    await userEvent.type(screen.getByLabelText("Password"), "password1");
    await userEvent.click(screen.getByRole("button", { name: /Create account/ }));
    expect(await screen.findByRole("link", { name: /Continue to sign in/ })).toHaveAttribute(
      "href",
      `/login?next=${encodeURIComponent(COURSE)}`,
    );
    first.unmount();

    // The confirmation link from the e-mail carries no `next`.
    renderWithProviders(<AppRoutes />, { route: "/verify-email?token=abc" });
    expect(await screen.findByRole("heading", { name: "Your e-mail is verified" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Sign in to continue" })).toHaveAttribute(
      "href",
      `/login?next=${encodeURIComponent(COURSE)}`,
    );
  });

  it("follows only same-origin paths", () => {
    expect(withNext("/register", "https://evil.example/x")).toBe("/register");
    expect(withNext("/register", "//evil.example/x")).toBe("/register");
    expect(withNext("/register", "/verify-email?token=x")).toBe("/register");
    expect(safeNext("/courses/x\n/evil")).toBe("/dashboard");
    rememberNext("https://evil.example");
    expect(takeRememberedNext()).toBeNull();
    rememberNext("/learn/physics");
    expect(takeRememberedNext()).toBe("/learn/physics");
    expect(takeRememberedNext()).toBeNull();
  });
});
