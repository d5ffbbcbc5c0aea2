import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { progressWith, type LearnerCourse, type LearningOverview, type MentorCourse } from "../../api/courses";
import { ApiError } from "../../api/errors";
import type { Attempt } from "../../api/learning";
import { AppRoutes } from "../../app/routes";
import { contentItem, summaryOf } from "../../test/content-fixtures";
import { COURSE_ID, courseCard, learnerCourse, learnerCourseItem, mentorCourse, mentorItem, mentorItems, myCourse, OTHER_COURSE_ID } from "../../test/course-fixtures";
import { learnerItem, NOTE_ID, QUESTION_ID, SIMULATION_ID, topicItems } from "../../test/learning-fixtures";
import { catalog, MENTOR_ID } from "../../test/marketplace-fixtures";
import { apiError, json, makeUser, mockApi, noContent, type Call } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import { courseErrorMessage } from "./errors";
import { courseItemPath } from "./paths";
import { itemBadges } from "./status";

const mentor = makeUser({ id: MENTOR_ID, role: "mentor", display_name: "Amara Okafor", timezone: "UTC" });
const student = makeUser();
const BUILDER = `/api/v1/mentor/courses/${COURSE_ID}`;
const LEARNER = `/api/v1/courses/${COURSE_ID}`;

beforeAll(async () => {
  // Compile the lazy pages once, outside the tests' time limits.
  await Promise.all([
    import("./EditCoursePage"),
    import("./CoursePage"),
    import("./CoursesPage"),
    import("./MentorCoursesPage"),
    import("../learn/LearnItemPage"),
    import("../content/ContentView"),
    import("../dashboard/DashboardPage"),
  ]);
}, 60_000);

afterEach(() => vi.unstubAllGlobals());

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

const puts = (calls: Call[], path: string) => calls.filter((call) => call.method === "PUT" && call.path === path);

// ---- pure rules ---------------------------------------------------------------------------------

describe("course rules", () => {
  it("badges say whether learners see an item, and at which version", () => {
    const labels = (item: Parameters<typeof itemBadges>[0]) => itemBadges(item).map((badge) => `${badge.label}/${badge.tone}`);
    expect(labels({ status: "approved", live: true, live_version: 2 })).toEqual(["Approved/success"]);
    expect(labels({ status: "pending", live: true, live_version: 2 })).toEqual(["Live v2/success", "Edit pending review/warning"]);
    expect(labels({ status: "draft", live: false, live_version: null })).toEqual(["Draft/neutral"]);
    expect(labels({ status: "pending", live: false, live_version: null })).toEqual(["Pending review/warning"]);
    expect(itemBadges({ status: "draft", live: false, live_version: null })[0]?.description).toMatch(/Hidden from learners/);
  });

  it("counts progress like the server: rounded down, over the live items", () => {
    const course = learnerCourse();
    expect(course.progress).toEqual({ completed: 1, total: 3, percent: 33 });
    const more = progressWith(course, SIMULATION_ID, true);
    expect(more.progress).toEqual({ completed: 2, total: 3, percent: 66 });
    expect(more.items.find((item) => item.item_id === SIMULATION_ID)?.completed).toBe(true);
    expect(progressWith(more, NOTE_ID, false).progress).toEqual({ completed: 1, total: 3, percent: 33 });
    // Nothing to change: the same object back.
    expect(progressWith(course, NOTE_ID, true)).toBe(course);
  });

  it("links items to their lesson page with the course", () => {
    expect(courseItemPath(catalog, COURSE_ID, learnerCourseItem())).toBe(`/learn/physics/newtons-laws/${NOTE_ID}?course=${COURSE_ID}`);
    expect(courseItemPath(undefined, COURSE_ID, learnerCourseItem(), "physics")).toBe(`/learn/physics/newtons-laws/${NOTE_ID}?course=${COURSE_ID}`);
  });

  it("explains refusals in the words of what was being done", () => {
    const noLive = new ApiError(409, { code: "course_has_no_live_items", message: "…" });
    expect(courseErrorMessage(noLive, "publish")).toMatch(/^Approve at least one item first/);
    expect(courseErrorMessage(noLive, "items")).toMatch(/Keep one in the course, or unpublish the course first/);
    expect(courseErrorMessage(new ApiError(403, { code: "mentor_not_verified", message: "…" }), "publish")).toMatch(/^Your mentor profile must be verified/);
    expect(courseErrorMessage(new ApiError(409, { code: "concurrent_modification", message: "…", details: { current_version: 7 } }), "details")).toMatch(/it is at version 7 now/);
    expect(courseErrorMessage(new ApiError(422, { code: "invalid_course", message: "…", details: { fields: { item_ids: "List each item at most once." } } }), "items")).toBe("List each item at most once.");
  });
});

