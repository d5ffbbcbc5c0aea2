import type { CatalogChange, CatalogNodeKind } from "../../api/admin-marketplace";

export interface Positioned {
  id: string;
  position: number;
}

/**
 * The updates that move one entry a place up (-1) or down (+1) among its siblings. Siblings are
 * renumbered 0, 1, 2, … in their new order (imported catalogs may share positions), and only
 * entries whose position changes are sent.
 */
export function reorderChanges(kind: CatalogNodeKind, siblings: readonly Positioned[], index: number, direction: -1 | 1): CatalogChange[] {
  const target = index + direction;
  if (index < 0 || index >= siblings.length || target < 0 || target >= siblings.length) return [];
  const order = [...siblings];
  const [moved] = order.splice(index, 1);
  if (!moved) return [];
  order.splice(target, 0, moved);
  const changes: CatalogChange[] = [];
  order.forEach((node, position) => {
    if (node.position === position) return;
    changes.push(kind === "chapter" ? { action: "update", kind, id: node.id, body: { position } } : { action: "update", kind, id: node.id, body: { position } });
  });
  return changes;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Why a typed slug won't be accepted, or null. An empty slug is fine: the server derives one. */
export function slugProblem(slug: string): string | null {
  if (!slug) return null;
  if (slug.length > 80) return "Use at most 80 characters.";
  return SLUG.test(slug) ? null : "Use lowercase letters, digits and single hyphens, like “newtons-laws”.";
}

/** What a slug derived from a name will look like (the server's rule), for the placeholder. */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
}
