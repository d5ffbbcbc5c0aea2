/** The video player's decisions, apart from the DOM: keys, where to start, when to save the position. */
import type { ThumbnailSprite } from "./contract";

export type PlayerCommand =
  | { type: "toggle" }
  | { type: "seekBy"; seconds: number }
  | { type: "fullscreen" }
  | { type: "captions" };

/** The YouTube-style keys people already know; null for every other key (left to the browser). */
export function playerCommand(event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey">): PlayerCommand | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  switch (event.key) {
    case " ":
    case "k":
    case "K":
      return { type: "toggle" };
    case "j":
    case "J":
      return { type: "seekBy", seconds: -10 };
    case "l":
    case "L":
      return { type: "seekBy", seconds: 10 };
    case "ArrowLeft":
      return { type: "seekBy", seconds: -5 };
    case "ArrowRight":
      return { type: "seekBy", seconds: 5 };
    case "f":
    case "F":
      return { type: "fullscreen" };
    case "c":
    case "C":
      return { type: "captions" };
    default:
      return null;
  }
}

export const PLAYBACK_RATES = [0.75, 1, 1.25, 1.5, 1.75, 2] as const;

/**
 * Where playback starts: a `#t=` link wins, then the learner's stored position, unless that is
 * at the very end (a finished video starts over).
 */
export function startPosition(linked: number | null, resumeAt: number | null, duration: number | null): number {
  const end = duration != null && Number.isFinite(duration) ? duration : Infinity;
  if (linked != null && linked >= 0) return Math.min(linked, end);
  if (resumeAt != null && resumeAt > 0 && resumeAt < end - 5 && resumeAt < end * 0.95) return resumeAt;
  return 0;
}

/**
 * Decides when the position is worth sending: at most every `intervalMs` while playing, and
 * whenever playback stops (pause, leaving the page), but never the same second twice. Each call
 * answers the seconds to send now, or null.
 */
export class PositionReporter {
  private lastSentAt = -Infinity;
  private lastSent: number | null = null;

  constructor(private readonly intervalMs = 10_000) {}

  /** While playing (on `timeupdate`). */
  tick(seconds: number, now: number): number | null {
    if (now - this.lastSentAt < this.intervalMs) return null;
    return this.flush(seconds, now);
  }

  /** Playback stopped: send now unless nothing changed. */
  flush(seconds: number, now: number): number | null {
    const rounded = Math.round(seconds * 10) / 10;
    if (!Number.isFinite(rounded) || rounded < 0) return null;
    if (this.lastSent !== null && Math.abs(rounded - this.lastSent) < 1) return null;
    this.lastSent = rounded;
    this.lastSentAt = now;
    return rounded;
  }

  /** The position the player started from counts as already stored. */
  known(seconds: number): void {
    this.lastSent = Math.round(seconds * 10) / 10;
  }
}

/** CSS for the preview tile of the moment `seconds` in the sprite, scaled to `width` pixels. */
export function spriteTile(sprite: ThumbnailSprite, seconds: number, width = 96): { backgroundImage: string; backgroundPosition: string; backgroundSize: string; width: number; height: number } {
  const count = sprite.columns * sprite.rows;
  const index = Math.min(count - 1, Math.max(0, Math.floor(seconds / Math.max(sprite.interval_seconds, 0.001))));
  const column = index % sprite.columns;
  const row = Math.floor(index / sprite.columns);
  const scale = width / sprite.tile_width;
  return {
    backgroundImage: `url("${sprite.url.replace(/"/g, "%22")}")`,
    backgroundPosition: `-${column * sprite.tile_width * scale}px -${row * sprite.tile_height * scale}px`,
    backgroundSize: `${sprite.columns * sprite.tile_width * scale}px ${sprite.rows * sprite.tile_height * scale}px`,
    width,
    height: Math.round(sprite.tile_height * scale),
  };
}
