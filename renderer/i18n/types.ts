// The shape of a message catalogue. Ukrainian (uk.ts) is the source of the key set; every other
// language is typed as `Catalogue`, so a missing or extra key is a compile error there.
import type { uk } from './uk.ts';

/** CLDR plural forms. uk and ru use one/few/many (+ other for fractions); en one/other. */
export interface PluralForms {
  one: string;
  few?: string;
  many?: string;
  other: string;
}

export type MessageKey = keyof typeof uk;
export type Catalogue = { [K in MessageKey]: (typeof uk)[K] extends string ? string : PluralForms };
export type TextKey = { [K in MessageKey]: Catalogue[K] extends string ? K : never }[MessageKey];
export type PluralKey = { [K in MessageKey]: Catalogue[K] extends PluralForms ? K : never }[MessageKey];
export type Vars = Record<string, string | number>;
