import type { ReactNode } from "react";
import { Link } from "react-router";
import { useOverview, type FeaturedMentor, type Overview } from "../../api/discovery";
import { Avatar } from "../../components/ui/Avatar";
import { ButtonLink } from "../../components/ui/Button";
import {
  ArrowRightIcon,
  BookOpenIcon,
  CheckCircleIcon,
  CompassIcon,
  LibraryIcon,
  MessageIcon,
  ShieldIcon,
  SparklesIcon,
  StarIcon,
  TargetIcon,
} from "../../components/ui/icons";
import { Skeleton } from "../../components/ui/Skeleton";
import { useDocumentTitle } from "../../lib/document-title";
import { workSummary } from "../mentors/work-summary";

const numberFormat = new Intl.NumberFormat("en");

/** The platform's figures, counted in the database; nothing is shown until they have loaded. */
function Figures({ overview }: { overview: Overview | undefined }) {
  const figures: [string, number | undefined][] = [
    ["Verified mentors", overview?.verified_mentors],
    ["Reviewed lessons", overview?.live_lessons],
    ["Published courses", overview?.published_courses],
  ];
  return (
    <dl className="mt-12 grid max-w-md grid-cols-3 gap-6" aria-busy={overview ? undefined : true}>
      {figures.map(([label, value]) => (
        <div key={label}>
          <dt className="text-sm text-slate-500">{label}</dt>
          <dd className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">
            {value === undefined ? <Skeleton className="h-8 w-12" /> : numberFormat.format(value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function MentorCard({ mentor }: { mentor: FeaturedMentor }) {
  const work = workSummary(mentor.work);
  return (
    <li>
      <Link
        to={`/mentors/${mentor.id}`}
        className="flex items-start gap-4 rounded-xl p-3 transition hover:bg-slate-50 focus-visible:bg-slate-50"
      >
        <Avatar name={mentor.display_name} seed={mentor.id} src={mentor.photo_url} size="lg" />
        <div className="min-w-0 flex-1">
          <p className="flex flex-wrap items-center gap-2">
            <span className="font-semibold text-slate-900">{mentor.display_name}</span>
            <span className="inline-flex items-center gap-1 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-emerald-600/20 ring-inset">
              <ShieldIcon size={12} /> Verified
            </span>
          </p>
          {mentor.headline ? <p className="truncate text-sm text-slate-500">{mentor.headline}</p> : null}
          <p className="mt-1 flex flex-wrap items-center gap-x-2 text-sm text-slate-600">
            {mentor.rating_count > 0 ? (
              <span className="inline-flex items-center gap-1">
                <StarIcon size={14} className="text-amber-400" fill="currentColor" stroke="none" />
                <span className="font-medium text-slate-900">{mentor.rating_avg.toFixed(1)}</span>
                <span className="text-slate-400">({mentor.rating_count})</span>
              </span>
            ) : null}
            {work ? <span>{work}</span> : null}
          </p>
          {mentor.subjects.length ? (
            <p className="mt-2 flex flex-wrap gap-1.5">
              {mentor.subjects.map((subject) => (
                <span key={subject} className="rounded-md bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">
                  {subject}
                </span>
              ))}
            </p>
          ) : null}
        </div>
      </Link>
    </li>
  );
}

/** Verified mentors from the database, those with the most published work first. */
function FeaturedMentors({ overview, loading }: { overview: Overview | undefined; loading: boolean }) {
  if (!loading && !overview?.featured_mentors.length) return null;
  return (
    <section aria-labelledby="featured-mentors" className="relative isolate mx-auto w-full max-w-md lg:mx-0">
      <div className="absolute -inset-6 -z-10 rounded-[2rem] bg-gradient-to-tr from-brand-200/60 via-violet-200/50 to-sky-100/60 blur-2xl" aria-hidden="true" />
      <div className="rounded-2xl bg-white p-4 shadow-xl ring-1 shadow-brand-900/10 ring-slate-900/5 sm:p-5">
        <h2 id="featured-mentors" className="px-3 pt-1 pb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
          Mentors on Mentora
        </h2>
        {overview ? (
          <ul className="space-y-1">
            {overview.featured_mentors.map((mentor) => (
              <MentorCard key={mentor.id} mentor={mentor} />
            ))}
          </ul>
        ) : (
          <div className="space-y-4 p-3" aria-hidden="true">
            {[0, 1, 2].map((row) => (
              <div key={row} className="flex gap-4">
                <Skeleton className="size-14 rounded-full" />
                <div className="flex-1 space-y-2">
                  <Skeleton className="h-4 w-40" />
                  <Skeleton className="h-3.5 w-56" />
                </div>
              </div>
            ))}
          </div>
        )}
        <Link to="/mentors" className="mt-2 flex items-center justify-center gap-1.5 rounded-lg px-3 py-2 text-sm font-medium text-brand-700 hover:bg-brand-50">
          See all mentors <ArrowRightIcon size={16} />
        </Link>
      </div>
    </section>
  );
}

const offers = [
  {
    icon: <BookOpenIcon size={22} />,
    title: "Notes that explain",
    text: "Lessons written by mentors, with properly typeset formulas, worked examples and interactive simulations you can play with.",
  },
  {
    icon: <TargetIcon size={22} />,
    title: "Questions with hints",
    text: "Practise with questions graded on the spot. Stuck? Ask for a hint, then the worked solution, at your own pace.",
  },
  {
    icon: <LibraryIcon size={22} />,
    title: "Courses in order",
    text: "Mentors group their lessons into courses, so you always know what comes next and how far you've got.",
  },
];

function Feature({ children }: { children: ReactNode }) {
  return (
    <li className="flex gap-3">
      <CheckCircleIcon size={20} className="mt-0.5 shrink-0 text-brand-600" />
      <span className="text-[0.95rem] leading-7 text-slate-700">{children}</span>
    </li>
  );
}

function subjectsLine(subjects: string[]): string {
  if (subjects.length === 0) return "school and university subjects";
  const shown = subjects.slice(0, 4);
  const rest = subjects.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${numberFormat.format(rest)} more` : shown.join(", ");
}

export default function LandingPage() {
  useDocumentTitle(null);
  const overview = useOverview();
  const data = overview.data;
  return (
    <>
      <section className="relative overflow-hidden">
        <div className="absolute inset-x-0 top-0 -z-10 h-[36rem] bg-gradient-to-b from-brand-50/80 via-white to-white" aria-hidden="true" />
        {/* grid-cols-1 (minmax(0, 1fr)): the mentor cards' one-line headlines must not widen the
            column past the screen when they arrive, which would reflow the heading above. */}
        <div className="mx-auto grid max-w-6xl grid-cols-1 items-center gap-16 px-4 pt-16 pb-20 sm:px-6 sm:pt-24 lg:grid-cols-2 lg:pb-28">
          <div>
            <p className="inline-flex items-center gap-2 rounded-full bg-white px-3 py-1 text-sm font-medium text-brand-700 shadow-xs ring-1 ring-brand-100">
              <SparklesIcon size={16} /> Every mentor verified by our team
            </p>
            <h1 className="mt-6 text-4xl font-semibold tracking-tight text-balance text-slate-900 sm:text-5xl lg:text-[3.5rem] lg:leading-[1.05]">
              Learn school and university subjects with <span className="text-brand-600">verified mentors</span>.
            </h1>
            <p className="mt-6 max-w-xl text-lg leading-8 text-slate-600">
              Read notes with formulas and simulations, practise with questions that give hints, and follow courses written by
              mentors whose qualifications we have checked.
            </p>
            <div className="mt-10 flex flex-col gap-3 sm:flex-row">
              <ButtonLink to="/learn" size="lg">
                Start learning <ArrowRightIcon size={18} />
              </ButtonLink>
              <ButtonLink to="/mentors" size="lg" variant="secondary">
                Find a mentor
              </ButtonLink>
            </div>
            <Figures overview={data} />
          </div>
          <FeaturedMentors overview={data} loading={overview.isPending} />
        </div>
      </section>

      <section id="how-it-works" className="scroll-mt-20 border-y border-slate-100 bg-slate-50/70 py-20 sm:py-24">
        <div className="mx-auto max-w-6xl px-4 sm:px-6">
          <div className="max-w-2xl">
            <p className="text-sm font-semibold tracking-wide text-brand-600 uppercase">What you'll find</p>
            <h2 className="mt-2 text-3xl font-semibold tracking-tight text-slate-900 sm:text-4xl">
              Material for {subjectsLine(data?.subjects ?? [])}
            </h2>
          </div>
          <ul className="mt-12 grid gap-6 md:grid-cols-3">
            {offers.map((offer) => (
              <li key={offer.title} className="rounded-2xl bg-white p-6 shadow-xs ring-1 ring-slate-200/80">
                <span className="flex size-11 items-center justify-center rounded-xl bg-brand-50 text-brand-600">{offer.icon}</span>
                <h3 className="mt-5 text-lg font-semibold text-slate-900">{offer.title}</h3>
                <p className="mt-2 text-[0.95rem] leading-7 text-slate-600">{offer.text}</p>
              </li>
            ))}
          </ul>
        </div>
      </section>

      <section className="py-20 sm:py-24">
        <div className="mx-auto grid max-w-6xl gap-8 px-4 sm:px-6 lg:grid-cols-2">
          <article id="students" className="scroll-mt-20 rounded-3xl bg-white p-8 shadow-xs ring-1 ring-slate-200/80 sm:p-10">
            <span className="inline-flex items-center gap-2 rounded-full bg-sky-50 px-3 py-1 text-sm font-medium text-sky-700">
              <CompassIcon size={16} /> For students
            </span>
            <h2 className="mt-5 text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">Study with material you can trust</h2>
            <p className="mt-3 text-[0.95rem] leading-7 text-slate-600">
              Every lesson is reviewed before it is published, and every author is a mentor we have verified.
            </p>
            <ul className="mt-6 space-y-3">
              <Feature>Search lessons, courses and mentors in one place</Feature>
              <Feature>Track your progress through each course</Feature>
              <Feature>Free to sign up</Feature>
            </ul>
            <ButtonLink to="/register" className="mt-8">
              Create your account <ArrowRightIcon size={16} />
            </ButtonLink>
          </article>
          <article id="mentors" className="scroll-mt-20 rounded-3xl bg-slate-900 p-8 text-white shadow-xl sm:p-10">
            <span className="inline-flex items-center gap-2 rounded-full bg-white/10 px-3 py-1 text-sm font-medium text-brand-200">
              <MessageIcon size={16} /> For mentors
            </span>
            <h2 className="mt-5 text-2xl font-semibold tracking-tight sm:text-3xl">Teach what you know</h2>
            <p className="mt-3 text-[0.95rem] leading-7 text-slate-300">
              Apply with your qualifications; once verified, write notes and questions, build courses and set your availability.
            </p>
            <ul className="mt-6 space-y-3">
              {["An editor for formulas, images and simulations", "Your published courses and lessons on your profile", "A verified badge learners can trust"].map((item) => (
                <li key={item} className="flex gap-3">
                  <CheckCircleIcon size={20} className="mt-0.5 shrink-0 text-brand-300" />
                  <span className="text-[0.95rem] leading-7 text-slate-200">{item}</span>
                </li>
              ))}
            </ul>
            <ButtonLink to="/register?role=mentor" variant="secondary" className="mt-8">
              Apply as a mentor
            </ButtonLink>
          </article>
        </div>
      </section>

      <section className="mx-auto max-w-6xl px-4 pb-24 sm:px-6">
        <div className="relative overflow-hidden rounded-3xl bg-gradient-to-br from-brand-600 to-indigo-800 px-6 py-14 text-center shadow-xl sm:px-16">
          <div className="absolute -top-20 -right-10 size-72 rounded-full bg-white/10 blur-3xl" aria-hidden="true" />
          <h2 className="relative text-3xl font-semibold tracking-tight text-white sm:text-4xl">Pick a subject and start reading</h2>
          <p className="relative mx-auto mt-4 max-w-xl text-lg text-brand-100">Browse the catalog now; sign up when you want to read on.</p>
          <div className="relative mt-8 flex flex-col justify-center gap-3 sm:flex-row">
            <ButtonLink to="/learn" size="lg" variant="secondary">
              Browse subjects
            </ButtonLink>
          </div>
        </div>
      </section>
    </>
  );
}
