// The English texts of the screens: imported only by loadScreenTexts (resources.ts), so the
// build puts them in a file of their own, loaded when the user first chooses English.
import app from '../../resources/locales/en/app.json' with { type: 'json' };
import diagnostics from '../../resources/locales/en/diagnostics.json' with { type: 'json' };
import errors from '../../resources/locales/en/errors.json' with { type: 'json' };
import situation from '../../resources/locales/en/situation.json' with { type: 'json' };
import type { ScreenTexts } from './resources';

export const ENGLISH: ScreenTexts = { errors, situation, diagnostics, app };
