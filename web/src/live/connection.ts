/**
 * The one live-update socket of the page, shared by every component that listens.
 *
 * Components subscribe to channels; the socket opens with the first subscription and closes with
 * the last. When it drops it reconnects with exponential back-off and jitter, subscribes again,
 * and tells each listener "subscribed" again: live messages are at most once, so a listener
 * re-fetches what it shows whenever it is (re)subscribed, and applies messages in between.
 */
import { FINAL_CLOSE_CODES, parseFrame, type ClientFrame, type LiveMessage } from "./protocol";

export interface LiveListener {
  /** The server confirmed the subscription (first time and after every reconnect): re-fetch now. */
  onSubscribed?: () => void;
  onMessage?: (message: LiveMessage) => void;
}

export interface SocketLike {
  readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface LiveOptions {
  url: () => string;
  createSocket: (url: string) => SocketLike;
  /** 0 <= random() < 1, for the jitter. */
  random: () => number;
  initialDelayMs: number;
  maxDelayMs: number;
}

const OPEN = 1;

export function defaultSocketUrl(): string {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${window.location.host}/ws`;
}

const DEFAULTS: LiveOptions = {
  url: defaultSocketUrl,
  createSocket: (url) => new WebSocket(url),
  random: Math.random,
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
};

export class LiveConnection {
  private readonly options: LiveOptions;
  private readonly channels = new Map<string, Set<LiveListener>>();
  private socket: SocketLike | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  /** Set after a close that reconnecting cannot fix; cleared when listening starts anew. */
  private stopped = false;

  constructor(options: Partial<LiveOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Listen on `channel` until the returned function is called. */
  subscribe(channel: string, listener: LiveListener): () => void {
    let listeners = this.channels.get(channel);
    const first = listeners === undefined;
    if (!listeners) {
      listeners = new Set();
      this.channels.set(channel, listeners);
    }
    listeners.add(listener);
    if (first) this.send({ type: "subscribe", channel });
    if (!this.socket && !this.retryTimer) {
      this.stopped = false;
      this.connect();
    }
    return () => this.unsubscribe(channel, listener);
  }

  /** The delay before reconnect attempt `attempt` (1, 2, ...): doubling, capped, "full jitter" in its upper half. */
  delayFor(attempt: number): number {
    const ceiling = Math.min(this.options.maxDelayMs, this.options.initialDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (this.options.random() * ceiling) / 2);
  }

  private unsubscribe(channel: string, listener: LiveListener) {
    const listeners = this.channels.get(channel);
    if (!listeners?.delete(listener) || listeners.size > 0) return;
    this.channels.delete(channel);
    this.send({ type: "unsubscribe", channel });
    if (this.channels.size === 0) this.shutdown();
  }

  private send(frame: ClientFrame) {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(frame));
  }

  private connect() {
    this.retryTimer = null;
    if (this.channels.size === 0 || this.stopped) return;
    const socket = this.options.createSocket(this.options.url());
    this.socket = socket;
    socket.onopen = () => {
      // The session cookie authenticates the socket; subscribing may follow at once.
      for (const channel of this.channels.keys()) this.send({ type: "subscribe", channel });
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = () => undefined; // a close event follows, and decides
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (FINAL_CLOSE_CODES.has(event.code)) {
        this.stopped = true;
        return;
      }
      this.scheduleReconnect();
    };
  }

  private receive(data: unknown) {
    const frame = parseFrame(data);
    if (!frame) return;
    switch (frame.type) {
      case "ready":
        this.failures = 0;
        return;
      case "ping":
        this.send({ type: "pong" });
        return;
      case "subscribed":
        for (const listener of [...(this.channels.get(frame.channel) ?? [])]) listener.onSubscribed?.();
        return;
      case "message":
        for (const listener of [...(this.channels.get(frame.channel) ?? [])]) listener.onMessage?.(frame.data);
        return;
      default:
        return;
    }
  }

  private scheduleReconnect() {
    if (this.channels.size === 0 || this.retryTimer) return;
    this.failures += 1;
    this.retryTimer = setTimeout(() => this.connect(), this.delayFor(this.failures));
  }

  private shutdown() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.failures = 0;
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000);
  }
}

let shared: LiveConnection | null = null;
let sharedOptions: Partial<LiveOptions> = {};

/** The page's connection. */
export function liveConnection(): LiveConnection {
  shared ??= new LiveConnection(sharedOptions);
  return shared;
}

/** Replace how the page's connection is made (tests: a fake socket); starts a fresh connection. */
export function configureLive(options: Partial<LiveOptions>): LiveConnection {
  sharedOptions = options;
  shared = new LiveConnection(options);
  return shared;
}
