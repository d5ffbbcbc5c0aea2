import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { uploadPercent } from "../../lib/files";
import { UploadProgress } from "./UploadProgress";

describe("UploadProgress", () => {
  it("shows real progress as a labelled progress bar", () => {
    render(<UploadProgress name="diploma.pdf" size={2_000_000} loaded={500_000} total={2_000_000} status="uploading" />);
    const bar = screen.getByRole("progressbar", { name: "Uploading diploma.pdf" });
    expect(bar).toHaveAttribute("aria-valuenow", "25");
    expect(bar).toHaveAttribute("aria-valuetext", "25% of 1.9 MB");
    expect(screen.getByText("25%")).toBeInTheDocument();
  });

  it("can be cancelled while uploading", async () => {
    const cancel = vi.fn();
    render(<UploadProgress name="a.pdf" size={10} loaded={1} total={10} status="uploading" onCancel={cancel} onDismiss={vi.fn()} />);
    expect(screen.queryByRole("button", { name: "Dismiss a.pdf" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Cancel upload of a.pdf" }));
    expect(cancel).toHaveBeenCalledOnce();
  });

  it("fills up when done", () => {
    render(<UploadProgress name="a.pdf" size={10} loaded={3} total={10} status="done" />);
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
    expect(screen.getByText("Uploaded")).toBeInTheDocument();
  });

  it("says why it failed and offers a retry when that could help", async () => {
    const retry = vi.fn();
    render(<UploadProgress name="a.pdf" size={10} loaded={0} total={10} status="error" error="The connection dropped." onRetry={retry} />);
    expect(screen.getByRole("alert")).toHaveTextContent("The connection dropped.");
    expect(screen.queryByRole("progressbar")).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Retry a.pdf" }));
    expect(retry).toHaveBeenCalledOnce();
  });

  it("computes whole, clamped percentages", () => {
    expect(uploadPercent(1, 3)).toBe(33);
    expect(uploadPercent(5, 0)).toBe(0);
    expect(uploadPercent(12, 10)).toBe(100);
  });
});
