// A screen that throws while rendering shows this panel instead of a blank window. Its text does
// not depend on the i18n setup (which may be what broke), so it carries both languages.
import { Component, type ErrorInfo, type JSX, type ReactNode } from 'react';

interface Props {
  readonly children: ReactNode;
  /** Shown in the panel; the screens' own texts when i18n works. */
  readonly labels?: CrashLabels | undefined;
}

export interface CrashLabels {
  readonly title: string;
  readonly explanation: string;
  readonly code: string;
  readonly actor: string;
  readonly next: string;
  readonly retry: string;
  readonly home: string;
  readonly help: string;
}

interface State {
  readonly failed: boolean;
}

export const UI_CRASH_CODE = 'UI-RENDER-FAILED';

const FALLBACK: CrashLabels = {
  title: '画面を表示できませんでした / This screen could not be shown',
  explanation: 'アプリ内部でエラーが発生しました。 / An internal error occurred in the app.',
  code: 'エラーコード / Code',
  actor: '対応する方: ご自身 / Who acts: you',
  next: 'もう一度表示するか、状態画面に戻ってください。解決しない場合はアプリを再起動してください。 / Show it again or go back to Status; if it persists, restart the app.',
  retry: '再表示 / Show again',
  home: '状態に戻る / Back to Status',
  help: 'ヘルプ / Help',
};

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // The developer console only; nothing of it is shown (it may quote data).
    console.error('screen failed', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return <CrashPanel labels={this.props.labels ?? FALLBACK} onRetry={() => this.setState({ failed: false })} />;
  }
}

function CrashPanel({ labels, onRetry }: { labels: CrashLabels; onRetry: () => void }): JSX.Element {
  // Plain elements with system colours: this must render even if the theme is what failed.
  return (
    <div
      role="alert"
      data-testid="error-panel"
      style={{ border: '2px solid CanvasText', padding: '16px', maxWidth: '720px', fontFamily: 'inherit' }}
    >
      <h1 style={{ fontSize: '20px', margin: '0 0 8px' }}>{labels.title}</h1>
      <p>{labels.explanation}</p>
      <p>
        <span>{labels.code}: </span>
        <code data-testid="error-code">{UI_CRASH_CODE}</code>
      </p>
      <p>{labels.actor}</p>
      <p>{labels.next}</p>
      <p style={{ display: 'flex', gap: '8px', flexWrap: 'wrap' }}>
        <button type="button" onClick={onRetry} data-testid="error-boundary-retry">
          {labels.retry}
        </button>
        <button
          type="button"
          onClick={() => {
            window.location.hash = '#/status';
            onRetry();
          }}
        >
          {labels.home}
        </button>
        <a href="#/help">{labels.help}</a>
      </p>
    </div>
  );
}
