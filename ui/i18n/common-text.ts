// The translator over the common words alone, for ui/'s own modules (formats, charts' helpers).
import { COMMON, type CommonSource } from './common/index.ts';
import { translator } from './translate.ts';

export const commonText = translator<CommonSource>(COMMON);
