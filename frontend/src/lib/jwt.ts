// Reading a token's claims in the browser, for display only: the server checks every token
// itself and grants admin powers only through SetSudo (protocol.md 3.3.25, 6.3).

/** The JSON payload of a JWT, or null when the token is not one. */
export function jwtPayload(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const binary = atob(padded);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const payload = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    return payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Whether the access token claims the admin role: a `roles` claim holding `{key: "admin"}`
 * (the identity provider's and the built-in issuer's form) or the string "admin"; for a
 * server test token `test::<subject>::<name>::true`.
 */
export function tokenClaimsAdmin(token: string, role = 'admin'): boolean {
  if (token.startsWith('test::')) {
    const parts = token.split('::');
    return parts.length === 4 && parts[3] === 'true';
  }
  const roles = jwtPayload(token)?.roles;
  if (!Array.isArray(roles)) return false;
  return roles.some((r) => r === role || (r !== null && typeof r === 'object' && (r as { key?: unknown }).key === role));
}
