import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ContentItem } from "../../api/content";
import { AppRoutes } from "../../app/routes";
import { contentItem, ITEM_ID, versionSummary } from "../../test/content-fixtures";
import { catalog, MENTOR_ID } from "../../test/marketplace-fixtures";
import { apiError, json, makeUser, mockApi } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";

const mentor = makeUser({ id: MENTOR_ID, role: "mentor", display_name: "Amara Okafor", timezone: "UTC" });
const ITEM_PATH = `/api/v1/mentor/content/${ITEM_ID}`;

beforeAll(async () => {
  await Promise.all([import("./EditContentPage"), import("../editor/RichTextEditor")]);
}, 60_000);

afterEach(() => vi.unstubAllGlobals());

function routes(state: { item: ContentItem }, withdraw: () => Response) {
  return mockApi({
    "GET /api/v1/me": () => json(mentor),
    "GET /api/v1/catalog": () => json(catalog),
    [`GET ${ITEM_PATH}`]: () => json(state.item),
    [`GET ${ITEM_PATH}/versions`]: () =>
      json({ item_id: ITEM_ID, latest_version: state.item.latest_version, live_version: state.item.live_version, items: [versionSummary({ number: 1 })] }),
    [`POST ${ITEM_PATH}/withdraw`]: withdraw,
  });
}

describe("withdrawing from review", { timeout: 20_000 }, () => {
  it("asks first, then the item is an editable draft again", async () => {
    const state = { item: contentItem({ status: "pending", submitted_at: "2026-11-22T10:00:00Z" }) };
    const calls = routes(state, () => {
      state.item = contentItem({ status: "draft" });
      return json(state.item);
    });
    renderWithProviders(<AppRoutes />, { route: `/mentor/content/${ITEM_ID}` });
    expect(await screen.findByText("Locked while in review")).toBeInTheDocument();
    expect(screen.getByLabelText("Title")).toBeDisabled();

    await userEvent.click(screen.getByRole("button", { name: "Withdraw from review" }));
    const dialog = await screen.findByRole("dialog", { name: "Withdraw from review?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Keep it in review" }));
    expect(calls.some((call) => call.path.endsWith("/withdraw"))).toBe(false);

    await userEvent.click(screen.getByRole("button", { name: "Withdraw from review" }));
    await userEvent.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Withdraw" }));
    expect(await screen.findByText("Withdrawn from review")).toBeInTheDocument();
    expect(calls.filter((call) => call.method === "POST" && call.path === `${ITEM_PATH}/withdraw`)).toHaveLength(1);
    await waitFor(() => expect(screen.getByLabelText("Title")).toBeEnabled());
    expect(screen.getByRole("button", { name: "Submit for review" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Withdraw from review" })).not.toBeInTheDocument();
  });

  it("explains when a reviewer decided first", async () => {
    const state = { item: contentItem({ status: "pending", submitted_at: "2026-11-22T10:00:00Z" }) };
    routes(state, () => {
      state.item = contentItem({ status: "approved", live_version: 1, has_unpublished_changes: false });
      return apiError(409, "invalid_content_transition");
    });
    renderWithProviders(<AppRoutes />, { route: `/mentor/content/${ITEM_ID}` });
    await userEvent.click(await screen.findByRole("button", { name: "Withdraw from review" }));
    await userEvent.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Withdraw" }));
    expect(await screen.findByText("It's no longer waiting for review")).toBeInTheDocument();
    expect(await screen.findByText("Live: learners see version 1")).toBeInTheDocument();
  });
});
