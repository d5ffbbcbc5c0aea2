import { act, renderHook, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { Link, MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/errors";
import { LocationProbe } from "../../test/render";
import { useVersionedDraft } from "./use-versioned-draft";

/** Titles that differ only around the edges save the same. */
const sameTitle = (a: string, b: string) => a.trim() === b.trim();

function Router({ children }: { children: ReactNode }) {
  return (
    <MemoryRouter initialEntries={["/edit"]}>
      {children}
      <Link to="/elsewhere">Elsewhere</Link>
      <LocationProbe />
    </MemoryRouter>
  );
}

function renderDraft<M = undefined>(options: { saving?: boolean } = {}) {
  return renderHook(({ saving }: { saving: boolean }) => useVersionedDraft<string, M>({ initial: "Newton", version: 3, same: sameTitle, saving }), {
    wrapper: Router,
    initialProps: { saving: options.saving ?? false },
  });
}

function conflictError(details: Record<string, unknown>) {
  return new ApiError(409, { code: "concurrent_modification", message: "Someone saved first.", details });
}

describe("useVersionedDraft: unsaved changes", () => {
  it("is dirty only while the draft saves differently from what was last saved", () => {
    const { result } = renderDraft();
    expect(result.current).toMatchObject({ value: "Newton", dirty: false, base: 3 });

    act(() => result.current.setValue("Newton II"));
    expect(result.current.dirty).toBe(true);
    act(() => result.current.setValue((current) => ` ${current.replace(" II", "")} `));
    expect(result.current).toMatchObject({ value: " Newton ", dirty: false });
  });

  it("keeps edits made while a save was on its way unsaved, and counts from the new version", () => {
    const { result } = renderDraft();
    act(() => result.current.setValue("Newton II"));
    const sent = result.current.value;
    act(() => result.current.setValue("Newton III"));
    act(() => result.current.markSaved(sent, 4));
    expect(result.current).toMatchObject({ value: "Newton III", dirty: true, base: 4 });

    act(() => result.current.adopt("Newton IV", 5));
    expect(result.current).toMatchObject({ value: "Newton IV", dirty: false, base: 5 });
  });
});

describe("useVersionedDraft: conflicts", () => {
  it("records a 409 concurrent_modification with the newest version, and nothing else", () => {
    const { result } = renderDraft();
    act(() => result.current.setValue("Newton II"));

    let caught = true;
    act(() => {
      caught = result.current.catchConflict(new ApiError(422, { code: "invalid_content", message: "Bad." }));
    });
    expect(caught).toBe(false);
    expect(result.current.conflict).toBeNull();

    act(() => {
      caught = result.current.catchConflict(conflictError({ latest_version: 7 }));
    });
    expect(caught).toBe(true);
    expect(result.current.conflict).toMatchObject({ latest: 7, error: { code: "concurrent_modification" } });
    // The refused edit stays, still unsaved, on top of the version it started from.
    expect(result.current).toMatchObject({ value: "Newton II", dirty: true, base: 3 });

    act(() => result.current.markSaved(result.current.value, 8));
    expect(result.current.conflict).toBeNull();
  });

  it("reads a course's current_version, and carries what the page needs to explain it", () => {
    const { result } = renderDraft<{ action: string; reloaded: number | null }>();
    act(() => {
      result.current.catchConflict(conflictError({ current_version: 12 }), { action: "publish", reloaded: null });
    });
    expect(result.current.conflict).toMatchObject({ latest: 12, meta: { action: "publish", reloaded: null } });

    act(() => result.current.updateConflict({ action: "publish", reloaded: 12 }));
    expect(result.current.conflict?.meta.reloaded).toBe(12);
    act(() => result.current.clearConflict());
    expect(result.current.conflict).toBeNull();
  });

  it("rebases on the server's newest value: an untouched draft follows it, local edits stay", () => {
    const { result } = renderDraft();
    act(() => result.current.rebase("Newton (2nd law)", 4));
    expect(result.current).toMatchObject({ value: "Newton (2nd law)", dirty: false, base: 4 });

    act(() => result.current.setValue("Mine"));
    act(() => result.current.rebase("Theirs", 5));
    expect(result.current).toMatchObject({ value: "Mine", dirty: true, base: 5 });
  });
});

describe("useVersionedDraft: leaving with unsaved changes", () => {
  function unload() {
    const event = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  }

  it("asks before the tab closes only while there are unsaved changes", () => {
    const { result } = renderDraft();
    expect(unload()).toBe(false);
    act(() => result.current.setValue("Newton II"));
    expect(unload()).toBe(true);
    act(() => result.current.markSaved("Newton II", 4));
    expect(unload()).toBe(false);
  });

  it("lets in-app links through when nothing is unsaved", async () => {
    const user = userEvent.setup();
    renderDraft();

    await user.click(screen.getByRole("link", { name: "Elsewhere" }));
    expect(screen.getByTestId("location")).toHaveTextContent("/elsewhere");
  });

  it("holds back an in-app link until the author chooses to stay or leave", async () => {
    const user = userEvent.setup();
    const { result } = renderDraft();
    act(() => result.current.setValue("Newton II"));

    await user.click(screen.getByRole("link", { name: "Elsewhere" }));
    expect(screen.getByTestId("location")).toHaveTextContent("/edit");
    expect(result.current.leaving.pending).toBe("/elsewhere");
    act(() => result.current.leaving.stay());
    expect(result.current.leaving.pending).toBeNull();
    expect(screen.getByTestId("location")).toHaveTextContent("/edit");

    await user.click(screen.getByRole("link", { name: "Elsewhere" }));
    act(() => result.current.leaving.leave());
    expect(screen.getByTestId("location")).toHaveTextContent("/elsewhere");
  });

  it("lets links through while the save is on its way", async () => {
    const user = userEvent.setup();
    const { result, rerender } = renderDraft();
    act(() => result.current.setValue("Newton II"));
    rerender({ saving: true });

    await user.click(screen.getByRole("link", { name: "Elsewhere" }));
    expect(screen.getByTestId("location")).toHaveTextContent("/elsewhere");
    expect(result.current.leaving.pending).toBeNull();
  });
});
