// The Content Security Policy of the app's screens, sent as a response header on app:// (the
// renderer's index.html carries the same policy as a meta tag). Fluent UI's styling engine
// (Griffel) inserts <style> rules at run time, hence 'unsafe-inline' for styles only; scripts
// come from the app's own files alone, and the screens reach the core through window.api only,
// so nothing may be fetched from anywhere (connect-src 'none').
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
].join('; ');
