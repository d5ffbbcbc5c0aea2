import { useState, type ReactNode } from "react";
import { Link, useLocation, useParams, useSearchParams } from "react-router";
import { ApiError } from "../../api/errors";
import { useCatalog, usePublicMentor } from "../../api/marketplace";
import type { PublicMentor, Slot } from "../../api/types";
import { findTopic } from "../../lib/catalog";
import { Button, ButtonLink } from "../../components/ui/Button";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { ArrowLeftIcon, CalendarIcon, ClockIcon, GlobeIcon } from "../../components/ui/icons";
import { Portrait } from "../../components/ui/Portrait";
import { Skeleton, SkeletonText } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDate } from "../../lib/format";
import { languageList } from "../../lib/languages";
import { formatMoney } from "../../lib/money";
import { localTime } from "../../lib/timezones";
import { useViewerZone } from "../../lib/viewer-zone";
import { BookingDialog } from "../bookings/BookingDialog";
import { OpenGroupSessions } from "../groups/OpenGroupSessions";
import { MentorReviews } from "../reviews/MentorReviews";
import { RatingInline, TopicGroups, VerifiedBadge } from "./MentorBits";
import { PortfolioList } from "./PortfolioList";
import { PublishedWork } from "./PublishedWork";
import { groupTopics } from "./topics";
import { WeekSlots } from "./WeekSlots";

function BackLink() {
  const location = useLocation();
  const from = (location.state as { from?: unknown } | null)?.from;
  return (
    <Link
      to={typeof from === "string" && from.startsWith("/mentors") ? from : "/mentors"}
      className="inline-flex items-center gap-1.5 rounded text-sm font-medium text-slate-500 hover:text-slate-800"
    >
      <ArrowLeftIcon size={16} /> All mentors
    </Link>
  );
}

function city(zone: string): string {
  return (zone.split("/").pop() ?? zone).replaceAll("_", " ");
}

function Meta({ icon, children }: { icon: ReactNode; children: ReactNode }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <span className="text-slate-400">{icon}</span>
      {children}
    </span>
  );
}

function ProfileSkeleton() {
  return (
    <div aria-hidden="true">
      <div className="mb-8 flex items-center gap-5">
        <Skeleton className="size-28 rounded-3xl" />
        <div className="flex-1 space-y-3">
          <Skeleton className="h-7 w-64" />
          <Skeleton className="h-4 w-96 max-w-full" />
          <Skeleton className="h-4 w-72" />
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="p-6 lg:col-span-2"><SkeletonText lines={6} /></Card>
        <Card className="p-6"><SkeletonText lines={4} /></Card>
      </div>
    </div>
  );
}

function scrollToAvailability() {
  document.getElementById("availability")?.scrollIntoView({ behavior: "smooth", block: "start" });
}

/** Phones: the rate and the way to the calendar right under the name. */
function MobileRate({ mentor }: { mentor: PublicMentor }) {
  return (
    <div className="mb-6 flex items-center justify-between gap-4 rounded-2xl bg-white p-4 shadow-xs ring-1 ring-slate-200/80 lg:hidden">
      {mentor.hourly_rate_cents != null ? (
        <p className="text-sm text-slate-500">
          <span className="text-xl font-semibold text-slate-900 tabular-nums">{formatMoney(mentor.hourly_rate_cents, mentor.currency)}</span> per hour
        </p>
      ) : (
        <p className="text-sm text-slate-500">Rate on request</p>
      )}
      <Button size="sm" icon={<CalendarIcon size={16} />} onClick={scrollToAvailability}>
        Available times
      </Button>
    </div>
  );
}

function Sidebar({ mentor }: { mentor: PublicMentor }) {
  return (
    <div className="space-y-6 lg:sticky lg:top-6">
      <Card className="hidden lg:block">
        <CardBody>
          {mentor.hourly_rate_cents != null ? (
            <p className="text-slate-500">
              <span className="text-3xl font-semibold tracking-tight text-slate-900 tabular-nums">{formatMoney(mentor.hourly_rate_cents, mentor.currency)}</span>{" "}
              per hour
            </p>
          ) : (
            <p className="text-sm text-slate-500">Rate on request</p>
          )}
          <Button
            className="mt-5 w-full"
            icon={<CalendarIcon size={18} />}
            onClick={scrollToAvailability}
          >
            Book a session
          </Button>
          <p className="mt-3 text-center text-xs text-slate-500">Pick a time in the calendar, then pay securely to confirm it.</p>
        </CardBody>
      </Card>
    </div>
  );
}

