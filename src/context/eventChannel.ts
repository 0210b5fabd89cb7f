import { EventEmitter, on } from "node:events";
import type { RequestContext } from "./requestContext";
import { noteSubjectsIn } from "./subjectCapture";

/**
 * A domain's events in this process (a new match alert, an incoming 协查 request), for GraphQL
 * subscriptions and webhooks (src/server): Node's EventEmitter, and events.on() as the async
 * iterator each subscription reads until it stops. One process only: a deployment of several
 * gateway processes notifies the subscribers of the process that made or received the change.
 */
export class EventChannel<Kind extends string, Item> {
  private readonly emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    // One listener per open subscription; the default warning at 10 would fire on a busy console.
    this.emitter.setMaxListeners(0);
  }

  emit(kind: Kind, item: Item): void {
    this.emitter.emit(kind, item);
  }

  listen(kind: Kind, listener: (item: Item) => void): () => void {
    this.emitter.on(kind, listener);
    return () => this.emitter.off(kind, listener);
  }

  /**
   * The events of one kind, as a subscription reads them. `accept` (the subscriber's row rule)
   * decides first whether an event is theirs at all: one that is not is dropped before anything
   * of it is noted or sent.
   */
  async *stream(kind: Kind, accept?: (item: Item) => Promise<boolean>): AsyncGenerator<Item> {
    const stop = new AbortController();
    try {
      for await (const [item] of on(this.emitter, kind, { signal: stop.signal })) {
        if (accept && !(await accept(item as Item))) continue;
        // The rows an event carries reach this subscriber: the persons in them are touched by its
        // stream (noted here, on the subscriber's side, never in the emitter's request).
        noteSubjectsIn(item);
        yield item as Item;
      }
    } finally {
      stop.abort();
    }
  }

  /** Puts the channel in a subscription's context under the domain's key (DomainModule.subscriptionContext). */
  attachTo(context: RequestContext, key: symbol): void {
    context.perRequest.set(key, this);
  }

  /**
   * The stream a subscription's `subscribe` reads: type-graphql calls it without the resolver
   * instance, so the node's channel travels in the context (two nodes can share a process).
   */
  static streamIn<K extends string, T>(context: unknown, key: symbol, kind: K): AsyncIterable<T> {
    const channel = (context as RequestContext).perRequest?.get(key) as EventChannel<K, T> | undefined;
    return channel ? channel.stream(kind) : (async function* () {})();
  }
}

/**
 * For type-graphql's buildSchema: every subscription of this gateway has its own `subscribe`
 * (a domain's EventChannel), but type-graphql insists on a PubSub for topic-based ones as soon as
 * a schema has a subscription; this one refuses to be used. Pass it wherever a schema is built.
 */
export const NO_TOPICS_PUBSUB = {
  publish(): never {
    throw new Error("subscriptions here read their domain's EventChannel; no topics are published");
  },
  subscribe(): never {
    throw new Error("subscriptions here read their domain's EventChannel; no topics to subscribe to");
  },
};
