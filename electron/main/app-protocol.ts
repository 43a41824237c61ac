// The app:// handler for `protocol.handle`: only the app's own host, only files of the build.
import { APP_HOST } from './app-origin';
import { refusal, serveAppFile, type AppFileResponse } from './app-files';

export function appProtocolHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const answer: AppFileResponse = url.hostname === APP_HOST ? await serveAppFile(root, request.method, url.pathname) : refusal(404);
    const body = answer.status === 200 && answer.body.length > 0 ? new Uint8Array(answer.body) : null;
    return new Response(body, { status: answer.status, headers: answer.headers });
  };
}