export default function MentorProfilePage() {
  const { mentorId = "" } = useParams();
  const mentor = usePublicMentor(mentorId);
  const catalog = useCatalog();
  // "Book a session on this topic" links here with ?topic=<slug>: the booking carries it.
  const [params] = useSearchParams();
  const topicRef = params.get("topic");
  const topic = topicRef ? (findTopic(catalog.data, topicRef)?.topic ?? null) : null;
  const viewer = useViewerZone();
  const [picked, setPicked] = useState<Slot | null>(null);
  const { zone, clock } = viewer;
  const data = mentor.data;
  useDocumentTitle(data ? data.display_name : "Mentor");

  if (mentor.isPending) {
    return (
      <>
        <div className="mb-6"><BackLink /></div>
        <ProfileSkeleton />
        <span className="sr-only" role="status">Loading profile…</span>
      </>
    );
  }
  if (mentor.isError || !data) {
    const missing = mentor.error instanceof ApiError && (mentor.error.status === 404 || mentor.error.status === 400);
    return (
      <>
        <div className="mb-6"><BackLink /></div>
        <Card>
          {missing ? (
            <EmptyState
              title="This mentor isn't available"
              description="The profile may have been removed, or the link is wrong. Plenty of other verified mentors are waiting."
              action={<ButtonLink to="/mentors">Find a mentor</ButtonLink>}
            />
          ) : (
            <ErrorState error={mentor.error} title="We couldn't load this profile" onRetry={() => void mentor.refetch()} />
          )}
        </Card>
      </>
    );
  }

  const groups = groupTopics(data.topics, catalog.data);
  const now = localTime(data.timezone);
  return (
    <>
      <div className="mb-6"><BackLink /></div>
      <header className="mb-8 flex flex-col gap-5 sm:flex-row sm:items-center">
        <Portrait name={data.display_name} seed={data.id} photoUrl={data.photo_url} size="xl" />
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">{data.display_name}</h1>
            <VerifiedBadge />
          </div>
          <p className="mt-1.5 max-w-2xl text-[0.95rem] leading-7 text-slate-600">{data.headline}</p>
          <div className="mt-3 flex flex-wrap items-center gap-x-5 gap-y-2 text-sm text-slate-600">
            {data.rating.count ? (
              <a href="#reviews" className="rounded hover:underline">
                <RatingInline average={data.rating.average} count={data.rating.count} />
              </a>
            ) : (
              <RatingInline average={data.rating.average} count={data.rating.count} />
            )}
            {data.languages.length ? <Meta icon={<GlobeIcon size={15} />}>Teaches in {languageList(data.languages)}</Meta> : null}
            <Meta icon={<ClockIcon size={15} />}>
              {city(data.timezone)}
              {now ? ` · ${now} there now` : ""}
            </Meta>
          </div>
        </div>
      </header>
      <MobileRate mentor={data} />

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card>
            <CardHeader title="About" description={data.verified_at ? `Verified mentor since ${formatDate(data.verified_at)}` : undefined} />
            <CardBody>
              <p className="text-[0.95rem] leading-7 whitespace-pre-line text-slate-700">{data.bio || "This mentor hasn't written a bio yet."}</p>
            </CardBody>
          </Card>

          <Card>
            <CardHeader title="Teaches" description="Topics from our catalog, grouped by subject." />
            <CardBody>
              {groups.length ? <TopicGroups groups={groups} /> : <p className="text-sm text-slate-500">No topics listed yet.</p>}
            </CardBody>
          </Card>

          <section id="availability" aria-labelledby="availability-title" className="scroll-mt-6">
            <Card>
              <CardHeader
                titleId="availability-title"
                title="Availability"
                description={topic ? `Pick a time for a session on ${topic.name}.` : "Pick a time that suits you to book it."}
              />
              <CardBody>
                <WeekSlots
                  mentorId={data.id}
                  zone={zone}
                  viewer={viewer}
                  onPick={(slot) => setPicked(slot)}
                />
              </CardBody>
            </Card>
          </section>

          <OpenGroupSessions mentorId={data.id} mentorName={data.display_name} zone={zone} clock={clock} />

          <MentorReviews mentor={data} />

          <PublishedWork mentorId={data.id} name={data.display_name} />

          <Card>
            <CardHeader title="Portfolio" description="Samples of this mentor's material." />
            <CardBody>
              {data.portfolio.length ? (
                <PortfolioList items={data.portfolio} />
              ) : (
                <p className="text-sm text-slate-500">{data.display_name} hasn't shared samples yet.</p>
              )}
            </CardBody>
          </Card>
        </div>
        <Sidebar mentor={data} />
      </div>
      <BookingDialog mentor={data} slot={picked} zone={zone} clock={clock} topic={topic} onClose={() => setPicked(null)} />
    </>
  );
}
