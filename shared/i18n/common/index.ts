// The words every app shares (agent UI, dashboard, CLI), in every language, with their key types.
import type { Locale } from '../../locale.ts';
import type { CatalogueOf, PluralKeyOf, TextKeyOf } from '../types.ts';
import { en } from './en.ts';
import { ru } from './ru.ts';
import { uk } from './uk.ts';

export type CommonSource = typeof uk;
export type CommonCatalogue = CatalogueOf<typeof uk>;
export type CommonTextKey = TextKeyOf<typeof uk>;
export type CommonPluralKey = PluralKeyOf<typeof uk>;

export const COMMON: Record<Locale, CommonCatalogue> = { uk, ru, en };
export const COMMON_SOURCE = uk;
