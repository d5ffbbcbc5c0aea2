import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { highlightAnnotation, inkAnnotation, type LocalAnnotation, type Operation, type Tool } from "./annotations";
import { InkLayer } from "./InkLayer";

const page = { number: 1, width: 100, height: 200 };
const meta = { page: 1, color: "#dc2626", visibility: "private" as const };

beforeEach(() => {
  // The page is drawn at 200 %: 200 x 400 CSS pixels.
  vi.spyOn(SVGElement.prototype, "getBoundingClientRect").mockReturnValue({ left: 0, top: 0, width: 200, height: 400, right: 200, bottom: 400, x: 0, y: 0, toJSON: () => ({}) });
});

function layer(tool: Tool, annotations: LocalAnnotation[] = [], extra: Partial<Parameters<typeof InkLayer>[0]> = {}) {
  const onPerform = vi.fn<(operation: Operation) => void>();
  const onPan = vi.fn();
  render(<InkLayer page={page} annotations={annotations} canEdit={(annotation) => annotation.id !== "mentor"} tool={tool} color="#1d4ed8" penWidth={2} visibility="private" onPerform={onPerform} onPan={onPan} {...extra} />);
  return { onPerform, onPan, svg: screen.getByTestId("ink-layer-1") };
}

const pointer = (type: "pointerDown" | "pointerMove" | "pointerUp", target: Element, x: number, y: number, pointerType = "pen", pressure = 0.5) =>
  fireEvent[type](target, { clientX: x, clientY: y, pointerType, pressure, pointerId: 1, button: 0 });

describe("InkLayer", () => {
  it("draws a pressure-aware stroke stored in page units", () => {
    const { onPerform, svg } = layer("pen");
    expect(svg).toHaveStyle({ touchAction: "none" });
    pointer("pointerDown", svg, 20, 40, "pen", 0.2);
    pointer("pointerMove", svg, 60, 80, "pen", 0.8);
    expect(svg.querySelectorAll("path")).toHaveLength(1);
    pointer("pointerUp", svg, 60, 80, "pen", 0);
    const operation = onPerform.mock.calls[0]![0];
    expect(operation.type).toBe("add");
    const [annotation] = operation.type === "add" ? operation.annotations : [];
    expect(annotation).toMatchObject({ motivation: "sketching", color: "#1d4ed8", visibility: "private", target: { page: 1, selector: { type: "InkSelector", width: 2 } } });
    expect(annotation!.target.selector).toMatchObject({ strokes: [[[10, 20, 0.2], [30, 40, 0.8]]] });
  });

  it("lets a finger scroll while a tool is active", () => {
    const { onPerform, onPan, svg } = layer("pen");
    pointer("pointerDown", svg, 50, 50, "touch");
    pointer("pointerMove", svg, 50, 20, "touch");
    pointer("pointerUp", svg, 50, 20, "touch");
    expect(onPan).toHaveBeenCalledWith(0, -30);
    expect(onPerform).not.toHaveBeenCalled();
  });

  it("lets a finger draw when asked to (a phone without a stylus)", () => {
    const { onPerform, onPan, svg } = layer("pen", [], { fingerDraws: true });
    pointer("pointerDown", svg, 20, 40, "touch", 0);
    pointer("pointerMove", svg, 60, 80, "touch", 0);
    pointer("pointerUp", svg, 60, 80, "touch", 0);
    expect(onPan).not.toHaveBeenCalled();
    expect(onPerform).toHaveBeenCalledWith({ type: "add", annotations: [expect.objectContaining({ motivation: "sketching" })] });
  });

  it("is inert in read mode", () => {
    const { svg, onPerform } = layer("read");
    expect(svg).toHaveStyle({ touchAction: "auto" });
    expect(svg.getAttribute("class")).toContain("pointer-events-none");
    pointer("pointerDown", svg, 20, 40, "mouse");
    pointer("pointerUp", svg, 30, 40, "mouse");
    expect(onPerform).not.toHaveBeenCalled();
  });

  it("highlights a dragged rectangle as an xywh fragment", () => {
    const { onPerform, svg } = layer("highlighter");
    pointer("pointerDown", svg, 100, 100, "mouse");
    pointer("pointerMove", svg, 40, 160, "mouse");
    pointer("pointerUp", svg, 40, 160, "mouse");
    expect(onPerform).toHaveBeenCalledWith({ type: "add", annotations: [expect.objectContaining({ motivation: "highlighting", target: { page: 1, selector: { type: "FragmentSelector", value: "xywh=20,50,30,30" } } })] });
  });

  it("erases whole annotations it touches, but not someone else's published ones", () => {
    const mine = inkAnnotation([[[10, 10, 0.5], [40, 10, 0.5]]], 2, { ...meta, id: "mine" });
    const box = highlightAnnotation({ x: 60, y: 60, w: 20, h: 20 }, { ...meta, id: "box" });
    const mentor = { ...inkAnnotation([[[10, 100, 0.5], [40, 100, 0.5]]], 2, { ...meta, id: "mentor" }), author: { id: "m", name: "Amara" }, visibility: "published" as const };
    const { onPerform, svg } = layer("eraser", [mine, box, mentor]);
    pointer("pointerDown", svg, 40, 20, "mouse");
    pointer("pointerMove", svg, 140, 140, "mouse");
    pointer("pointerMove", svg, 40, 200, "mouse");
    expect(svg.querySelectorAll("[data-annotation]")).toHaveLength(1);
    pointer("pointerUp", svg, 40, 200, "mouse");
    expect(onPerform).toHaveBeenCalledWith({ type: "remove", annotations: [mine, box] });
  });

  it("adds a comment pin with text, and shows others' comments read-only", async () => {
    const published = { ...highlightAnnotation({ x: 50, y: 50, w: 0, h: 0 }, { ...meta, id: "mentor" }), motivation: "commenting" as const, body: { type: "TextualBody" as const, value: "Watch the sign" }, author: { id: "m", name: "Amara" } };
    const { onPerform, svg } = layer("comment", [published]);
    await userEvent.click(screen.getByRole("button", { name: "Comment by Amara: Watch the sign" }));
    expect(screen.getByRole("note")).toHaveTextContent("Watch the sign");
    pointer("pointerDown", svg, 100, 200, "mouse");
    await userEvent.type(screen.getByRole("textbox", { name: "Comment" }), "Why minus?");
    await userEvent.click(screen.getByRole("button", { name: "Add comment" }));
    expect(onPerform).toHaveBeenCalledWith({
      type: "add",
      annotations: [expect.objectContaining({ motivation: "commenting", body: { type: "TextualBody", value: "Why minus?" }, target: { page: 1, selector: { type: "FragmentSelector", value: "xywh=50,100,0,0" } } })],
    });
  });
});

