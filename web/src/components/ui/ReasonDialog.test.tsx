import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../../api/errors";
import { ReasonDialog, type ReasonDialogProps } from "./ReasonDialog";

function open(props: Partial<ReasonDialogProps> = {}) {
  const onClose = vi.fn();
  const onSubmit = vi.fn<(reason: string) => Promise<unknown>>(() => Promise.resolve());
  render(
    <ReasonDialog
      title="Hide this post"
      description="The author is told why."
      maxLength={100}
      requiredMessage="Give the author a reason."
      submitLabel="Hide post"
      errorTitle="We couldn't hide it"
      onSubmit={onSubmit}
      onClose={onClose}
      {...props}
    />,
  );
  return { onClose, onSubmit, dialog: screen.getByRole("dialog", { name: "Hide this post" }) };
}

describe("ReasonDialog", () => {
  it("asks for a required reason before sending it trimmed, then closes", async () => {
    const { dialog, onSubmit, onClose } = open();
    const field = within(dialog).getByLabelText("Reason");
    expect(field).toHaveFocus();
    expect(field).toHaveAttribute("maxlength", "100");
    await userEvent.click(within(dialog).getByRole("button", { name: "Hide post" }));
    expect(field).toHaveAccessibleDescription("Give the author a reason.");
    expect(onSubmit).not.toHaveBeenCalled();

    await userEvent.type(field, "  Off topic  ");
    expect(field).not.toHaveAttribute("aria-invalid");
    await userEvent.click(within(dialog).getByRole("button", { name: "Hide post" }));
    expect(onSubmit).toHaveBeenCalledWith("Off topic");
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it("sends an empty reason when it is optional", async () => {
    const { dialog, onSubmit } = open({ requiredMessage: undefined, label: "Note to the author", submitLabel: "Restore post" });
    expect(within(dialog).getByLabelText(/Note to the author/)).toBeInTheDocument();
    expect(within(dialog).getByText("(optional)")).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Restore post" }));
    expect(onSubmit).toHaveBeenCalledWith("");
  });

  it("stays open with the server's answer: on the field when it is about the reason, above it otherwise", async () => {
    const failures: ApiError[] = [
      new ApiError(422, { code: "invalid_input", message: "Bad", details: { fields: { reason: "Too long for a reason." } } }),
      new ApiError(409, { code: "cannot_modify_self", message: "Not yourself" }),
    ];
    const { dialog, onClose } = open({ onSubmit: () => Promise.reject(failures.shift() ?? new Error("no more failures")) });
    const field = within(dialog).getByLabelText("Reason");
    await userEvent.type(field, "Spam");
    await userEvent.click(within(dialog).getByRole("button", { name: "Hide post" }));
    expect(await within(dialog).findByText("Too long for a reason.")).toBeInTheDocument();
    expect(field).toHaveAttribute("aria-invalid", "true");

    await userEvent.click(within(dialog).getByRole("button", { name: "Hide post" }));
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("We couldn't hide it");
    expect(alert).toHaveTextContent("You can't suspend, delete or demote your own account.");
    expect(onClose).not.toHaveBeenCalled();
    expect(within(dialog).getByRole("button", { name: "Hide post" })).toBeEnabled();
  });
});
