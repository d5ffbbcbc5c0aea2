import type { CatalogNodeKind, CatalogOrder } from "../../api/admin-marketplace";

export interface Positioned {
  id: string;
  position: number;
}

/** The siblings' ids after moving one a place up (-1) or down (+1), or null past either end. */
export function movedIds(siblings: readonly Positioned[], index: number, direction: -1 | 1): string[] | null {
  const target = index + direction;
  if (index < 0 || index >= siblings.length || target < 0 || target >= siblings.length) return null;
  const ids = siblings.map((node) => node.id);
  const [moved] = ids.splice(index, 1);
  if (moved === undefined) return null;
  ids.splice(target, 0, moved);
  return ids;
}

/**
 * The request that moves one entry a place up (-1) or down (+1) among its siblings: the complete
 * new order of that level (the server renumbers it 0, 1, 2, … in one transaction), or null when
 * the move goes past either end. `parentId` is the subject of chapters and the chapter of topics.
 */
export function reorderRequest(kind: CatalogNodeKind, parentId: string, siblings: readonly Positioned[], index: number, direction: -1 | 1): CatalogOrder | null {
  const ids = movedIds(siblings, index, direction);
  if (!ids) return null;
  switch (kind) {
    case "subject":
      return { kind, ids };
    case "chapter":
      return { kind, subjectId: parentId, ids };
    case "topic":
      return { kind, chapterId: parentId, ids };
  }
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
