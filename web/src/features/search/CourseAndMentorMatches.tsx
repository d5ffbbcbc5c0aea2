import { Link } from "react-router";
import { MIN_SUGGEST_LENGTH, useSuggestions } from "../../api/discovery";
import { Avatar } from "../../components/ui/Avatar";
import { LibraryIcon } from "../../components/ui/icons";
import { workSummary } from "../mentors/work-summary";

const card = "flex min-w-0 items-center gap-3 rounded-2xl bg-white p-4 shadow-xs ring-1 ring-slate-200/80 transition hover:shadow-md hover:ring-slate-300";

/**
 * Courses and mentors whose title or name is close to the words searched (typos forgiven), shown
 * above the lesson results. Titles and names are text, never markup.
 */
export function CourseAndMentorMatches({ q }: { q: string }) {
  const found = useSuggestions(q);
  if (q.trim().length < MIN_SUGGEST_LENGTH || !found.data) return null;
  const { courses, mentors } = found.data;
  if (courses.length === 0 && mentors.length === 0) return null;
  return (
    <div className="mb-8 space-y-8">
      {courses.length ? (
        <section aria-labelledby="results-courses">
          <h2 id="results-courses" className="mb-3 text-sm font-semibold tracking-wide text-slate-900 uppercase">
            Courses
          </h2>
          <ul className="grid gap-3 sm:grid-cols-2">
            {courses.map((course) => (
              <li key={course.id}>
                <Link to={`/courses/${course.id}`} className={card}>
                  <span className="flex size-10 shrink-0 items-center justify-center rounded-xl bg-brand-50 text-brand-600 ring-1 ring-brand-100">
                    <LibraryIcon size={18} />
                  </span>
                  <span className="min-w-0">
                    <span className="block truncate font-medium text-slate-900">{course.title}</span>
                    <span className="block truncate text-sm text-slate-500">By {course.mentor_name}</span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {mentors.length ? (
        <section aria-labelledby="results-mentors">
          <h2 id="results-mentors" className="mb-3 flex items-baseline justify-between text-sm font-semibold tracking-wide text-slate-900 uppercase">
            Mentors
            <Link to={`/mentors?${new URLSearchParams({ q }).toString()}`} className="text-sm font-medium tracking-normal text-brand-600 normal-case hover:text-brand-700">
              Search all mentors
            </Link>
          </h2>
          <ul className="grid gap-3 sm:grid-cols-2">
            {mentors.map((mentor) => (
              <li key={mentor.id}>
                <Link to={`/mentors/${mentor.id}`} className={card}>
                  <Avatar name={mentor.display_name} seed={mentor.id} />
                  <span className="min-w-0">
                    <span className="block truncate font-medium text-slate-900">{mentor.display_name}</span>
                    <span className="block truncate text-sm text-slate-500">{mentor.headline || "Verified mentor"}</span>
                    {workSummary(mentor.work) ? <span className="block text-xs font-medium text-slate-600">{workSummary(mentor.work)}</span> : null}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
