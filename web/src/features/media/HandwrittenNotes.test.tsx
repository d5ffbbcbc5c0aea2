import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, NETWORK_ERROR } from "../../api/errors";
import { QUEUE_PREFIX } from "./annotation-sync";
import type { Annotation, AnnotationIn, HandwrittenBody } from "./contract";
import HandwrittenNotes from "./HandwrittenNotes";
import type { AnnotationsSource } from "./use-annotations";

const notes: HandwrittenBody = {
  kind: "handwritten",
  document_id: "doc-1",
  status: "ready",
  source_type: "image",
  page_count: 6,
  pdf_url: null,
  pages: Array.from({ length: 6 }, (_, index) => ({ number: index + 1, width: 1000, height: 1400, image_url: `/pages/${index + 1}.webp`, thumbnail_url: `/thumbs/${index + 1}.webp` })),
};

const mentorNote: Annotation = {
  id: "m1",
  motivation: "highlighting",
  target: { page: 1, selector: { type: "FragmentSelector", value: "xywh=100,100,200,50" } },
  body: null,
  color: "#f59e0b",
  visibility: "published",
  author: { id: "mentor", name: "Amara" },
  created_at: "",
  updated_at: "",
  item_version: 1,
};

beforeEach(() => {
  Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 532 });
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 600 });
  HTMLElement.prototype.scrollTo = function scrollTo(this: HTMLElement, options?: ScrollToOptions | number) {
    this.scrollTop = typeof options === "object" ? (options.top ?? 0) : 0;
    this.dispatchEvent(new Event("scroll"));
  };
  HTMLElement.prototype.scrollBy = function scrollBy(this: HTMLElement, options?: ScrollToOptions | number) {
    this.scrollTop += typeof options === "object" ? (options.top ?? 0) : 0;
  };
  vi.spyOn(SVGElement.prototype, "getBoundingClientRect").mockReturnValue({ left: 0, top: 0, width: 500, height: 700, right: 500, bottom: 700, x: 0, y: 0, toJSON: () => ({}) });
});
afterEach(() => {
  Reflect.deleteProperty(HTMLElement.prototype, "clientWidth");
  Reflect.deleteProperty(HTMLElement.prototype, "clientHeight");
  window.localStorage.clear();
});

function source(items: Annotation[] = [mentorNote]) {
  const saved = new Map<string, AnnotationIn>();
  const api = {
    load: vi.fn(() => Promise.resolve({ items })),
    save: vi.fn((id: string, annotation: AnnotationIn) => {
      saved.set(id, annotation);
      return Promise.resolve({ ...annotation, body: annotation.body ?? null, id, author: { id: "me", name: "Sam" }, created_at: "", updated_at: "", item_version: 1 });
    }),
    remove: vi.fn((id: string) => {
      saved.delete(id);
      return Promise.resolve();
    }),
  } satisfies AnnotationsSource;
  return { api, saved };
}

function show(api?: AnnotationsSource, canPublish = false) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <HandwrittenNotes notes={notes} title="Kinematics" itemId="item-1" currentUserId="me" canPublish={canPublish} annotations={api} />
    </QueryClientProvider>,
  );
}

function draw(page: number) {
  const svg = screen.getByTestId(`ink-layer-${page}`);
  fireEvent.pointerDown(svg, { clientX: 50, clientY: 50, pointerType: "pen", pressure: 0.6, pointerId: 1, button: 0 });
  fireEvent.pointerMove(svg, { clientX: 150, clientY: 90, pointerType: "pen", pressure: 0.7, pointerId: 1 });
  fireEvent.pointerUp(svg, { clientX: 150, clientY: 90, pointerType: "pen", pressure: 0, pointerId: 1 });
}

