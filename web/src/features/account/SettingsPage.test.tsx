import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../../app/routes";
import { initialTimezone } from "../../lib/timezones";
import { apiError, json, makeUser, mockApi } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";

describe("account settings", () => {
  it("saves the time zone with the CSRF token and shows a toast", async () => {
    document.cookie = "edu_csrf=csrf-abc; path=/";
    const user = makeUser({ timezone: "Europe/London" });
    const calls = mockApi({
      "GET /api/v1/me": () => json(user),
      "PATCH /api/v1/me": (call) => json({ ...user, ...(call.body as object) }),
    });
    renderWithProviders(<AppRoutes />, { route: "/settings" });
    const zone = await screen.findByLabelText("Time zone");
    expect(zone).toHaveValue("Europe/London");
    expect(screen.getByRole("button", { name: "Save profile" })).toBeDisabled();

    await userEvent.selectOptions(zone, "Asia/Tokyo");
    await userEvent.click(screen.getByRole("button", { name: "Save profile" }));

    expect(await screen.findByText("Profile saved")).toBeInTheDocument();
    const patch = calls.find((call) => call.method === "PATCH");
    expect(patch?.body).toEqual({ display_name: "Ada Lovelace", timezone: "Asia/Tokyo" });
    expect(patch?.headers.get("X-CSRF-Token")).toBe("csrf-abc");
  });

  it("shows a wrong current password on its field without signing out", async () => {
    mockApi({
      "GET /api/v1/me": () => json(makeUser()),
      "POST /api/v1/auth/password/change": () =>
        apiError(401, "invalid_credentials", "The current password is incorrect.", {
          fields: { current_password: "The current password is incorrect." },
        }),
    });
    renderWithProviders(<AppRoutes />, { route: "/settings" });
    // The e-mail change form asks for the current password too.
    const form = within(await screen.findByRole("form", { name: "Password" }));
    await userEvent.type(form.getByLabelText("Current password"), "nope");
    await userEvent.type(form.getByLabelText("New password"), "new-password-1");
    await userEvent.type(form.getByLabelText("Confirm new password"), "new-password-1");
    await userEvent.click(form.getByRole("button", { name: "Change password" }));
    await waitFor(() =>
      expect(form.getByLabelText("Current password")).toHaveAccessibleDescription("Your current password is incorrect."),
    );
    expect(screen.getByTestId("location")).toHaveTextContent("/settings");
  });

  it("suggests the browser's zone while the account still has the default", () => {
    expect(initialTimezone("UTC", "Europe/Berlin")).toBe("Europe/Berlin");
    expect(initialTimezone("Asia/Tokyo", "Europe/Berlin")).toBe("Asia/Tokyo");
    expect(initialTimezone("UTC", "UTC")).toBe("UTC");
  });
});
