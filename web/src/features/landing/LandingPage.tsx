import type { ReactNode } from "react";
import { ButtonLink } from "../../components/ui/Button";
import {
  ArrowRightIcon,
  CalendarIcon,
  CheckCircleIcon,
  CheckIcon,
  ClockIcon,
  CompassIcon,
  MessageIcon,
  ShieldIcon,
  SparklesIcon,
  StarIcon,
  TrendingUpIcon,
  UsersIcon,
} from "../../components/ui/icons";
import { Avatar } from "../../components/ui/Avatar";
import { useDocumentTitle } from "../../lib/document-title";

function HeroCard() {
  return (
    <div className="relative isolate mx-auto w-full max-w-md lg:mx-0">
      <div className="absolute -inset-6 -z-10 rounded-[2rem] bg-gradient-to-tr from-brand-200/60 via-violet-200/50 to-sky-100/60 blur-2xl" aria-hidden="true" />
      <div className="rounded-2xl bg-white p-6 shadow-xl ring-1 shadow-brand-900/10 ring-slate-900/5">
        <div className="flex items-start gap-4">
          <Avatar name="Elena Marković" size="lg" seed="elena" />
          <div className="min-w-0 flex-1">
            <div className="flex items-center gap-2">
              <p className="font-semibold text-slate-900">Elena Marković</p>
              <span className="inline-flex items-center gap-1 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-emerald-600/20 ring-inset">
                <ShieldIcon size={12} /> Verified
              </span>
            </div>
            <p className="text-sm text-slate-500">Staff engineer · 12 years in backend systems</p>
            <div className="mt-1.5 flex items-center gap-1 text-sm text-slate-600">
              <StarIcon size={14} className="text-amber-400" fill="currentColor" stroke="none" />
              <span className="font-medium text-slate-900">4.9</span>
              <span className="text-slate-400">· 128 sessions</span>
            </div>
          </div>
        </div>
        <div className="mt-5 flex flex-wrap gap-2">
          {["System design", "Go", "Career growth"].map((skill) => (
            <span key={skill} className="rounded-md bg-slate-100 px-2 py-1 text-xs font-medium text-slate-600">
              {skill}
            </span>
          ))}
        </div>
        <div className="mt-5 rounded-xl bg-slate-50 p-4 ring-1 ring-slate-100">
          <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Next available</p>
          <div className="mt-3 grid grid-cols-3 gap-2">
            {["Tue 09:00", "Tue 14:30", "Thu 18:00"].map((slot, index) => (
              <span
                key={slot}
                className={
                  index === 1
                    ? "rounded-lg bg-brand-600 px-2 py-2 text-center text-xs font-semibold text-white shadow-sm"
                    : "rounded-lg bg-white px-2 py-2 text-center text-xs font-medium text-slate-700 ring-1 ring-slate-200"
                }
              >
                {slot}
              </span>
            ))}
          </div>
          <p className="mt-3 flex items-center gap-1.5 text-xs text-slate-500">
            <ClockIcon size={13} /> Shown in your time zone
          </p>
        </div>
      </div>
      <div className="absolute -bottom-6 -left-6 hidden items-center gap-3 rounded-xl bg-white px-4 py-3 shadow-lg ring-1 ring-slate-900/5 sm:flex">
        <span className="flex size-9 items-center justify-center rounded-full bg-emerald-100 text-emerald-600">
          <CheckIcon size={18} strokeWidth={2.5} />
        </span>
        <div>
          <p className="text-sm font-semibold text-slate-900">Session booked</p>
          <p className="text-xs text-slate-500">Tuesday, 14:30 – 15:30</p>
        </div>
      </div>
    </div>
  );
}

const steps = [
  { icon: <CompassIcon size={22} />, title: "Tell us your goal", text: "Pick what you want to learn and where you want to get to. Beginners and seasoned pros both welcome." },
  { icon: <UsersIcon size={22} />, title: "Choose a verified mentor", text: "Compare mentors by expertise, reviews, price and availability. Every one of them is checked by our team." },
  { icon: <CalendarIcon size={22} />, title: "Learn one-to-one", text: "Book a session at a time that suits you, in your own time zone, and keep momentum between sessions." },
];

function Feature({ children }: { children: ReactNode }) {
  return (
    <li className="flex gap-3">
      <CheckCircleIcon size={20} className="mt-0.5 shrink-0 text-brand-600" />
      <span className="text-[0.95rem] leading-7 text-slate-700">{children}</span>
    </li>
  );
}

