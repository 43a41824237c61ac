// The dev entry (`npx vite --config renderer/vite.config.ts`, then /dev/?scenario=lost): the app
// over the fake host. Query flags: scenario=<one of SCENARIOS>, lang=en, fail=<error code>,
// broken=junk|silent|reject.
import { startApp } from '../app/bootstrap';
import { SCENARIOS, createFakeApi, type Scenario } from './fake-api';

const query = new URLSearchParams(window.location.search);
const scenario = (SCENARIOS as readonly string[]).includes(query.get('scenario') ?? '') ? (query.get('scenario') as Scenario) : 'valid';
const fail = query.get('fail');
const broken = query.get('broken');
const api = createFakeApi({
  scenario,
  language: query.get('lang') === 'en' ? 'en' : 'ja',
  enrollError: fail ? { code: fail, actor: fail === 'CJS-E-LOCKED' ? 'master' : 'user', faq: ['Q10'], params: {} } : undefined,
  broken: broken === 'junk' || broken === 'silent' || broken === 'reject' ? broken : undefined,
});
const container = document.getElementById('root');
if (container) startApp(api, container);
