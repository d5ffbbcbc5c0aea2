import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderWithProviders } from "../../test/render";
import { inkAnnotation } from "./annotations";
import { ShareAnnotationDialog, type ShareApi } from "./ShareAnnotationDialog";

const annotation = inkAnnotation([[[10, 10, 0.5], [20, 30, 0.5]]], 2, { page: 2, color: "#dc2626", visibility: "private" });

function fakeApi(): ShareApi & { [K in keyof ShareApi]: ReturnType<typeof vi.fn> } {
  return {
    threads: vi.fn(() => Promise.resolve([{ id: "thread-1", title: "Why is this squared?" }])),
    chats: vi.fn(() => Promise.resolve([{ sessionId: "session-1", label: "Amara and Kim · 18:10" }])),
    startThread: vi.fn(() => Promise.resolve({ threadId: "thread-9" })),
    reply: vi.fn(() => Promise.resolve()),
    sendToChat: vi.fn(() => Promise.resolve()),
  };
}

describe("ShareAnnotationDialog", () => {
  it("asks a new question with the annotation, and links to it", async () => {
    const api = fakeApi();
    renderWithProviders(<ShareAnnotationDialog annotation={annotation} lesson={{ itemId: "item-1", title: "Energy" }} api={api} onClose={() => {}} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Share" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("at least 5 characters");
    expect(api.startThread).not.toHaveBeenCalled();
    await user.type(screen.getByLabelText("Title"), "What is this curve?");
    await user.type(screen.getByLabelText("Your words"), "Look at my sketch");
    await user.click(screen.getByRole("button", { name: "Share" }));
    expect(await screen.findByRole("link", { name: "View your question" })).toHaveAttribute("href", "/forum/threads/thread-9");
    expect(api.startThread).toHaveBeenCalledWith({ title: "What is this curve?", body: "Look at my sketch", itemId: "item-1", annotationId: annotation.id });
  });

  it("sends it to an open session chat, words optional, and shows why it failed", async () => {
    const api = fakeApi();
    api.sendToChat.mockRejectedValueOnce(new Error("The annotation does not exist."));
    renderWithProviders(<ShareAnnotationDialog annotation={annotation} lesson={{ itemId: "item-1", title: "Energy" }} api={api} onClose={() => {}} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("radio", { name: /Send in a session chat/ }));
    await user.selectOptions(await screen.findByLabelText("Chat"), "session-1");
    await user.click(screen.getByRole("button", { name: "Share" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Not shared");
    await user.click(screen.getByRole("button", { name: "Share" }));
    await waitFor(() => expect(api.sendToChat).toHaveBeenCalledTimes(2));
    expect(api.sendToChat).toHaveBeenLastCalledWith("session-1", { body: "", annotationId: annotation.id });
    expect(await screen.findByRole("link", { name: "Open the chat" })).toHaveAttribute("href", "/sessions/session-1");
  });
});
