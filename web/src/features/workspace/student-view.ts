import type { ContentBody } from "../../api/content";
import { checkSimulationUrl, SIMULATION_HOSTS } from "../content/simulation";
import type { Draft } from "./drafts";

/**
 * What learners receive for this draft once it is approved: the server's learner view keeps a
 * question's prompt, its choices (without which are correct) and a numeric unit, and nothing
 * else, so the preview cannot show more than a learner gets.
 */
export function learnerBody(draft: Draft, itemTitle: string): ContentBody | { problem: string } {
  switch (draft.kind) {
    case "note":
      return { kind: "note", html: draft.html };
    case "simulation": {
      const check = checkSimulationUrl(draft.url);
      const host = check.ok ? SIMULATION_HOSTS.find((site) => site === new URL(check.url).hostname) : undefined;
      if (!check.ok || !host) return { problem: check.ok ? "Embed from one of the listed sites." : check.message };
      return { kind: "simulation", url: check.url, host, title: draft.title.trim() || itemTitle };
    }
    case "video":
    case "handwritten":
      // The draft holds only the upload's id; the playable links come with the saved version.
      return { problem: "Save the item, then open its version preview to watch or page through it as a learner would." };
    case "question": {
      const { type, prompt, choices, unit } = draft.question;
      const choice = type === "single_choice" || type === "multiple_choice";
      return {
        kind: "question",
        type,
        prompt,
        ...(choice ? { choices: choices.map(({ id, text }) => ({ id, text })) } : {}),
        ...(type === "numeric" && unit.trim() ? { unit: unit.trim() } : {}),
      };
    }
  }
}
