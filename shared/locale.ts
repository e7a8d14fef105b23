// The languages Zvit speaks. Kept free of zod (unlike kpi.ts, which re-exports them), so a
// browser screen can know the list without loading every schema on its first paint.
export const LOCALES = ['uk', 'ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
