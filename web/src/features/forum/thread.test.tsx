import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ForumPost, ForumThread } from "../../api/forum";
import type { Me } from "../../api/types";
import { AppRoutes } from "../../app/routes";
import { ADMIN, author, CATALOG, detail, MENTOR, OTHER, post, STUDENT, thread, THREAD_ID } from "../../test/forum-fixtures";
import { FakeWebSocket } from "../../test/fake-websocket";
import { apiError, json, mockApi, noContent, type Call } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";

beforeAll(async () => {
  await Promise.all([import("./ThreadPage"), import("../content/ContentBody")]);
}, 60_000);

beforeEach(() => {
  window.localStorage.clear();
});

const CHANNEL = `thread:${THREAD_ID}`;
const ROUTE = `/forum/t/${THREAD_ID}`;

interface State {
  thread: ForumThread;
  posts: ForumPost[];
  nextCursor?: string | null;
}

/** A conversation several levels deep: #5 answers #4, which is already at the deepest level. */
function conversation(): State {
  return {
    thread: thread({ reply_count: 4, watching: true }),
    posts: [
      post(1, { markdown: "Two balls, one dropped, one thrown.", html: "<p>Two balls, one dropped, one thrown.</p>", score: 2, upvotes: 2 }),
      post(2, { author: author(MENTOR, { badges: ["verified_mentor"], is_content_author: true }), html: "<p>Gravity acts the same on both.</p>", score: 3, upvotes: 3, parent_id: null, depth: 1 }),
      post(3, { author: author(OTHER), html: "<p>But the thrown one goes further?</p>", depth: 2, parent_id: post(2).id }),
      post(4, { author: author(ADMIN, { badges: ["admin"] }), html: "<p>Further, not longer.</p>", depth: 3, parent_id: post(3).id }),
      post(5, {
        author: author(OTHER),
        html: "<p>Thanks, that makes sense.</p>",
        depth: 3,
        parent_id: post(4).id,
        flattened: true,
        reply_to: { post_id: post(4).id, number: 4, author_name: ADMIN.display_name },
      }),
    ],
  };
}

function serve(state: State, viewer: Me | null, extra: Record<string, (call: Call) => Response | Promise<Response>> = {}) {
  return mockApi({
    "GET /api/v1/me": () => (viewer ? json(viewer) : apiError(401, "not_authenticated")),
    "GET /api/v1/catalog": () => json(CATALOG),
    [`GET /api/v1/forum/threads/${THREAD_ID}`]: () => json(detail(state)),
    ...extra,
  });
}

