import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppRoutes } from "../../app/routes";
import { CATALOG, CATEGORIES, detail, ITEM_ID, lessonPreview, post, STUDENT, thread, THREAD_ID, TOPIC_ID } from "../../test/forum-fixtures";
import { FakeXhr, installFakeXhr } from "../../test/fake-xhr";
import { apiError, json, mockApi, type Call } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import { altFromFileName, codeEdit, imageMarkdown, wrapSelection } from "./markdown-edit";

beforeAll(async () => {
  await Promise.all([import("./NewThreadPage"), import("./ThreadPage"), import("../content/ContentBody")]);
}, 60_000);

beforeEach(() => {
  window.localStorage.clear();
});

const creates = (calls: Call[]) => calls.filter((call) => call.method === "POST" && call.path === "/api/v1/forum/threads");

function serve(extra: Record<string, (call: Call) => Response | Promise<Response>> = {}, signedIn = true) {
  return mockApi({
    "GET /api/v1/me": () => (signedIn ? json(STUDENT) : apiError(401, "not_authenticated")),
    "GET /api/v1/forum/categories": () => json(CATEGORIES),
    "GET /api/v1/catalog": () => json(CATALOG),
    [`GET /api/v1/public/content/${ITEM_ID}`]: () => json(lessonPreview()),
    [`GET /api/v1/forum/threads/${THREAD_ID}`]: () => json(detail({ thread: thread({ item_id: ITEM_ID }), posts: [post(1)] })),
    ...extra,
  });
}

const ASK = `/forum/new?${new URLSearchParams({
  topic: TOPIC_ID,
  item: ITEM_ID,
  title: "Question about “Dropping and throwing”",
  body: "> Which ball lands first?\n\nI answered: **the dropped one**.",
}).toString()}`;

describe("Markdown toolbar edits", () => {
  it("wrap the selection or insert a placeholder, and write images as the API expects", () => {
    expect(wrapSelection("a b c", 2, 3, "**", "**", "bold")).toEqual({ text: "a **b** c", selectionStart: 4, selectionEnd: 5 });
    expect(wrapSelection("x", 1, 1, "$", "$", "x^2")).toEqual({ text: "x$x^2$", selectionStart: 2, selectionEnd: 5 });
    expect(codeEdit("a\nb", 0, 3).text).toBe("```\na\nb\n```\n");
    expect(altFromFileName("velocity-graph_2.png")).toBe("velocity graph 2");
    expect(imageMarkdown("a [b]", "/files/content/x?sig=(1)")).toBe("![a b](/files/content/x?sig=%281%29)");
  });
});