describe("handwritten notes", () => {
  it("shows image pages fitted to the width, rendering only those near the screen", () => {
    show();
    const region = screen.getByRole("region", { name: "Notes: Kinematics" });
    expect(within(region).getByRole("status", { name: "Zoom" })).toHaveTextContent("50%");
    const first = screen.getByRole("region", { name: "Page 1 of 6" });
    expect(first).toHaveStyle({ width: "500px", height: "700px" });
    expect(first.querySelector('img[src="/pages/1.webp"]')).not.toBeNull();
    // Far pages hold their place with the thumbnail only.
    const last = screen.getByRole("region", { name: "Page 6 of 6" });
    expect(last.querySelector('img[src="/pages/6.webp"]')).toBeNull();
    expect(last.querySelector('img[src="/thumbs/6.webp"]')).not.toBeNull();
  });

  it("navigates pages with buttons, the page box and keys, and zooms", async () => {
    show();
    const scroller = screen.getByLabelText("Kinematics, page 1 of 6");
    await userEvent.click(screen.getByRole("button", { name: "Next page" }));
    expect(scroller.scrollTop).toBe(716);
    expect(screen.getByRole("textbox", { name: "Page number" })).toHaveValue("2");
    scroller.focus();
    await userEvent.keyboard("{End}");
    expect(screen.getByRole("region", { name: "Page 6 of 6" }).querySelector('img[src="/pages/6.webp"]')).not.toBeNull();
    await userEvent.keyboard("{Home}");
    expect(scroller.scrollTop).toBe(0);
    const box = screen.getByRole("textbox", { name: "Page number" });
    await userEvent.clear(box);
    await userEvent.type(box, "3{Enter}");
    expect(scroller.scrollTop).toBe(716 * 2);
    await userEvent.click(screen.getByRole("button", { name: "Zoom in" }));
    expect(screen.getByRole("status", { name: "Zoom" })).toHaveTextContent("63%");
    expect(screen.getByRole("button", { name: "Fit width" })).toHaveAttribute("aria-pressed", "false");
    await userEvent.click(screen.getByRole("button", { name: "Fit width" }));
    expect(screen.getByRole("status", { name: "Zoom" })).toHaveTextContent("50%");
  });

  it("draws on page 2, saves it, undoes and redoes with the keyboard", async () => {
    const { api, saved } = source();
    show(api);
    await screen.findByText("All changes saved");
    expect(document.querySelector('[data-annotation="m1"]')).not.toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Pen" }));
    await userEvent.click(screen.getByRole("radio", { name: "Colour #dc2626" }));
    draw(2);
    await vi.waitFor(() => expect(saved.size).toBe(1));
    const [id, body] = [...saved.entries()][0]!;
    expect(body).toMatchObject({ motivation: "sketching", color: "#dc2626", visibility: "private", target: { page: 2, selector: { type: "InkSelector", strokes: [[[100, 100, 0.6], [300, 180, 0.7]]] } } });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    screen.getByLabelText("Kinematics, page 1 of 6").focus();
    await userEvent.keyboard("{Control>}z{/Control}");
    await vi.waitFor(() => expect(api.remove).toHaveBeenCalledWith(id));
    await userEvent.keyboard("{Control>}{Shift>}z{/Shift}{/Control}");
    await vi.waitFor(() => expect(saved.has(id)).toBe(true));
    expect(screen.getByRole("button", { name: "Redo" })).toBeDisabled();
  });

  it("keeps drawing offline and shows the strokes again after a reload", async () => {
    const { api, saved } = source([]);
    api.save.mockRejectedValue(new ApiError(0, { code: NETWORK_ERROR, message: "offline" }));
    const first = show(api);
    await screen.findByText("All changes saved");
    await userEvent.click(screen.getByRole("button", { name: "Pen" }));
    draw(2);
    expect(await screen.findByText("Offline: 1 change will be saved when you're back online")).toBeInTheDocument();
    expect(window.localStorage.getItem(`${QUEUE_PREFIX}item-1`)).toContain("InkSelector");
    first.unmount();

    api.save.mockRestore();
    const back = source([]);
    show(back.api);
    await vi.waitFor(() => expect(back.saved.size).toBe(1));
    expect(saved.size).toBe(0);
    expect(screen.getByTestId("ink-layer-2").querySelectorAll("[data-annotation]")).toHaveLength(1);
  });

  it("lets the author publish their annotations to students", async () => {
    const { api, saved } = source([{ ...mentorNote, author: { id: "me", name: "Amara" }, visibility: "private" }]);
    show(api, true);
    await screen.findByText("All changes saved");
    await userEvent.click(screen.getByRole("checkbox", { name: "Publish to students" }));
    await vi.waitFor(() => expect(saved.get("m1")?.visibility).toBe("published"));
    await userEvent.click(screen.getByRole("button", { name: "Pen" }));
    draw(1);
    await vi.waitFor(() => expect(saved.size).toBe(2));
    expect([...saved.values()].every((annotation) => annotation.visibility === "published")).toBe(true);
  });

  it("is a plain viewer without an annotations source", () => {
    show(undefined);
    expect(screen.queryByRole("toolbar", { name: "Annotation tools" })).toBeNull();
    expect(screen.getByRole("region", { name: "Notes: Kinematics" })).toBeInTheDocument();
  });
});