// ---- the mentor's builder -----------------------------------------------------------------------

/** The builder's routes; `state.course` is what the server has, and item changes update it. */
function builderRoutes(state: { course: MentorCourse }, extra: Parameters<typeof mockApi>[0] = {}) {
  return mockApi({
    "GET /api/v1/me": () => json(mentor),
    "GET /api/v1/catalog": () => json(catalog),
    [`GET ${BUILDER}`]: () => json(state.course),
    [`PUT ${BUILDER}/items`]: (call) => {
      const body = call.body as { item_ids: string[]; version: number };
      if (body.version !== state.course.version) return apiError(409, "concurrent_modification", "…", { version: body.version, current_version: state.course.version });
      const known = new Map([...mentorItems, mentorItem({ item_id: "new-item", title: "Momentum", status: "draft", live: false, live_version: null, live_title: null })].map((item) => [item.item_id, item]));
      state.course = mentorCourse({ version: state.course.version + 1, status: state.course.status, items: body.item_ids.flatMap((id) => known.get(id) ?? []) });
      return json(state.course);
    },
    ...extra,
  });
}

function itemTitles() {
  const list = screen.getByRole("list", { name: "Course items" });
  return within(list)
    .getAllByRole("listitem")
    .map((item) => within(item).getAllByRole("link")[0]?.textContent);
}

