import { ApiError } from "../../api/errors";
import { Alert } from "../../components/ui/Alert";
import { ButtonLink } from "../../components/ui/Button";
import { AlertTriangleIcon } from "../../components/ui/icons";
import { courseErrorMessage, type CourseAction } from "./errors";

const ACTION_TITLES: Record<CourseAction, string> = {
  publish: "The course wasn't published",
  unpublish: "The course wasn't unpublished",
  items: "The change to the items wasn't saved",
  details: "The details weren't saved",
  delete: "The course wasn't deleted",
  create: "The course wasn't created",
};

export function ActionError({ action, error }: { action: CourseAction; error: unknown }) {
  const code = error instanceof ApiError ? error.code : null;
  return (
    <Alert
      tone="danger"
      role="alert"
      title={ACTION_TITLES[action]}
      action={
        code === "mentor_not_verified" ? (
          <ButtonLink to="/mentor/onboarding" size="sm" variant="secondary">
            Your application
          </ButtonLink>
        ) : code === "course_has_no_live_items" && action === "publish" ? (
          <ButtonLink to="/mentor/content?status=draft" size="sm" variant="secondary">
            Submit drafts
          </ButtonLink>
        ) : undefined
      }
    >
      {courseErrorMessage(error, action)}
    </Alert>
  );
}

/**
 * A change refused because the course changed elsewhere. The newest version is loaded at once
 * (`reloaded` is its number once it is here); the author's unsaved details stay in the form.
 */
export function StaleNotice({ action, reloaded, dirty }: { action: CourseAction; reloaded: number | null; dirty: boolean }) {
  return (
    <div role="alert" className="rounded-xl bg-amber-50 p-4 text-sm text-amber-950 ring-1 ring-amber-300 ring-inset">
      <div className="flex gap-3">
        <AlertTriangleIcon size={18} className="mt-0.5 shrink-0 text-amber-600" />
        <div className="min-w-0 flex-1 space-y-1">
          <p className="font-semibold">{ACTION_TITLES[action]}: this course changed meanwhile</p>
          <p className="leading-6">
            It was changed in another tab or window after you opened it, so nothing was overwritten.{" "}
            {reloaded !== null
              ? `We've loaded the newest version: check it, then make your change again.${dirty ? " Your unsaved details are still in the form." : ""}`
              : "Loading the newest version…"}
          </p>
        </div>
      </div>
    </div>
  );
}
