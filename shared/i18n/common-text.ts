// The translator over the common words alone, for modules that need no app's own words (formats).
import { COMMON, type CommonSource } from './common/index.ts';
import { translator } from './translate.ts';

export const commonText = translator<CommonSource>(COMMON);
