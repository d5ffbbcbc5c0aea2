import { describe, expect, it } from "vitest";
import { playerCommand, PositionReporter, spriteTile, startPosition } from "./player-logic";

const key = (value: string, modifiers: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key: value, ctrlKey: false, metaKey: false, altKey: false, ...modifiers });

describe("player keys", () => {
  it("maps the familiar keys and leaves the rest to the browser", () => {
    expect(playerCommand(key(" "))).toEqual({ type: "toggle" });
    expect(playerCommand(key("k"))).toEqual({ type: "toggle" });
    expect(playerCommand(key("j"))).toEqual({ type: "seekBy", seconds: -10 });
    expect(playerCommand(key("l"))).toEqual({ type: "seekBy", seconds: 10 });
    expect(playerCommand(key("ArrowLeft"))).toEqual({ type: "seekBy", seconds: -5 });
    expect(playerCommand(key("ArrowRight"))).toEqual({ type: "seekBy", seconds: 5 });
    expect(playerCommand(key("f"))).toEqual({ type: "fullscreen" });
    expect(playerCommand(key("c"))).toEqual({ type: "captions" });
    expect(playerCommand(key("Tab"))).toBeNull();
    expect(playerCommand(key("l", { ctrlKey: true }))).toBeNull();
  });
});

describe("where playback starts", () => {
  it("prefers a #t= link, then the stored position, but starts a finished video over", () => {
    expect(startPosition(42, 100, 300)).toBe(42);
    expect(startPosition(900, 100, 300)).toBe(300);
    expect(startPosition(null, 100, 300)).toBe(100);
    expect(startPosition(null, 298, 300)).toBe(0);
    expect(startPosition(null, null, 300)).toBe(0);
    expect(startPosition(null, 100, null)).toBe(100);
  });
});

describe("saving the position", () => {
  it("sends at most every interval while playing, and on stop unless unchanged", () => {
    const reporter = new PositionReporter(10_000);
    reporter.known(30);
    expect(reporter.tick(30.4, 0)).toBeNull();
    expect(reporter.tick(31, 1000)).toBe(31);
    expect(reporter.tick(35, 5000)).toBeNull();
    expect(reporter.tick(41.26, 11_000)).toBe(41.3);
    expect(reporter.flush(41.5, 11_500)).toBeNull();
    expect(reporter.flush(50, 12_000)).toBe(50);
  });
});

describe("preview tiles", () => {
  it("picks the tile of a moment from the sprite grid", () => {
    const sprite = { url: "/sprite.jpg", columns: 5, rows: 4, interval_seconds: 10, tile_width: 160, tile_height: 90 };
    expect(spriteTile(sprite, 0, 160)).toMatchObject({ backgroundPosition: "-0px -0px", width: 160, height: 90 });
    expect(spriteTile(sprite, 75, 160)).toMatchObject({ backgroundPosition: "-320px -90px", backgroundSize: "800px 360px" });
    expect(spriteTile(sprite, 10_000, 80)).toMatchObject({ backgroundPosition: "-320px -135px", height: 45 });
  });
});
