import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { NotificationPreference } from "../../api/account";
import { Avatar } from "../../components/ui/Avatar";
import { FakeXhr, installFakeXhr } from "../../test/fake-xhr";
import { apiError, json, makeUser, mockApi, noContent } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import { AvatarPanel } from "./AvatarPanel";
import { DataPanel } from "./DataPanel";
import { NotificationPreferencesPanel } from "./NotificationPreferencesPanel";

const PREFERENCES: NotificationPreference[] = [
  {
    kind: "content.approved",
    label: "Content approved",
    description: "When a lesson or question you wrote goes live.",
    channels: [
      { channel: "email", enabled: true },
      { channel: "in_app", enabled: true },
    ],
  },
];

describe("notification preferences", () => {
  it("saves a channel as soon as it is switched", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(makeUser({ role: "mentor" })),
      "GET /api/v1/me/notification-preferences": () => json(PREFERENCES),
      "PUT /api/v1/me/notification-preferences": () =>
        json([{ ...PREFERENCES[0], channels: [{ channel: "email", enabled: false }, { channel: "in_app", enabled: true }] }]),
    });
    renderWithProviders(<NotificationPreferencesPanel />);
    const group = await screen.findByRole("group", { name: "Content approved" });
    const email = within(group).getByRole("checkbox", { name: "E-mail" });
    expect(email).toBeChecked();

    await userEvent.click(email);

    expect(await screen.findByText("Preferences saved")).toBeInTheDocument();
    expect(calls.find((call) => call.method === "PUT")?.body).toEqual({
      preferences: [{ kind: "content.approved", channel: "email", enabled: false }],
    });
    await waitFor(() => expect(within(group).getByRole("checkbox", { name: "E-mail" })).not.toBeChecked());
    expect(within(group).getByRole("checkbox", { name: "In the app" })).toBeChecked();
  });
});

describe("your data", () => {
  it("offers the export as a download", async () => {
    mockApi({ "GET /api/v1/me": () => json(makeUser()) });
    renderWithProviders(<DataPanel user={makeUser()} />);
    const link = await screen.findByRole("link", { name: "Download" });
    expect(link).toHaveAttribute("href", "/api/v1/me/export");
    expect(link).toHaveAttribute("download");
  });

  it("deletes the account only with the right password, then signs out", async () => {
    let attempts = 0;
    const calls = mockApi({
      "GET /api/v1/me": () => json(makeUser()),
      "POST /api/v1/me/deletion": () => {
        attempts += 1;
        return attempts === 1
          ? apiError(401, "invalid_credentials", "The current password is incorrect.", {
              fields: { current_password: "The current password is incorrect." },
            })
          : noContent();
      },
    });
    renderWithProviders(<DataPanel user={makeUser()} />, { route: "/settings" });
    await userEvent.click(await screen.findByRole("button", { name: "Delete account" }));
    const dialog = await screen.findByRole("dialog", { name: "Delete your account?" });

    await userEvent.click(within(dialog).getByRole("button", { name: "Delete my account" }));
    expect(within(dialog).getByLabelText("Password")).toHaveAccessibleDescription(/Enter your password to confirm/);
    expect(calls.filter((call) => call.method === "POST")).toHaveLength(0);

    await userEvent.type(within(dialog).getByLabelText("Password"), "nope");
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete my account" }));
    await waitFor(() => expect(within(dialog).getByLabelText("Password")).toHaveAccessibleDescription(/incorrect/));
    expect(screen.getByTestId("location")).toHaveTextContent("/settings");

    await userEvent.clear(within(dialog).getByLabelText("Password"));
    await userEvent.type(within(dialog).getByLabelText("Password"), "correct horse");
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete my account" }));
    expect(await screen.findByText("Your account has been deleted")).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/$/);
    expect(calls.filter((call) => call.method === "POST").map((call) => call.body)).toEqual([
      { current_password: "nope" },
      { current_password: "correct horse" },
    ]);
  }, 30_000);

  it("does not let an admin delete their own account", async () => {
    mockApi({ "GET /api/v1/me": () => json(makeUser({ role: "admin" })) });
    renderWithProviders(<DataPanel user={makeUser({ role: "admin" })} />);
    expect(await screen.findByRole("button", { name: "Delete account" })).toBeDisabled();
  });
});

describe("avatar", () => {
  it("shows the picture when there is one, the initials otherwise", () => {
    const { container, rerender } = render(<Avatar name="Ada Lovelace" src="/files/avatar/ab/abc?sig=x" />);
    expect(container.querySelector("img")).toHaveAttribute("src", "/files/avatar/ab/abc?sig=x");
    rerender(<Avatar name="Ada Lovelace" src={null} />);
    expect(container.querySelector("img")).toBeNull();
    expect(container).toHaveTextContent("AL");
  });

  describe("upload", () => {
    afterEach(() => vi.unstubAllGlobals());

    it("previews the chosen picture while it uploads and keeps the stored one when refused", async () => {
      installFakeXhr();
      URL.createObjectURL = vi.fn(() => "blob:preview");
      URL.revokeObjectURL = vi.fn();
      mockApi({ "GET /api/v1/me": () => json(makeUser()) });
      const user = makeUser({ avatar_url: "/files/avatar/ab/old?sig=1" });
      const { container } = renderWithProviders(<AvatarPanel user={user} />);
      expect(screen.getByText(/PNG, JPEG or WebP, up to .*We remove location and camera details/)).toBeInTheDocument();

      await userEvent.upload(screen.getByLabelText("Replace picture"), new File(["png"], "me.png", { type: "image/png" }));
      expect(FakeXhr.last?.url).toBe("/api/v1/me/avatar?filename=me.png");
      expect(container.querySelector("img")).toHaveAttribute("src", "blob:preview");
      expect(screen.getByRole("button", { name: "Remove" })).toBeDisabled();

      FakeXhr.last!.respond(422, { code: "empty_file", message: "Empty." });
      expect(await screen.findByText("The file is empty.")).toBeInTheDocument();
      expect(container.querySelector("img")).toHaveAttribute("src", "/files/avatar/ab/old?sig=1");
    });
  });
});
