import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ChangeBadge } from "./ContentReviewBits";

describe("the change badge", () => {
  it("tells a new item, an edit of a live one, and a freshly approved one apart", () => {
    const { rerender } = render(<ChangeBadge item={{ live_version: null, latest_version: 1 }} />);
    expect(screen.getByText("New")).toBeInTheDocument();
    rerender(<ChangeBadge item={{ live_version: 2, latest_version: 4 }} />);
    expect(screen.getByText("Edit of live v2")).toBeInTheDocument();
    // Approving version 2 makes it live: nothing is waiting, it is no edit of itself.
    rerender(<ChangeBadge item={{ live_version: 2, latest_version: 2 }} />);
    expect(screen.queryByText(/Edit of live/)).toBeNull();
    expect(screen.getByText("Live v2")).toBeInTheDocument();
  });
});
