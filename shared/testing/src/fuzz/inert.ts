/**
 * A stand-in for a dependency an app is built with but never calls while it is only being read (for
 * its route table): every property is another stand-in and calling it returns one. Never thenable, so
 * it cannot be awaited by mistake. Not for apps that serve requests.
 */
export function inert<T>(): T {
  const proxy: unknown = new Proxy(function stand_in() {}, {
    get: (_target, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => 'inert' : proxy),
    apply: () => proxy,
  });
  return proxy as T;
}
