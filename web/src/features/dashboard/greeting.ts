export function greeting(hour: number): string {
  if (hour < 5) return "Good evening";
  if (hour < 12) return "Good morning";
  if (hour < 18) return "Good afternoon";
  return "Good evening";
}

/** The hour (0-23) it is now in a time zone. */
export function hourIn(timeZone: string, at: Date = new Date()): number {
  try {
    const text = new Intl.DateTimeFormat("en-GB", { hour: "numeric", hourCycle: "h23", timeZone }).format(at);
    return Number.parseInt(text, 10);
  } catch {
    return at.getHours();
  }
}

export function firstName(displayName: string): string {
  return displayName.trim().split(/\s+/)[0] ?? displayName;
}
