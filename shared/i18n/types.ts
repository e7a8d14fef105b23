// The shape of a message catalogue, for any app. Each app's Ukrainian catalogue is the source of
// its key set; the other languages are typed against it, so a missing or extra key is a compile
// error there.

/** CLDR plural forms. uk and ru use one/few/many (+ other for fractions); en one/other. */
export interface PluralForms {
  one: string;
  few?: string;
  many?: string;
  other: string;
}

export type Messages = Record<string, string | PluralForms>;

/** The type every other language of a catalogue must have: the source's keys, any words. */
export type CatalogueOf<Source> = { [K in keyof Source]: Source[K] extends string ? string : PluralForms };
/** Keys of plain messages. */
export type TextKeyOf<Source> = { [K in keyof Source]: Source[K] extends string ? K : never }[keyof Source] & string;
/** Keys of messages with plural forms. */
export type PluralKeyOf<Source> = { [K in keyof Source]: Source[K] extends PluralForms ? K : never }[keyof Source] & string;
export type Vars = Record<string, string | number>;
