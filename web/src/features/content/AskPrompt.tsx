import { ButtonLink } from "../../components/ui/Button";
import { MessageIcon } from "../../components/ui/icons";

/** The way from a lesson to the forum: a line of invitation and the "Ask about this" link. */
export function AskPrompt({ to, children = "Something unclear? Ask other learners and the mentors." }: { to: string; children?: string }) {
  return (
    <div className="mt-8 flex flex-col gap-3 rounded-xl bg-slate-50 px-4 py-3 ring-1 ring-slate-200/80 ring-inset sm:flex-row sm:items-center sm:justify-between">
      <p className="text-sm text-slate-600">{children}</p>
      <ButtonLink to={to} variant="secondary" size="sm" icon={<MessageIcon size={15} />} className="shrink-0 self-start sm:self-auto">
        Ask about this
      </ButtonLink>
    </div>
  );
}
