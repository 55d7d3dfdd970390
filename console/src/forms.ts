/** A form's submit handler: the page stays (no browser navigation) and `action` runs, its promise handled by the action itself. */
export function submitWith(action: () => Promise<unknown>): (event: Event) => void {
  return (event) => {
    event.preventDefault();
    void action();
  };
}