describe("starting a thread", { timeout: 20_000 }, () => {
  it("is prefilled from the address a lesson links to, says what it is about, and posts once", async () => {
    let release: () => void = () => undefined;
    const calls = serve({
      "POST /api/v1/forum/threads": () =>
        new Promise<Response>((resolve) => {
          release = () => resolve(json(detail({ thread: thread({ item_id: ITEM_ID }), posts: [post(1)] }), 201));
        }),
    });
    renderWithProviders(<AppRoutes />, { route: ASK });

    const title = await screen.findByLabelText("Title");
    expect(title).toHaveValue("Question about “Dropping and throwing”");
    expect(screen.getByLabelText("Your question or idea")).toHaveValue("> Which ball lands first?\n\nI answered: **the dropped one**.");
    expect(await screen.findByText("About: Dropping and throwing")).toBeInTheDocument();
    expect(screen.getByText("In Projectile motion")).toBeInTheDocument();
    expect(screen.getByLabelText("Category")).toHaveValue("");
    expect(screen.getByRole("option", { name: "Automatic: the lesson's subject" })).toBeInTheDocument();
    expect(document.title).toBe("New thread · Mentora");

    const submit = screen.getByRole("button", { name: "Post thread" });
    await userEvent.click(submit);
    // A second click while the first is on its way does nothing.
    expect(screen.getByRole("button", { name: "Posting…" })).toBeDisabled();
    fireEvent.submit(screen.getByRole("button", { name: "Posting…" }).closest("form")!);
    expect(creates(calls)).toHaveLength(1);
    expect(creates(calls)[0]?.body).toEqual({
      title: "Question about “Dropping and throwing”",
      body: "> Which ball lands first?\n\nI answered: **the dropped one**.",
      category: null,
      topic: TOPIC_ID,
      item_id: ITEM_ID,
      quote: "",
    });
    act(() => release());
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(`/forum/t/${THREAD_ID}`));
  });

  it("shows the API's complaints by field, and rate limits and link rules in words", async () => {
    const answers = [
      () => apiError(422, "invalid_forum_post", "Use 5 to 150 characters on one line.", { fields: { title: "Use 5 to 150 characters on one line." } }),
      () =>
        apiError(422, "forum_links_not_allowed_yet", "New accounts cannot post links during their first day.", {
          fields: { body: "New accounts cannot post links during their first day. Write the address without the link, or try again tomorrow." },
        }),
      () => apiError(429, "rate_limited", "Too many requests.", { retry_after_seconds: 1800 }),
    ];
    serve({ "POST /api/v1/forum/threads": () => answers.shift()!() });
    renderWithProviders(<AppRoutes />, { route: "/forum/new?category=physics" });

    await userEvent.type(await screen.findByLabelText("Title"), "Hello there");
    expect(screen.getByLabelText("Category")).toHaveValue("physics");
    await userEvent.type(screen.getByLabelText("Your question or idea"), "See https://example.com");
    const submit = screen.getByRole("button", { name: "Post thread" });

    await userEvent.click(submit);
    expect(await screen.findByText("Use 5 to 150 characters on one line.")).toBeInTheDocument();
    expect(screen.getByLabelText("Title")).toHaveAttribute("aria-invalid", "true");

    await userEvent.click(submit);
    expect(await screen.findByText(/New accounts cannot post links during their first day/)).toBeInTheDocument();
    expect(screen.getByLabelText("Your question or idea")).toHaveAttribute("aria-invalid", "true");

    await userEvent.click(submit);
    expect(await screen.findByRole("alert")).toHaveTextContent("You've reached the forum's limit for now");
    expect(screen.getByRole("alert")).toHaveTextContent("Try again in 30 minutes.");
  });

  it("previews the text through the server's renderer, with formulas", async () => {
    const calls = serve({
      "POST /api/v1/forum/preview": (call) => {
        const body = (call.body as { body: string }).body;
        expect(body).toBe("Energy: $E = mc^2$");
        return json({ html: '<p>Energy: <span data-type="inline-math" data-latex="E = mc^2"></span></p>' });
      },
    });
    renderWithProviders(<AppRoutes />, { route: "/forum/new" });
    const area = await screen.findByLabelText("Your question or idea");
    fireEvent.change(area, { target: { value: "Energy: $E = mc^2$" } });
    await userEvent.click(screen.getByRole("tab", { name: "Preview" }));
    const panel = screen.getByRole("tabpanel", { name: "Preview" });
    expect(await within(panel).findByText(/Energy:/)).toBeInTheDocument();
    await waitFor(() => expect(panel.querySelector(".katex")).not.toBeNull());
    expect(calls.filter((call) => call.path === "/api/v1/forum/preview")).toHaveLength(1);
    // The toolbar waits for the text to be editable again.
    expect(screen.getByRole("button", { name: "Bold" })).toBeDisabled();
    await userEvent.click(screen.getByRole("tab", { name: "Write" }));
    expect(screen.getByRole("button", { name: "Bold" })).toBeEnabled();
  });

  it("uploads an image with a progress bar and puts it in the text as Markdown", async () => {
    installFakeXhr();
    serve();
    renderWithProviders(<AppRoutes />, { route: "/forum/new" });
    const area = await screen.findByLabelText("Your question or idea");
    await userEvent.type(area, "My graph:");
    const file = new File([new Uint8Array(2048)], "velocity-graph.png", { type: "image/png" });
    await userEvent.upload(screen.getByLabelText("Image files"), file);

    const xhr = FakeXhr.last!;
    expect(xhr.method).toBe("POST");
    expect(xhr.url).toBe("/api/v1/forum/images?filename=velocity-graph.png");
    act(() => xhr.progress(1024, 2048));
    expect(screen.getByRole("progressbar", { name: "Uploading velocity-graph.png" })).toHaveAttribute("aria-valuenow", "50");
    expect(screen.getByRole("button", { name: "Post thread" })).toBeDisabled();
    act(() => xhr.respond(201, { key: "content/u/abc", url: "/files/content/u/abc?expires=1&sig=x", width: 800, height: 600 }));
    await waitFor(() => expect(area).toHaveValue("My graph:\n![velocity graph](/files/content/u/abc?expires=1&sig=x)\n"));
  });

  it("keeps the draft in this browser until it is sent", async () => {
    serve();
    const first = renderWithProviders(<AppRoutes />, { route: "/forum/new" });
    await userEvent.type(await screen.findByLabelText("Title"), "Kept for later");
    await waitFor(() => expect(window.localStorage.getItem("mentora.forum.draft.new:general")).toContain("Kept for later"));
    first.unmount();
    renderWithProviders(<AppRoutes />, { route: "/forum/new" });
    expect(await screen.findByLabelText("Title")).toHaveValue("Kept for later");
  });

  it("asks visitors to sign in, keeping what the lesson filled in", async () => {
    serve({}, false);
    renderWithProviders(<AppRoutes />, { route: ASK });
    const prompt = await screen.findByRole("region", { name: "Sign in to post" });
    const signIn = within(prompt).getByRole("link", { name: "Sign in" });
    expect(signIn.getAttribute("href")).toBe(`/login?${new URLSearchParams({ next: ASK }).toString()}`);
    expect(screen.queryByLabelText("Your question or idea")).not.toBeInTheDocument();
  });
});
