/** How notifications read on screen: badge text, the bell's accessible name, safe in-app links. */

/** The badge caps at "9+": the exact figure is in the panel and the accessible name. */
export function unreadBadgeText(unread: number): string {
  return unread > 9 ? "9+" : String(unread);
}

export function bellLabel(unread: number): string {
  return unread > 0 ? `Notifications, ${unread} unread` : "Notifications";
}

/** The notification's link when it is a path inside the app; anything else is shown as plain text. */
export function appPath(link: string | null | undefined): string | null {
  if (!link || !link.startsWith("/") || link.startsWith("//") || link.startsWith("/\\")) return null;
  return link;
}
