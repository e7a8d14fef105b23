// Reading PHP-style query strings (a[b][0]=c), as Bitrix24 writes form posts and batch commands.

type Params = Record<string, unknown>;

/** PHP-style query strings, as batch commands carry them: a[b][0]=c. Key order is kept. */
export function parsePhpQuery(query: string): Params {
  const out: Params = {};
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = decodeURIComponent((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
    const value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
    const parts = rawKey.replace(/\]/g, '').split('[');
    // A request from the internet must not reach Object.prototype through a key.
    if (parts.some((p) => p === '__proto__' || p === 'constructor' || p === 'prototype')) continue;
    let node: Params = out;
    parts.forEach((part, i) => {
      const key = part === '' ? String(Object.keys(node).length) : part;
      if (i === parts.length - 1) node[key] = value;
      else node = (node[key] ??= {}) as Params;
    });
  }
  return out;
}