describe("InkLayer with two fingers", () => {
  it("stops a finger's pan when a second finger comes down (a pinch), but not a stylus's stroke for a palm", () => {
    const { onPan, onPerform, svg } = layer("pen");
    fireEvent.pointerDown(svg, { clientX: 10, clientY: 10, pointerType: "touch", pointerId: 1, button: 0 });
    fireEvent.pointerDown(svg, { clientX: 90, clientY: 90, pointerType: "touch", pointerId: 2, button: 0 });
    fireEvent.pointerMove(svg, { clientX: 30, clientY: 40, pointerType: "touch", pointerId: 1 });
    expect(onPan).not.toHaveBeenCalled();

    fireEvent.pointerUp(svg, { clientX: 30, clientY: 40, pointerType: "touch", pointerId: 1 });
    pointer("pointerDown", svg, 20, 40, "pen", 0.4);
    fireEvent.pointerDown(svg, { clientX: 150, clientY: 300, pointerType: "touch", pointerId: 7, button: 0 });
    fireEvent.pointerMove(svg, { clientX: 60, clientY: 80, pointerType: "pen", pressure: 0.6, pointerId: 1 });
    fireEvent.pointerUp(svg, { clientX: 60, clientY: 80, pointerType: "pen", pressure: 0.6, pointerId: 1 });
    expect(onPerform).toHaveBeenCalledTimes(1);
  });
});

describe("InkLayer share tool", () => {
  it("hands the annotation under the pointer to onShare and draws nothing", () => {
    const mine = highlightAnnotation({ x: 10, y: 20, w: 30, h: 30 }, meta);
    const onShare = vi.fn();
    const { onPerform, svg } = layer("share", [mine], { onShare });
    pointer("pointerDown", svg, 40, 80);
    pointer("pointerUp", svg, 40, 80);
    expect(onShare).toHaveBeenCalledWith(mine);
    pointer("pointerDown", svg, 190, 390);
    expect(onShare).toHaveBeenCalledTimes(1);
    expect(onPerform).not.toHaveBeenCalled();
  });
});
