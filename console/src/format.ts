// Small pure formatters shared by the views.

/** "42 s", "5 min", "3 h", "2 d": how long ago `iso` was. */
export function age(iso: string, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86400)} d`;
}

/** "4:07" for 247 seconds; "0:00" once passed. */
export function countdown(milliseconds: number): string {
  const seconds = Math.max(0, Math.ceil(milliseconds / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export const percent = (value: number): string => `${Math.round(value * 100)}%`;

export const label = (value: string): string => value.replace(/_/g, ' ');

/** Only absolute http(s) links become links: a `javascript:` or `data:` URL from a newsroom stays text. */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export function hostOf(url: string | null | undefined): string | null {
  const href = safeHref(url);
  return href ? new URL(href).host : null;
}

/** Heuristic for the submit form: pasted markup goes in as html, anything else as text. */
export const looksLikeHtml = (text: string): boolean =>
  /<\/?(p|div|br|h[1-6]|article|section|span|a|ul|ol|li|html|body)\b[^>]*>/i.test(text);
