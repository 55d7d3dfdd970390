import { useEffect, useRef } from 'preact/hooks';

export type ShortcutMap = Record<string, () => void>;

function typingIn(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element?.tagName) return false;
  return element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
}

/** Name of a key press as the maps spell it: "n", "1", "?", "Escape", "Mod+Enter". */
export function keyName(event: KeyboardEvent): string {
  if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') return 'Mod+Enter';
  return event.key;
}

/**
 * Single-key shortcuts while no text field has focus; "Mod+Enter" and "Escape" work in fields too.
 * The latest map is used on every press, so handlers see current state.
 */
export function useShortcuts(map: ShortcutMap): void {
  const current = useRef(map);
  current.current = map;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.defaultPrevented) return;
      const name = keyName(event);
      const anywhere = name === 'Mod+Enter' || name === 'Escape';
      if (!anywhere && (event.ctrlKey || event.metaKey || typingIn(event.target))) return;
      const handler = current.current[name];
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
