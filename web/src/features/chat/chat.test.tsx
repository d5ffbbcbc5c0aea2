import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { BookedSession } from "../../api/bookings";
import { mergeMessages, type ChatMessage, type ChatRoom, type ChatSharing as ChatSharingState } from "../../api/chat";
import { AppRoutes } from "../../app/routes";
import { FakeWebSocket } from "../../test/fake-websocket";
import { MENTOR_ID, publicMentor } from "../../test/marketplace-fixtures";
import { json, makeUser, mockApi, type Call } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import { bookedSession } from "../../test/booking-fixtures";

const STUDENT = makeUser({ display_name: "Sam Taylor" });
const SESSION_ID = "60000000-0000-4000-8000-000000000007";
const CHANNEL = `session:${SESSION_ID}`;

function session(overrides: Partial<BookedSession> = {}): BookedSession {
  const start = new Date(Date.now() - 10 * 60_000);
  return bookedSession({
    start,
    id: SESSION_ID,
    student_id: STUDENT.id,
    price: 5000,
    refund_if_cancelled_now: 0,
    ...overrides,
  });
}

function room(overrides: Partial<ChatRoom> = {}): ChatRoom {
  return {
    session_id: SESSION_ID,
    channel: CHANNEL,
    session_status: "confirmed",
    opens_at: new Date(Date.now() - 25 * 60_000).toISOString(),
    closes_at: new Date(Date.now() + 86_400_000).toISOString(),
    open: true,
    can_send: true,
    last_seq: 0,
    participants: [
      { user_id: STUDENT.id, name: "Sam Taylor", role: "student", last_read_seq: 0 },
      { user_id: MENTOR_ID, name: "Amara Okafor", role: "mentor", last_read_seq: 0 },
    ],
    ...overrides,
  };
}

