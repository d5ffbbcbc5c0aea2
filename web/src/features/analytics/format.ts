/** How study time and rates read on the analytics pages, and where they lead. */

export function formatDuration(seconds: number): string {
  if (seconds < 60) return seconds === 0 ? "0 min" : "< 1 min";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

export function formatPercent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? "—" : `${Math.round(rate * 100)} %`;
}

/** Every day of [first, last] with its seconds (days without study read 0), labelled "3 Nov". */
export function everyDay(first: string, last: string, days: Array<{ day: string; seconds: number }>): Array<{ label: string; value: number }> {
  const byDay = new Map(days.map((d) => [d.day, d.seconds]));
  const out: Array<{ label: string; value: number }> = [];
  const cursor = new Date(`${first}T00:00:00Z`);
  const end = new Date(`${last}T00:00:00Z`);
  while (cursor <= end) {
    const key = cursor.toISOString().slice(0, 10);
    const label = cursor.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
    out.push({ label, value: Math.round((byDay.get(key) ?? 0) / 60) });
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return out;
}

/** Booking a session on a topic: the mentor's page, at their calendar, with the topic named. */
export function bookOnTopicPath(mentorId: string, topicSlug: string | undefined): string {
  const topic = topicSlug ? `?topic=${encodeURIComponent(topicSlug)}` : "";
  return `/mentors/${mentorId}${topic}#availability`;
}