describe("course builder", { timeout: 20_000 }, () => {
  it("shows each item's review state and whether learners see it", async () => {
    builderRoutes({ course: mentorCourse() });
    renderWithProviders(<AppRoutes />, { route: `/mentor/courses/${COURSE_ID}` });
    expect(await screen.findByRole("heading", { level: 1, name: "Newton's laws, step by step" })).toBeInTheDocument();
    expect(screen.getByText("4 learners enrolled")).toBeInTheDocument();
    expect(itemTitles()).toEqual(["1. Newton's second law", "2. Forces and motion", "3. Which way does the cart go?"]);
    const rows = within(screen.getByRole("list", { name: "Course items" })).getAllByRole("listitem") as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(rows[0]).getByText("Visible to learners")).toBeInTheDocument();
    expect(within(rows[1]).getByText("Hidden from learners until approved")).toBeInTheDocument();
    expect(within(rows[1]).getByText("Pending review")).toBeInTheDocument();
    expect(within(rows[2]).getByText("Live v1")).toBeInTheDocument();
    expect(within(rows[2]).getByText(/learners see “Where does the cart go\?”/)).toBeInTheDocument();
    expect(screen.getByText(/2 of 3 visible to learners/)).toBeInTheDocument();
    expect(screen.getByText(/1 item is hidden until a reviewer approves them/)).toBeInTheDocument();
    expect(within(screen.getByRole("navigation", { name: "Main" })).getByRole("link", { name: "My courses" })).toHaveAttribute("aria-current", "page");
  });

  it("reorders with the up and down buttons: the whole order goes out with the version, focus follows the item", async () => {
    const state = { course: mentorCourse() };
    const calls = builderRoutes(state);
    renderWithProviders(<AppRoutes />, { route: `/mentor/courses/${COURSE_ID}` });
    await screen.findByRole("list", { name: "Course items" });
    expect(screen.getByRole("button", { name: "Move “Newton's second law” up" })).toBeDisabled();

    await userEvent.click(screen.getByRole("button", { name: "Move “Forces and motion” up" }));
    await waitFor(() => expect(puts(calls, `${BUILDER}/items`)).toHaveLength(1));
    expect(puts(calls, `${BUILDER}/items`)[0]?.body).toEqual({ item_ids: [SIMULATION_ID, NOTE_ID, QUESTION_ID], version: 3 });
    expect(itemTitles()).toEqual(["1. Forces and motion", "2. Newton's second law", "3. Which way does the cart go?"]);
    expect(screen.getByText("“Forces and motion” moved to position 1 of 3.")).toBeInTheDocument();
    // At the top "up" is disabled, so the focus moved to "down".
    const down = screen.getByRole("button", { name: "Move “Forces and motion” down" });
    await waitFor(() => expect(down).toHaveFocus());

    // Keyboard only, on the version the first change produced.
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(puts(calls, `${BUILDER}/items`)).toHaveLength(2));
    expect(puts(calls, `${BUILDER}/items`)[1]?.body).toEqual({ item_ids: [NOTE_ID, SIMULATION_ID, QUESTION_ID], version: 4 });
    await waitFor(() => expect(screen.getByText("Saved · 3 items")).toBeInTheDocument());
    expect(screen.getByRole("button", { name: "Move “Forces and motion” down" })).toHaveFocus();
  });

  it("removes an item, and adds items picked from all of the mentor's content", async () => {
    const state = { course: mentorCourse() };
    const content = [
      summaryOf(contentItem({ id: NOTE_ID, title: "Newton's second law", status: "approved", live_version: 2, latest_version: 2, has_unpublished_changes: false })),
      summaryOf(contentItem({ id: "new-item", title: "Momentum", status: "draft" })),
    ];
    const calls = builderRoutes(state, {
      "GET /api/v1/mentor/content": () => json({ items: content, total: content.length, page: 1, page_size: 50 }),
    });
    renderWithProviders(<AppRoutes />, { route: `/mentor/courses/${COURSE_ID}` });
    await screen.findByRole("list", { name: "Course items" });

    await userEvent.click(screen.getByRole("button", { name: "Remove “Which way does the cart go?” from the course" }));
    await waitFor(() => expect(puts(calls, `${BUILDER}/items`)).toHaveLength(1));
    expect(puts(calls, `${BUILDER}/items`)[0]?.body).toEqual({ item_ids: [NOTE_ID, SIMULATION_ID], version: 3 });
    // Focus goes to the neighbour's remove button, not to the page.
    await waitFor(() => expect(screen.getByRole("button", { name: "Remove “Forces and motion” from the course" })).toHaveFocus());

    await userEvent.click(screen.getByRole("button", { name: "Add items" }));
    const dialog = await screen.findByRole("dialog", { name: "Add items to the course" });
    const picker = await within(dialog).findByRole("list", { name: "Your content" });
    const [already, fresh] = within(picker).getAllByRole("listitem") as [HTMLElement, HTMLElement];
    expect(within(already).getByRole("checkbox")).toBeDisabled();
    expect(within(already).getByText("Already in the course")).toBeInTheDocument();
    expect(within(fresh).getByText("Hidden until approved")).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Add items" })).toBeDisabled();
    await userEvent.click(within(fresh).getByRole("checkbox", { name: /Momentum/ }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Add 1 item" }));
    await waitFor(() => expect(puts(calls, `${BUILDER}/items`)).toHaveLength(2));
    expect(puts(calls, `${BUILDER}/items`)[1]?.body).toEqual({ item_ids: [NOTE_ID, SIMULATION_ID, "new-item"], version: 4 });
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    await waitFor(() => expect(itemTitles()).toEqual(["1. Newton's second law", "2. Forces and motion", "3. Momentum"]));
  });

  it("a change refused as stale says so and loads the newest version", async () => {
    const state = { course: mentorCourse() };
    const calls = builderRoutes(state);
    renderWithProviders(<AppRoutes />, { route: `/mentor/courses/${COURSE_ID}` });
    await screen.findByRole("list", { name: "Course items" });
    // Someone else changes the course in another tab.
    state.course = mentorCourse({ version: 5, items: [mentorItems[0]!] });

    await userEvent.click(screen.getByRole("button", { name: "Move “Forces and motion” down" }));
    const alert = await screen.findByText(/this course changed meanwhile/);
    expect(alert.closest("[role='alert']")).toHaveTextContent("The change to the items wasn't saved");
    expect(await screen.findByText(/We've loaded the newest version/)).toBeInTheDocument();
    expect(calls.filter((call) => call.method === "GET" && call.path === BUILDER)).toHaveLength(2);
    await waitFor(() => expect(itemTitles()).toEqual(["1. Newton's second law"]));
  });

  it("explains why publishing was refused, then publishes", async () => {
    const state = { course: mentorCourse() };
    const answers = [
      () => apiError(409, "course_has_no_live_items", "Publish the course once at least one of its items is approved."),
      () => apiError(403, "mentor_not_verified", "Only verified mentors can publish courses."),
      () => {
        state.course = mentorCourse({ version: 4, status: "published", published_at: "2026-11-25T10:00:00Z" });
        return json(state.course);
      },
    ];
    const calls = builderRoutes(state, { [`POST ${BUILDER}/publish`]: () => (answers.shift() ?? answers[0]!)() });
    renderWithProviders(<AppRoutes />, { route: `/mentor/courses/${COURSE_ID}` });
    await screen.findByRole("list", { name: "Course items" });

    await userEvent.click(screen.getByRole("button", { name: "Publish course" }));
    let alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The course wasn't published");
    expect(alert).toHaveTextContent("Approve at least one item first. Learners only see approved items");
    expect(calls.find((call) => call.path === `${BUILDER}/publish`)?.body).toEqual({ version: 3 });

    await userEvent.click(screen.getByRole("button", { name: "Publish course" }));
    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("Your mentor profile must be verified before you can publish a course."));
    alert = screen.getByRole("alert");
    expect(within(alert).getByRole("link", { name: "Your application" })).toHaveAttribute("href", "/mentor/onboarding");

    await userEvent.click(screen.getByRole("button", { name: "Publish course" }));
    expect(await screen.findByText("Course published")).toBeInTheDocument();
    expect(screen.queryByRole("alert", { name: /wasn't published/ })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Unpublish" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "View as learner" })).toHaveAttribute("href", `/courses/${COURSE_ID}`);
  });

  it("saves the details with only what changed, on the current version", async () => {
    const state = { course: mentorCourse() };
    const calls = builderRoutes(state, {
      [`PATCH ${BUILDER}`]: (call) => {
        state.course = mentorCourse({ version: 4, title: (call.body as { title: string }).title });
        return json(state.course);
      },
    });
    renderWithProviders(<AppRoutes />, { route: `/mentor/courses/${COURSE_ID}` });
    const title = await screen.findByLabelText("Title");
    expect(screen.getByRole("button", { name: "Save details" })).toBeDisabled();
    await userEvent.clear(title);
    await userEvent.click(screen.getByRole("button", { name: "Save details" }));
    expect(await screen.findByText("Give the course a title.")).toBeInTheDocument();
    await userEvent.type(title, "  Newton's   laws  ");
    await userEvent.click(screen.getByRole("button", { name: "Save details" }));
    await waitFor(() => expect(calls.find((call) => call.method === "PATCH")?.body).toEqual({ version: 3, title: "Newton's laws" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Newton's laws" })).toBeInTheDocument();
  });

  it("creates a course and opens it in the builder", async () => {
    const state = { course: mentorCourse({ items: [], version: 1, description: "", subject: null }) };
    const calls = builderRoutes(state, {
      "POST /api/v1/mentor/courses": (call) => {
        const body = call.body as { title: string };
        if (body.title === "Taken") return apiError(422, "invalid_course", "…", { fields: { title: "Use at most 200 characters, no control characters." } });
        state.course = { ...state.course, title: body.title };
        return json(state.course, 201);
      },
    });
    renderWithProviders(<AppRoutes />, { route: "/mentor/courses/new" });
    await userEvent.type(await screen.findByLabelText("Title"), "Taken");
    await userEvent.click(screen.getByRole("button", { name: "Create course" }));
    expect(await screen.findByText("Use at most 200 characters, no control characters.")).toBeInTheDocument();
    expect(screen.getByLabelText("Title")).toHaveFocus();

    await userEvent.clear(screen.getByLabelText("Title"));
    await userEvent.type(screen.getByLabelText("Title"), "Newton's laws");
    await userEvent.selectOptions(screen.getByLabelText(/Subject/), "Physics");
    await userEvent.click(screen.getByRole("button", { name: "Create course" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(`/mentor/courses/${COURSE_ID}`));
    expect(calls.filter((call) => call.method === "POST").at(-1)?.body).toEqual({ title: "Newton's laws", description: "", subject_id: catalog.subjects[0]?.id, item_ids: [] });
    expect(await screen.findByText("No items yet")).toBeInTheDocument();
  });

  it("deletes a course after confirming, on the current version", async () => {
    const state = { course: mentorCourse() };
    const calls = builderRoutes(state, {
      [`DELETE ${BUILDER}`]: () => noContent(),
      "GET /api/v1/mentor/courses": () => json({ items: [], total: 0, page: 1, page_size: 20 }),
    });
    renderWithProviders(<AppRoutes />, { route: `/mentor/courses/${COURSE_ID}` });
    await userEvent.click(await screen.findByRole("button", { name: "Delete course" }));
    const dialog = await screen.findByRole("dialog", { name: "Delete “Newton's laws, step by step”?" });
    expect(dialog).toHaveTextContent("The 4 enrolled learners lose the course");
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete course" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(/^\/mentor\/courses$/));
    expect(calls.find((call) => call.method === "DELETE")?.search.get("version")).toBe("3");
    expect(await screen.findByText("Build your first course")).toBeInTheDocument();
    expect(calls.filter((call) => call.method === "GET" && call.path === BUILDER)).toHaveLength(1);
  });

  it("lists the mentor's courses with their status", async () => {
    const summary = ({ items: _items, ...rest }: MentorCourse) => rest;
    mockApi({
      "GET /api/v1/me": () => json(mentor),
      "GET /api/v1/mentor/courses": () =>
        json({
          items: [summary(mentorCourse()), summary(mentorCourse({ id: OTHER_COURSE_ID, title: "Circuits", status: "published", items: [mentorItems[0]!], enrolments: 1250 }))],
          total: 2,
          page: 1,
          page_size: 20,
        }),
    });
    renderWithProviders(<AppRoutes />, { route: "/mentor/courses" });
    const table = await screen.findByRole("table", { name: "My courses" });
    const row = (name: string) => within(table).getByRole("link", { name }).closest("tr") as HTMLElement;
    expect(await within(table).findByRole("link", { name: "Circuits" })).toHaveAttribute("href", `/mentor/courses/${OTHER_COURSE_ID}`);
    expect(row("Circuits").querySelector("td:nth-child(2)")).toHaveTextContent("Published");
    expect(row("Newton's laws, step by step").querySelector("td:nth-child(2)")).toHaveTextContent("Draft");
    expect(within(row("Newton's laws, step by step")).getByText("2 visible to learners")).toBeInTheDocument();
    expect(within(table).getByRole("columnheader", { name: "Learners" })).toBeInTheDocument();
    expect(row("Circuits").querySelector("td:nth-child(4)")).toHaveTextContent("1,250");
    expect(row("Newton's laws, step by step").querySelector("td:nth-child(4)")).toHaveTextContent("4");
    expect(screen.getByRole("link", { name: "New course" })).toHaveAttribute("href", "/mentor/courses/new");
  });
});

// ---- learners -----------------------------------------------------------------------------------

function learnerRoutes(state: { course: LearnerCourse }, extra: Parameters<typeof mockApi>[0] = {}) {
  return mockApi({
    "GET /api/v1/me": () => json(student),
    "GET /api/v1/catalog": () => json(catalog),
    [`GET ${LEARNER}`]: () => json(state.course),
    ...extra,
  });
}

describe("learners' courses", { timeout: 20_000 }, () => {
  it("browses published courses and filters them by subject", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(student),
      "GET /api/v1/catalog": () => json(catalog),
      "GET /api/v1/courses": (call) =>
        call.search.get("subject") === "chemistry"
          ? json({ items: [], total: 0, page: 1, page_size: 18 })
          : json({ items: [courseCard(), courseCard({ id: OTHER_COURSE_ID, title: "Reactions", subject: null, item_count: 1, enrolments: 0 })], total: 2, page: 1, page_size: 18 }),
    });
    renderWithProviders(<AppRoutes />, { route: "/courses" });
    const list = await screen.findByRole("list", { name: "Courses" });
    const cards = within(list).getAllByRole("article") as [HTMLElement, HTMLElement];
    expect(within(cards[0]).getByRole("link", { name: "Newton's laws, step by step" })).toHaveAttribute("href", `/courses/${COURSE_ID}`);
    expect(within(cards[0]).getByText("By Amara Okafor")).toBeInTheDocument();
    expect(within(cards[0]).getByText("Physics")).toBeInTheDocument();
    expect(within(cards[0]).getByText("3 items")).toBeInTheDocument();
    expect(within(cards[0]).getByText("· 12 learners")).toBeInTheDocument();
    expect(within(cards[1]).getByText("1 item")).toBeInTheDocument();
    expect(within(cards[1]).queryByText(/learner/)).not.toBeInTheDocument();
    expect(within(screen.getByRole("navigation", { name: "Main" })).getByRole("link", { name: "Courses" })).toHaveAttribute("aria-current", "page");

    await userEvent.selectOptions(screen.getByLabelText("Subject"), "chemistry");
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/courses?subject=chemistry"));
    expect(await screen.findByText("No courses in Chemistry yet")).toBeInTheDocument();
    expect(calls.at(-1)?.search.get("subject")).toBe("chemistry");
  });

  it("shows the course's items in order with done ticks, and progress as an accessible bar", async () => {
    const items = Array.from({ length: 8 }, (_, index) =>
      learnerCourseItem({ item_id: `${NOTE_ID.slice(0, -2)}${String(index).padStart(2, "0")}`, title: `Step ${index + 1}`, completed: index < 3 }),
    );
    learnerRoutes({ course: learnerCourse({ items, enrolled: true, enrolled_at: "2026-11-22T10:00:00Z" }) });
    renderWithProviders(<AppRoutes />, { route: `/courses/${COURSE_ID}` });
    const bar = await screen.findByRole("progressbar", { name: "Course progress" });
    expect(bar).toHaveAttribute("aria-valuenow", "3");
    expect(bar).toHaveAttribute("aria-valuemin", "0");
    expect(bar).toHaveAttribute("aria-valuemax", "8");
    expect(bar).toHaveAttribute("aria-valuetext", "3 of 8 done (37%)");
    expect(screen.getByText("3 of 8 done")).toBeInTheDocument();

    const list = screen.getByRole("list", { name: "What you'll work through" });
    const rows = within(list).getAllByRole("listitem");
    expect(rows).toHaveLength(8);
    expect(within(rows[0]!).getByText("Done")).toBeInTheDocument();
    expect(within(rows[3]!).getByText("Not done yet")).toBeInTheDocument();
    expect(within(rows[3]!).getByRole("link", { name: "4. Step 4" })).toHaveAttribute("href", `/learn/physics/newtons-laws/${items[3]!.item_id}?course=${COURSE_ID}`);
    // "Resume" goes to the first item not done yet.
    expect(screen.getByRole("link", { name: "Resume: Step 4" })).toHaveAttribute("href", `/learn/physics/newtons-laws/${items[3]!.item_id}?course=${COURSE_ID}`);
    expect(screen.getByRole("link", { name: "Amara Okafor" })).toHaveAttribute("href", `/mentors/${MENTOR_ID}`);
  });

  it("enrols once however often the button is clicked, then offers to leave", async () => {
    const state = { course: learnerCourse() };
    const answer = deferred<Response>();
    const calls = learnerRoutes(state, {
      [`PUT ${LEARNER}/enrolment`]: () => answer.promise,
      [`DELETE ${LEARNER}/enrolment`]: () => {
        state.course = learnerCourse();
        return noContent();
      },
      "GET /api/v1/me/courses": () => json({ items: [], total: 0, page: 1, page_size: 20 }),
    });
    renderWithProviders(<AppRoutes />, { route: `/courses/${COURSE_ID}` });
    const enrol = await screen.findByRole("button", { name: "Enrol" });
    await userEvent.dblClick(enrol);
    await userEvent.click(enrol);
    expect(enrol).toBeDisabled();
    expect(puts(calls, `${LEARNER}/enrolment`)).toHaveLength(1);

    state.course = learnerCourse({ enrolled: true, enrolled_at: "2026-11-28T10:00:00Z" });
    answer.resolve(json(myCourse({ enrolled_at: "2026-11-28T10:00:00Z" })));
    const leave = await screen.findByRole("button", { name: "Leave course" });
    expect(await screen.findByText("You're enrolled")).toBeInTheDocument();
    expect(screen.getByText("Enrolled")).toBeInTheDocument();
    expect(puts(calls, `${LEARNER}/enrolment`)).toHaveLength(1);

    await userEvent.click(leave);
    expect(await screen.findByRole("button", { name: "Enrol" })).toBeInTheDocument();
    expect(calls.filter((call) => call.method === "DELETE")).toHaveLength(1);
  });

  it("says when a course isn't available", async () => {
    mockApi({
      "GET /api/v1/me": () => json(student),
      "GET /api/v1/catalog": () => json(catalog),
      [`GET ${LEARNER}`]: () => apiError(404, "not_found"),
    });
    renderWithProviders(<AppRoutes />, { route: `/courses/${COURSE_ID}` });
    expect(await screen.findByText("This course isn't available")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Browse courses" })).toHaveAttribute("href", "/courses");
  });

  it("shows my courses with progress on the student's home page", async () => {
    mockApi({
      "GET /api/v1/me": () => json(student),
      "GET /api/v1/catalog": () => json(catalog),
      "GET /api/v1/me/courses": () => json({ items: [myCourse()], total: 1, page: 1, page_size: 5 }),
      "GET /api/v1/me/learning": () => json(learningOverview()),
    });
    renderWithProviders(<AppRoutes />, { route: "/dashboard" });
    const list = await screen.findByRole("list", { name: "My courses" });
    expect(within(list).getByRole("link", { name: "Newton's laws, step by step" })).toHaveAttribute("href", `/courses/${COURSE_ID}`);
    const bar = within(list).getByRole("progressbar", { name: "Progress in Newton's laws, step by step" });
    expect(bar).toHaveAttribute("aria-valuenow", "1");
    expect(bar).toHaveAttribute("aria-valuemax", "3");
    expect(within(list).getByText("1 of 3 done")).toBeInTheDocument();
  });

  it("leads the student's home page with where to resume and what to practise", async () => {
    mockApi({
      "GET /api/v1/me": () => json(student),
      "GET /api/v1/catalog": () => json(catalog),
      "GET /api/v1/me/courses": () => json({ items: [myCourse()], total: 1, page: 1, page_size: 5 }),
      "GET /api/v1/me/learning": () => json(learningOverview()),
    });
    renderWithProviders(<AppRoutes />, { route: "/dashboard" });
    const lead = await screen.findByRole("list", { name: "Continue learning" });
    expect(within(lead).getByText("Which way does the cart go?")).toBeInTheDocument();
    expect(within(lead).getByText("7 min left")).toBeInTheDocument();
    expect(within(lead).getByRole("link", { name: "Resume Newton's laws, step by step" })).toHaveAttribute("href", expect.stringContaining(`/${QUESTION_ID}?course=${COURSE_ID}`));
    expect(screen.getByText("Worth another try")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Forces on a book" })).toHaveAttribute("href", `/learn/physics/newtons-laws/${NOTE_ID}`);
    expect(screen.getByText("Questions solved").parentElement?.parentElement).toHaveTextContent("4");
  });

  it("shows the outline's time, resumes at the first open item and offers the certificate when done", async () => {
    const state = { course: learnerCourse({ enrolled: true, enrolled_at: "2026-11-22T10:00:00Z" }) };
    learnerRoutes(state);
    renderWithProviders(<AppRoutes />, { route: `/courses/${COURSE_ID}` });
    const progress = await screen.findByRole("complementary", { name: "Your progress" });
    expect(screen.getByText("About 12 min")).toBeInTheDocument();
    expect(within(progress).getByText("About 8 min to go")).toBeInTheDocument();
    expect(within(progress).getByRole("link", { name: "Resume: Forces and motion" })).toHaveAttribute("href", expect.stringContaining(SIMULATION_ID));
  });

  it("verifies a certificate publicly by its code", async () => {
    mockApi({
      "GET /api/v1/me": () => apiError(401, "not_authenticated"),
      "GET /api/v1/certificates/abcdefghijklmnopqrstuvwx": () =>
        json({ code: "abcdefghijklmnopqrstuvwx", learner_name: "Mei Lin", course_title: "Newton's laws, step by step", mentor_name: "Amara Okafor", issued_at: "2026-12-01T10:00:00Z", course_id: COURSE_ID, verify_path: "/certificates/abcdefghijklmnopqrstuvwx" }),
    });
    renderWithProviders(<AppRoutes />, { route: "/certificates/abcdefghijklmnopqrstuvwx" });
    expect(await screen.findByRole("heading", { level: 1, name: "Mei Lin" })).toBeInTheDocument();
    expect(screen.getByText("Verified by Mentora")).toBeInTheDocument();
    expect(screen.getByText(/taught by Amara Okafor/)).toBeInTheDocument();
    expect(screen.queryByText("Download PDF")).not.toBeInTheDocument();
  });
});

function learningOverview(): LearningOverview {
  return {
    courses: [
      {
        course_id: COURSE_ID,
        title: "Newton's laws, step by step",
        mentor_name: "Amara Okafor",
        progress: { completed: 1, total: 3, percent: 33 },
        next_item: { item_id: QUESTION_ID, kind: "question", title: "Which way does the cart go?" },
        remaining_minutes: 7,
        enrolled_at: "2026-11-22T10:00:00Z",
        certificate_code: null,
      },
    ],
    practice: [{ item_id: NOTE_ID, title: "Forces on a book", topic: { id: newtonTopicId(), slug: "newtons-laws", name: "Newton's laws" }, attempts: 2, last_attempt_at: "2026-11-23T10:00:00Z" }],
    totals: { items_marked: 2, questions_solved: 4, attempts: 9, certificates: 0 },
  };
}

function newtonTopicId(): string {
  return learnerCourseItem().topic?.id ?? "";
}

// ---- lessons opened from a course ---------------------------------------------------------------

const topicPage = () => json({ items: topicItems, total: topicItems.length, page: 1, page_size: 100, topic: catalog.subjects[0]?.chapters[0]?.topics[1] });

describe("a lesson in a course", { timeout: 20_000 }, () => {
  it("shows where it sits in the course, and marks a note done and undone", async () => {
    const state = { course: learnerCourse({ items: learnerCourse().items.map((item) => ({ ...item, completed: false })), progress: { completed: 0, total: 3, percent: 0 } }) };
    const calls = learnerRoutes(state, {
      [`GET /api/v1/content/${NOTE_ID}`]: () => json(learnerItem()),
      "GET /api/v1/topics/newtons-laws/content": topicPage,
      [`POST /api/v1/content/${NOTE_ID}/completion`]: () => {
        state.course = progressWith(state.course, NOTE_ID, true);
        return json({ item_id: NOTE_ID, completed_at: "2026-11-28T10:00:00Z" });
      },
      [`DELETE /api/v1/content/${NOTE_ID}/completion`]: () => {
        state.course = progressWith(state.course, NOTE_ID, false);
        return noContent();
      },
    });
    renderWithProviders(<AppRoutes />, { route: `/learn/physics/newtons-laws/${NOTE_ID}?course=${COURSE_ID}` });
    const bar = await screen.findByRole("navigation", { name: "Course" });
    expect(within(bar).getByRole("link", { name: "Newton's laws, step by step" })).toHaveAttribute("href", `/courses/${COURSE_ID}`);
    expect(bar).toHaveTextContent("Item 1 of 3");
    expect(bar).toHaveTextContent("0 of 3 done");
    expect(within(bar).queryByRole("link", { name: /^Previous/ })).not.toBeInTheDocument();
    expect(within(bar).getByRole("link", { name: "Next in the course: Forces and motion" })).toHaveAttribute("href", `/learn/physics/newtons-laws/${SIMULATION_ID}?course=${COURSE_ID}`);
    // The course's order replaces the topic's at the bottom.
    const more = screen.getByRole("navigation", { name: "More in this course" });
    expect(within(more).getByRole("link", { name: /Next · Simulation\s*Forces and motion/ })).toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "More in this topic" })).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Mark as done" }));
    const undo = await screen.findByRole("button", { name: "Done (undo)" });
    expect(calls.filter((call) => call.method === "POST" && call.path.endsWith("/completion"))).toHaveLength(1);
    await waitFor(() => expect(bar).toHaveTextContent("1 of 3 done"));
    expect(screen.getByText("Marked as done.")).toBeInTheDocument();

    await userEvent.click(undo);
    expect(await screen.findByRole("button", { name: "Mark as done" })).toBeInTheDocument();
    expect(calls.filter((call) => call.method === "DELETE" && call.path.endsWith("/completion"))).toHaveLength(1);
    await waitFor(() => expect(bar).toHaveTextContent("0 of 3 done"));
  });

  it("counts a question once it is answered correctly", async () => {
    const question = learnerItem({
      id: QUESTION_ID,
      kind: "question",
      gradable: true,
      title: "Which way does the cart go?",
      body: { kind: "question", type: "single_choice", prompt: "<p>A cart is pushed. What happens?</p>", choices: [{ id: "a", text: "It accelerates" }, { id: "b", text: "It stays still" }] },
    });
    const state = { course: learnerCourse() };
    const attempt: Attempt = { id: "a1", item_id: QUESTION_ID, version: 2, answer: { choice: "a" }, correct: true, time_taken_ms: 5000, created_at: "2026-11-28T10:00:00Z", hints_used: 0, solution_shown: false, explanation: null, solution: null };
    const calls = learnerRoutes(state, {
      [`GET /api/v1/content/${QUESTION_ID}`]: () => json(question),
      "GET /api/v1/topics/newtons-laws/content": topicPage,
      [`GET /api/v1/content/${QUESTION_ID}/attempts`]: () => json({ items: [] }),
      [`POST /api/v1/content/${QUESTION_ID}/attempts`]: () => {
        state.course = progressWith(state.course, QUESTION_ID, true);
        return json(attempt, 201);
      },
    });
    renderWithProviders(<AppRoutes />, { route: `/learn/physics/newtons-laws/${QUESTION_ID}?course=${COURSE_ID}` });
    const bar = await screen.findByRole("navigation", { name: "Course" });
    expect(bar).toHaveTextContent("Item 3 of 3");
    expect(await screen.findByText("A question counts as done once you answer it correctly.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Mark as done" })).not.toBeInTheDocument();

    await userEvent.click(await screen.findByRole("radio", { name: /It accelerates/ }));
    await userEvent.click(screen.getByRole("button", { name: "Check answer" }));
    expect(await screen.findByText("You answered this question correctly.")).toBeInTheDocument();
    expect(bar).toHaveTextContent("2 of 3 done");
    expect(calls.filter((call) => call.method === "GET" && call.path === LEARNER).length).toBeGreaterThanOrEqual(2);
  });
});
