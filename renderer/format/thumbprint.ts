// The thumbprint as the Windows certificate dialog shows 拇印: lower-case hex pairs separated by
// spaces, so the user can compare it with what Windows shows.
export function formatThumbprint(hex: string): string {
  return (hex.toLowerCase().match(/[0-9a-f]{2}/gu) ?? []).join(' ');
}
