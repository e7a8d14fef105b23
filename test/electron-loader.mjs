// Node module hook: `electron` resolves to the stand-in (electron-stand-in.ts), so the bundle
// Electron would run (dist/desktop/main.js) can be started in plain Node.
// node --import ./test/electron-loader.mjs dist/desktop/main.js
import { register } from 'node:module';

if (!process.env.ZVIT_LOADER_REGISTERED) {
  process.env.ZVIT_LOADER_REGISTERED = '1';
  register(import.meta.url);
}

export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: new URL('./electron-stand-in.ts', import.meta.url).href, shortCircuit: true };
  return next(specifier, context);
}
