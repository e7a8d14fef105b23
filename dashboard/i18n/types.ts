// The dashboard's catalogue: the common words (shared/i18n/common) plus its own (uk.ts is the
// source of its own key set; ru.ts and en.ts are typed as `Catalogue`, so a missing or extra key
// is a compile error there).
import type { uk as commonUk } from '../../shared/i18n/common/uk.ts';
import type { CatalogueOf, PluralKeyOf, TextKeyOf } from '../../shared/i18n/types.ts';
import type { uk } from './uk.ts';

export type Catalogue = CatalogueOf<typeof uk>;
export type Source = typeof commonUk & typeof uk;
export type TextKey = TextKeyOf<Source>;
export type PluralKey = PluralKeyOf<Source>;
