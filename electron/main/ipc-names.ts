// The two Electron IPC channels of the transport: every request goes through one, every event
// through the other. The contract's channel table lives inside them, not beside them.
export const INVOKE_CHANNEL = 'cjs:invoke';
export const EVENT_CHANNEL = 'cjs:event';
