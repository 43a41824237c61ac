// Fluent's focus manager (tabster) exists while some component uses it; on most screens only
// the removal dialog does. When the route changes while that dialog is closing, the dialog
// unmounts mid-animation, tabster is disposed with it, and its dispose forgets the aria-hidden it
// put on the rest of the window: #root stayed hidden from screen readers for good. Held by the
// shell for the window's life, tabster sees the dialog's element go and un-hides the window.
import { useFocusFinders } from '@fluentui/react-components';

export function useFocusManagerForWindow(): void {
  useFocusFinders();
}
