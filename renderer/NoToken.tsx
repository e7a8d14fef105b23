// What the address without its key shows: how to get back in, in the language last used in this
// browser (or the browser's own), since the agent cannot be asked without the key.
import { Mark } from '../ui/brand/Mark.tsx';
import { isLocale, type Locale } from '../shared/i18n/locales.ts';
import { PRODUCT_NAME } from './attention/tab.ts';
import { i18nFor } from './i18n/use-i18n.ts';

export function pageLocale(): Locale {
  const remembered = localStorage.getItem('zvit.language');
  if (isLocale(remembered)) return remembered;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const language = tag.toLowerCase().split('-')[0];
    if (isLocale(language)) return language;
  }
  return 'uk';
}

export function NoToken({ locale }: { locale: Locale }) {
  const i18n = i18nFor(locale);
  document.documentElement.lang = i18n.locale;
  document.title = PRODUCT_NAME;
  /** A message with a command in it: the command set as code, the words around it as they are. */
  const withCommand = (key: 'noToken.open' | 'noToken.start', command: string) => {
    const [before, after] = i18n.t(key, { command: '\u0001' }).split('\u0001');
    return (
      <>
        {before}
        <code>{command}</code>
        {after}
      </>
    );
  };
  return (
    <main className="no-token" data-testid="no-token">
      <p className="brand">
        <Mark size={30} />
        <span>{PRODUCT_NAME}</span>
      </p>
      <h1>{i18n.t('noToken.heading')}</h1>
      <p>{i18n.t('noToken.why')}</p>
      <p>{i18n.t('noToken.how')}</p>
      <ul>
        <li>{withCommand('noToken.open', 'npx zvit open')}</li>
        <li>{withCommand('noToken.start', 'npm start')}</li>
      </ul>
    </main>
  );
}
