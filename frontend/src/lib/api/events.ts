// A minimal typed event emitter: the connection announces what happens and the store that
// owns it subscribes, so neither reaches into the other's fields.

type Listener<A extends unknown[]> = (...args: A) => void;

export class Emitter<Events extends { [K in keyof Events]: unknown[] }> {
  private listeners: { [K in keyof Events]?: Listener<Events[K]>[] } = {};

  /** Subscribes; the returned function unsubscribes. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    const list = (this.listeners[event] ??= []);
    list.push(listener);
    return () => {
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    };
  }

  protected emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    // A copy, so listeners may unsubscribe while being called.
    for (const listener of [...(this.listeners[event] ?? [])]) listener(...args);
  }
}
