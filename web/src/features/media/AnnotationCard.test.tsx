import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { AnnotationCard } from "./AnnotationCard";
import type { SharedAnnotation } from "./contract";

function shared(overrides: Partial<SharedAnnotation> = {}): SharedAnnotation {
  return {
    id: "share-1",
    annotation_id: "annotation-1",
    item_id: "item-1",
    document_id: "document-1",
    page: 2,
    page_width: 400,
    page_height: 800,
    region: { x: 100, y: 200, width: 200, height: 100 },
    motivation: "sketching",
    selector: { type: "InkSelector", width: 3, strokes: [[[150, 220, 0.4], [250, 280, 0.9]]] },
    body: null,
    color: "#dc2626",
    thumbnail_url: "/files/t2?sig=a",
    image_url: null,
    shared_at: "2026-12-07T18:00:00Z",
    ...overrides,
  };
}

describe("AnnotationCard", () => {
  it("crops the page picture to the shared region", () => {
    render(<AnnotationCard annotation={shared()} title="Energy, by hand" />);
    const picture = screen.getByRole("img", { name: "Page 2, the part around the sketch" });
    expect(picture).toHaveAttribute("src", "/files/t2?sig=a");
    // The page is 2 regions wide and 8 high; the region starts half a region in and 2 down.
    expect(picture.style.width).toBe("200%");
    expect(picture.style.height).toBe("800%");
    expect(picture.style.left).toBe("-50%");
    expect(picture.style.top).toBe("-200%");
    expect(screen.getByText("Sketch on page 2 of Energy, by hand")).toBeInTheDocument();
  });

  it("draws the strokes in page units over exactly that region", () => {
    const { container } = render(<AnnotationCard annotation={shared()} />);
    const svg = container.querySelector("svg")!;
    expect(svg).toHaveAttribute("viewBox", "100 200 200 100");
    const paths = svg.querySelectorAll("path");
    expect(paths).toHaveLength(1);
    expect(paths[0]!.getAttribute("d")).toMatch(/^M1[45]\d/);
    expect(svg.querySelector("g")).toHaveAttribute("fill", "#dc2626");
  });

  it("prefers the full photo and shows a highlight as a tinted box", () => {
    const { container } = render(
      <AnnotationCard
        annotation={shared({ motivation: "highlighting", image_url: "/files/p2?sig=b", selector: { type: "FragmentSelector", value: "xywh=120,210,50,40" } })}
      />,
    );
    expect(screen.getByRole("img")).toHaveAttribute("src", "/files/p2?sig=b");
    const box = container.querySelector("svg rect")!;
    expect([box.getAttribute("x"), box.getAttribute("y"), box.getAttribute("width"), box.getAttribute("height")]).toEqual(["120", "210", "50", "40"]);
  });

  it("places a comment's pin within the region and shows its text", () => {
    const { container } = render(
      <AnnotationCard annotation={shared({ motivation: "commenting", body: { type: "TextualBody", value: "Why is this squared?" }, selector: { type: "FragmentSelector", value: "xywh=150,250,0,0" } })} />,
    );
    expect(screen.getByText("Why is this squared?")).toBeInTheDocument();
    expect(screen.getByText("Comment on page 2")).toBeInTheDocument();
    const pin = container.querySelector<HTMLElement>("span[aria-hidden='true'].absolute")!;
    expect(pin.style.left).toBe("25%");
    expect(pin.style.top).toBe("50%");
  });
});
