const SHORTCUTS: [string, string][] = [
  ['N', 'claim the next task'],
  ['1 … 7', 'choose a rating (true … unverifiable)'],
  ['S', 'write the verdict summary'],
  ['Ctrl/⌘ + Enter', 'submit the verdict'],
  ['E', 'add evidence (focus its URL)'],
  ['D', 'dismiss (focus the reason)'],
  ['R', 'release the task'],
  ['Esc', 'leave a text field'],
];

/** The reviewer's keyboard shortcuts, always on the page. */
export function Shortcuts() {
  return (
    <section class="shortcuts" data-testid="shortcuts" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <dl>
        {SHORTCUTS.map(([keys, action]) => (
          <div key={keys}>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{action}</dd>
          </div>
        ))}
      </dl>
      <p class="muted">Single keys work when no text field has focus.</p>
    </section>
  );
}
