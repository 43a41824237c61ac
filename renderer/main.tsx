// The production entry: the host's `window.api` (absent → every call explains IPC-NO-HOST).
import { readHost } from './api/host';
import { startApp } from './app/bootstrap';

const container = document.getElementById('root');
if (container) startApp(readHost(), container);
