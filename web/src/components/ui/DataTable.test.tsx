import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { DataTable, type Column } from "./DataTable";
import { Pagination } from "./Pagination";

interface Row {
  id: string;
  name: string;
}

const columns: Array<Column<Row>> = [
  { key: "name", header: "Name", cell: (row) => row.name },
  { key: "id", header: "ID", cell: (row) => row.id },
];

describe("DataTable", () => {
  it("renders a row per item under labelled headers", () => {
    render(<DataTable caption="People" columns={columns} rows={[{ id: "1", name: "Ada" }, { id: "2", name: "Grace" }]} rowKey={(r) => r.id} />);
    const table = screen.getByRole("table", { name: "People" });
    expect(within(table).getAllByRole("columnheader").map((th) => th.textContent)).toEqual(["Name", "ID"]);
    expect(within(table).getAllByRole("row")).toHaveLength(3);
    expect(within(table).getByText("Grace")).toBeInTheDocument();
  });

  it("shows skeleton rows while the first page loads", () => {
    render(<DataTable caption="People" columns={columns} rows={undefined} rowKey={(r) => r.id} loading skeletonRows={4} />);
    expect(screen.getAllByTestId("skeleton-row")).toHaveLength(4);
    expect(screen.getByRole("table")).toHaveAttribute("aria-busy", "true");
  });

  it("keeps showing the previous rows while the next page loads", () => {
    render(<DataTable caption="People" columns={columns} rows={[{ id: "1", name: "Ada" }]} rowKey={(r) => r.id} loading />);
    expect(screen.queryAllByTestId("skeleton-row")).toHaveLength(0);
    expect(screen.getByText("Ada")).toBeInTheDocument();
  });

  it("shows the empty state when there is nothing", () => {
    render(<DataTable caption="People" columns={columns} rows={[]} rowKey={(r) => r.id} empty={<p>Nobody here</p>} />);
    expect(screen.getByText("Nobody here")).toBeInTheDocument();
  });
});

describe("Pagination", () => {
  it("summarises the visible range and moves between pages", async () => {
    const onPageChange = vi.fn();
    render(<Pagination page={2} pageSize={20} total={45} onPageChange={onPageChange} noun="users" />);
    expect(screen.getByRole("navigation", { name: "Pagination" })).toHaveTextContent("Showing 21–40 of 45 users");
    expect(screen.getByRole("button", { name: "Page 2" })).toHaveAttribute("aria-current", "page");

    await userEvent.click(screen.getByRole("button", { name: "Next page" }));
    await userEvent.click(screen.getByRole("button", { name: "Page 1" }));
    expect(onPageChange.mock.calls).toEqual([[3], [1]]);
  });

  it("disables the arrows at the ends", () => {
    const { rerender } = render(<Pagination page={1} pageSize={20} total={45} onPageChange={() => undefined} />);
    expect(screen.getByRole("button", { name: "Previous page" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Next page" })).toBeEnabled();
    rerender(<Pagination page={3} pageSize={20} total={45} onPageChange={() => undefined} />);
    expect(screen.getByRole("button", { name: "Next page" })).toBeDisabled();
  });
});
