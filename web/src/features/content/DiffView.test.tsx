import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ContentDiff } from "../../api/content";
import { DiffView } from "./DiffView";

type Line = ContentDiff["lines"][number];

function diff(lines: Line[]): ContentDiff {
  const count = (op: Line["op"]) => lines.filter((line) => line.op === op).length;
  return {
    item_id: "00000000-0000-4000-8000-0000000000c1",
    from_version: 1,
    to_version: 2,
    changed: lines.some((line) => line.op !== "equal"),
    inserted: count("insert"),
    deleted: count("delete"),
    lines,
  };
}

const paragraph = (text: string, op: Line["op"] = "equal"): Line =>
  ({ op, block: { kind: "paragraph", inlines: [{ text }] } }) as Line;

describe("the version diff", () => {
  it("shows changes that have no text: a simulation, an image, a formula, formatting", () => {
    render(
      <DiffView
        fromLabel="Version 1"
        toLabel="Version 2"
        diff={diff([
          { op: "insert", block: { kind: "simulation", source: "https://phet.colorado.edu/sims/x", alt: "Skate park" } },
          { op: "delete", block: { kind: "image", source: "/files/content/m/one", alt: "A ramp" } },
          { op: "insert", block: { kind: "image", source: "/files/content/m/two", alt: "A ramp" } },
          { op: "insert", block: { kind: "formula", source: "E = mc^2" } },
          { op: "insert", block: { kind: "paragraph", inlines: [{ text: "Work is " }, { text: "force", marks: ["bold"] }] } },
        ] as Line[])}
      />,
    );
    const added = screen.getAllByRole("insertion");
    expect(added[0]).toHaveTextContent("Skate park");
    expect(added[0]).toHaveTextContent("https://phet.colorado.edu/sims/x");
    expect(screen.getByRole("deletion")).toHaveTextContent("/files/content/m/one");
    expect(added[1]).toHaveTextContent("/files/content/m/two");
    expect(within(added[2] as HTMLElement).getByRole("img")).toHaveAccessibleName(/squared/);
    expect(within(added[3] as HTMLElement).getByText("force").tagName).toBe("STRONG");
    expect(screen.getByText("4 blocks added")).toBeInTheDocument();
    expect(screen.getByText("1 block removed")).toBeInTheDocument();
    expect(screen.getAllByText(/^Added:/)).toHaveLength(4);
  });

  it("says when two versions are the same, and folds long unchanged stretches", async () => {
    const same = [paragraph("a"), paragraph("b")];
    const { unmount } = render(<DiffView fromLabel="Version 1" toLabel="Version 3" diff={diff(same)} />);
    expect(screen.getByText(/Version 1 and Version 3 are the same/)).toBeInTheDocument();
    unmount();

    const long = [..."abcdefgh"].map((letter) => paragraph(letter));
    render(<DiffView fromLabel="Version 1" toLabel="Version 2" diff={diff([...long, paragraph("new", "insert")])} />);
    expect(screen.queryByText("a")).toBeNull();
    expect(screen.getByText("g")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Show 6 unchanged blocks" }));
    expect(screen.getByText("a")).toBeInTheDocument();
  });
});
