import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { MentorProfile } from "../../api/types";
import { AppRoutes } from "../../app/routes";
import { apiError, json, makeUser, mockApi } from "../../test/mock-api";
import { FakeXhr, installFakeXhr } from "../../test/fake-xhr";
import { catalog, completeProfile, mentorProfile, MENTOR_ID, NEWTON_ID } from "../../test/marketplace-fixtures";
import { renderWithProviders } from "../../test/render";

const mentor = makeUser({ id: MENTOR_ID, role: "mentor", display_name: "Amara Okafor", timezone: "UTC" });

beforeEach(() => installFakeXhr());
afterEach(() => vi.unstubAllGlobals());

function routes(profile: MentorProfile, extra: Parameters<typeof mockApi>[0] = {}) {
  return mockApi({
    "GET /api/v1/me": () => json(mentor),
    "GET /api/v1/mentor/profile": () => json(profile),
    "GET /api/v1/catalog": () => json(catalog),
    ...extra,
  });
}

describe("mentor onboarding", { timeout: 20_000 }, () => {
  it("checks the profile step, saves it and moves on", async () => {
    document.cookie = "edu_csrf=csrf-1; path=/";
    const calls = routes(mentorProfile(), {
      "PATCH /api/v1/mentor/profile": (call) => json(mentorProfile({ ...(call.body as object), steps: { profile: true, subjects: false, documents: false } })),
    });
    renderWithProviders(<AppRoutes />, { route: "/mentor/onboarding" });
    expect(await screen.findByRole("heading", { name: "Your profile" })).toBeInTheDocument();
    expect(screen.getByRole("navigation", { name: "Application steps" })).toHaveTextContent("0 of 3 required steps done");

    await userEvent.click(screen.getByRole("button", { name: /continue/i }));
    expect(screen.getByLabelText("Headline")).toHaveAccessibleDescription("Write a one-line headline: it's the first thing students read.");
    expect(screen.getByLabelText("Headline")).toHaveFocus();
    expect(screen.getByLabelText("Add a language")).toHaveAccessibleDescription("Add at least one language.");
    expect(calls.some((call) => call.method === "PATCH")).toBe(false);

    await userEvent.type(screen.getByLabelText("Headline"), "Physics olympiad coach");
    await userEvent.type(screen.getByLabelText("About you"), "Mechanics, made friendly.");
    await userEvent.selectOptions(screen.getByLabelText("Add a language"), "en");
    await userEvent.selectOptions(screen.getByLabelText("Add a language"), "yo");
    expect(screen.getByRole("list", { name: "Chosen languages" })).toHaveTextContent(/English.*Yoruba/);
    await userEvent.click(screen.getByRole("button", { name: "Remove Yoruba" }));
    await userEvent.selectOptions(screen.getByLabelText("Your time zone"), "Africa/Lagos");
    await userEvent.type(screen.getByLabelText("Hourly rate"), "40.50");
    await userEvent.selectOptions(screen.getByLabelText("Currency"), "GBP");
    await userEvent.click(screen.getByRole("button", { name: /Save and continue/ }));

    expect(await screen.findByRole("heading", { name: "Profile photo" })).toBeInTheDocument();
    const patch = calls.find((call) => call.method === "PATCH");
    expect(patch?.body).toEqual({
      headline: "Physics olympiad coach",
      bio: "Mechanics, made friendly.",
      languages: ["en"],
      timezone: "Africa/Lagos",
      hourly_rate_cents: 4050,
      currency: "GBP",
    });
    expect(patch?.headers.get("X-CSRF-Token")).toBe("csrf-1");
    expect(screen.getByTestId("location")).toHaveTextContent("/mentor/onboarding?step=photo");
  });

  it("puts the server's field errors on the profile fields", async () => {
    routes(mentorProfile(), {
      "PATCH /api/v1/mentor/profile": () =>
        apiError(422, "invalid_mentor_profile", "…", { fields: { hourly_rate_cents: "Choose an hourly rate between 1.00 and 100000.00." } }),
    });
    renderWithProviders(<AppRoutes />, { route: "/mentor/onboarding?step=profile" });
    await userEvent.type(await screen.findByLabelText("Headline"), "Coach");
    await userEvent.type(screen.getByLabelText("About you"), "Bio");
    await userEvent.selectOptions(screen.getByLabelText("Add a language"), "en");
    await userEvent.type(screen.getByLabelText("Hourly rate"), "45");
    await userEvent.click(screen.getByRole("button", { name: /Save and continue/ }));
    await waitFor(() => expect(screen.getByLabelText("Hourly rate")).toHaveAccessibleDescription("Choose an hourly rate between 1.00 and 100000.00."));
  });

  it("resumes at the first unfinished step and saves topics from the catalog tree", async () => {
    const profile = completeProfile({ topics: [], steps: { profile: true, subjects: false, documents: true } });
    const calls = routes(profile, {
      "PUT /api/v1/mentor/profile/topics": () => json(completeProfile()),
    });
    renderWithProviders(<AppRoutes />, { route: "/mentor/onboarding" });
    expect(await screen.findByRole("heading", { name: "What you teach" })).toBeInTheDocument();
    await userEvent.type(await screen.findByLabelText("Filter topics"), "newton");
    expect(screen.queryByLabelText("Circuits")).not.toBeInTheDocument();
    await userEvent.click(screen.getByLabelText("Newton's laws of motion"));
    expect(screen.getByLabelText("All topics in Mechanics")).toHaveProperty("indeterminate", false);
    await userEvent.clear(screen.getByLabelText("Filter topics"));
    expect(screen.getByLabelText("All topics in Mechanics")).toHaveProperty("indeterminate", true);
    expect(screen.getByText("1 of at most 40 topics chosen")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: /Save and continue/ }));
    await waitFor(() => expect(calls.find((call) => call.method === "PUT")?.body).toEqual({ topic_ids: [NEWTON_ID] }));
    expect(await screen.findByRole("heading", { name: "Verification documents" })).toBeInTheDocument();
  });

  it("uploads documents with a progress bar, refusing wrong files before sending", async () => {
    document.cookie = "edu_csrf=csrf-2; path=/";
    const profile = completeProfile({ documents: [], steps: { profile: true, subjects: true, documents: false } });
    routes(profile, { "GET /api/v1/mentor/profile/documents/d9/link": () => json({ url: "/files/doc/d9?sig=1", expires_in: 600 }) });
    const user = userEvent.setup({ applyAccept: false });
    renderWithProviders(<AppRoutes />, { route: "/mentor/onboarding?step=documents" });
    const input = await screen.findByLabelText("Upload documents");

    const huge = new File(["x"], "scan.png", { type: "image/png" });
    Object.defineProperty(huge, "size", { value: 11 * 1024 * 1024 });
    const text = new File(["hello"], "notes.txt", { type: "text/plain" });
    const pdf = new File(["%PDF-1.4"], "diploma.pdf", { type: "application/pdf" });
    await user.upload(input, [huge, text, pdf]);

    const uploads = screen.getByRole("group", { name: "Uploads" });
    expect(within(uploads).getByText(/scan\.png is 11 MB; the limit is 10 MB/)).toBeInTheDocument();
    expect(within(uploads).getByText("notes.txt isn't a PDF, PNG or JPEG file.")).toBeInTheDocument();
    expect(FakeXhr.all).toHaveLength(1);
    const xhr = FakeXhr.all[0]!;
    expect(xhr.url).toBe("/api/v1/mentor/profile/documents?filename=diploma.pdf");
    expect(xhr.headers["X-CSRF-Token"]).toBe("csrf-2");

    xhr.progress(3, 8);
    expect(await screen.findByRole("progressbar", { name: "Uploading diploma.pdf" })).toHaveAttribute("aria-valuenow", "38");
    xhr.respond(201, completeProfile({ documents: [{ id: "d9", filename: "diploma.pdf", content_type: "application/pdf", size: 8, uploaded_at: "2026-11-27T10:00:00Z" }] }));
    const list = await screen.findByRole("list", { name: "Uploaded documents" });
    expect(within(list).getByText("diploma.pdf")).toBeInTheDocument();
    expect(await within(list).findByRole("link", { name: "View diploma.pdf" })).toHaveAttribute("href", "/files/doc/d9?sig=1");
  });

  it("marks the photo step done only once a photo is stored, not while one uploads or after a refusal", async () => {
    URL.createObjectURL = vi.fn(() => "blob:preview");
    URL.revokeObjectURL = vi.fn();
    routes(completeProfile({ photo_url: null }));
    renderWithProviders(<AppRoutes />, { route: "/mentor/onboarding?step=photo" });
    const photoStep = async () => within(await screen.findByRole("navigation", { name: "Application steps" })).getByRole("button", { name: /^Photo/ });
    expect(await photoStep()).not.toHaveTextContent("(done)");
    expect(screen.getByRole("button", { name: /Skip for now/ })).toBeInTheDocument();
    // The advice beside the upload carries no ticks that would read as "done".
    expect(screen.getByRole("list", { name: "Tips for a good photo" }).querySelector("svg")).toBeNull();

    const png = () => new File(["png"], "me.png", { type: "image/png" });
    await userEvent.upload(screen.getByLabelText("Upload a photo"), png());
    expect(FakeXhr.last?.url).toBe("/api/v1/mentor/profile/photo?filename=me.png");
    expect(await photoStep()).not.toHaveTextContent("(done)");
    FakeXhr.last!.respond(422, { code: "unsupported_file_type", message: "No." });
    expect(await screen.findByText(/isn't a real PNG, JPEG or WebP file/)).toBeInTheDocument();
    expect(await photoStep()).not.toHaveTextContent("(done)");
    expect(screen.getByText("No photo yet")).toBeInTheDocument();

    await userEvent.upload(screen.getByLabelText("Upload a photo"), png());
    FakeXhr.last!.respond(200, completeProfile({ photo_url: "/files/avatar/ab/me?sig=1" }));
    await waitFor(async () => expect(await photoStep()).toHaveTextContent("(done)"));
    expect(screen.getByText("Your current photo")).toBeInTheDocument();
  });

  it("shows the server's reason when an upload is refused", async () => {
    routes(completeProfile({ documents: [], steps: { profile: true, subjects: true, documents: false } }));
    renderWithProviders(<AppRoutes />, { route: "/mentor/onboarding?step=documents" });
    await userEvent.upload(await screen.findByLabelText("Upload documents"), new File(["MZ"], "cv.pdf", { type: "application/pdf" }));
    FakeXhr.last!.respond(422, { code: "unsupported_file_type", message: "No." });
    expect(await screen.findByText("This file isn't a real PDF, PNG or JPEG file. Export it again in one of those formats.")).toBeInTheDocument();
  });

  it("submits a complete application, and lists what's missing when the server says so", async () => {
    let answer = apiError(422, "onboarding_incomplete", "…", { missing_steps: ["documents"] });
    const calls = routes(completeProfile(), { "POST /api/v1/mentor/profile/submit": () => answer });
    renderWithProviders(<AppRoutes />, { route: "/mentor/onboarding" });
    expect(await screen.findByRole("heading", { name: "Review and submit" })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Submit application" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Documents: at least one verification document");

    answer = json(completeProfile({ status: "submitted", submitted_at: "2026-11-27T10:00:00Z" }));
    await userEvent.click(screen.getByRole("button", { name: "Submit application" }));
    expect(await screen.findByText("Your application is under review")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Under review" })).toBeInTheDocument();
    expect(calls.filter((call) => call.path.endsWith("/submit"))).toHaveLength(2);
  });

  it("keeps a submitted application read-only", async () => {
    routes(completeProfile({ status: "submitted", submitted_at: "2026-11-27T10:00:00Z" }));
    renderWithProviders(<AppRoutes />, { route: "/mentor/onboarding?step=profile" });
    expect(await screen.findByLabelText("Headline")).toBeDisabled();
    expect(screen.getByRole("button", { name: /Continue/ })).toBeEnabled();
    await userEvent.click(screen.getByRole("button", { name: /^Documents/ }));
    expect(await screen.findByText("Documents are locked")).toBeInTheDocument();
    expect(screen.queryByLabelText("Upload documents")).not.toBeInTheDocument();
  });

  it("shows why an application was sent back and allows resubmitting", async () => {
    routes(completeProfile({ status: "rejected", rejection_reason: "The certificate scan is unreadable." }));
    renderWithProviders(<AppRoutes />, { route: "/mentor/onboarding" });
    expect(await screen.findByText("Our team asked for changes")).toBeInTheDocument();
    expect(screen.getByText("The certificate scan is unreadable.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Submit again" })).toBeEnabled();
  });

  it("links verified mentors to their public profile", async () => {
    routes(completeProfile({ status: "verified", verified_at: "2026-11-27T10:00:00Z" }));
    renderWithProviders(<AppRoutes />, { route: "/mentor/onboarding" });
    expect(await screen.findByText("You're verified: your profile is live")).toBeInTheDocument();
    for (const link of screen.getAllByRole("link", { name: /public profile/i })) expect(link).toHaveAttribute("href", `/mentors/${MENTOR_ID}`);
  });

  it("is for mentors only", async () => {
    mockApi({ "GET /api/v1/me": () => json(makeUser({ role: "student" })) });
    renderWithProviders(<AppRoutes />, { route: "/mentor/onboarding" });
    expect(await screen.findByText("You don't have access to this page")).toBeInTheDocument();
    expect(screen.getByText(/reserved for mentors/)).toBeInTheDocument();
  });
});