export default function LandingPage() {
  useDocumentTitle(null);
  return (
    <>
      <section className="relative overflow-hidden">
        <div className="absolute inset-x-0 top-0 -z-10 h-[36rem] bg-gradient-to-b from-brand-50/80 via-white to-white" aria-hidden="true" />
        <div className="mx-auto grid max-w-6xl items-center gap-16 px-4 pt-16 pb-20 sm:px-6 sm:pt-24 lg:grid-cols-2 lg:pb-28">
          <div>
            <p className="inline-flex items-center gap-2 rounded-full bg-white px-3 py-1 text-sm font-medium text-brand-700 shadow-xs ring-1 ring-brand-100">
              <SparklesIcon size={16} /> Every mentor verified by our team
            </p>
            <h1 className="mt-6 text-4xl font-semibold tracking-tight text-balance text-slate-900 sm:text-5xl lg:text-[3.5rem] lg:leading-[1.05]">
              Learn faster with a mentor who's <span className="text-brand-600">been there</span>.
            </h1>
            <p className="mt-6 max-w-xl text-lg leading-8 text-slate-600">
              Mentora connects you with experienced, verified mentors for one-to-one sessions. Get honest feedback, a plan
              that fits you, and someone in your corner.
            </p>
            <div className="mt-10 flex flex-col gap-3 sm:flex-row">
              <ButtonLink to="/mentors" size="lg">
                Find your mentor <ArrowRightIcon size={18} />
              </ButtonLink>
              <ButtonLink to="/register?role=mentor" size="lg" variant="secondary">
                Become a mentor
              </ButtonLink>
            </div>
            <dl className="mt-12 grid max-w-md grid-cols-3 gap-6">
              {[
                ["1:1", "Personal sessions"],
                ["100%", "Verified mentors"],
                ["24/7", "Book any time"],
              ].map(([value, label]) => (
                <div key={label}>
                  <dt className="text-sm text-slate-500">{label}</dt>
                  <dd className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">{value}</dd>
                </div>
              ))}
            </dl>
          </div>
          <HeroCard />
        </div>
      </section>

      <section id="how-it-works" className="scroll-mt-20 border-y border-slate-100 bg-slate-50/70 py-20 sm:py-24">
        <div className="mx-auto max-w-6xl px-4 sm:px-6">
          <div className="max-w-2xl">
            <p className="text-sm font-semibold tracking-wide text-brand-600 uppercase">How it works</p>
            <h2 className="mt-2 text-3xl font-semibold tracking-tight text-slate-900 sm:text-4xl">From "where do I start?" to real progress</h2>
          </div>
          <ol className="mt-12 grid gap-6 md:grid-cols-3">
            {steps.map((step, index) => (
              <li key={step.title} className="relative rounded-2xl bg-white p-6 shadow-xs ring-1 ring-slate-200/80">
                <div className="flex items-center justify-between">
                  <span className="flex size-11 items-center justify-center rounded-xl bg-brand-50 text-brand-600">{step.icon}</span>
                  <span className="text-sm font-semibold text-slate-300" aria-hidden="true">0{index + 1}</span>
                </div>
                <h3 className="mt-5 text-lg font-semibold text-slate-900">{step.title}</h3>
                <p className="mt-2 text-[0.95rem] leading-7 text-slate-600">{step.text}</p>
              </li>
            ))}
          </ol>
        </div>
      </section>

      <section className="py-20 sm:py-24">
        <div className="mx-auto grid max-w-6xl gap-8 px-4 sm:px-6 lg:grid-cols-2">
          <article id="students" className="scroll-mt-20 rounded-3xl bg-white p-8 shadow-xs ring-1 ring-slate-200/80 sm:p-10">
            <span className="inline-flex items-center gap-2 rounded-full bg-sky-50 px-3 py-1 text-sm font-medium text-sky-700">
              <TrendingUpIcon size={16} /> For students
            </span>
            <h2 className="mt-5 text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">Guidance that fits your goals</h2>
            <p className="mt-3 text-[0.95rem] leading-7 text-slate-600">
              Skip the guesswork. Work with someone who has solved the problems you're facing right now.
            </p>
            <ul className="mt-6 space-y-3">
              <Feature>Mentors verified for identity and expertise</Feature>
              <Feature>Sessions scheduled in your own time zone</Feature>
              <Feature>Clear prices, no subscription required</Feature>
            </ul>
            <ButtonLink to="/register" className="mt-8">
              Start learning <ArrowRightIcon size={16} />
            </ButtonLink>
          </article>
          <article id="mentors" className="scroll-mt-20 rounded-3xl bg-slate-900 p-8 text-white shadow-xl sm:p-10">
            <span className="inline-flex items-center gap-2 rounded-full bg-white/10 px-3 py-1 text-sm font-medium text-brand-200">
              <MessageIcon size={16} /> For mentors
            </span>
            <h2 className="mt-5 text-2xl font-semibold tracking-tight sm:text-3xl">Share what you know, on your terms</h2>
            <p className="mt-3 text-[0.95rem] leading-7 text-slate-300">
              Help motivated learners grow while you set your own schedule and rates. We handle the bookings.
            </p>
            <ul className="mt-6 space-y-3">
              {["Set your availability and hourly rate", "Get discovered by students who need your skills", "A verified badge that builds trust from day one"].map((item) => (
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
          <h2 className="relative text-3xl font-semibold tracking-tight text-white sm:text-4xl">Your next breakthrough is one session away</h2>
          <p className="relative mx-auto mt-4 max-w-xl text-lg text-brand-100">Create a free account in under a minute.</p>
          <div className="relative mt-8 flex flex-col justify-center gap-3 sm:flex-row">
            <ButtonLink to="/register" size="lg" variant="secondary">
              Get started for free
            </ButtonLink>
          </div>
        </div>
      </section>
    </>
  );
}