function message(seq: number, sender: string, body: string, html = `<p>${body}</p>`): ChatMessage {
  return {
    id: `70000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    session_id: SESSION_ID,
    seq,
    client_id: `client-${seq}`,
    sender_id: sender,
    sender_role: sender === STUDENT.id ? "student" : "mentor",
    body,
    html,
    attachments: [],
    created_at: new Date().toISOString(),
  };
}

function page(items: ChatMessage[], hasMore = false) {
  return json({ items, last_seq: items.at(-1)?.seq ?? 0, has_more: hasMore });
}

function sharing(overrides: Partial<ChatSharingState> = {}): ChatSharingState {
  return { session_id: SESSION_ID, student_name_shown: false, shared: false, thread_id: null, shared_at: null, ...overrides };
}

function serve(state: { log: ChatMessage[]; room: ChatRoom; session?: BookedSession; me?: typeof STUDENT }, extra: Record<string, (call: Call) => Response> = {}) {
  return mockApi({
    "GET /api/v1/me": () => json(state.me ?? STUDENT),
    [`GET /api/v1/bookings/${SESSION_ID}/chat/sharing`]: () => json(sharing()),
    [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(publicMentor()),
    [`GET /api/v1/bookings/${SESSION_ID}`]: () => json(state.session ?? session()),
    [`GET /api/v1/bookings/${SESSION_ID}/chat`]: () => json(state.room),
    [`GET /api/v1/bookings/${SESSION_ID}/chat/messages`]: (call) => {
      const after = call.search.get("after");
      return page(after === null ? state.log.slice(-50) : state.log.filter((m) => m.seq > Number(after)));
    },
    [`POST /api/v1/bookings/${SESSION_ID}/chat/read`]: (call) =>
      json({ user_id: STUDENT.id, last_read_seq: (call.body as { seq: number }).seq, read_at: new Date().toISOString() }),
    [`POST /api/v1/bookings/${SESSION_ID}/chat/typing`]: () => new Response(null, { status: 204 }),
    ...extra,
  });
}

describe("merging chat pages", () => {
  it("keeps each message once, in the room's order", () => {
    const a = message(1, STUDENT.id, "a");
    const b = message(2, MENTOR_ID, "b");
    const c = message(3, STUDENT.id, "c");
    expect(mergeMessages([b, c], [a, b]).map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(mergeMessages([], [])).toEqual([]);
  });
});

describe("the session chat", { timeout: 20_000 }, () => {
  it("shows the history with formulas, sends once with a client id and catches up when the socket says so", async () => {
    const state = {
      log: [message(1, MENTOR_ID, "Hi Sam!"), message(2, MENTOR_ID, "$x^2$", '<p><span data-type="inline-math" data-latex="x^2"></span></p>')],
      room: room({ last_seq: 2 }),
    };
    const calls = serve(state, {
      [`POST /api/v1/bookings/${SESSION_ID}/chat/messages`]: (call) => {
        const sent = call.body as { client_id: string; body: string; attachment_ids: string[] };
        const stored = { ...message(state.log.length + 1, STUDENT.id, sent.body), client_id: sent.client_id };
        state.log.push(stored);
        return json(stored, 201);
      },
    });
    renderWithProviders(<AppRoutes />, { route: `/sessions/${SESSION_ID}` });
    const log = await screen.findByRole("log", { name: "Chat" });
    expect(await within(log).findByText("Hi Sam!")).toBeInTheDocument();
    await waitFor(() => expect(log.querySelector(".katex")).not.toBeNull());
    expect(within(log).getAllByText("Amara Okafor")).toHaveLength(2);
    // What is shown is marked read.
    await waitFor(() => expect(calls.find((c) => c.path.endsWith("/chat/read"))?.body).toEqual({ seq: 2 }));

    const box = screen.getByLabelText("Message");
    await userEvent.type(box, "Is it $2x$?{Enter}");
    expect(await within(log).findByText(/Is it/)).toBeInTheDocument();
    const sends = calls.filter((c) => c.method === "POST" && c.path.endsWith("/chat/messages"));
    expect(sends).toHaveLength(1);
    const body = sends[0]?.body as { client_id: string; body: string; attachment_ids: string[] };
    expect(body.body).toBe("Is it $2x$?");
    expect(body.attachment_ids).toEqual([]);
    expect(body.client_id).toMatch(/^web-[0-9a-f-]{36}$/);
    expect(box).toHaveValue("");
    expect(calls.some((c) => c.path.endsWith("/chat/typing"))).toBe(true);

    // The socket only says that message 4 exists: the client fetches what follows its last.
    const socket = FakeWebSocket.latest();
    act(() => socket.open());
    expect(socket.frames()).toContainEqual({ type: "subscribe", channel: CHANNEL });
    act(() => socket.receive({ type: "subscribed", channel: CHANNEL }));
    act(() => socket.receive({ type: "message", channel: CHANNEL, data: { type: "chat.typing", session_id: SESSION_ID, user_id: MENTOR_ID } }));
    expect(await screen.findByText("Amara Okafor is typing…")).toBeInTheDocument();
    state.log.push(message(4, MENTOR_ID, "Yes, exactly."));
    act(() => socket.receive({ type: "message", channel: CHANNEL, data: { type: "chat.message", session_id: SESSION_ID, seq: 4, id: state.log[3]!.id, sender_id: MENTOR_ID } }));
    expect(await within(log).findByText("Yes, exactly.")).toBeInTheDocument();
    expect(screen.queryByText("Amara Okafor is typing…")).not.toBeInTheDocument();
    const afters = calls.filter((c) => c.path.endsWith("/chat/messages") && c.method === "GET" && c.search.has("after"));
    expect(afters.at(-1)?.search.get("after")).toBe("3");
    expect(within(log).getAllByRole("listitem").map((item) => item.textContent)).toEqual([
      expect.stringContaining("Hi Sam!"),
      expect.stringContaining("Amara Okafor"),
      expect.stringContaining("Is it"),
      expect.stringContaining("Yes, exactly."),
    ]);

    act(() => socket.receive({ type: "message", channel: CHANNEL, data: { type: "chat.read", session_id: SESSION_ID, user_id: MENTOR_ID, seq: 3 } }));
    expect(await within(log).findByText("Seen")).toBeInTheDocument();
  });

  it("is read-only once closed, and offers the transcript after the session", async () => {
    const past = Date.now() - 3 * 86_400_000;
    serve({
      log: [message(1, MENTOR_ID, "See you next week")],
      room: room({ open: false, can_send: false, last_seq: 1, closes_at: new Date(past + 25 * 3_600_000).toISOString() }),
      session: session({ status: "completed", starts_at: new Date(past).toISOString(), ends_at: new Date(past + 3_600_000).toISOString() }),
    });
    renderWithProviders(<AppRoutes />, { route: `/sessions/${SESSION_ID}` });
    expect(await screen.findByText("See you next week")).toBeInTheDocument();
    expect(screen.queryByLabelText("Message")).not.toBeInTheDocument();
    expect(screen.getAllByText("Closed: the history stays here to read").length).toBeGreaterThan(0);
    expect(screen.getByRole("link", { name: /Markdown/ })).toHaveAttribute("href", `/api/v1/bookings/${SESSION_ID}/chat/transcript.md`);
    expect(screen.getByRole("link", { name: /HTML/ })).toHaveAttribute("href", `/api/v1/bookings/${SESSION_ID}/chat/transcript.html`);
  });

  it("marks messages that came while the tab was hidden read once the reader is back", async () => {
    const state = { log: [message(1, MENTOR_ID, "Hello")], room: room({ last_seq: 1 }) };
    const calls = serve(state);
    renderWithProviders(<AppRoutes />, { route: `/sessions/${SESSION_ID}` });
    const log = await screen.findByRole("log", { name: "Chat" });
    await waitFor(() => expect(calls.filter((c) => c.path.endsWith("/chat/read"))).toHaveLength(1));

    const visibility = vi.spyOn(document, "visibilityState", "get").mockReturnValue("hidden");
    act(() => {
      document.dispatchEvent(new Event("visibilitychange"));
    });
    const socket = FakeWebSocket.latest();
    act(() => socket.open());
    act(() => socket.receive({ type: "subscribed", channel: CHANNEL }));
    state.log.push(message(2, MENTOR_ID, "Are you there?"));
    act(() => socket.receive({ type: "message", channel: CHANNEL, data: { type: "chat.message", session_id: SESSION_ID, seq: 2, id: state.log[1]!.id, sender_id: MENTOR_ID } }));
    expect(await within(log).findByText("Are you there?")).toBeInTheDocument();
    expect(calls.filter((c) => c.path.endsWith("/chat/read"))).toHaveLength(1);

    visibility.mockReturnValue("visible");
    act(() => {
      document.dispatchEvent(new Event("visibilitychange"));
    });
    await waitFor(() => expect(calls.filter((c) => c.path.endsWith("/chat/read")).at(-1)?.body).toEqual({ seq: 2 }));
    visibility.mockRestore();
  });

  it("lets the student choose to be named, and the mentor share the finished chat in the forum", async () => {
    const past = Date.now() - 3 * 86_400_000;
    const finished = {
      log: [message(1, STUDENT.id, "Why $x^2$?")],
      room: room({ open: false, can_send: false, last_seq: 1 }),
      session: session({ status: "completed", starts_at: new Date(past).toISOString(), ends_at: new Date(past + 3_600_000).toISOString() }),
    };
    const studentCalls = serve(finished, {
      [`PUT /api/v1/bookings/${SESSION_ID}/chat/sharing`]: (call) => json(sharing(call.body as { student_name_shown: boolean })),
    });
    const view = renderWithProviders(<AppRoutes />, { route: `/sessions/${SESSION_ID}` });
    const choice = await screen.findByRole("checkbox", { name: /If Amara Okafor shares this conversation in the forum, show my name/ });
    expect(choice).not.toBeChecked();
    await userEvent.click(choice);
    await waitFor(() => expect(choice).toBeChecked());
    expect(studentCalls.find((c) => c.method === "PUT")?.body).toEqual({ student_name_shown: true });
    view.unmount();

    const threadId = "80000000-0000-4000-8000-000000000001";
    const mentorCalls = serve(
      { ...finished, me: makeUser({ id: MENTOR_ID, display_name: "Amara Okafor", role: "mentor" }) },
      {
        "GET /api/v1/forum/categories": () =>
          json([{ id: "90000000-0000-4000-8000-000000000001", name: "Mechanics", slug: "mechanics", description: "", position: 0, subject_id: null, thread_count: 3 }]),
        [`POST /api/v1/bookings/${SESSION_ID}/chat/forum-thread`]: () =>
          json(sharing({ shared: true, thread_id: threadId, shared_at: new Date().toISOString() }), 201),
      },
    );
    renderWithProviders(<AppRoutes />, { route: `/sessions/${SESSION_ID}` });
    await userEvent.click(await screen.findByRole("button", { name: "Share in the forum" }));
    const form = screen.getByRole("form", { name: "Share in the forum" });
    await userEvent.click(within(form).getByRole("button", { name: "Share" }));
    expect(await within(form).findByText("Use 5 to 150 characters.")).toBeInTheDocument();
    expect(mentorCalls.some((c) => c.path.endsWith("/forum-thread"))).toBe(false);
    await userEvent.type(within(form).getByLabelText("Thread title"), "Why squares grow fast");
    await userEvent.selectOptions(within(form).getByLabelText("Category"), "mechanics");
    await userEvent.click(within(form).getByRole("button", { name: "Share" }));
    expect(await screen.findByRole("link", { name: "Open the thread" })).toHaveAttribute("href", `/forum/t/${threadId}`);
    expect(mentorCalls.find((c) => c.path.endsWith("/forum-thread"))?.body).toEqual({ title: "Why squares grow fast", category: "mechanics" });
  });
});
