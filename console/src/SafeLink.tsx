import { type ComponentChildren } from 'preact';
import { safeHref } from './format';

/** A link to an untrusted URL: only http(s) becomes a link; it opens apart, without a referrer. */
export function SafeLink({ url, children }: { url: string | null | undefined; children: ComponentChildren }) {
  const href = safeHref(url);
  if (!href) return <span>{children}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  );
}
