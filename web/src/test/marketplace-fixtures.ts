import type { Catalog, MentorCard, MentorProfile, PublicMentor, Slots } from "../api/types";

export const PHYSICS_ID = "10000000-0000-4000-8000-000000000001";
export const MECHANICS_ID = "20000000-0000-4000-8000-000000000001";
export const NEWTON_ID = "30000000-0000-4000-8000-000000000001";
export const KINEMATICS_ID = "30000000-0000-4000-8000-000000000002";
export const CIRCUITS_ID = "30000000-0000-4000-8000-000000000003";
export const MENTOR_ID = "40000000-0000-4000-8000-000000000001";

export const catalog: Catalog = {
  subjects: [
    {
      id: PHYSICS_ID,
      slug: "physics",
      name: "Physics",
      description: "Motion and energy.",
      position: 0,
      chapters: [
        {
          id: MECHANICS_ID,
          subject_id: PHYSICS_ID,
          slug: "mechanics",
          name: "Mechanics",
          position: 0,
          topics: [
            { id: KINEMATICS_ID, chapter_id: MECHANICS_ID, slug: "kinematics-1d", name: "Kinematics in one dimension", description: "Velocity.", position: 0 },
            { id: NEWTON_ID, chapter_id: MECHANICS_ID, slug: "newtons-laws", name: "Newton's laws of motion", description: "F = ma.", position: 1 },
          ],
        },
        {
          id: "20000000-0000-4000-8000-000000000002",
          subject_id: PHYSICS_ID,
          slug: "electricity",
          name: "Electricity",
          position: 1,
          topics: [{ id: CIRCUITS_ID, chapter_id: "20000000-0000-4000-8000-000000000002", slug: "dc-circuits", name: "Circuits", description: "Ohm's law.", position: 0 }],
        },
      ],
    },
    { id: "10000000-0000-4000-8000-000000000002", slug: "chemistry", name: "Chemistry", description: "", position: 1, chapters: [] },
  ],
};

export function card(overrides: Partial<MentorCard> = {}): MentorCard {
  return {
    id: MENTOR_ID,
    display_name: "Amara Okafor",
    headline: "Physics olympiad coach",
    photo_url: null,
    languages: ["en", "fr"],
    timezone: "Africa/Lagos",
    hourly_rate_cents: 3500,
    currency: "EUR",
    rating_avg: 0,
    rating_count: 0,
    subjects: ["Physics"],
    next_available: "2026-12-01T14:30:00Z",
    work: { courses: 0, lessons: 0 },
    ...overrides,
  };
}

export function publicMentor(overrides: Partial<PublicMentor> = {}): PublicMentor {
  return {
    id: MENTOR_ID,
    display_name: "Amara Okafor",
    headline: "Physics olympiad coach",
    bio: "I help students love mechanics.\nOlympiad finalists three years running.",
    photo_url: null,
    languages: ["en", "fr"],
    timezone: "Africa/Lagos",
    hourly_rate_cents: 3500,
    currency: "EUR",
    topics: catalog.subjects[0]?.chapters[0]?.topics ?? [],
    verified_at: "2026-11-01T10:00:00Z",
    rating: { average: 0, count: 0, distribution: { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 } },
    portfolio: [
      { id: "p1", title: "Worked solutions: projectiles", filename: "projectiles.pdf", content_type: "application/pdf", size: 204800, url: "/files/portfolio/ab/x?sig=1&filename=projectiles.pdf" },
    ],
    ...overrides,
  };
}

export function slots(overrides: Partial<Slots> = {}): Slots {
  return {
    mentor_id: MENTOR_ID,
    timezone: "UTC",
    session_minutes: 60,
    session_lengths: [30, 60],
    days: [],
    ...overrides,
  };
}

export function mentorProfile(overrides: Partial<MentorProfile> = {}): MentorProfile {
  return {
    id: MENTOR_ID,
    display_name: "Amara Okafor",
    email: "amara@example.org",
    headline: "",
    bio: "",
    photo_url: null,
    languages: [],
    timezone: "UTC",
    hourly_rate_cents: null,
    currency: "EUR",
    topics: [],
    documents: [],
    portfolio: [],
    verified_at: null,
    rating: { average: 0, count: 0, distribution: {} },
    status: "draft",
    steps: { profile: false, subjects: false, documents: false },
    rejection_reason: null,
    submitted_at: null,
    updated_at: "2026-11-20T10:00:00Z",
    ...overrides,
  };
}

export const completeProfile = (overrides: Partial<MentorProfile> = {}) =>
  mentorProfile({
    headline: "Physics olympiad coach",
    bio: "Mechanics and electricity.",
    languages: ["en"],
    hourly_rate_cents: 3500,
    timezone: "Africa/Lagos",
    topics: catalog.subjects[0]?.chapters[0]?.topics ?? [],
    documents: [{ id: "d1", filename: "certificate.pdf", content_type: "application/pdf", size: 4096, uploaded_at: "2026-11-20T10:00:00Z" }],
    steps: { profile: true, subjects: true, documents: true },
    ...overrides,
  });