const threadReads = (calls: Call[]) => calls.filter((call) => call.method === "GET" && call.path === `/api/v1/forum/threads/${THREAD_ID}`);
const article = (name: RegExp | string) => screen.getByRole("article", { name });

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe("a forum thread", { timeout: 20_000 }, () => {
  it("shows the opening post, then the replies nested as the API orders them, with badges and 'replying to'", async () => {
    serve(conversation(), STUDENT);
    renderWithProviders(<AppRoutes />, { route: ROUTE });

    expect(await screen.findByRole("heading", { level: 1, name: "Why does the ball land at the same time?" })).toBeInTheDocument();
    expect(document.title).toBe("Why does the ball land at the same time? · Mentora");
    const opening = article("Post #1 by Sam Taylor");
    expect(await within(opening).findByText("Two balls, one dropped, one thrown.")).toBeInTheDocument();
    expect(opening).toHaveAttribute("id", "post-1");

    const replies = screen.getByRole("list", { name: "Replies" });
    const items = within(replies).getAllByRole("listitem");
    expect(items.map((item) => within(item).getByRole("article").getAttribute("id"))).toEqual(["post-2", "post-3", "post-4", "post-5"]);
    // Depth 3 is the deepest indentation; #5 stays there and says whom it answers.
    expect(items[3]!.className).toBe(items[2]!.className);
    expect(items[1]!.className).not.toBe(items[2]!.className);
    const deepest = article("Post #5 by Lee Chen");
    expect(within(deepest).getByRole("link", { name: "#4 Grace Hopper" })).toHaveAttribute("href", "#post-4");
    expect(within(article("Post #4 by Grace Hopper")).queryByText(/replying to/)).not.toBeInTheDocument();

    const mentor = article("Post #2 by Amara Okafor");
    expect(within(mentor).getByText("Verified Mentor")).toBeInTheDocument();
    expect(within(mentor).getByText("Author of this lesson")).toBeInTheDocument();
    expect(within(article("Post #4 by Grace Hopper")).getByText("Admin")).toBeInTheDocument();
    expect(within(article("Post #3 by Lee Chen")).queryByText("Verified Mentor")).not.toBeInTheDocument();
  });

  it("counts a vote at once and takes it back when the server refuses it", async () => {
    const state = conversation();
    const answer = deferred<Response>();
    const calls = serve(state, STUDENT, { [`PUT /api/v1/forum/posts/${post(2).id}/vote`]: () => answer.promise });
    renderWithProviders(<AppRoutes />, { route: ROUTE });
    const votes = within(await screen.findByRole("article", { name: "Post #2 by Amara Okafor" })).getByRole("group", { name: "Votes" });
    expect(votes).toHaveTextContent("3");

    await userEvent.click(within(votes).getByRole("button", { name: "Vote up" }));
    expect(votes).toHaveTextContent("4");
    expect(within(votes).getByRole("button", { name: "Vote up" })).toHaveAttribute("aria-pressed", "true");
    expect(calls.find((call) => call.method === "PUT")?.body).toEqual({ value: 1 });

    act(() => answer.resolve(apiError(429, "rate_limited", "Slow down", { retry_after_seconds: 60 })));
    await waitFor(() => expect(votes).toHaveTextContent("3"));
    expect(within(votes).getByRole("button", { name: "Vote up" })).toHaveAttribute("aria-pressed", "false");
    expect(await screen.findByText("Your vote didn't count")).toBeInTheDocument();

    // Your own posts take no votes.
    const mine = within(article("Post #1 by Sam Taylor")).getByRole("group", { name: "Votes" });
    expect(within(mine).getByRole("button", { name: "Vote up" })).toBeDisabled();
  });

  it("changes a vote: down after up sends -1 and moves the score by two", async () => {
    const state = conversation();
    state.posts[1] = { ...state.posts[1]!, my_vote: 1 };
    const calls = serve(state, STUDENT, {
      [`PUT /api/v1/forum/posts/${post(2).id}/vote`]: () => json({ post_id: post(2).id, score: 1, upvotes: 2, downvotes: 1, my_vote: -1 }),
    });
    renderWithProviders(<AppRoutes />, { route: ROUTE });
    const votes = within(await screen.findByRole("article", { name: "Post #2 by Amara Okafor" })).getByRole("group", { name: "Votes" });
    await userEvent.click(within(votes).getByRole("button", { name: "Vote down" }));
    expect(votes).toHaveTextContent("1");
    expect(calls.find((call) => call.method === "PUT")?.body).toEqual({ value: -1 });
  });

  it("puts the accepted answer first, right after the opening post", async () => {
    const state = conversation();
    const calls = serve(state, STUDENT, {
      [`PUT /api/v1/forum/threads/${THREAD_ID}/accepted`]: (call) => {
        state.thread = { ...state.thread, solved: true, accepted_post_id: (call.body as { post_id: string }).post_id };
        return json(state.thread);
      },
    });
    renderWithProviders(<AppRoutes />, { route: ROUTE });
    const answer = await screen.findByRole("article", { name: "Post #4 by Grace Hopper" });
    expect(screen.queryByRole("region", { name: "Solution" })).not.toBeInTheDocument();

    // The thread's author may accept; the opening post is not an answer.
    expect(within(article("Post #1 by Sam Taylor")).queryByRole("button", { name: "Accept answer" })).not.toBeInTheDocument();
    await userEvent.click(within(answer).getByRole("button", { name: "Accept answer" }));

    const solution = await screen.findByRole("region", { name: "Solution" });
    expect(within(solution).getByRole("article", { name: "Accepted answer" })).toHaveTextContent("Further, not longer.");
    expect(calls.find((call) => call.path.endsWith("/accepted"))?.body).toEqual({ post_id: post(4).id });
    // Order on the page: the opening post, the answer, then the replies.
    const opening = article("Post #1 by Sam Taylor");
    const replies = screen.getByRole("list", { name: "Replies" });
    expect(opening.compareDocumentPosition(solution) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(solution.compareDocumentPosition(replies) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(replies).getByRole("link", { name: /Accepted answer by Grace Hopper/ })).toHaveAttribute("href", "#post-4");
    await waitFor(() => expect(screen.getByText("Solved")).toBeInTheDocument());
  });

  it("shows the API's refusal to accept an answer", async () => {
    const state = conversation();
    serve(state, MENTOR, {
      [`PUT /api/v1/forum/threads/${THREAD_ID}/accepted`]: () =>
        apiError(403, "forum_accept_not_allowed", "Only the thread's author, a verified mentor or an administrator can mark the accepted answer."),
    });
    renderWithProviders(<AppRoutes />, { route: ROUTE });
    const answer = await screen.findByRole("article", { name: "Post #3 by Lee Chen" });
    await userEvent.click(within(answer).getByRole("button", { name: "Accept answer" }));
    expect(await screen.findByText("We couldn't accept this answer")).toBeInTheDocument();
    expect(screen.getByText(/Only the thread's author, a verified mentor or an administrator/)).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Solution" })).not.toBeInTheDocument();
  });

  it("flags a post with the reason chosen; your own posts can't be flagged", async () => {
    const state = conversation();
    const calls = serve(state, STUDENT, { [`POST /api/v1/forum/posts/${post(3).id}/flags`]: () => json({ hidden: false }) });
    renderWithProviders(<AppRoutes />, { route: ROUTE });
    const target = await screen.findByRole("article", { name: "Post #3 by Lee Chen" });
    expect(within(article("Post #1 by Sam Taylor")).getByRole("button", { name: "Flag" })).toBeDisabled();

    await userEvent.click(within(target).getByRole("button", { name: "Flag" }));
    const dialog = screen.getByRole("dialog", { name: "Flag this post" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Flag post" }));
    expect(within(dialog).getByRole("alert")).toHaveTextContent("Choose what is wrong with the post.");
    await userEvent.click(within(dialog).getByRole("radio", { name: /Inappropriate/ }));
    await userEvent.type(within(dialog).getByLabelText(/Details/), "Mocks another student.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Flag post" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(calls.find((call) => call.path.endsWith("/flags"))?.body).toEqual({ reason: "Inappropriate: Mocks another student." });
    expect(within(target).getByText("You flagged this")).toBeInTheDocument();
    expect(within(target).queryByRole("button", { name: "Flag" })).not.toBeInTheDocument();
  });

  it("follows the thread live: a new post, a vote and an accepted answer appear without a reload", async () => {
    const state = conversation();
    const calls = serve(state, OTHER);
    const { queryClient } = renderWithProviders(<AppRoutes />, { route: ROUTE });
    await screen.findByRole("article", { name: "Post #5 by Lee Chen" });

    const socket = FakeWebSocket.latest();
    act(() => socket.open());
    expect(socket.frames()).toContainEqual({ type: "subscribe", channel: CHANNEL });
    act(() => socket.receive({ type: "subscribed", channel: CHANNEL }));
    await waitFor(() => expect(threadReads(calls).length).toBeGreaterThanOrEqual(2));
    const before = threadReads(calls).length;

    const created = post(6, { author: author(MENTOR, { badges: ["verified_mentor"] }), html: "<p>Both fall 4.9 m in the first second.</p>", depth: 1 });
    state.posts.push(created);
    act(() => socket.receive({ type: "message", channel: CHANNEL, data: { type: "forum.post_created", thread_id: THREAD_ID, post_id: created.id, number: 6 } }));
    expect(await screen.findByText("Both fall 4.9 m in the first second.")).toBeInTheDocument();
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    const after = threadReads(calls).length;
    expect(after).toBeGreaterThan(before);

    // A vote carries its new score: no round trip.
    act(() => socket.receive({ type: "message", channel: CHANNEL, data: { type: "forum.post_voted", thread_id: THREAD_ID, post_id: post(2).id, score: 9 } }));
    await waitFor(() => expect(within(article("Post #2 by Amara Okafor")).getByRole("group", { name: "Votes" })).toHaveTextContent("9"));
    expect(threadReads(calls).length).toBe(after);

    state.thread = { ...state.thread, solved: true, accepted_post_id: created.id };
    act(() => socket.receive({ type: "message", channel: CHANNEL, data: { type: "forum.answer_accepted", thread_id: THREAD_ID, post_id: created.id } }));
    const solution = await screen.findByRole("region", { name: "Solution" });
    expect(within(solution).getByText("Both fall 4.9 m in the first second.")).toBeInTheDocument();

    // Messages about other threads are not for this page.
    act(() => socket.receive({ type: "message", channel: CHANNEL, data: { type: "forum.post_created", thread_id: "other", post_id: "x", number: 1 } }));
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    expect(threadReads(calls).length).toBe(after + 1);
  });

  it("tells a reader further up that new replies arrived, without moving the page", async () => {
    const state = conversation();
    serve(state, STUDENT);
    renderWithProviders(<AppRoutes />, { route: ROUTE });
    await screen.findByRole("article", { name: "Post #5 by Lee Chen" });
    // The reader is far from the end of a long page.
    Object.defineProperty(document.documentElement, "scrollHeight", { configurable: true, value: 5000 });
    try {
      const socket = FakeWebSocket.latest();
      act(() => socket.open());
      const created = post(6, { author: author(OTHER), html: "<p>Late to the party</p>" });
      state.posts.push(created);
      act(() => socket.receive({ type: "message", channel: CHANNEL, data: { type: "forum.post_created", thread_id: THREAD_ID, post_id: created.id, number: 6 } }));
      expect(await screen.findByText("Late to the party")).toBeInTheDocument();
      await userEvent.click(screen.getByRole("button", { name: "1 new reply" }));
      expect(screen.queryByRole("button", { name: "1 new reply" })).not.toBeInTheDocument();
    } finally {
      Reflect.deleteProperty(document.documentElement, "scrollHeight");
    }
  });

  it("replies under a post, and posts once", async () => {
    const state = conversation();
    const calls = serve(state, STUDENT, {
      [`POST /api/v1/forum/threads/${THREAD_ID}/posts`]: (call) => {
        const sent = call.body as { body: string; parent_id: string | null };
        const created = post(6, { html: `<p>${sent.body}</p>`, depth: 2, parent_id: sent.parent_id });
        state.posts.splice(2, 0, created);
        return json(created, 201);
      },
    });
    renderWithProviders(<AppRoutes />, { route: ROUTE });
    const target = await screen.findByRole("article", { name: "Post #2 by Amara Okafor" });
    await userEvent.click(within(target).getByRole("button", { name: "Reply" }));
    const box = within(target).getByLabelText("Reply to Amara Okafor");
    expect(box).toHaveFocus();
    await userEvent.type(box, "So mass doesn't matter?");
    await userEvent.click(within(target).getByRole("button", { name: "Post reply" }));

    expect(await screen.findByText("So mass doesn't matter?")).toBeInTheDocument();
    const sends = calls.filter((call) => call.method === "POST" && call.path.endsWith("/posts"));
    expect(sends).toHaveLength(1);
    expect(sends[0]?.body).toEqual({ body: "So mass doesn't matter?", parent_id: post(2).id });
    expect(within(article("Post #2 by Amara Okafor")).queryByLabelText("Reply to Amara Okafor")).not.toBeInTheDocument();
  });

  it("edits and deletes your own posts; edited posts show their history", async () => {
    const state = conversation();
    state.posts[1] = { ...state.posts[1]!, author: author(STUDENT), revision_count: 2, edited_at: "2026-03-01T11:00:00Z", markdown: "Gravity." };
    const calls = serve(state, STUDENT, {
      [`PATCH /api/v1/forum/posts/${post(2).id}`]: (call) => {
        const sent = call.body as { body: string };
        state.posts[1] = { ...state.posts[1]!, markdown: sent.body, html: `<p>${sent.body}</p>`, revision_count: 3 };
        return json(state.posts[1]);
      },
      [`DELETE /api/v1/forum/posts/${post(2).id}`]: () => {
        state.posts[1] = { ...state.posts[1]!, status: "deleted", author: null, html: null, markdown: null };
        return noContent();
      },
      [`GET /api/v1/forum/posts/${post(2).id}/revisions`]: () =>
        json({
          items: [
            { number: 1, markdown: "Gravity", html: "<p>First words</p>", title: null, created_at: "2026-03-01T10:00:00Z" },
            { number: 2, markdown: "Gravity.", html: "<p>Second words</p>", title: null, created_at: "2026-03-01T11:00:00Z" },
          ],
          total: 2,
          page: 1,
          page_size: 100,
        }),
    });
    renderWithProviders(<AppRoutes />, { route: ROUTE });
    const mine = await screen.findByRole("article", { name: "Post #2 by Sam Taylor" });

    await userEvent.click(within(mine).getByRole("button", { name: "edited" }));
    const history = screen.getByRole("dialog", { name: "Edit history of post #2" });
    const revisions = within(history).getAllByRole("listitem");
    expect(revisions[0]).toHaveTextContent("Revision 2 (current)");
    expect(await within(revisions[1]!).findByText("First words")).toBeInTheDocument();
    await userEvent.click(within(history).getByRole("button", { name: "Close dialog" }));

    await userEvent.click(within(mine).getByRole("button", { name: "Edit" }));
    const box = within(mine).getByLabelText("Your post");
    expect(box).toHaveValue("Gravity.");
    await userEvent.clear(box);
    await userEvent.type(box, "Gravity pulls both equally.");
    await userEvent.click(within(mine).getByRole("button", { name: "Save changes" }));
    expect(await within(mine).findByText("Gravity pulls both equally.")).toBeInTheDocument();
    expect(calls.find((call) => call.method === "PATCH")?.body).toEqual({ body: "Gravity pulls both equally." });

    await userEvent.click(within(mine).getByRole("button", { name: "Delete" }));
    await userEvent.click(within(screen.getByRole("dialog", { name: "Delete this post?" })).getByRole("button", { name: "Delete post" }));
    expect(await screen.findByText("This post was deleted by its author.")).toBeInTheDocument();
  });

  it("shows a hidden post to its author with a notice", async () => {
    const state = conversation();
    state.posts[2] = { ...state.posts[2]!, author: author(STUDENT), status: "hidden", in_review: true };
    serve(state, STUDENT);
    renderWithProviders(<AppRoutes />, { route: ROUTE });
    const hidden = await screen.findByRole("article", { name: "Post #3 by Sam Taylor" });
    expect(within(hidden).getByText("Hidden — waiting for review")).toBeInTheDocument();
    expect(within(hidden).queryByRole("group", { name: "Votes" })).not.toBeInTheDocument();
  });

  it("lets visitors read, and asks them to sign in instead of showing a composer", async () => {
    serve(conversation(), null);
    renderWithProviders(<AppRoutes />, { route: ROUTE });
    expect(await screen.findByRole("article", { name: "Post #5 by Lee Chen" })).toBeInTheDocument();
    const prompt = screen.getByRole("region", { name: "Sign in to reply" });
    expect(within(prompt).getByRole("link", { name: "Sign in" })).toHaveAttribute("href", `/login?next=${encodeURIComponent(ROUTE)}`);
    expect(screen.queryByRole("textbox")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Watch" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Reply" })).not.toBeInTheDocument();
    expect(within(article("Post #2 by Amara Okafor")).getByRole("link", { name: "Sign in to vote up" })).toBeInTheDocument();
    // The live channel is for members.
    expect(FakeWebSocket.instances).toHaveLength(0);
  });

  it("loads more replies with the API's cursor", async () => {
    const state = { ...conversation(), nextCursor: "00000001.00000005" };
    const calls = serve(state, STUDENT, {
      [`GET /api/v1/forum/threads/${THREAD_ID}/posts`]: () => json({ items: [post(7, { html: "<p>From the next page</p>" })], next_cursor: null, total: 6 }),
    });
    renderWithProviders(<AppRoutes />, { route: ROUTE });
    await userEvent.click(await screen.findByRole("button", { name: /Load more replies/ }));
    expect(await screen.findByText("From the next page")).toBeInTheDocument();
    expect(calls.find((call) => call.path.endsWith("/posts"))?.search.get("cursor")).toBe("00000001.00000005");
    expect(screen.queryByRole("button", { name: /Load more replies/ })).not.toBeInTheDocument();
  });
});
