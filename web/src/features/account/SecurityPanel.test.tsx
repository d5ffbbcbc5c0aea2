import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { json, makeUser, mockApi, noContent } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import SecurityPanel from "./SecurityPanel";

const here = {
  id: "11111111-1111-4111-8111-111111111111",
  kind: "browser",
  created_at: "2026-12-01T09:00:00Z",
  last_used_at: "2026-12-06T22:00:00Z",
  expires_at: "2026-12-15T09:00:00Z",
  user_agent: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
  name: "Firefox on Linux",
  device_name: null,
  network: "198.51.100.0/24",
  current: true,
  push_enabled: false,
};
const phone = {
  ...here,
  id: "22222222-2222-4222-8222-222222222222",
  kind: "app",
  user_agent: "Mentora/1.0 (iOS 18.1)",
  name: "Priya's iPhone",
  device_name: "Priya's iPhone",
  network: "203.0.113.0/24",
  current: false,
  push_enabled: true,
};

describe("security settings", () => {
  it("lists the signed-in devices and ends one", async () => {
    document.cookie = "edu_csrf=csrf-abc; path=/";
    let sessions = [here, phone];
    const calls = mockApi({
      "GET /api/v1/me/devices": () => json(sessions),
      [`DELETE /api/v1/me/devices/${phone.id}`]: () => {
        sessions = [here];
        return noContent();
      },
    });
    renderWithProviders(<SecurityPanel user={makeUser({ timezone: "Europe/London" })} />);
    const list = await screen.findByRole("list", { name: "Devices" });
    const rows = within(list).getAllByRole("listitem");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent("Firefox on Linux");
    expect(rows[0]).toHaveTextContent("This device");
    expect(rows[1]).toHaveTextContent("Priya's iPhone");
    expect(rows[1]).toHaveTextContent("App");
    expect(rows[1]).toHaveTextContent("Notifications on");
    expect(rows[1]).toHaveTextContent("203.0.113.0/24");
    expect(rows[0]).not.toHaveTextContent("Notifications on");
    expect(screen.getByText("1 other device signed in.")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Sign out Priya's iPhone" }));
    expect(await screen.findByText("Device signed out")).toBeInTheDocument();
    await waitFor(() => expect(within(list).getAllByRole("listitem")).toHaveLength(1));
    const ended = calls.find((call) => call.method === "DELETE");
    expect(ended?.headers.get("X-CSRF-Token")).toBe("csrf-abc");
    expect(screen.getByRole("button", { name: "Sign out everywhere else" })).toBeDisabled();
  });

  it("signs out everywhere else", async () => {
    let sessions = [here, phone];
    mockApi({
      "GET /api/v1/me/devices": () => json(sessions),
      "POST /api/v1/me/devices/sign-out-others": () => {
        sessions = [here];
        return json({ ended: 1 });
      },
    });
    renderWithProviders(<SecurityPanel user={makeUser({ timezone: "Europe/London" })} />);
    await userEvent.click(await screen.findByRole("button", { name: "Sign out everywhere else" }));
    expect(await screen.findByText("Signed out everywhere else")).toBeInTheDocument();
    expect(await screen.findByText("No other devices are signed in.")).toBeInTheDocument();
  });
});

describe("two-step verification", () => {
  it("sets it up with a QR code and the key as text, then shows the recovery codes once", async () => {
    const codes = Array.from({ length: 10 }, (_, i) => `ABCDE-FGH${String(i).padStart(2, "0")}`);
    const calls = mockApi({
      "GET /api/v1/me/devices": () => json([here]),
      "POST /api/v1/auth/second-factor/setup": () =>
        json({ secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", otpauth_uri: "otpauth://totp/Mentora:ada%40example.org?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Mentora" }),
      "POST /api/v1/auth/second-factor/confirm": () => json({ recovery_codes: codes }),
      "GET /api/v1/me": () => json(makeUser({ second_factor_enabled: true })),
    });
    renderWithProviders(<SecurityPanel user={makeUser({ role: "admin" })} />);
    expect(screen.getByText("Administrators need two-step verification to use the admin console.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Set up two-step verification" }));
    expect(await screen.findByRole("img", { name: "QR code to scan with your authenticator app" })).toBeInTheDocument();
    expect(screen.getByLabelText("Set-up key")).toHaveTextContent("JBSW Y3DP EHPK 3PXP");

    await userEvent.click(screen.getByRole("button", { name: "Turn on two-step verification" }));
    expect(screen.getByLabelText("Code from the app")).toHaveAccessibleDescription("Enter the 6-digit code from the app.");
    await userEvent.type(screen.getByLabelText("Code from the app"), "123456");
    await userEvent.click(screen.getByRole("button", { name: "Turn on two-step verification" }));
    const list = await screen.findByRole("list", { name: "Recovery codes" });
    expect(within(list).getAllByRole("listitem")).toHaveLength(10);
    expect(calls.find((call) => call.path === "/api/v1/auth/second-factor/confirm")?.body).toEqual({ code: "123456" });
  });
});
