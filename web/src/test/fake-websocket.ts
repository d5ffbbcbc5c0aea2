import type { SocketLike } from "../live/connection";

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

/** A WebSocket the test plays the server of: `open()`, `receive(frame)`, `drop(code)`. */
export class FakeWebSocket implements SocketLike {
  static instances: FakeWebSocket[] = [];

  readyState = CONNECTING;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readonly sent: string[] = [];
  closedWith: number | null = null;

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  static latest(): FakeWebSocket {
    const socket = FakeWebSocket.instances.at(-1);
    if (!socket) throw new Error("no socket was opened");
    return socket;
  }

  static reset() {
    FakeWebSocket.instances = [];
  }

  send(data: string) {
    if (this.readyState !== OPEN) throw new Error("send on a socket that is not open");
    this.sent.push(data);
  }

  close(code = 1000) {
    this.closedWith = code;
    this.drop(code);
  }

  /** The frames the client sent, parsed. */
  frames(): unknown[] {
    return this.sent.map((text) => JSON.parse(text) as unknown);
  }

  open() {
    this.readyState = OPEN;
    this.onopen?.(new Event("open"));
  }

  receive(frame: unknown) {
    this.onmessage?.(new MessageEvent("message", { data: JSON.stringify(frame) }));
  }

  drop(code = 1006) {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.onclose?.({ code } as CloseEvent);
  }
}
